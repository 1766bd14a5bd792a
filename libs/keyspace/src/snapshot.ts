/**
 * Point-in-time snapshots without fork (ARCHITECTURE.md decision 4): every key as it was at the
 * instant `Keyspace.startSnapshot` ran, handed to a sink in bounded slices between event-loop turns
 * while clients keep reading and writing.
 *
 * How
 * - At the start nothing is copied: for each database with keys, the snapshot keeps a reference to
 *   its `dict` and `expires` Maps (a "section") and their sizes.
 * - `step(n)` walks the sections in database order with a live Map iterator and emits each key it
 *   meets that is not yet settled (see below).
 * - Copy-on-write: the Database calls `beforeWrite(dict, key)` before anything changes a key of
 *   `dict` (its value in place, its replacement, its deletion, its TTL) or adds one (the invariant
 *   at the top of database.ts). If `dict` is a section not yet finished and the key is not settled,
 *   the key is emitted there and then, with its current (= original) value and deadline; either way
 *   it becomes settled, so a key added during the snapshot is never emitted.
 * - A section is looked up by its `dict` Map, not by the database number: SWAPDB exchanges the Maps
 *   between Database objects, so a write through database 0 may change the Map captured for
 *   database 3, and the key is then emitted for database 3, where it was. FLUSHDB/FLUSHALL give the
 *   Database new Maps, so a captured Map is simply never written again.
 * - Settled keys: a section's `settled` Set holds the keys emitted before a write, the keys added
 *   since the start, and — once the walk reaches the section — the keys the walk emitted. The last
 *   part is what makes emission at most once: a write to a key the walk already emitted must not
 *   emit it again, and a Map cannot tell whether its iterator has passed a key. It is dropped as
 *   soon as the section's walk ends, so the extra memory is one Set entry per key written during
 *   the snapshot, plus one per key of the database being walked (see trackedKeys).
 *
 * Expired keys are emitted with their deadline, as a forked child would save them; a loader drops
 * them. Emission order is free: a write may force a key of database 3 out while the walk is in
 * database 0.
 *
 * Invariant: every key present at the start is emitted exactly once, so when the walk ends
 * `keysEmitted === totalKeys`; step() throws if that ever fails (a write path that bypassed the
 * Database hooks).
 */
import type { Database, SnapshotTracker } from './database';
import type { Deadline } from './deadline';
import type { Value } from './values';

export interface SnapshotSink {
  /**
   * One key as it was at the instant the snapshot began. Called synchronously from step() or from
   * a write that is about to change or delete the key: the sink must encode (copy) the value before
   * returning, since it may change right after. It must not throw from a write (an error there
   * aborts the snapshot, and step() rethrows it).
   */
  key(dbIndex: number, key: string, value: Value, expireAt: Deadline): void;
}

/** Where the snapshot keeps its list of running snapshots (the Keyspace). */
export interface SnapshotRegistry {
  readonly databases: readonly Database[];
  /** The running snapshots; replaced, never mutated, so a write hook may iterate it safely. */
  snapshots: readonly SnapshotTracker[];
}

/** One database's share of the snapshot: the Maps it held at the start. */
interface Section {
  readonly dbIndex: number;
  readonly dict: Map<string, Value>;
  readonly expires: Map<string, Deadline>;
  /** Keys the walk must skip: already emitted, or added after the start. */
  readonly settled: Set<string>;
  /** The walk's live iterator, created when the walk reaches this section. */
  walk: Iterator<[string, Value]> | null;
}

