/**
 * Strict 64-bit integer parsing for the bit commands, with Redis's rules for what is a number: an
 * optional `-`, then digits with no leading zero (only `0` itself may start with 0), nothing else —
 * no `+`, no spaces, no `-0` — and a value within [-2^63, 2^63-1].
 *
 * Invariant: every parser here returns a sentinel instead of throwing; callers choose the error text
 * (the bit commands use several different ones for the same malformed input).
 */

const CH_0 = 0x30;
const CH_9 = 0x39;
const CH_MINUS = 0x2d;

/** Numbers of at most this many digits are exact in a double, so they skip BigInt entirely. */
const SAFE_DIGITS = 15;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * Parses `buf[from..]` as a signed 64-bit integer. Returns a number when the value has at most 15
 * digits (|v| < 10^15, exact as a double: the common case, no allocation), a bigint when it is
 * longer but still in range, and null when the text is not a strict integer or overflows 64 bits.
 */
export function parseInt64(buf: Buffer, from = 0): number | bigint | null {
  const len = buf.length;
  let i = from;
  const negative = i < len && buf[i] === CH_MINUS;
  if (negative) i++;
  const digits = len - i;
  if (digits === 0 || digits > 19) return null;
  const first = buf[i];
  if (first < CH_0 || first > CH_9) return null;
  // A leading zero is only valid as the whole number "0" (so "-0" and "007" are rejected).
  if (first === CH_0 && (digits > 1 || negative)) return null;
  if (digits <= SAFE_DIGITS) {
    let v = 0;
    for (; i < len; i++) {
      const c = buf[i];
      if (c < CH_0 || c > CH_9) return null;
      v = v * 10 + (c - CH_0);
    }
    return negative ? -v : v;
  }
  for (let j = i; j < len; j++) {
    const c = buf[j];
    if (c < CH_0 || c > CH_9) return null;
  }
  const big = BigInt(buf.toString('latin1', from, len));
  return big < INT64_MIN || big > INT64_MAX ? null : big;
}

/**
 * Parses a range bound (BITCOUNT/BITPOS start and end) as a double. Precision is lost only beyond
 * 2^53, where every such bound is far outside any string (at most 2^35 bits), so range clamping
 * gives the same answer as Redis's exact 64-bit arithmetic. NaN means "not an integer".
 */
export function parseRangeBound(buf: Buffer): number {
  const v = parseInt64(buf);
  if (v === null) return NaN;
  return typeof v === 'number' ? v : Number(v);
}
