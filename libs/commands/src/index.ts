export type { Reply, DeferredLength } from './reply';
export type { CommandSpec, CommandFlag } from './types';
export * from './errors';
export { stringMatch } from './glob';
