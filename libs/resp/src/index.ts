export { RespProtocolError, RESP_ERR_PROTOCOL } from './errors';
export { DEFAULT_REQUEST_LIMITS } from './limits';
export type { RequestLimits } from './limits';
export { RequestParser } from './request-parser';
