/**
 * One numbered database: the key → value Map, the key → deadline Map (Redis's `expires` dict), the
 * WATCH registry, and lazy expiry.
 *
 * Invariants:
 * - every key in `expires` is in `dict` (a TTL never outlives its key);
 * - every mutation of a key goes through a method here, which signals WATCH itself, so no handler
 *   can forget to invalidate a transaction;
 * - a key whose deadline has passed is never visible to a read: the lookups expire it lazily (on a
 *   master) or hide it (on a replica, which waits for the master's DEL);
 * - snapshots (snapshot.ts) see every change before it happens: nothing changes a stored value, a
 *   TTL or the set of keys without first calling one of lookupWrite (a handler edits the value it
 *   returns in place only after it), set, delete, setExpire, removeExpire or willModify (an
 *   in-place change made without lookupWrite). Each runs the snapshots' beforeWrite when one is
 *   running — a value read through lookupRead, lookupWriteSource or a raw `dict.get` is never
 *   edited in place;
 * - while a snapshot runs, `dict` may hold TOMBSTONE entries: keys deleted that the snapshot has
 *   yet to walk past. They are absent to every method here and to size(); code that walks `dict`
 *   itself skips them (isTombstone);
 * - `dict`, `expires` and `tombstones` are only ever mutated here or by a snapshot burying its
 *   tombstones, replaced together (flush: new Maps, never clear()) or exchanged together
 *   (swapContents): a running snapshot keeps the Maps it captured and recognises them by identity
 *   wherever they move.
 */
import type { Deadline } from './deadline';
import { NOTIFY, type NotifyClass } from './notify';
import { ScanCursors } from './scan-cursor';
import type { Value } from './values';

/**
 * The value of an entry kept in `dict` for a deleted key that a running snapshot has not walked
 * past yet (snapshot.ts: the entry keeps the key's place in the walk). Compared by identity; an
 * empty string, so that code reading it by mistake sees the most harmless value.
 */
export const TOMBSTONE: Value = Buffer.alloc(0);

/** True for a TOMBSTONE entry (a deleted key): code walking `dict` itself skips these. */
export function isTombstone(value: Value | undefined): boolean {
  return value === TOMBSTONE;
}

/** How many TOMBSTONE entries a `dict` holds; travels with the Map (flush, SWAPDB). */
export interface TombstoneCount {
  count: number;
}

/** A client with WATCHed keys; markDirty sets its CAS flag so EXEC aborts. */
export interface Watcher {
  markDirty(): void;
}

/** A running snapshot, as the Database sees it (snapshot.ts implements it). */
export interface SnapshotTracker {
  /**
   * `key` of `dict` is about to change in any way (value, TTL, deletion) or to be added; `dict` is
   * the Database's Map at that moment (identity matters: SWAPDB moves Maps between databases).
   */
  beforeWrite(dict: Map<string, Value>, key: string): void;
  /** True while the snapshot still needs `key`'s entry in `dict` (a deletion leaves a TOMBSTONE). */
  keeps(dict: Map<string, Value>, key: string): boolean;
}

/** What a Database needs from its Keyspace (expiry policy and stats), kept narrow for tests. */
export interface DatabaseOwner {
  /** The running snapshots (usually none: every write tests this length, nothing more). */
  readonly snapshots: readonly SnapshotTracker[];
  replicaMode: boolean;
  readonly stats: { expiredKeys: number; keyspaceHits: number; keyspaceMisses: number };
  /** Called after a key was deleted because its TTL passed (lazily or by the active cycle). */
  onExpired(dbIndex: number, key: string): void;
  /** Enabled notification classes (NOTIFY bits): tested before any event is built. */
  readonly notifyMask: number;
  /** Emits a keyspace notification (`new` when a key is added, `keymiss` on a read miss). */
  notify(cls: NotifyClass, event: string, key: string, dbIndex: number): void;
  /** A key some client is blocked on was created or replaced (Redis's signalKeyAsReady). */
  onKeyReady(dbIndex: number, key: string): void;
}

