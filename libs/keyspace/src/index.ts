export type { CommandContext, Handler, PropagatedArg } from './context';
export { Keyspace, Database, keyOf, keyBytes } from './keyspace';
export type { KeyspaceHooks, KeyspaceOptions, KeyspaceStats, Watcher, StringValue, Value } from './keyspace';
export { ownBytes, isString, typeName } from './values';
export { getStringOrReply, getStringForWriteOrReply } from './access';
