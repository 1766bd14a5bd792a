/**
 * Writes a point-in-time snapshot of the keyspace as an RDB file, in bounded steps (BGSAVE and a
 * full resync call step() between event-loop turns instead of forking).
 *
 * Layout, as 7.0 writes it: the header and AUX fields at construction; then, for each database,
 * SELECTDB + RESIZEDB (the sizes at the instant the snapshot began) before its first key; then the
 * keys; EOF and the CRC-64 once the snapshot has emitted every key. A database without keys gets
 * no SELECTDB at all.
 *
 * The snapshot hands keys over database by database (snapshot.ts), so each database is selected
 * once, at its first key.
 *
 * Invariant: every key() call encodes the value before returning (the snapshot's contract: the
 * value may change right after), which RdbEncoder.key does — it copies into its own chunks.
 */
import { RdbEncoder, type AuxField, type ByteSink } from '@resplica/rdb';
import type { Deadline } from '../deadline';
import type { Keyspace } from '../keyspace';
import type { Snapshot, SnapshotSink } from '../snapshot';
import type { Value } from '../values';
import { toRdbValue } from './to-rdb';

export interface RdbSnapshotWriterOptions {
  /** AUX fields written after the header, in order (redis-ver, repl-stream-db, …). */
  readonly aux: readonly AuxField[];
  /** LZF-compress long strings and blobs (rdbcompression). */
  readonly compression: boolean;
}

export class RdbSnapshotWriter implements SnapshotSink {
  readonly snapshot: Snapshot;
  private readonly encoder: RdbEncoder;
  /** The database the output has selected; -1 before the first key. */
  private selected: number;
  /** True once EOF and the checksum were written and flushed. */
  private finished: boolean;

  constructor(keyspace: Keyspace, sink: ByteSink, options: RdbSnapshotWriterOptions) {
    this.encoder = new RdbEncoder(sink, { compression: options.compression });
    this.selected = -1;
    this.finished = false;
    this.encoder.header(options.aux);
    this.snapshot = keyspace.startSnapshot(this);
  }

  /** Bytes of RDB produced so far (handed to the sink or still buffered). */
  get bytesWritten(): number {
    return this.encoder.bytesWritten;
  }

  /**
   * Writes up to `maxKeys` more keys of the snapshot; true once the file is complete (EOF and
   * checksum written and flushed to the sink). Calling it again after that does nothing.
   */
  step(maxKeys: number): boolean {
    if (this.finished) return true;
    if (!this.snapshot.step(maxKeys)) return false;
    this.encoder.finish();
    this.finished = true;
    return true;
  }

  /** Stops the snapshot (writes stop being tracked); the output is left incomplete. */
  abort(): void {
    this.snapshot.abort();
  }

  /** SnapshotSink: one key as it was when the snapshot began. */
  key(dbIndex: number, key: string, value: Value, expireAt: Deadline): void {
    if (dbIndex !== this.selected) {
      this.encoder.selectDb(dbIndex, this.snapshot.dbSizes[dbIndex]);
      this.selected = dbIndex;
    }
    this.encoder.key(key, toRdbValue(value), expireAt);
  }
}
