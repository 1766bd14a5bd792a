/**
 * Every reply the router writes itself (not forwarded from a backend), pre-encoded where the text
 * is fixed. Texts that Redis also sends keep Redis 7.0's exact wording; the router's own errors
 * say what happened and what the client can do, and name backends by `host:port` only (never a
 * key or a value).
 */
import { ERR_DB_INDEX, ERR_NOAUTH, ERR_NOT_INTEGER, ERR_SYNTAX } from '@resplica/commands';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** `-<message>\r\n` with CR/LF replaced, as Redis sanitises error texts. */
export function errorReply(message: string): Buffer {
  return Buffer.from(`-${message.replace(/[\r\n]/g, ' ')}\r\n`, 'utf8');
}

export const OK = ascii('+OK\r\n');
export const PONG = ascii('+PONG\r\n');
export const RESET = ascii('+RESET\r\n');

export const NOAUTH = errorReply(ERR_NOAUTH);
export const SYNTAX = errorReply(ERR_SYNTAX);
export const NOT_INTEGER = errorReply(ERR_NOT_INTEGER);
export const DB_INDEX = errorReply(ERR_DB_INDEX);
export const WRONGPASS = errorReply('WRONGPASS invalid username-password pair or user is disabled.');
export const AUTH_NOPASS = errorReply(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);
export const HELLO_NOAUTH = errorReply(
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
);
export const PROTO_VERSION = errorReply('ERR Protocol version is not an integer or out of range');
export const NOPROTO = errorReply('NOPROTO unsupported protocol version');
export const CLIENT_NAME = errorReply('ERR Client names cannot contain spaces, newlines or special characters.');
export const EXEC_WITHOUT_MULTI = errorReply('ERR EXEC without MULTI');
export const DISCARD_WITHOUT_MULTI = errorReply('ERR DISCARD without MULTI');
export const MAX_CLIENTS = errorReply('ERR max number of clients reached');

/** No master is known, or it cannot be reached: writes fail fast instead of waiting. */
export const MASTER_UNAVAILABLE = errorReply('TRYAGAIN master unavailable');
/** `read-fallback error` (or RESPLICA ROUTE replica) with no fresh replica. */
export const NO_REPLICA = errorReply('TRYAGAIN no replica available for reads');
export const ROUTE_SYNTAX = errorReply('ERR syntax error: RESPLICA ROUTE master|replica|auto [NEXT]');
export const RESPLICA_HELP = errorReply("ERR unknown RESPLICA subcommand: the router knows 'RESPLICA ROUTE master|replica|auto [NEXT]'");
export const PINNED_HELLO = errorReply(
  'ERR the router cannot change the protocol of a connection inside MULTI, after WATCH, in subscribe or monitor mode',
);
export const PINNED_SUBSCRIBE = errorReply('ERR the router cannot enter subscribe or monitor mode after WATCH or inside MULTI: UNWATCH or EXEC first');
export const SHARDED_PUBSUB = errorReply('ERR sharded pub/sub (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH) is not supported through the router');

/** A command the router refuses: it acts on one node's process or connection, not on the data. */
export function refusedReply(name: string): Buffer {
  return errorReply(`ERR '${name.toUpperCase()}' is not supported through the router: connect to the node directly`);
}

/** The request never reached the backend (connect or handshake failed): safe to retry. */
export function unavailableReply(backendId: string, reason: string): Buffer {
  return errorReply(`TRYAGAIN backend ${backendId} unavailable (${reason})`);
}

/** The request was sent but the connection broke before its reply: it may or may not have run. */
export function connectionLostReply(backendId: string, reason: string): Buffer {
  return errorReply(`ERR connection to backend ${backendId} lost (${reason}); the command may or may not have run`);
}

/** `-ERR Protocol error: …`, after which the client's connection is closed, as Redis does. */
export function protocolErrorReply(message: string): Buffer {
  return errorReply(`ERR ${message}`);
}
