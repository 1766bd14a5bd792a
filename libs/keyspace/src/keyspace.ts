/**
 * The whole dataset: the numbered databases, the dirty counter, expiry policy and statistics, and the
 * active expire cycle.
 *
 * Active expiry follows Redis 6+/7.0's slow cycle: each database's `expires` Map is walked by a
 * persistent iterator, 20 keys per loop; a database is looped again while more than 10% of the keys
 * sampled in a loop were expired, and the whole cycle stops once its time budget is spent (checked
 * every 16 loops, as Redis does). Replicas never expire keys themselves: they wait for the master's
 * DEL, and only hide logically expired keys from reads.
 *
 * Invariant: the expiry decision uses the `now` passed in (one instant per call, testable); only the
 * time budget uses the monotonic clock.
 */
import { Database, type DatabaseOwner, type SnapshotTracker } from './database';
import { approximateMs } from './deadline';
import { NOTIFY, type NotifyClass } from './notify';
import { Snapshot, type SnapshotSink } from './snapshot';
import { DEFAULT_ENCODING_LIMITS, type EncodingLimits } from './types/collection';

export { Database } from './database';
export type { Watcher } from './database';
export { keyOf, keyBytes } from './values';
export type { StringValue, Value } from './values';

/** What the server does with keyspace events. */
export interface KeyspaceHooks {
  /** The master's side of expiry: it propagates `DEL key` for every key that expired. */
  expired(dbIndex: number, key: string): void;
  /** A keyspace notification whose class is enabled in `notifyMask` (the server publishes it). */
  notify?(cls: NotifyClass, event: string, key: string, dbIndex: number): void;
  /** A key in Database.blockingKeys was created or replaced: blocked clients may be served. */
  keyReady?(dbIndex: number, key: string): void;
}

/** Counters INFO stats reports. */
export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  /** expired_stale_perc: running estimate of the share of TTL keys that are already expired. */
  expiredStalePerc: number;
  /** expired_time_cap_reached_count. */
  expiredTimeCapReachedCount: number;
  /** expire_cycle_cpu_milliseconds. */
  expireCycleCpuMilliseconds: number;
}

export interface KeyspaceOptions {
  databases: number;
  hooks?: KeyspaceHooks;
  /** Monotonic milliseconds for the expire cycle's budget; performance.now by default (tests fake it). */
  monotonicMs?: () => number;
}

/** Keys sampled per loop of the active cycle (Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
const KEYS_PER_LOOP = 20;
/** Loop a database again while more than this percentage of a sample was expired. */
const ACCEPTABLE_STALE_PERCENT = 10;
/** The budget is checked every this many loops (a clock read per sample would cost more). */
const LOOPS_PER_TIME_CHECK = 16;

export class Keyspace implements DatabaseOwner {
  readonly databases: readonly Database[];
  /** As Redis's server.dirty: changes since the last save; handlers add their changes. */
  dirty: number;
  /** True on a replica: expired keys are hidden from reads, never deleted here. */
  replicaMode: boolean;
  /** True when maxmemory-policy is an LFU one (OBJECT FREQ needs it). */
  lfuPolicy: boolean;
  readonly stats: KeyspaceStats;
  /** Enabled notify-keyspace-events classes (NOTIFY bits); 0 = notifications off. */
  notifyMask: number;
  /** Running snapshots (startSnapshot); replaced, never mutated, when one starts or ends. */
  snapshots: readonly SnapshotTracker[];
  /** The compact-encoding thresholds (zset-max-listpack-entries, …); CONFIG SET edits it in place. */
  readonly encodingLimits: EncodingLimits;
  private readonly hooks: KeyspaceHooks | undefined;
  private readonly monotonicMs: () => number;
  /** The database the next active cycle starts with (Redis keeps this across calls too). */
  private nextCycleDb: number;

  constructor(options: KeyspaceOptions) {
    const dbs: Database[] = [];
    for (let i = 0; i < options.databases; i++) dbs.push(new Database(i, this));
    this.databases = dbs;
    this.dirty = 0;
    this.replicaMode = false;
    this.lfuPolicy = false;
    this.notifyMask = 0;
    this.snapshots = [];
    this.encodingLimits = { ...DEFAULT_ENCODING_LIMITS };
    this.stats = {
      expiredKeys: 0,
      keyspaceHits: 0,
      keyspaceMisses: 0,
      expiredStalePerc: 0,
      expiredTimeCapReachedCount: 0,
      expireCycleCpuMilliseconds: 0,
    };
    this.hooks = options.hooks;
    this.monotonicMs = options.monotonicMs ?? performance.now.bind(performance);
    this.nextCycleDb = 0;
  }

  /**
   * DatabaseOwner: a key expired in database `dbIndex` (lazily or actively): the `expired` event,
   * then the master propagates its DEL.
   */
  onExpired(dbIndex: number, key: string): void {
    if ((this.notifyMask & NOTIFY.expired) !== 0) this.notify(NOTIFY.expired, 'expired', key, dbIndex);
    if (this.hooks !== undefined) this.hooks.expired(dbIndex, key);
  }

  /** DatabaseOwner: a key clients are blocked on was created or replaced; the server serves them. */
  onKeyReady(dbIndex: number, key: string): void {
    if (this.hooks !== undefined && this.hooks.keyReady !== undefined) this.hooks.keyReady(dbIndex, key);
  }

