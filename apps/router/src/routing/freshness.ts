/**
 * Whether a backend may serve, as pure functions of its state, the time and the settings.
 *
 * A replica serves reads while all of these hold (ARCHITECTURE.md decision 6):
 *   - no passive-health verdict stands against it (connection error, -LOADING/-MASTERDOWN reply);
 *   - it was heard from within the heartbeat timeout (`now − lastHeard ≤ timeout`);
 *   - its link to its master is up, it is not loading a snapshot and no full sync is in progress;
 *   - it is not out for lag.
 * A backend known only from configuration has no reports: only passive health can take it out,
 * unless it is polled, when its listing time stands in for a first report (backend.ts).
 * The master serves writes unless passive health took it out: stale health alone (NATS down, say)
 * never stops writes.
 *
 * Lag hysteresis: a serving replica leaves when its lag exceeds a bound (bytes or ms); once out it
 * returns only when both are at most RETURN_FRACTION of their bounds. A replica hovering just
 * around a bound therefore leaves once and stays out until it has clearly caught up. A bound of
 * 0 disables that dimension.
 */
import type { Backend } from './backend';
import type { Lag } from './master-offsets';
import type { RoutingSettings } from './settings';

/** A replica out for lag comes back at or below this fraction of each bound. */
export const RETURN_FRACTION = 0.8;

export const REASON_STALE = 'stale health';
export const REASON_LINK_DOWN = 'link down';
export const REASON_LOADING = 'loading';
export const REASON_SYNCING = 'syncing';
export const REASON_LAG = 'lag';

function exceeds(value: number, bound: number, fraction: number): boolean {
  return bound > 0 && value > bound * fraction;
}

/** The lag verdict after a new measurement: true = out of rotation for lag. */
export function outForLag(wasOut: boolean, lag: Lag, s: RoutingSettings): boolean {
  const fraction = wasOut ? RETURN_FRACTION : 1;
  return exceeds(lag.bytes, s.maxLagBytes, fraction) || exceeds(lag.ms, s.maxLagMs, fraction);
}

/** Why a replica may not serve reads now; '' when it may. */
export function replicaReason(b: Backend, now: number, s: RoutingSettings): string {
  if (b.passive !== null) return b.passive.reason;
  if (isGone(b, now, s)) return REASON_STALE;
  if (b.lastHeardAt === null) return '';
  if (!b.linkUp) return REASON_LINK_DOWN;
  if (b.loading) return REASON_LOADING;
  if (b.syncing) return REASON_SYNCING;
  if (b.lagOut) return REASON_LAG;
  return '';
}

/** Since when `b` should have been heard from: its last report, else its listing when polled. */
function dueSince(b: Backend): number | null {
  return b.lastHeardAt ?? b.expectedFrom;
}

/** Nothing heard from `b` within the heartbeat timeout: shown as gone (one never expected to report is not). */
export function isGone(b: Backend, now: number, s: RoutingSettings): boolean {
  const since = dueSince(b);
  return since !== null && now - since > s.healthTimeoutMs;
}

/** The router time after which a serving replica that reports (or should) turns stale. */
export function staleAfter(b: Backend, s: RoutingSettings): number {
  const since = dueSince(b);
  return since === null ? Infinity : since + s.healthTimeoutMs;
}
