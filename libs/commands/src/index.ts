export type { Reply, DeferredLength } from './reply';
export type { CommandSpec, CommandFlag } from './types';
export * from './errors';
export { stringMatch } from './glob';
export { parseLongLong, parseInt64, parseSafeInteger, parseDouble, ArgCursor, argIs } from './args';
