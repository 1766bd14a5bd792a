/**
 * Loads decoded RDB keys into a Keyspace (an RdbDecoder handler): a file at start-up, or a full
 * sync payload on a replica.
 *
 * Rules, as 7.0's rdbLoad applies them, in this order per key:
 * - an empty collection is skipped and counted (Redis tolerates them: an old bug wrote some).
 *   RdbDecoder already drops them itself, so through it `emptySkipped` stays 0; the check keeps
 *   any other RdbHandler source from storing an empty value, which the keyspace never holds;
 * - with `dropExpired` (a master loading its own file) a key whose deadline is already before
 *   `now` is skipped and counted; a replica keeps it and waits for its master's DEL;
 * - a key already loaded in the same database is refused (RdbError 'corrupt'; Redis panics) — after
 *   its value was built and stored over the first one: the load has failed either way;
 * - a database index beyond the keyspace is refused (RdbError 'corrupt'; Redis exits).
 *
 * Loaded keys do not count as changes: `keyspace.dirty` is left alone (Redis resets dirty after a
 * load). Values are built with the keyspace's encoding limits (from-rdb.ts). Every AUX field is
 * kept by name (latin1), so the caller can read repl-id, repl-offset and repl-stream-db.
 */
import { RdbError, type DecodedValue, type RdbExpire, type RdbHandler } from '@resplica/rdb';
import { deadlineOf } from '../deadline';
import type { Database } from '../database';
import type { Keyspace } from '../keyspace';
import { keyOf, ownBytes } from '../values';
import { decodedSize, fromRdbValue } from './from-rdb';

export interface KeyspaceLoaderOptions {
  /** Unix ms the expiry test uses (one instant for the whole load, as Redis). */
  readonly now: number;
  /** Skip keys already expired (a master loading a file); false on a replica. */
  readonly dropExpired: boolean;
}

export class KeyspaceLoader implements RdbHandler {
  /** Keys stored so far. */
  keysLoaded: number;
  /** Keys skipped because they had expired (dropExpired only). */
  expiredSkipped: number;
  /** Empty collections skipped. */
  emptySkipped: number;
  /** AUX fields by name (`aux` itself is the RdbHandler method that receives them). */
  readonly auxFields: Map<string, Buffer>;
  private readonly keyspace: Keyspace;
  private readonly now: number;
  private readonly dropExpired: boolean;

  constructor(keyspace: Keyspace, options: KeyspaceLoaderOptions) {
    this.keysLoaded = 0;
    this.expiredSkipped = 0;
    this.emptySkipped = 0;
    this.auxFields = new Map();
    this.keyspace = keyspace;
    this.now = options.now;
    this.dropExpired = options.dropExpired;
  }

  /** RdbHandler: an AUX field (kept; the caller reads the ones it needs). */
  aux(name: Buffer, value: Buffer): void {
    this.auxFields.set(keyOf(name), ownBytes(value));
  }

  /** RdbHandler: refuses a database this keyspace does not have before any of its keys. */
  selectDb(index: number): void {
    this.database(index);
  }

  /** RdbHandler: one key of database `dbIndex`. */
  key(dbIndex: number, key: string, value: DecodedValue, expireAt: RdbExpire): void {
    const db = this.database(dbIndex);
    if (decodedSize(value) === 0) {
      this.emptySkipped++;
      return;
    }
    if (this.dropExpired && expireAt !== -1 && expireAt < this.now) {
      this.expiredSkipped++;
      return;
    }
    const stored = fromRdbValue(value, this.keyspace.encodingLimits);
    // One hash lookup per key, not has() then set(): a Map that did not grow means the key was
    // already there (the load fails then, so the overwritten value does not matter). A running
    // snapshot may keep a TOMBSTONE for a deleted key, which set() replaces without growing the
    // Map; only then is the key looked up first.
    const snapshotting = this.keyspace.snapshots.length !== 0;
    if (snapshotting && db.has(key)) throw duplicateKey(dbIndex, key);
    const sizeBefore = db.dict.size;
    db.set(key, stored);
    if (!snapshotting && db.dict.size === sizeBefore) throw duplicateKey(dbIndex, key);
    if (expireAt !== -1) db.setExpire(key, typeof expireAt === 'bigint' ? deadlineOf(expireAt) : expireAt);
    this.keysLoaded++;
  }

  private database(index: number): Database {
    const db = this.keyspace.databases[index];
    if (db === undefined) {
      throw new RdbError('corrupt', `db index ${index} is beyond the ${this.keyspace.databases.length} databases`);
    }
    return db;
  }
}

/** A key for an error message: at most 64 chars, non-printable bytes escaped. */
function printable(key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return JSON.stringify(shown);
}

function duplicateKey(dbIndex: number, key: string): RdbError {
  return new RdbError('corrupt', `duplicate key in db ${dbIndex}: ${printable(key)}`);
}
