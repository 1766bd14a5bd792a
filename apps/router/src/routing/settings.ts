/**
 * The routing parameters as the table uses them, read from the config store. They are mutable
 * (CONFIG SET), so the table reads them again whenever one changes (SETTING_NAMES).
 *
 * Invariant: a lag bound of 0 means "no bound" on that dimension; every other value is used as is.
 */
import type { ConfigStore } from '@resplica/config';

export interface RoutingSettings {
  /** A replica not heard from for longer than this is stale: `health-timeout-ms`, or 3 intervals. */
  readonly healthTimeoutMs: number;
  /** Pause between two PINGs to a backend taken out by passive health: `health-interval-ms`. */
  readonly probeIntervalMs: number;
  readonly maxLagBytes: number;
  readonly maxLagMs: number;
}

/** How many health intervals make the default heartbeat timeout (`health-timeout-ms 0`). */
export const DEFAULT_TIMEOUT_INTERVALS = 3;

/** The parameters whose change makes the table re-evaluate every backend. */
export const SETTING_NAMES = [
  'health-interval-ms',
  'health-timeout-ms',
  'max-replica-lag-bytes',
  'max-replica-lag-ms',
] as const;

export function readSettings(config: ConfigStore): RoutingSettings {
  const intervalMs = config.num('health-interval-ms');
  const timeoutMs = config.num('health-timeout-ms');
  return {
    healthTimeoutMs: timeoutMs === 0 ? DEFAULT_TIMEOUT_INTERVALS * intervalMs : timeoutMs,
    probeIntervalMs: intervalMs,
    maxLagBytes: config.num('max-replica-lag-bytes'),
    maxLagMs: config.num('max-replica-lag-ms'),
  };
}
