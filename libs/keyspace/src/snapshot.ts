/**
 * Point-in-time snapshots without fork (ARCHITECTURE.md decision 4): every key as it was at the
 * instant `Keyspace.startSnapshot` ran, handed to a sink in bounded slices between event-loop turns
 * while clients keep reading and writing. It costs extra memory only for the keys written while it
 * runs, as a forked child's copy-on-write pages would.
 *
 * How
 * - At the start nothing is copied: for each database with keys, the snapshot keeps a reference to
 *   its `dict` and `expires` Maps (a "section") and their sizes.
 * - `step(n)` walks the sections in database order with a live iterator over each `dict` and emits
 *   every key present at the start, exactly once, in the order of that Map.
 * - Before anything changes a key of a section not yet walked to its end (its value in place, its
 *   replacement, its deletion, its TTL) or adds one, the Database calls `beforeWrite(dict, key)`
 *   (the invariant at the top of database.ts). The first time for that key, the section's `undo`
 *   log records it: a private copy of its value and its deadline, or ADDED when it did not exist.
 *   When the walk reaches a key, it emits the saved copy if there is one, skips it if ADDED, and
 *   otherwise emits the live value — untouched since the start, or it would be in the log.
 * - Deleted keys keep their place: while a section still has a saved copy of a key, deleting the
 *   key leaves a TOMBSTONE entry in `dict` (database.ts), invisible to every lookup, so that the
 *   walk still reaches it and emits the copy. The snapshot removes ("buries") the tombstone then,
 *   or when the section's walk ends.
 * - Why a log and tombstones rather than emitting the old value at the write: a Map cannot tell
 *   whether its iterator has passed a key, so emitting at the write would emit twice a key the
 *   walk had already emitted, unless every walked key were remembered (a Set of a whole database,
 *   and a Set insertion per key walked — several times the cost of the walk itself). Here the walk
 *   alone emits; a copy saved for a key the walk had already passed is simply never claimed and is
 *   dropped when the section ends.
 * - A section is found by its `dict` Map, not by database number: SWAPDB exchanges Maps between
 *   Database objects, so a write through database 0 may change the Map captured for database 3 (the
 *   key is recorded for database 3, where it was). FLUSHDB/FLUSHALL give the Database new Maps, so
 *   a captured Map simply stops changing.
 *
 * Expired keys are emitted with their deadline, as a forked child would save them; a loader drops
 * them. Keys are emitted database by database; the sink is only ever called from step().
 *
 * Invariant: every key present at the start is emitted exactly once, so when the walk ends
 * `keysEmitted === totalKeys`; step() throws if that ever fails (a write path that bypassed the
 * Database hooks).
 */
import { type Database, type SnapshotTracker, TOMBSTONE, type TombstoneCount } from './database';
import type { Deadline } from './deadline';
import { isString, type Value } from './values';

export interface SnapshotSink {
  /**
   * One key as it was at the instant the snapshot began, called synchronously from step(). The
   * value may be the live one: the sink must encode (copy) it before returning.
   */
  key(dbIndex: number, key: string, value: Value, expireAt: Deadline): void;
}

/** Where a snapshot registers itself and finds the databases (the Keyspace). */
export interface SnapshotRegistry {
  readonly databases: readonly Database[];
  /** The running snapshots; replaced, never mutated, so a write hook may iterate it safely. */
  snapshots: readonly SnapshotTracker[];
}

/** A key's state at the start, saved before its first write: a private copy and its deadline. */
interface Saved {
  readonly value: Value;
  readonly expireAt: Deadline;
}

/** The walk skips the key: absent at the start, or already emitted from its saved copy. */
const SETTLED = 0;

/** One database's share of the snapshot: the Maps it held at the start, and the undo log. */
interface Section {
  readonly dbIndex: number;
  readonly dict: Map<string, Value>;
  readonly expires: Map<string, Deadline>;
  /** The TOMBSTONE count of `dict` (it travels with the Map). */
  readonly tombstones: TombstoneCount;
  /** Keys written since the start: their saved state, or SETTLED. */
  readonly undo: Map<string, Saved | typeof SETTLED>;
  /** The walk's live iterator, created when the walk reaches this section. */
  walk: Iterator<[string, Value]> | null;
}

const RUNNING = 0;
const DONE = 1;
const ABORTED = 2;

/** A copy of a stored value that shares nothing with it. */
function privateCopy(value: Value): Value {
  return isString(value) ? Buffer.from(value) : value.clone();
}

export class Snapshot implements SnapshotTracker {
  /** Per database, its key and TTL counts at the instant the snapshot began. */
  readonly dbSizes: ReadonlyArray<{ readonly keys: number; readonly expires: number }>;
  readonly totalKeys: number;
  private readonly sink: SnapshotSink;
  private readonly registry: SnapshotRegistry;
  /** Sections of databases that had keys, in database order; the walk goes through them in turn. */
  private readonly sections: Section[];
  /** Index in `sections` of the one being walked. */
  private current: number;
  /** Sections not yet walked to their end, by their `dict`: what a write hook looks up. */
  private readonly open: Map<Map<string, Value>, Section>;
  private emitted: number;
  /** Keys whose state was saved before a write (a statistic). */
  private saves: number;
  private state: number;

  /** Use Keyspace.startSnapshot. */
  constructor(registry: SnapshotRegistry, sink: SnapshotSink) {
    this.sink = sink;
    this.registry = registry;
    this.sections = [];
    this.open = new Map();
    this.current = 0;
    this.emitted = 0;
    this.saves = 0;
    const sizes: { keys: number; expires: number }[] = [];
    let total = 0;
    for (const db of registry.databases) {
      const keys = db.size();
      sizes.push({ keys, expires: db.expires.size });
      total += keys;
      if (keys === 0) continue;
      const section: Section = {
        dbIndex: db.index,
        dict: db.dict,
        expires: db.expires,
        tombstones: db.tombstones,
        undo: new Map(),
        walk: null,
      };
      this.sections.push(section);
      this.open.set(section.dict, section);
    }
    this.dbSizes = sizes;
    this.totalKeys = total;
    this.state = total === 0 ? DONE : RUNNING;
    if (this.state === RUNNING) registry.snapshots = [...registry.snapshots, this];
  }

