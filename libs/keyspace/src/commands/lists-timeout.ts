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
const INT64_LIMIT = 2 ** 63;

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
  const ms = typeof parsed === 'number' ? Math.ceil(parsed * 1000) : ceilMs(parsed.neg, parsed.m, parsed.e);
  if (!(ms < INT64_LIMIT) || ms < 0) {
    ctx.reply.error(ERR_TIMEOUT_NEGATIVE);
    return -1;
  }
  return ms === 0 ? 0 : ms;
}

/**
 * ceil(±m × 2^e × 1000) computed exactly: a double would round 9223372036854775 s up to a value
 * whose milliseconds pass 2^63, which 7.0 (in long double) accepts.
 */
function ceilMs(neg: boolean, m: bigint, e: number): number {
  if (e > 64) return neg ? -Infinity : Infinity;
  const scaled = m * 1000n;
  let whole: bigint;
  if (e >= 0) {
    whole = scaled << BigInt(e);
  } else {
    const den = 1n << BigInt(-e);
    whole = scaled / den;
    // Rounding toward +inf: a positive remainder rounds a positive value up, never a negative one.
    if (!neg && whole * den !== scaled) whole += 1n;
  }
  if (whole === 0n) return 0;
  return neg ? -Number(whole) : whole >= 2n ** 63n ? INT64_LIMIT : Number(whole);
}
