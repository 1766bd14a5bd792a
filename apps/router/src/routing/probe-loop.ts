/**
 * Brings failed backends back: every backend waiting for a PING is pinged once per probe
 * interval until it answers, then reported alive once.
 *
 * Invariant: at most one probe per backend is pending or running; `unwatch` (the backend left the
 * table) and `close` drop its result even when a PING is already in flight.
 */
import type { BackendRef } from './types';

export type Ping = (ref: BackendRef) => Promise<boolean>;

export class ProbeLoop {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ping: Ping,
    private readonly intervalMs: () => number,
    private readonly onAlive: (id: string) => void,
  ) {}

  /** Starts probing `ref` unless it is already being probed. */
  watch(ref: BackendRef): void {
    if (!this.pending.has(ref.id)) this.schedule(ref);
  }

  unwatch(id: string): void {
    clearTimeout(this.pending.get(id));
    this.pending.delete(id);
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.unwatch(id);
  }

  private schedule(ref: BackendRef): void {
    const timer = setTimeout(() => void this.attempt(ref, timer), this.intervalMs());
    timer.unref();
    this.pending.set(ref.id, timer);
  }

  private async attempt(ref: BackendRef, timer: NodeJS.Timeout): Promise<void> {
    const alive = await this.ping(ref).catch(() => false);
    // Unwatched (or re-watched under a new timer) while the PING ran: not ours to report.
    if (this.pending.get(ref.id) !== timer) return;
    if (!alive) {
      this.schedule(ref);
      return;
    }
    this.pending.delete(ref.id);
    this.onAlive(ref.id);
  }
}
