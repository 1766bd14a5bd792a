/**
 * SCAN cursors over one database's key Map.
 *
 * Design: a JS Map iterates in insertion order, and its iterators stay valid across inserts and
 * deletes (a live iterator visits every entry still present that it has not passed, and entries
 * added later). So a scan in progress is simply a live iterator, kept in a small bounded cache
 * keyed by the cursor string we returned. A cursor also encodes where it stands, so a cursor that
 * fell out of the cache (or was handed to two clients) is resumed by skipping entries:
 *
 *   cursor = position × 2^32 + (deletions mod 2^32)
 *
 * `position` is a lower bound of the index of the next unvisited entry and `deletions` the db's
 * running count of removed keys at that time. Inserts only append (an overwrite keeps its place), so
 * the only thing that moves an entry to a lower index is a deletion before it, by one each. Resuming
 * at max(0, position − deletions since) therefore never skips a key that was present throughout —
 * Redis's guarantee — at the price of possible repeats, which SCAN allows.
 *
 * Termination: a Map iterator would also visit keys added during the scan, so a scan under steady
 * inserts could never end. Every key present throughout sits, when a scan starts (or resumes by
 * skipping) at position P over a Map of N entries, among the next N − P entries of the iteration
 * (inserts only append), so the scan ends after visiting that many; cached iterators carry this
 * `remaining` budget, and a skipping resume recomputes it from the current size.
 *
 * Invariant: a cached iterator is owned by one cursor; taking it removes it from the cache.
 */
import type { Value } from './values';

/** Scans in progress remembered per database; older ones resume by skipping (see above). */
const MAX_CACHED_CURSORS = 256;

const TWO_32 = 4294967296;

interface LiveScan {
  it: IterableIterator<[string, Value]>;
  remaining: number;
}

/** A scan positioned for the next page. */
export interface ScanPosition {
  it: IterableIterator<[string, Value]>;
  /** Lower bound of the index of the next unvisited entry. */
  position: number;
  /** Entries still to visit before the scan is complete. */
  remaining: number;
}

export class ScanCursors {
  private readonly live = new Map<string, LiveScan>();

  /**
   * Returns an iterator positioned at `cursor` over `dict`, with its position bound and budget.
   * `deletions` is the db's running deletion count. The cursor must already be a valid uint64.
   */
  resume(cursor: bigint, dict: Map<string, Value>, deletions: number): ScanPosition {
    if (cursor === 0n) return { it: dict.entries(), position: 0, remaining: dict.size };
    const text = cursor.toString();
    const position = Number(cursor / 4294967296n);
    const issued = Number(cursor % 4294967296n);
    const deleted = (deletions - issued + TWO_32) % TWO_32;
    const lower = Math.max(0, position - deleted);
    const cached = this.live.get(text);
    if (cached !== undefined) {
      this.live.delete(text);
      return { it: cached.it, position: lower, remaining: cached.remaining };
    }
    const it = dict.entries();
    for (let i = 0; i < lower; i++) {
      if (it.next().done === true) break;
    }
    return { it, position: lower, remaining: dict.size - lower };
  }

  /** Remembers a live iterator and returns the cursor text that resumes it. */
  issue(it: IterableIterator<[string, Value]>, position: number, remaining: number, deletions: number): string {
    const cursor = (BigInt(position) * 4294967296n + BigInt(deletions % TWO_32)).toString();
    if (this.live.size >= MAX_CACHED_CURSORS) {
      // Evict the oldest: Map iteration order is insertion order.
      const oldest = this.live.keys().next();
      if (oldest.done !== true) this.live.delete(oldest.value);
    }
    this.live.set(cursor, { it, remaining });
    return cursor;
  }

  /** Forgets every scan (the dict they iterate was replaced). */
  clear(): void {
    this.live.clear();
  }
}
