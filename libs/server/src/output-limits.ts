/**
 * Client output buffer limits (`client-output-buffer-limit <class> <hard> <soft> <soft-seconds>`).
 * A client whose pending output reaches the hard limit, or stays at or above the soft limit for
 * longer than the soft seconds, is closed: a subscriber that stopped reading must not make the node
 * hold every message published to it.
 *
 * Invariant: `exceeded` is integer comparisons only; it runs after every command and every flush.
 */

export type LimitClass = 'normal' | 'replica' | 'pubsub';

export interface OutputLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

export type OutputLimits = Record<LimitClass, OutputLimit>;

/** Redis 7.0's defaults. */
export function defaultOutputLimits(): OutputLimits {
  return {
    normal: { hardBytes: 0, softBytes: 0, softSeconds: 0 },
    replica: { hardBytes: 256 * 1024 * 1024, softBytes: 64 * 1024 * 1024, softSeconds: 60 },
    pubsub: { hardBytes: 32 * 1024 * 1024, softBytes: 8 * 1024 * 1024, softSeconds: 60 },
  };
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: 1024 ** 3 };

/** `64mb` → bytes, as redis.conf memory units; NaN when malformed. */
export function parseMemory(text: string): number {
  const m = /^(\d+)([a-z]*)$/i.exec(text);
  if (m === null) return NaN;
  const unit = UNITS[m[2].toLowerCase()];
  return unit === undefined ? NaN : Number(m[1]) * unit;
}

/**
 * Parses the option value (groups of four words, as CONFIG GET prints it) over the defaults.
 * Returns null when malformed; the config lib validates it first, so null means "keep the old".
 */
export function parseOutputLimits(value: string): OutputLimits | null {
  const limits = defaultOutputLimits();
  const words = value.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length % 4 !== 0) return null;
  for (let i = 0; i < words.length; i += 4) {
    const name = words[i].toLowerCase();
    const cls: LimitClass | null =
      name === 'normal' ? 'normal' : name === 'pubsub' ? 'pubsub' : name === 'replica' || name === 'slave' ? 'replica' : null;
    const hard = parseMemory(words[i + 1]);
    const soft = parseMemory(words[i + 2]);
    const secs = Number(words[i + 3]);
    if (cls === null || Number.isNaN(hard) || Number.isNaN(soft) || !Number.isInteger(secs) || secs < 0) return null;
    limits[cls] = { hardBytes: hard, softBytes: soft, softSeconds: secs };
  }
  return limits;
}

/** The piece of client state the soft limit needs: when it first reached the soft limit (0 = below). */
export interface SoftLimitState {
  softLimitSinceMs: number;
}

/**
 * Whether a client with `pending` output bytes must be closed now. Starts or clears the soft-limit
 * timer in `state` as a side effect, so calling it after every write keeps the timer honest.
 */
export function outputLimitExceeded(limit: OutputLimit, pending: number, state: SoftLimitState, nowMs: number): boolean {
  if (limit.hardBytes > 0 && pending >= limit.hardBytes) return true;
  if (limit.softBytes > 0 && pending >= limit.softBytes) {
    if (state.softLimitSinceMs === 0) {
      state.softLimitSinceMs = nowMs;
      return false;
    }
    return nowMs - state.softLimitSinceMs > limit.softSeconds * 1000;
  }
  state.softLimitSinceMs = 0;
  return false;
}
