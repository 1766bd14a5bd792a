/**
 * RdbEncoder: writes an RDB file (version 10, as Redis 7.0 writes it; spec §8) to a ByteSink, key by
 * key, so a snapshot can be streamed to a file or a replica socket without holding it whole.
 *
 * Layout: "REDIS0010", AUX fields, then per database SELECTDB [RESIZEDB] and its keys, then EOF and
 * the CRC-64 of everything before it (little-endian). Values use the type ids and inner encodings
 * 7.0 writes (see value-write.ts).
 *
 * Invariant: calls come in file order — header, then any mix of selectDb/key, then finish — and
 * nothing may be written after finish. The encoder checks that order, since a file written out of
 * order loads as garbage or not at all.
 */
import { ChunkWriter } from './chunk-writer';
import type { ByteSink } from './chunk-writer';
import { OPCODE, RDB_VERSION } from './constants';
import type { RdbBytes, RdbExpire, RdbValue } from './model';
import { ValueWriter, typeIdOf } from './value-write';

export type { ByteSink } from './chunk-writer';

/** One AUX field: a name and its value (a number is written as its decimal text, like 7.0's). */
export type AuxField = readonly [name: string, value: string | number];

export interface RdbEncoderOptions {
  /** rdbcompression: LZF-compress strings and blobs where that saves space. @default true */
  compression?: boolean;
  /** Largest chunk handed to the sink (at least 64). @default 65536 */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;
const MAGIC = 'REDIS' + String(RDB_VERSION).padStart(4, '0');

const STATE = { start: 0, body: 1, finished: 2 } as const;
type State = (typeof STATE)[keyof typeof STATE];

export class RdbEncoder {
  private readonly out: ChunkWriter;
  private readonly values: ValueWriter;
  private state: State = STATE.start;

  constructor(sink: ByteSink, options: RdbEncoderOptions = {}) {
    this.out = new ChunkWriter(sink, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.values = new ValueWriter(this.out, options.compression ?? true);
  }

  /** Bytes encoded so far (handed to the sink or still buffered). */
  get bytesWritten(): number {
    return this.out.bytesWritten;
  }

  /** Writes the magic and version, then each AUX field in the given order. */
  header(aux: readonly AuxField[]): void {
    this.expect(STATE.start, 'header');
    this.out.writeLatin1(MAGIC);
    for (const [name, value] of aux) {
      this.out.writeByte(OPCODE.aux);
      this.values.writeString(name);
      this.values.writeString(typeof value === 'number' ? String(value) : value);
    }
    this.state = STATE.body;
  }

  /**
   * Switches to database `index` (SELECTDB); with `resize`, also writes RESIZEDB with the key and
   * expiry counts (a sizing hint for the loader). Databases without keys need no SELECTDB at all.
   */
  selectDb(index: number, resize?: { keys: number; expires: number }): void {
    this.expect(STATE.body, 'selectDb');
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`invalid database index ${index}`);
    this.out.writeByte(OPCODE.selectDb);
    this.out.writeLength(index);
    if (resize) {
      this.out.writeByte(OPCODE.resizeDb);
      this.out.writeLength(resize.keys);
      this.out.writeLength(resize.expires);
    }
  }

  /** Writes one key: EXPIRETIME_MS (unless `expireAt` is -1), the type id, the key, the value. */
  key(key: RdbBytes, value: RdbValue, expireAt: RdbExpire): void {
    this.expect(STATE.body, 'key');
    const type = typeIdOf(value);
    if (expireAt !== -1 && expireAt !== -1n) {
      this.out.writeByte(OPCODE.expireTimeMs);
      this.out.writeInt64LE(expireAt);
    }
    this.out.writeByte(type);
    this.values.writeString(key);
    this.values.writeBody(value);
  }

  /** Writes EOF and the CRC-64 trailer, then hands every byte to the sink. */
  finish(): void {
    this.expect(STATE.body, 'finish');
    this.out.writeByte(OPCODE.eof);
    this.out.writeCrc();
    this.out.flush();
    this.state = STATE.finished;
  }

  /** Hands every buffered byte to the sink (in chunks of at most `chunkBytes`). */
  flush(): void {
    this.out.flush();
  }

  private expect(state: State, call: string): void {
    if (this.state !== state) {
      const where = this.state === STATE.start ? 'before header()' : this.state === STATE.body ? 'after header()' : 'after finish()';
      throw new Error(`RdbEncoder.${call}() called ${where}`);
    }
  }
}
