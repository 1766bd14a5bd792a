/**
 * Internal exceptions of the RESP layer.
 *
 * Owns `RespProtocolError`, the one exception every decoder in this lib throws on malformed input.
 * Running out of input is never an exception: decoders return null/undefined/-1 for that.
 * Invariant: `message` is exactly the text Redis 7.0 puts after `-ERR ` in its reply, so the server
 * can answer `-ERR <message>` and close the connection without translating anything.
 */

export const RESP_ERR_PROTOCOL = 'RESP_ERR_PROTOCOL';

/** Malformed RESP input. The connection that produced it must be answered and closed. */
export class RespProtocolError extends Error {
  readonly code = RESP_ERR_PROTOCOL;

  constructor(message: string) {
    super(message);
    this.name = 'RespProtocolError';
  }
}

/** The one factory for protocol errors, so every text carries the same `Protocol error: ` prefix. */
export function protocolError(detail: string): RespProtocolError {
  return new RespProtocolError('Protocol error: ' + detail);
}
