/**
 * The lag-over-time series behind the status page's chart: one sample per replica per second,
 * taken from the routing table's snapshot by a timer of its own, so the proxy's request path does
 * no work for it.
 *
 *   history[id] = [[tMs, lagMs, lagBytes], ...]   oldest first, tMs on the router's wall clock
 *
 * Invariant: a series exists only for a backend the last snapshot listed as a replica, and holds at
 * most `limit` samples; a replica seen gone gets no new samples (its last reported lag would only
 * repeat), so its line ends where the router stopped hearing from it.
 */
import type { BackendStatus } from '../../routing/types';

/** One chart point: when (ms since the epoch), lag in ms, lag in bytes. */
export type LagSample = readonly [tMs: number, lagMs: number, lagBytes: number];

/** Sampling period: the chart's resolution. */
export const LAG_SAMPLE_INTERVAL_MS = 1000;
/** Samples kept per replica: five minutes at one a second (a 3-number tuple each). */
export const LAG_HISTORY_SAMPLES = 300;

export interface LagHistoryOptions {
  /** The backends as they are now (the routing table's snapshot). */
  readonly snapshot: () => readonly BackendStatus[];
  /** @default Date.now */
  readonly clock?: () => number;
  /** @default LAG_HISTORY_SAMPLES */
  readonly limit?: number;
}

export class LagHistory {
  private readonly snapshot: () => readonly BackendStatus[];
  private readonly clock: () => number;
  private readonly limit: number;
  private readonly series = new Map<string, LagSample[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(options: LagHistoryOptions) {
    this.snapshot = options.snapshot;
    this.clock = options.clock ?? Date.now;
    this.limit = options.limit ?? LAG_HISTORY_SAMPLES;
  }

  /** Takes one sample now, then one every `intervalMs` until stop(); the timer never keeps the process alive. */
  start(intervalMs = LAG_SAMPLE_INTERVAL_MS): void {
    if (this.timer !== null) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Appends the current lag of every live replica and forgets the series of backends no longer replicas. */
  sample(): void {
    const t = this.clock();
    const replicas = new Set<string>();
    for (const b of this.snapshot()) {
      if (b.role !== 'replica') continue;
      replicas.add(b.id);
      if (b.gone) continue;
      let points = this.series.get(b.id);
      if (points === undefined) {
        points = [];
        this.series.set(b.id, points);
      }
      points.push([t, b.lagMs, b.lagBytes]);
      // One sample in, at most one out: shift() on a 300-element array is cheaper than a ring here.
      if (points.length > this.limit) points.shift();
    }
    for (const id of this.series.keys()) if (!replicas.has(id)) this.series.delete(id);
  }

  /** Every series by backend id, for /status.json (the arrays themselves: serialize, do not keep). */
  toJSON(): Record<string, readonly LagSample[]> {
    return Object.fromEntries(this.series);
  }
}
