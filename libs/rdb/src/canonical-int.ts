/**
 * "Is this text an integer?" as the RDB writer asks it: Redis stores a string or a listpack entry as
 * an integer only when its bytes are the canonical decimal of one — no sign but a leading `-`, no
 * leading zeros, no `-0`, no spaces — so that reading it back gives the same bytes.
 *
 * Both checks return NaN for "not an integer" so the hot path compares numbers and allocates
 * nothing; only int64 values beyond 2^53 come back as a bigint.
 */
import type { RdbBytes } from './model';

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;

/** Largest count of digits whose value is always a safe integer (10^15 − 1 < 2^53). */
const SAFE_DIGITS = 15;

/**
 * The value of a canonical decimal of at most `maxLength` chars, or NaN. Numbers of more than
 * SAFE_DIGITS digits are summed as a BigInt (and returned as one), so the caller range-checks them.
 */
function parseCanonical(value: RdbBytes, maxLength: number): number | bigint {
  const length = value.length;
  if (length === 0 || length > maxLength) return NaN;
  const text = typeof value === 'string';
  const first = text ? value.charCodeAt(0) : value[0];
  if (length === 1) return first >= DIGIT_0 && first <= DIGIT_9 ? first - DIGIT_0 : NaN;
  const negative = first === MINUS;
  let i = negative ? 1 : 0;
  const lead = text ? value.charCodeAt(i) : value[i];
  if (lead <= DIGIT_0 || lead > DIGIT_9) return NaN; // a leading zero, "-0" or not a digit
  let n = 0;
  for (; i < length; i++) {
    const c = text ? value.charCodeAt(i) : value[i];
    if (c < DIGIT_0 || c > DIGIT_9) return NaN;
    n = n * 10 + (c - DIGIT_0);
  }
  const digits = negative ? length - 1 : length;
  if (digits <= SAFE_DIGITS) return negative ? -n : n;
  let big = 0n;
  for (let k = negative ? 1 : 0; k < length; k++) big = big * 10n + BigInt((text ? value.charCodeAt(k) : value[k]) - DIGIT_0);
  return negative ? -big : big;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/**
 * The int32 a string may be stored as (RDB INT8/16/32 encodings, spec §8.5): Redis tries it for
 * strings of at most 11 chars whose text is a canonical integer in the int32 range. NaN otherwise.
 */
export function canonicalInt32(value: RdbBytes): number {
  const n = parseCanonical(value, 11);
  return typeof n === 'number' && n >= INT32_MIN && n <= INT32_MAX ? n : NaN;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The int64 a listpack entry or intset member is stored as (at most 20 chars, canonical, in the
 * int64 range): a number when it is a safe integer, else a bigint. NaN when not an integer.
 */
export function canonicalInt64(value: RdbBytes): number | bigint {
  const n = parseCanonical(value, 20);
  if (typeof n === 'number') return n;
  if (n < INT64_MIN || n > INT64_MAX) return NaN;
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}