export class Database {
  readonly index: number;
  /** key → value, in insertion order (SCAN relies on that order; see scan-cursor.ts). */
  dict: Map<string, Value>;
  /** key → absolute unix ms deadline (exact int64: a bigint only beyond 2^53, see deadline.ts). */
  expires: Map<string, Deadline>;
  /** The TOMBSTONE entries of `dict` (0 unless a snapshot runs). */
  tombstones: TombstoneCount;
  /** Keys removed so far (for resuming SCAN cursors); wraps harmlessly past 2^53. */
  deletions: number;
  /** Running estimate of the TTL left on keys with one, in ms (INFO keyspace avg_ttl). */
  avgTtlEstimate: number;
  /** The active expire cycle's place in `expires` (a Map iterator survives mutation). */
  expireCursor: IterableIterator<[string, Deadline]> | null;
  readonly scans: ScanCursors;
  /**
   * Keys at least one client is blocked on (BLPOP, BZPOPMIN, …), kept by the server's blocking
   * registry. set() reports such a key ready when it is created or replaced; an empty set costs
   * one size test per set().
   */
  readonly blockingKeys: Set<string>;
  private readonly watchers: Map<string, Set<Watcher>>;
  private readonly owner: DatabaseOwner;

  constructor(index: number, owner: DatabaseOwner) {
    this.index = index;
    this.dict = new Map();
    this.expires = new Map();
    this.tombstones = { count: 0 };
    this.deletions = 0;
    this.avgTtlEstimate = 0;
    this.expireCursor = null;
    this.scans = new ScanCursors();
    this.blockingKeys = new Set();
    this.watchers = new Map();
    this.owner = owner;
  }

  /** Number of keys, including logically expired ones not yet deleted (as DBSIZE). */
  size(): number {
    return this.dict.size - this.tombstones.count;
  }

  /** Number of keys with a TTL. */
  expiresCount(): number {
    return this.expires.size;
  }

  /**
   * INFO keyspace's avg_ttl: the estimate the active expire cycle keeps, as Redis does (so it reads 0
   * until a cycle has sampled this db). `now` is part of the API for an exact computation later.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  avgTtl(now: number): number {
    return this.expires.size === 0 ? 0 : Math.round(this.avgTtlEstimate);
  }

  /**
   * Looks a key up for reading: expired keys are expired (or hidden on a replica) and
   * keyspace_hits/keyspace_misses are counted. A miss emits the `keymiss` event unless `quiet`
   * (OBJECT and MEMORY look keys up without it, as Redis's LOOKUP_NONOTIFY).
   */
  lookupRead(key: string, now: number, quiet?: boolean): Value | undefined {
    const v = this.dict.get(key);
    if (v === undefined || v === TOMBSTONE) {
      this.owner.stats.keyspaceMisses++;
      if ((this.owner.notifyMask & NOTIFY.keyMiss) !== 0 && quiet !== true) this.missed(key);
      return undefined;
    }
    if (this.expires.size !== 0 && this.isExpired(key, now)) {
      if (!this.owner.replicaMode) this.expireNow(key);
      this.owner.stats.keyspaceMisses++;
      if ((this.owner.notifyMask & NOTIFY.keyMiss) !== 0 && quiet !== true) this.missed(key);
      return undefined;
    }
    this.owner.stats.keyspaceHits++;
    return v;
  }

  /** The `keymiss` event; out of line so lookupRead stays small. */
  private missed(key: string): void {
    this.owner.notify(NOTIFY.keyMiss, 'keymiss', key, this.index);
  }

  /**
   * Looks a key up before writing it: expired keys are deleted first, no stats. On a replica the
   * writes come from the master, which sees every key as present, so nothing is expired there.
   */
  lookupWrite(key: string, now: number): Value | undefined {
    const v = this.dict.get(key);
    if (v === undefined || v === TOMBSTONE) return undefined;
    if (this.expires.size !== 0 && !this.owner.replicaMode && this.isExpired(key, now)) {
      this.expireNow(key);
      return undefined;
    }
    // The caller may edit `v` in place from here on: a running snapshot saves the key first.
    if (this.owner.snapshots.length !== 0) this.beforeWrite(key);
    return v;
  }

  /**
   * Looks up a key a write command reads but never changes (the sources of SINTERSTORE, ZUNIONSTORE
   * and SORT … STORE's BY/GET keys, COPY's source): lookupWrite's expiry rules, without the
   * snapshot save lookupWrite makes for a value about to be edited. Never edit what it returns.
   */
  lookupWriteSource(key: string, now: number): Value | undefined {
    const v = this.dict.get(key);
    if (v === undefined || v === TOMBSTONE) return undefined;
    if (this.expires.size !== 0 && !this.owner.replicaMode && this.isExpired(key, now)) {
      this.expireNow(key);
      return undefined;
    }
    return v;
  }

