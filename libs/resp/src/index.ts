export { RespProtocolError, RESP_ERR_PROTOCOL } from './errors';
export { DEFAULT_REQUEST_LIMITS } from './limits';
export type { RequestLimits } from './limits';
export { RequestParser } from './request-parser';
export { ReplyWriter, BIG_BULK } from './reply-writer';
export { SHARED_REPLIES } from './shared-replies';
export { formatDouble17g } from './double-format';
export { encodeCommand, encodeValue } from './encode';
export type { RespValue, RespValueType } from './values';
