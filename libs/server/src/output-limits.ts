/**
 * Client output buffer limits (`client-output-buffer-limit <class> <hard> <soft> <soft-seconds>`,
 * parsed by @resplica/config). A client whose pending output reaches the hard limit, or stays at or
 * above the soft limit for longer than the soft seconds, is closed: a subscriber that stopped
 * reading must not make the node hold every message published to it.
 *
 * Invariant: `outputLimitExceeded` is integer comparisons only; it runs after every command and
 * every flush.
 */
import type { BufferLimit, ClientClass } from '@resplica/config';

export type OutputLimits = Record<ClientClass, BufferLimit>;

/** The piece of client state the soft limit needs: when it first reached the soft limit (0 = below). */
export interface SoftLimitState {
  softLimitSinceMs: number;
}

/**
 * Whether a client with `pending` output bytes must be closed now. Starts or clears the soft-limit
 * timer in `state` as a side effect, so calling it after every write keeps the timer honest.
 */
export function outputLimitExceeded(limit: BufferLimit, pending: number, state: SoftLimitState, nowMs: number): boolean {
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
