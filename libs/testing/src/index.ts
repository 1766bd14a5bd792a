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
