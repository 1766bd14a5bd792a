/**
 * Bit offsets of SETBIT, GETBIT and BITFIELD, and the limit that bounds them.
 *
 * A bit offset addresses a string that may have to grow to reach it, so it is capped by the largest
 * string a client could send: `proto-max-bulk-len` (512 MB by default), i.e. offsets below 2^32.
 * BITFIELD also accepts `#N`, meaning "the N-th field of this width" (N * width bits).
 *
 * Invariant: an offset returned here is a non-negative safe integer below maxBulkLen * 8.
 */
import { parseLongLong } from '@resplica/commands';

/** Redis's default `proto-max-bulk-len`: the longest string, hence the farthest bit, 512 MB. */
export const DEFAULT_PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;

/** Returned by parseBitOffset for malformed or out-of-range offsets. */
export const BAD_OFFSET = -1;

const CH_HASH = 0x23;
const INT64_BITS = 64;

/**
 * Parses a bit offset. With `fieldBits` > 0 a leading `#` multiplies by the field width; the product
 * wraps at 64 bits exactly as Redis's C arithmetic does (so `#2^61` with i8 is offset 0, as in
 * Redis 7.0). Returns BAD_OFFSET when the text is not a strict integer, is negative, or reaches
 * past maxBulkLen bytes.
 */
export function parseBitOffset(buf: Buffer, fieldBits = 0, maxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN): number {
  const hashed = fieldBits > 0 && buf.length > 0 && buf[0] === CH_HASH;
  // subarray: a view past the '#', no copy.
  const parsed = parseLongLong(hashed ? buf.subarray(1) : buf);
  if (parsed === null) return BAD_OFFSET;
  let offset: number;
  if (!hashed) {
    offset = typeof parsed === 'number' ? parsed : Number(parsed);
  } else if (typeof parsed === 'number' && Math.abs(parsed) < 2 ** 46) {
    // |N| < 2^46 and width <= 64: the product is below 2^52, exact and far from wrapping.
    offset = parsed * fieldBits;
  } else {
    offset = Number(BigInt.asIntN(INT64_BITS, BigInt(parsed) * BigInt(fieldBits)));
  }
  if (offset < 0 || Math.floor(offset / 8) >= maxBulkLen) return BAD_OFFSET;
  return offset;
}

/**
 * Parses a range bound (BITCOUNT/BITPOS start and end) as a double; NaN when it is not a strict
 * 64-bit integer. Precision is lost only beyond 2^53, where every bound is far outside any string
 * (at most 2^35 bits), so clamping gives the same answer as Redis's exact 64-bit arithmetic.
 */
export function parseRangeBound(buf: Buffer): number {
  const v = parseLongLong(buf);
  if (v === null) return NaN;
  return typeof v === 'number' ? v : Number(v);
}
