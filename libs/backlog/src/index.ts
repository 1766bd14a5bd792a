/** Public API of @resplica/backlog: the replication backlog ring and one node's replication ids/offsets. */
export { ReplicationBacklog } from './backlog';
export { ReplicationState, randomReplid } from './state';
export type { ReplicationStateOptions } from './state';
export { NULL_REPLID, MIN_BACKLOG_SIZE } from './types';
export type { PartialResyncDecision } from './types';
