/**
 * The publisher's buffer for the time NATS is unreachable: bounded, never blocking, oldest dropped
 * first. It holds encoded events in sequence order; a NodeHealth snapshot replaces the previous
 * buffered one instead of taking another slot, because a newer snapshot supersedes it entirely —
 * so a long outage keeps the events (link down, role changed…) rather than 100 stale snapshots.
 *
 * Invariants: at most `capacity` entries in all (events plus the one pending snapshot); drain()
 * returns them in increasing `seq`; push() is O(1).
 */

export interface BufferedEvent {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

export class OutageBuffer {
  /** Events (not snapshots) in a ring: `head` is the oldest, `count` are live. */
  private readonly ring: (BufferedEvent | undefined)[];
  private head = 0;
  private count = 0;
  private snapshot: BufferedEvent | null = null;
  /** Entries dropped to make room, since creation. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<BufferedEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count + (this.snapshot === null ? 0 : 1);
  }

  /** Adds an event (`isSnapshot`: a NodeHealth), dropping the oldest entry when full. */
  push(entry: BufferedEvent, isSnapshot: boolean): void {
    if (isSnapshot && this.snapshot !== null) {
      this.snapshot = entry;
      return;
    }
    if (this.size === this.capacity) this.dropOldest();
    if (isSnapshot) {
      this.snapshot = entry;
    } else {
      this.ring[(this.head + this.count) % this.capacity] = entry;
      this.count++;
    }
  }

  /** Empties the buffer, returning its entries in sequence order. */
  drain(): BufferedEvent[] {
    const out: BufferedEvent[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.capacity;
      out.push(this.ring[slot]!);
      this.ring[slot] = undefined;
    }
    const snapshot = this.snapshot;
    if (snapshot !== null) {
      const at = out.findIndex((e) => e.seq > snapshot.seq);
      out.splice(at === -1 ? out.length : at, 0, snapshot);
    }
    this.head = 0;
    this.count = 0;
    this.snapshot = null;
    return out;
  }

  private dropOldest(): void {
    this.dropped++;
    const oldest = this.count === 0 ? null : this.ring[this.head]!;
    if (this.snapshot !== null && (oldest === null || this.snapshot.seq < oldest.seq)) {
      this.snapshot = null;
      return;
    }
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }
}