  /**
   * Emits a keyspace notification (Redis's notifyKeyspaceEvent): handlers call it after each change
   * with the event name Redis 7.0 uses (`set`, `del`, `expire`, `lpush`, …). Free when disabled.
   */
  notify(cls: NotifyClass, event: string, key: string, dbIndex: number): void {
    if ((this.notifyMask & cls) === 0 || this.hooks === undefined || this.hooks.notify === undefined) return;
    this.hooks.notify(cls, event, key, dbIndex);
  }

  /**
   * One run of the active expire cycle, called by the server cron (hz 10) with the cached time and a
   * budget in ms (Redis gives 25% of the cron period).
   */
  activeExpireCycle(now: number, budgetMs: number): void {
    if (this.replicaMode) return;
    const started = this.monotonicMs();
    const n = this.databases.length;
    let sampledTotal = 0;
    let expiredTotal = 0;
    let loops = 0;
    let timedOut = false;
    for (let d = 0; d < n && !timedOut; d++) {
      const db = this.databases[this.nextCycleDb];
      this.nextCycleDb = (this.nextCycleDb + 1) % n;
      for (;;) {
        if (db.expires.size === 0) {
          db.avgTtlEstimate = 0;
          break;
        }
        const r = this.sampleOnce(db, now);
        sampledTotal += r.sampled;
        expiredTotal += r.expired;
        loops++;
        if (loops % LOOPS_PER_TIME_CHECK === 0 && this.monotonicMs() - started > budgetMs) {
          timedOut = true;
          this.stats.expiredTimeCapReachedCount++;
          break;
        }
        if (r.sampled !== 0 && (r.expired * 100) / r.sampled <= ACCEPTABLE_STALE_PERCENT) break;
      }
    }
    this.stats.expireCycleCpuMilliseconds += Math.round(this.monotonicMs() - started);
    const current = sampledTotal === 0 ? 0 : expiredTotal / sampledTotal;
    this.stats.expiredStalePerc = current * 0.05 + this.stats.expiredStalePerc * 0.95;
  }

  /**
   * Samples up to KEYS_PER_LOOP keys of db's expires from its persistent cursor, expiring those due,
   * and folds the TTLs of the live ones into the db's avg_ttl estimate (Redis's 2% blend).
   */
  private sampleOnce(db: Database, now: number): { sampled: number; expired: number } {
    const want = Math.min(KEYS_PER_LOOP, db.expires.size);
    let sampled = 0;
    let expired = 0;
    let ttlSum = 0;
    let ttlSamples = 0;
    let wrapped = false;
    while (sampled < want) {
      if (db.expireCursor === null) db.expireCursor = db.expires.entries();
      const step = db.expireCursor.next();
      if (step.done === true) {
        db.expireCursor = null;
        // One wrap per loop: if the Map emptied under us, stop instead of spinning.
        if (wrapped) break;
        wrapped = true;
        continue;
      }
      sampled++;
      const [key, at] = step.value;
      if (at < now) {
        db.expireNow(key);
        expired++;
      } else {
        ttlSum += approximateMs(at) - now;
        ttlSamples++;
      }
    }
    if (ttlSamples > 0) {
      const avg = ttlSum / ttlSamples;
      db.avgTtlEstimate = db.avgTtlEstimate === 0 ? avg : (db.avgTtlEstimate / 50) * 49 + avg / 50;
    }
    return { sampled, expired };
  }

  /**
   * Starts a point-in-time snapshot of every database (snapshot.ts): nothing is copied now; the
   * caller drives it with step() between event-loop turns, and writes meanwhile save a copy of each
   * key they are about to change, the first time.
   */
  startSnapshot(sink: SnapshotSink): Snapshot {
    return new Snapshot(this, sink);
  }

  /** FLUSHALL: empties every database; returns the number of keys removed. */
  flushAll(): number {
    let n = 0;
    for (const db of this.databases) n += db.flush();
    return n;
  }

  /**
   * A replica's full sync with `repl-diskless-load swapdb`: the dataset loaded beside this one (in
   * `loaded`, a keyspace with as many databases) replaces it in one step, database by database as
   * SWAPDB does, so clients read the old data until this call and the new data right after it.
   * Watchers of keys in either dataset are marked dirty; `loaded` is left holding the old data.
   */
  adoptDataset(loaded: Keyspace): void {
    const n = Math.min(this.databases.length, loaded.databases.length);
    for (let i = 0; i < n; i++) {
      const mine = this.databases[i];
      const theirs = loaded.databases[i];
      mine.touchAllWatched(theirs);
      mine.swapContents(theirs);
      mine.signalBlockingKeysPresent();
    }
  }

  /** SWAPDB: exchanges the contents of two databases; watchers of keys in either are marked dirty. */
  swap(a: number, b: number): void {
    if (a === b) return;
    const da = this.databases[a];
    const db = this.databases[b];
    da.touchAllWatched(db);
    db.touchAllWatched(da);
    da.swapContents(db);
    // As Redis's scanDatabaseForReadyKeys: keys moved in under blocked clients may serve them.
    da.signalBlockingKeysPresent();
    db.signalBlockingKeysPresent();
  }
}
