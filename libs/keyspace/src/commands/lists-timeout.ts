/**
 * The timeout argument of blocking commands (BLPOP … BZMPOP), read as Redis 7.0's
 * getTimeoutFromObjectOrReply does: seconds as a long double (strtold's grammar: decimals,
 * exponents, hex, `inf`), times 1000, rounded up to whole milliseconds, then converted to a 64-bit
 * integer. Values that overflow that conversion (≥ 2^63 ms, `inf`) come out negative on x86, so
 * 7.0 answers "timeout is negative" for them, as we do.
 *
 * Shared with the sorted-set family (BZPOPMIN, BZPOPMAX, BZMPOP): exported from the lib's index.
 */
import type { CommandContext } from '../context';
import { parseLongDouble } from '../long-double';

export const ERR_TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';

/** 2^63: the first millisecond count a signed 64-bit integer cannot hold. */
const INT64_LIMIT = 2n ** 63n;
/** Significand bits of an x87 long double. */
const LONG_DOUBLE_BITS = 64;

/**
 * The timeout in milliseconds (0 = wait forever), or -1 after replying the error. A timeout too
 * large for a timer is still positive: the blocking engine treats it as a very long wait.
 */
export function blockTimeoutOrReply(ctx: CommandContext, arg: Buffer): number {
  const parsed = parseLongDouble(arg);
  if (parsed === null || (typeof parsed === 'number' && Number.isNaN(parsed))) {
    ctx.reply.error(ERR_TIMEOUT_NOT_FLOAT);
    return -1;
  }
  // Only ±inf stays a JS number: its milliseconds overflow the conversion either way.
  const ms = typeof parsed === 'number' ? null : ceilMs(parsed.neg, parsed.m, parsed.e);
  if (ms === null) {
    ctx.reply.error(ERR_TIMEOUT_NEGATIVE);
    return -1;
  }
  return ms;
}

/**
 * ceill(±m × 2^e × 1000.0L) as x87 computes it, then the cast to a signed 64-bit integer: the
 * product is rounded once to a 64-bit significand (ties to even), then rounded up. Null when 7.0
 * would see a negative count: a result below zero, or one of 2^63 or more (the cast overflows).
 * Both inputs a double gets wrong depend on this exactness: `-0.001` s is -0.99999999999999999995
 * ms after the rounding, so its ceiling is -0, a wait forever; 9223372036854775 s is
 * 9223372036854775000 ms, which a double would round up to 2^63.
 */
function ceilMs(neg: boolean, m: bigint, e: number): number | null {
  if (m === 0n) return 0;
  if (e > 64) return null;
  let sig = m * 1000n;
  let exp = e;
  const excess = sig.toString(2).length - LONG_DOUBLE_BITS;
  if (excess > 0) {
    const unit = 1n << BigInt(excess);
    const rest = sig & (unit - 1n);
    sig >>= BigInt(excess);
    exp += excess;
    const half = unit >> 1n;
    if (rest > half || (rest === half && (sig & 1n) === 1n)) sig += 1n;
  }
  let whole: bigint;
  let inexact = false;
  if (exp >= 0) {
    whole = sig << BigInt(exp);
  } else {
    whole = sig >> BigInt(-exp);
    inexact = whole << BigInt(-exp) !== sig;
  }
  // Rounding up moves a positive value away from zero and a negative one toward it.
  if (neg) return whole === 0n ? 0 : null;
  if (inexact) whole += 1n;
  return whole >= INT64_LIMIT ? null : Number(whole);
}
