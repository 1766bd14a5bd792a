/**
 * Integer parsing straight from bytes, with the acceptance rules of Redis's `string2ll`.
 *
 * Accepted: an optional `-`, then digits without leading zeros ("0" alone is fine, "-0" and "01" are
 * not), nothing else (no `+`, no spaces), within the signed 64-bit range. Values beyond 2^53 are
 * returned as the nearest double: every caller compares them against limits far below that.
 * Invariant: returns NaN for anything string2ll would refuse, so callers test `v !== v` once.
 */

const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/** Parses `buf[start, end)`; NaN when it is not a valid signed 64-bit integer. */
export function parseIntBytes(buf: Buffer, start: number, end: number): number {
  if (start >= end) return NaN;
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
    if (i === end) return NaN;
  }
  let c = buf[i];
  if (c === 0x30) return i + 1 === end && !neg ? 0 : NaN;
  if (c < 0x31 || c > 0x39) return NaN;
  const digits = end - i;
  if (digits > 19) return NaN;
  let v = 0;
  for (; i < end; i++) {
    c = buf[i];
    if (c < 0x30 || c > 0x39) return NaN;
    v = v * 10 + (c - 0x30);
  }
  // 19 digits may overflow int64; compare the digit string exactly (cold: such headers are bogus).
  if (digits === 19 && buf.toString('latin1', end - 19, end) > (neg ? INT64_MIN_DIGITS : INT64_MAX_DIGITS)) return NaN;
  return neg ? -v : v;
}
