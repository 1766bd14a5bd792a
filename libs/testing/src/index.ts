export { freePort } from './ports';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { encodeCommand, findReplyEnd, RespFrameError } from './resp-frame';
export type { Arg } from './resp-frame';
export { RawClient, DEFAULT_READ_TIMEOUT_MS } from './raw-client';
export { startRedisServer, startMaster, masterBinary, workspaceRoot, REFERENCE_CONFIG_ARGS } from './processes';
export type { RunningServer } from './processes';
export { runSession, formatMismatches } from './differential/runner';
export type { DifferentialTargets, Mismatch } from './differential/runner';
export type { Session, Step, StepSpec } from './differential/script';
export {
  exact,
  sameShape,
  integerWithin,
  integerBetween,
  masking,
  mapIgnoring,
  unordered,
  allOf,
  escapeBytes,
  helpShape,
} from './differential/compare';
export type { Comparator } from './differential/compare';
export { oursIs, subsetOf, commandInfoOurSubcommands, commandInfoWithoutNotes } from './differential/command-info';
export { parseReply, shapeOf } from './differential/reply-tree';
export type { ReplyNode } from './differential/reply-tree';
export { startNode, restartNode, startReplica, startRedisReplica, startMasterOf, stopAll, replicaBinary, REPL_NODE_ARGS } from './replication/nodes';
export type { Engine, NodeSpec, ReplNode } from './replication/nodes';
export { infoFields, infoField, infoNumber, waitForLinkUp, waitForOffsetsEqual } from './replication/info';
export { datasetOf, datasetDiff, keyCount, DEFAULT_DBS } from './replication/dataset';
export type { Dataset, DbRecord, KeyRecord, DatasetOptions } from './replication/dataset';
export { convergedDatasets } from './replication/converge';
export type { ConvergedDatasets } from './replication/converge';
export { mixedWrites } from './replication/write-load';
export type { WriteLoadOptions, WriteLoadResult } from './replication/write-load';
export { writeEncodingSamples, SAMPLE_KEYS_PER_DB } from './replication/seed-data';
export { pipelineCalls } from './replication/pipeline';
export { Rng } from './replication/rng';
export { TcpProxy } from './replication/proxy';
export type { ProxyMode } from './replication/proxy';
export { startNatsServer, type NatsServer, type NatsAuth } from './nats';
export { startRouter, routerBinary, routerView, servingReplicas, type RouterBackend, type RouterView } from './router';