  /**
   * Announces an in-place change to `key`'s value made without lookupWrite (SET's same-length
   * overwrite, SORT's encoding conversion), so a running snapshot saves the key first.
   */
  willModify(key: string): void {
    if (this.owner.snapshots.length !== 0) this.beforeWrite(key);
  }

  /** Runs every running snapshot's copy-on-write step; out of line, as snapshots are rare. */
  private beforeWrite(key: string): void {
    // The list is replaced (not mutated) when a snapshot ends, even from inside this loop.
    const snapshots = this.owner.snapshots;
    for (let i = 0; i < snapshots.length; i++) snapshots[i].beforeWrite(this.dict, key);
  }

  /** True when the key exists and is not logically expired; no stats, no deletion. */
  exists(key: string, now: number): boolean {
    if (!this.has(key)) return false;
    return this.expires.size === 0 || !this.isExpired(key, now);
  }

  /** True when the key is stored, logically expired or not (a TOMBSTONE is no key). */
  has(key: string): boolean {
    const v = this.dict.get(key);
    return v !== undefined && v !== TOMBSTONE;
  }

  /**
   * Stores a value (owned, never a parser view). Clears the key's TTL unless keepTtl. Signals
   * WATCH. Adding a key that was absent emits the `new` event (before the caller's own event, as
   * Redis's dbAdd does). The caller accounts `keyspace.dirty`.
   */
  set(key: string, value: Value, keepTtl?: boolean): void {
    if (this.owner.snapshots.length !== 0) this.beforeSetWhileSnapshotting(key);
    if ((this.owner.notifyMask & NOTIFY.newKey) !== 0 && !this.has(key)) {
      this.owner.notify(NOTIFY.newKey, 'new', key, this.index);
    }
    this.dict.set(key, value);
    if (keepTtl !== true && this.expires.size !== 0) this.expires.delete(key);
    if (this.watchers.size !== 0) this.signalModified(key);
    if (this.blockingKeys.size !== 0 && this.blockingKeys.has(key)) this.owner.onKeyReady(this.index, key);
  }

  /** set()'s snapshot step: save the key, and count a TOMBSTONE it is about to replace. */
  private beforeSetWhileSnapshotting(key: string): void {
    this.beforeWrite(key);
    if (this.dict.get(key) === TOMBSTONE) this.tombstones.count--;
  }

  /** Reports every key a client is blocked on that exists now (after SWAPDB moved contents in). */
  signalBlockingKeysPresent(): void {
    for (const key of this.blockingKeys) if (this.has(key)) this.owner.onKeyReady(this.index, key);
  }

