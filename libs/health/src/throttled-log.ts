/**
 * One log line that may repeat many times a second (events dropped during a NATS outage, failed
 * reconnects): it is written at most once per interval, and the next line it writes says how many
 * were suppressed in between. Used so a long outage costs a few log lines, not one per event.
 */
import type { Logger } from './types';

/** Default spacing of two lines of one ThrottledLog. */
export const THROTTLE_INTERVAL_MS = 10_000;

export class ThrottledLog {
  private lastMs = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly level: 'info' | 'warn' | 'error',
    private readonly message: string,
    private readonly intervalMs = THROTTLE_INTERVAL_MS,
  ) {}

  /** Writes the line now, or counts it when one was written less than the interval ago. */
  write(fields: Record<string, unknown>, nowMs = Date.now()): void {
    if (nowMs - this.lastMs < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.lastMs = nowMs;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    this.log[this.level](suppressed > 0 ? { ...fields, suppressed } : fields, this.message);
  }

  /** The next write is written whatever its time (the condition it reports ended, then came back). */
  reset(): void {
    this.lastMs = Number.NEGATIVE_INFINITY;
  }
}
