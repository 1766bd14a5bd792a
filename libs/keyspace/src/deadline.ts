/**
 * Key deadlines as exact signed 64-bit unix milliseconds, which is what Redis stores and shows
 * (PEXPIREAT k 9223372036854775807 then PEXPIRETIME k answers 9223372036854775807).
 *
 * Invariant: a Deadline is a JS number whenever |v| ≤ 2^53 − 1 and a bigint only beyond that, so
 * the common case stays plain double arithmetic and a value has exactly one representation (two
 * equal deadlines are always `===`). Comparisons with a number (`at < now`) are exact in both
 * forms; arithmetic must go through the helpers here.
 */

export type Deadline = number | bigint;

const INT64_MAX = 2n ** 63n - 1n;
/** The largest |seconds| whose conversion to ms stays in int64 (LLONG_MAX / 1000, truncated). */
const MAX_SECONDS = INT64_MAX / 1000n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** Below this, ms + 500 is still a safe integer, so the double rounding is exact. */
const ROUNDING_SAFE_MAX = Number.MAX_SAFE_INTEGER - 500;

/** The canonical form of an exact value: a number when safe, else the bigint. */
export function deadlineOf(v: bigint): Deadline {
  return v >= -SAFE_MAX && v <= SAFE_MAX ? Number(v) : v;
}

/**
 * `value` × `scale` + `base` with Redis's overflow rules, or null when Redis answers "invalid
 * expire time": seconds beyond ±LLONG_MAX / 1000, or a sum past LLONG_MAX. `base` is now for the
 * relative forms and 0 for the absolute ones.
 */
export function scaleDeadline(value: number | bigint, scale: 1 | 1000, base: number): Deadline | null {
  if (typeof value === 'number') {
    // Fast path: every intermediate is a safe integer, hence exact and far inside int64.
    const scaled = value * scale;
    const sum = scaled + base;
    if (Number.isSafeInteger(scaled) && Number.isSafeInteger(sum)) return sum;
  }
  let ms = BigInt(value);
  if (scale === 1000) {
    if (ms > MAX_SECONDS || ms < -MAX_SECONDS) return null;
    ms *= 1000n;
  }
  const b = BigInt(base);
  if (ms > INT64_MAX - b) return null;
  return deadlineOf(ms + b);
}

/** `at` − `now`, exact. */
export function msUntil(at: Deadline, now: number): Deadline {
  return typeof at === 'number' ? at - now : deadlineOf(at - BigInt(now));
}

/**
 * Milliseconds to the seconds TTL and EXPIRETIME show: (ms + 500) / 1000 rounded down. Redis
 * computes it in unsigned arithmetic, so it does not overflow near LLONG_MAX either.
 */
export function roundToSeconds(ms: Deadline): Deadline {
  if (typeof ms === 'number' && ms <= ROUNDING_SAFE_MAX) return Math.floor((ms + 500) / 1000);
  return deadlineOf((BigInt(ms) + 500n) / 1000n);
}

/** A deadline as a double, for estimates only (INFO's avg_ttl). */
export function approximateMs(at: Deadline): number {
  return typeof at === 'number' ? at : Number(at);
}
