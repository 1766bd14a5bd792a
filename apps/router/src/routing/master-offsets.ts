/**
 * The master's replication offsets as its health reports announced them, and the lag of a replica
 * measured against them.
 *
 * Definitions (both taken when a replica's report arrives, on the router's clock):
 *   lag bytes = the master's latest reported offset − the replica's applied offset (never < 0);
 *   lag ms    = the time since the router received the first master report whose offset the
 *               replica had not yet applied (0 when it had applied everything reported so far).
 * So a replica under steady writes that keeps up shows a lag of about its real replication delay,
 * at the resolution of the health interval, and one that stalls shows a lag that grows with every
 * report it sends. Lag is not re-measured between a replica's reports: a replica that goes quiet is
 * caught by the heartbeat timeout instead.
 *
 * Invariant: entries are in arrival order with strictly increasing offsets; each is the moment an
 * offset value was first reported. A report with a lower offset starts a new history (the master
 * restarted or changed). The history keeps the last HISTORY_LIMIT increases: beyond that, a
 * replica's lag ms is at least the age of the oldest entry (an underestimate, far past any bound).
 */

/** Increases of the master offset kept: over an hour of reports at the default 1 s interval. */
export const HISTORY_LIMIT = 4096;

export interface Lag {
  readonly bytes: number;
  readonly ms: number;
}

export const NO_LAG: Lag = { bytes: 0, ms: 0 };

export class MasterOffsets {
  private offsets: number[] = [];
  private receivedAt: number[] = [];

  /** Records a master report of `offset` received at `at`. */
  record(offset: number, at: number): void {
    const last = this.offsets.length - 1;
    if (last >= 0 && offset <= this.offsets[last]) {
      if (offset === this.offsets[last]) return;
      this.clear();
    }
    this.offsets.push(offset);
    this.receivedAt.push(at);
    if (this.offsets.length > HISTORY_LIMIT) {
      this.offsets.shift();
      this.receivedAt.shift();
    }
  }

  /** Forgets everything: the master changed. */
  clear(): void {
    this.offsets = [];
    this.receivedAt = [];
  }

  /** The lag of a replica that reported `applied` at `at` (module header); NO_LAG with no history. */
  lagOf(applied: number, at: number): Lag {
    const n = this.offsets.length;
    if (n === 0 || applied >= this.offsets[n - 1]) return NO_LAG;
    // Binary search: the first entry whose offset the replica has not applied.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid] > applied) hi = mid;
      else lo = mid + 1;
    }
    return { bytes: this.offsets[n - 1] - applied, ms: Math.max(0, at - this.receivedAt[lo]) };
  }
}