const RUNNING = 0;
const DONE = 1;
const ABORTED = 2;

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
  /** Unfinished sections by their `dict`: what a write hook looks up. */
  private readonly open: Map<Map<string, Value>, Section>;
  private emitted: number;
  /** Keys emitted because a write was about to change them (a statistic). */
  private forced: number;
  private state: number;
  /** What the sink threw from a write hook (step() rethrows it). */
  private failure: unknown;

  /** Use Keyspace.startSnapshot. */
  constructor(registry: SnapshotRegistry, sink: SnapshotSink) {
    this.sink = sink;
    this.registry = registry;
    this.sections = [];
    this.open = new Map();
    this.current = 0;
    this.emitted = 0;
    this.forced = 0;
    this.failure = undefined;
    const sizes: { keys: number; expires: number }[] = [];
    let total = 0;
    for (const db of registry.databases) {
      const keys = db.dict.size;
      sizes.push({ keys, expires: db.expires.size });
      total += keys;
      if (keys === 0) continue;
      const section: Section = { dbIndex: db.index, dict: db.dict, expires: db.expires, settled: new Set(), walk: null };
      this.sections.push(section);
      this.open.set(section.dict, section);
    }
    this.dbSizes = sizes;
    this.totalKeys = total;
    this.state = total === 0 ? DONE : RUNNING;
    if (this.state === RUNNING) registry.snapshots = [...registry.snapshots, this];
  }

  /** Keys handed to the sink so far (by step() or before a write). */
  get keysEmitted(): number {
    return this.emitted;
  }

  /** Keys emitted early because a write was about to change or delete them. */
  get keysForcedByWrites(): number {
    return this.forced;
  }

  /**
   * Keys currently remembered as settled in unfinished sections: the memory the snapshot costs
   * beyond its sink (written and added keys, plus the walked part of the current database).
   */
  get trackedKeys(): number {
    let n = 0;
    for (const section of this.open.values()) n += section.settled.size;
    return n;
  }

  /** True once every key was emitted. */
  get done(): boolean {
    return this.state === DONE;
  }

  /**
   * Emits up to `maxKeys` more keys (it visits at most that many entries, so a slice stays bounded
   * even when most of them were settled by writes). True once every key was emitted. Throws after
   * abort(), or what the sink threw.
   */
  step(maxKeys: number): boolean {
    if (this.state === DONE) return true;
    if (this.state === ABORTED) throw this.failure ?? new Error('snapshot aborted');
    let budget = maxKeys;
    while (budget > 0 && this.emitted !== this.totalKeys) {
      const section = this.sections[this.current];
      if (section === undefined) break;
      if (section.walk === null) section.walk = section.dict.entries();
      const next = section.walk.next();
      if (next.done === true) {
        this.close(section);
        this.current++;
        continue;
      }
      budget--;
      const entry = next.value;
      const settled = section.settled;
      const before = settled.size;
      settled.add(entry[0]);
      if (settled.size === before) continue;
      this.emit(section, entry[0], entry[1]);
    }
    if (this.emitted === this.totalKeys) {
      this.finish();
      return true;
    }
    if (this.current === this.sections.length) {
      const missing = this.totalKeys - this.emitted;
      this.abort();
      throw new Error(`snapshot lost ${missing} keys: a write bypassed the Database hooks`);
    }
    return false;
  }

  /** Stops tracking writes; the output is incomplete. step() then throws. */
  abort(): void {
    if (this.state !== RUNNING) return;
    this.state = ABORTED;
    this.release();
  }

  /**
   * SnapshotTracker: `key` of `dict` is about to change, be deleted, get another TTL or be added.
   * O(1): one Map lookup, one Set insertion, and the key's encoding when it must be emitted.
   */
  beforeWrite(dict: Map<string, Value>, key: string): void {
    const section = this.open.get(dict);
    if (section === undefined) return;
    const settled = section.settled;
    const before = settled.size;
    settled.add(key);
    if (settled.size === before) return;
    const value = dict.get(key);
    if (value === undefined) return;
    this.forced++;
    try {
      this.emit(section, key, value);
    } catch (err) {
      // The write must go on whatever the sink does; the snapshot is lost, step() reports why.
      this.failure = err;
      this.abort();
    }
  }

  private emit(section: Section, key: string, value: Value): void {
    const expires = section.expires;
    const at = expires.size === 0 ? undefined : expires.get(key);
    this.emitted++;
    this.sink.key(section.dbIndex, key, value, at === undefined ? -1 : at);
  }

  /** The walk of `section` is over: every key is out, stop tracking its writes. */
  private close(section: Section): void {
    this.open.delete(section.dict);
    section.walk = null;
  }

  private finish(): void {
    this.state = DONE;
    this.release();
  }

  /** Unregisters the write hook and drops every section (and the Maps they hold). */
  private release(): void {
    const running = this.registry.snapshots;
    this.registry.snapshots = running.filter((s) => s !== this);
    this.open.clear();
    this.sections.length = 0;
  }
}
