export type { CommandContext, Handler, PropagatedArg } from './context';
export { Keyspace, Database, keyOf, keyBytes } from './keyspace';
export type { KeyspaceHooks, KeyspaceOptions, KeyspaceStats, Watcher, StringValue, Value } from './keyspace';
export { ownBytes, isString, typeName } from './values';
export { getStringOrReply, getStringForWriteOrReply } from './access';
export { keyspaceHandlers } from './commands/registry';
export { markRaw, encodingOf } from './values';
export { parseLongDouble, addLongDouble, formatLongDouble, longDoubleFromBigInt } from './long-double';
export type { LongDouble } from './long-double';
