export { Node } from './node';
export type { NodeOptions } from './node';
export { Client } from './client';
export { Stats } from './stats';
export { Propagator, nullSink } from './propagation';
export type { PropagationSink } from './propagation';
export { silentLogger } from './logger';
export type { Logger, LogFn } from './logger';
export type { ClientView, NodeView, NodeStats, ServerHandler, ReplyMode } from './contracts';