  /** Deletes a key and its TTL; true when it existed. Signals WATCH. */
  delete(key: string): boolean {
    if (this.owner.snapshots.length !== 0) {
      if (!this.deleteWhileSnapshotting(key)) return false;
    } else if (!this.dict.delete(key)) {
      return false;
    }
    this.deletions++;
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.watchers.size !== 0) this.signalModified(key);
    return true;
  }

  /**
   * delete()'s removal from `dict` while snapshots run: each saves the key first, and when one of
   * them has yet to walk past it, the entry stays as a TOMBSTONE (the snapshot removes it later).
   */
  private deleteWhileSnapshotting(key: string): boolean {
    const v = this.dict.get(key);
    if (v === undefined || v === TOMBSTONE) return false;
    this.beforeWrite(key);
    const snapshots = this.owner.snapshots;
    for (let i = 0; i < snapshots.length; i++) {
      if (snapshots[i].keeps(this.dict, key)) {
        this.dict.set(key, TOMBSTONE);
        this.tombstones.count++;
        return true;
      }
    }
    this.dict.delete(key);
    return true;
  }

  /** The key's deadline in absolute unix ms, or -1 when it has none. */
  getExpire(key: string): Deadline {
    const at = this.expires.get(key);
    return at === undefined ? -1 : at;
  }

  /** Sets the deadline of an existing key (absolute unix ms). Signals WATCH. */
  setExpire(key: string, atMs: Deadline): void {
    if (this.owner.snapshots.length !== 0) this.beforeWrite(key);
    this.expires.set(key, atMs);
    if (this.watchers.size !== 0) this.signalModified(key);
  }

  /** Removes the key's TTL; true when it had one. Signals WATCH when it did. */
  removeExpire(key: string): boolean {
    if (this.owner.snapshots.length !== 0 && this.expires.has(key)) this.beforeWrite(key);
    if (!this.expires.delete(key)) return false;
    if (this.watchers.size !== 0) this.signalModified(key);
    return true;
  }

  /** Marks every client watching `key` dirty (their EXEC will abort). */
  signalModified(key: string): void {
    const set = this.watchers.get(key);
    if (set === undefined) return;
    for (const w of set) w.markDirty();
  }

  /**
   * Registers a WATCH. A key already past its deadline is expired first (on a master), so that its
   * later deletion does not abort a transaction that watched a key already gone — Redis 7.0's rule.
   */
  watch(key: string, w: Watcher, now?: number): void {
    // Only the expiry of lookupWrite: watching is no write, a running snapshot need not save the key.
    if (now !== undefined && this.expires.size !== 0 && !this.owner.replicaMode && this.isExpired(key, now)) {
      this.expireNow(key);
    }
    let set = this.watchers.get(key);
    if (set === undefined) {
      set = new Set();
      this.watchers.set(key, set);
    }
    set.add(w);
  }

  unwatch(key: string, w: Watcher): void {
    const set = this.watchers.get(key);
    if (set === undefined) return;
    set.delete(w);
    if (set.size === 0) this.watchers.delete(key);
  }

  /** Marks dirty every watcher of a key that exists here (FLUSHDB/SWAPDB touch). */
  touchAllWatched(other?: Database): void {
    for (const [key, set] of this.watchers) {
      if (this.has(key) || (other !== undefined && other.has(key))) {
        for (const w of set) w.markDirty();
      }
    }
  }

  /**
   * Removes every key; returns how many there were. Watchers of existing keys are marked dirty.
   * A running snapshot still holds the old Maps and goes on emitting them: nothing to tell it.
   */
  flush(): number {
    const n = this.size();
    if (this.watchers.size !== 0) this.touchAllWatched();
    // New Maps rather than clear(): releases the old tables at once, and cached SCAN iterators go.
    this.dict = new Map();
    this.expires = new Map();
    this.tombstones = { count: 0 };
    this.deletions += n;
    this.expireCursor = null;
    this.avgTtlEstimate = 0;
    this.scans.clear();
    return n;
  }

  /** Every key and value, for tests (TOMBSTONE entries left out). */
  *entries(): IterableIterator<[string, Value]> {
    for (const entry of this.dict) if (entry[1] !== TOMBSTONE) yield entry;
  }

  /** Every deadline, for snapshots and tests. */
  expireEntries(): IterableIterator<[string, Deadline]> {
    return this.expires.entries();
  }

  /**
   * Exchanges the contents (not the index or the watchers) with another database (SWAPDB). The Maps
   * move as they are: a running snapshot follows them by identity.
   */
  swapContents(other: Database): void {
    const d = this.dict;
    const e = this.expires;
    const c = this.tombstones;
    const t = this.avgTtlEstimate;
    this.dict = other.dict;
    this.expires = other.expires;
    this.tombstones = other.tombstones;
    this.avgTtlEstimate = other.avgTtlEstimate;
    other.dict = d;
    other.expires = e;
    other.tombstones = c;
    other.avgTtlEstimate = t;
    // Cursors and counters describe the Maps that moved; start both afresh.
    this.deletions += other.dict.size + this.dict.size;
    other.deletions += this.dict.size + other.dict.size;
    this.expireCursor = null;
    other.expireCursor = null;
    this.scans.clear();
    other.scans.clear();
  }

  /** True when the key has a deadline strictly before now (Redis: expired once now > when). */
  isExpired(key: string, now: number): boolean {
    const at = this.expires.get(key);
    return at !== undefined && at < now;
  }

  /** Deletes a key whose TTL passed, counts it and reports it for propagation as DEL. */
  expireNow(key: string): void {
    this.delete(key);
    this.owner.stats.expiredKeys++;
    this.owner.onExpired(this.index, key);
  }
}