  /** Keys handed to the sink so far. */
  get keysEmitted(): number {
    return this.emitted;
  }

  /** Keys whose state at the start was copied because a write was about to change them. */
  get keysSavedByWrites(): number {
    return this.saves;
  }

  /**
   * Keys the undo logs of the unfinished sections hold (written or added since the start): the
   * memory the snapshot costs beyond its sink, with the saved copies among them.
   */
  get trackedKeys(): number {
    let n = 0;
    for (const section of this.open.values()) n += section.undo.size;
    return n;
  }

  /** True once every key was emitted. */
  get done(): boolean {
    return this.state === DONE;
  }

  /**
   * Emits up to `maxKeys` more keys (it visits at most that many entries, so a slice stays bounded
   * even when many of them are skipped). True once every key was emitted. Throws after abort(),
   * and rethrows what the sink threw (the snapshot is then aborted).
   */
  step(maxKeys: number): boolean {
    if (this.state === DONE) return true;
    if (this.state === ABORTED) throw new Error('snapshot aborted');
    try {
      this.walk(maxKeys);
    } catch (err) {
      // The sink failed: the output is lost, so stop tracking writes at once.
      this.finish(ABORTED);
      throw err;
    }
    if (this.emitted === this.totalKeys) {
      this.finish(DONE);
      return true;
    }
    if (this.current === this.sections.length) {
      const missing = this.totalKeys - this.emitted;
      this.finish(ABORTED);
      throw new Error(`snapshot lost ${missing} keys: a write bypassed the Database hooks`);
    }
    return false;
  }

  /** The body of step(): visits up to `budget` entries, emitting the keys due. */
  private walk(budget: number): void {
    while (budget > 0 && this.emitted !== this.totalKeys) {
      const section = this.sections[this.current];
      if (section === undefined) return;
      if (section.walk === null) section.walk = section.dict.entries();
      const next = section.walk.next();
      if (next.done === true) {
        this.close(section);
        this.current++;
        continue;
      }
      budget--;
      const key = next.value[0];
      const value = next.value[1];
      const undo = section.undo;
      if (undo.size !== 0) {
        const saved = undo.get(key);
        if (saved !== undefined) {
          if (saved === SETTLED) continue;
          undo.set(key, SETTLED);
          this.emit(section.dbIndex, key, saved.value, saved.expireAt);
          if (value === TOMBSTONE) this.bury(section, key);
          continue;
        }
      }
      // A tombstone not in our log is a key deleted before this snapshot began (another one's).
      if (value === TOMBSTONE) continue;
      const at = section.expires.size === 0 ? undefined : section.expires.get(key);
      this.emit(section.dbIndex, key, value, at === undefined ? -1 : at);
    }
  }

  /** Stops tracking writes; the output is incomplete. step() then throws. */
  abort(): void {
    if (this.state === RUNNING) this.finish(ABORTED);
  }

  /**
   * SnapshotTracker: `key` of `dict` is about to change, be deleted, get another TTL or be added.
   * The first time per key: one Map lookup, one log entry, and the copy of its value.
   */
  beforeWrite(dict: Map<string, Value>, key: string): void {
    const section = this.open.get(dict);
    if (section === undefined || section.undo.has(key)) return;
    const value = dict.get(key);
    if (value === undefined || value === TOMBSTONE) {
      section.undo.set(key, SETTLED);
      return;
    }
    const expires = section.expires;
    const at = expires.size === 0 ? undefined : expires.get(key);
    section.undo.set(key, { value: privateCopy(value), expireAt: at === undefined ? -1 : at });
    this.saves++;
  }

  /** SnapshotTracker: true while the walk may still have to emit `key`'s saved copy. */
  keeps(dict: Map<string, Value>, key: string): boolean {
    const section = this.open.get(dict);
    if (section === undefined) return false;
    const saved = section.undo.get(key);
    return saved !== undefined && saved !== SETTLED;
  }

  private emit(dbIndex: number, key: string, value: Value, expireAt: Deadline): void {
    this.emitted++;
    this.sink.key(dbIndex, key, value, expireAt);
  }

  /**
   * Removes `key`'s TOMBSTONE from the section's Map unless another running snapshot still needs
   * it. Like any removal it shifts the entries after it, which SCAN's resume counts as a deletion.
   */
  private bury(section: Section, key: string): void {
    const running = this.registry.snapshots;
    for (let i = 0; i < running.length; i++) {
      if (running[i] !== this && running[i].keeps(section.dict, key)) return;
    }
    section.dict.delete(key);
    section.tombstones.count--;
    for (const db of this.registry.databases) if (db.dict === section.dict) db.deletions++;
  }

  /**
   * The walk of `section` is over, or the snapshot is: stop tracking its writes, and bury the
   * tombstones left for keys the walk had passed before they were deleted.
   */
  private close(section: Section): void {
    if (!this.open.delete(section.dict)) return;
    section.walk = null;
    for (const key of section.undo.keys()) {
      if (section.dict.get(key) === TOMBSTONE) this.bury(section, key);
    }
    section.undo.clear();
  }

  private finish(state: number): void {
    this.state = state;
    this.registry.snapshots = this.registry.snapshots.filter((s) => s !== this);
    for (const section of this.sections) this.close(section);
    this.sections.length = 0;
  }
}
