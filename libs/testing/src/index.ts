export { freePort } from './ports';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { encodeCommand, findReplyEnd, RespFrameError } from './resp-frame';
export type { Arg } from './resp-frame';
export { RawClient, DEFAULT_READ_TIMEOUT_MS } from './raw-client';
export { startRedisServer, startMaster, masterBinary, workspaceRoot } from './processes';
export type { RunningServer } from './processes';
