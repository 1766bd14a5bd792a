/**
 * Pre-encoded constant replies, built once at module load (Redis's `createSharedObjects`).
 *
 * Writers copy these bytes instead of formatting them again. They are valid for both protocols unless
 * the name says otherwise (`NULL_BULK_RESP2`, `NULL_RESP3`, ...).
 * Invariant: never mutate these buffers; they are shared by every connection.
 */

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

export const SHARED_REPLIES = Object.freeze({
  ok: ascii('+OK\r\n'),
  pong: ascii('+PONG\r\n'),
  queued: ascii('+QUEUED\r\n'),
  zero: ascii(':0\r\n'),
  one: ascii(':1\r\n'),
  minusOne: ascii(':-1\r\n'),
  emptyBulk: ascii('$0\r\n\r\n'),
  emptyArray: ascii('*0\r\n'),
  nullBulkResp2: ascii('$-1\r\n'),
  nullArrayResp2: ascii('*-1\r\n'),
  nullResp3: ascii('_\r\n'),
  trueResp3: ascii('#t\r\n'),
  falseResp3: ascii('#f\r\n'),
  crlf: ascii('\r\n'),
});

/** Integers below this are pre-encoded (Redis's OBJ_SHARED_INTEGERS is 10000). */
export const SHARED_INTEGERS = 10000;

/**
 * `:0\r\n` … `:9999\r\n` back to back in one buffer; integer i is
 * `SHARED_INT_BYTES[SHARED_INT_OFFSETS[i], SHARED_INT_OFFSETS[i + 1])`.
 */
export const SHARED_INT_OFFSETS = new Int32Array(SHARED_INTEGERS + 1);
export const SHARED_INT_BYTES: Buffer = (() => {
  const text: string[] = [];
  let offset = 0;
  for (let i = 0; i < SHARED_INTEGERS; i++) {
    const s = ':' + i + '\r\n';
    SHARED_INT_OFFSETS[i] = offset;
    offset += s.length;
    text.push(s);
  }
  SHARED_INT_OFFSETS[SHARED_INTEGERS] = offset;
  return ascii(text.join(''));
})();

/** Aggregate headers `*0`…`*31` (and RESP3 `%`, `~`, `>`), like Redis's shared mbulk headers. */
export const SHARED_HEADER_COUNT = 32;
function headers(prefix: string): Buffer[] {
  return Array.from({ length: SHARED_HEADER_COUNT }, (_, i) => ascii(prefix + i + '\r\n'));
}
export const ARRAY_HEADERS = headers('*');
export const MAP_HEADERS = headers('%');
export const SET_HEADERS = headers('~');
