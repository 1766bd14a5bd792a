/**
 * RdbDecoder: a push parser for whole RDB files (spec §8): the snapshot loaded at start-up and the
 * payload of a replica's full sync. It takes chunks of any size and hands each key to a handler as
 * soon as its value is complete; only the value being decoded is held in memory.
 *
 * Design. The file grammar is written as one generator (`records`) with the value bodies in
 * value-read.ts and skip-read.ts. Every read is a "try" on a ReadCursor that consumes a whole unit
 * or yields the exact byte count it needs. The driver (`pump`) queues incoming chunks and resumes
 * the generator once that many bytes are available, first making them contiguous: by switching to
 * the next chunk when the cursor's buffer is used up, or else by copying the few bytes left in the
 * old buffer plus just enough from the queue into a fresh buffer (a "stitch"). Each input byte is
 * therefore copied at most once more, and an element loop resumes mid-value, so decoding is
 * linear however the input is chunked. A length that no real file has waits for its bytes instead
 * of allocating them up front; a truncated file then fails in end().
 *
 * CRC-64: the running checksum covers each byte once, from the buffer it is consumed in: the part
 * of the cursor's buffer consumed since the last checkpoint is folded in whenever the generator
 * yields, and once more right after the EOF opcode, where the checksum is frozen.
 */
import { OPCODE, RDB_VERSION, TYPE } from './constants';
import { Crc64 } from './crc64';
import { NEED, ReadCursor } from './cursor-read';
import { RdbError } from './errors';
import type { DecodedValue, RdbExpire } from './model';
import { Skipper } from './skip-read';
import { ValueReader, isDecodableType } from './value-read';
import { SLAB_BYTES, UNSLABBED, ValueSlab } from './value-slab';

/**
 * What the decoder reports. Keys come as latin1 strings (one char per byte, binary-safe): the form
 * the keyspace stores them in, decoded straight from the input without an intermediate Buffer.
 */
export interface RdbHandler {
  aux?(name: Buffer, value: Buffer): void;
  selectDb?(index: number): void;
  resizeDb?(keys: number, expires: number): void;
  key(dbIndex: number, key: string, value: DecodedValue, expireAt: RdbExpire): void;
  /** A construct skipped because this server cannot hold it (stream key, module value or aux,
   *  function library), named. Without this method the decoder throws RdbError('unsupported'). */
  skipped?(what: string, key: string | null): void;
}

export interface RdbDecoderOptions {
  /** SELECTDB beyond this count is corrupt (a real server exits). Default 16. */
  databases?: number;
  /** Compare the CRC-64 trailer with the bytes (a stored 0 means "not computed"). Default true. */
  verifyChecksum?: boolean;
}

const HEADER_BYTES = 9;
const SIGNATURE = 'REDIS';
/** The trailer after EOF, in files of version 5 and later. */
const CHECKSUM_BYTES = 8;
const FIRST_CHECKSUMMED_VERSION = 5;
const DEFAULT_DATABASES = 16;
/** Longest key shown in an error message. */
const MESSAGE_KEY_CHARS = 64;

/** The key as an operator would type it: printable ASCII as is, other bytes as \xNN. */
function printableKey(key: string): string {
  let out = '';
  const end = Math.min(key.length, MESSAGE_KEY_CHARS);
  for (let i = 0; i < end; i++) {
    const b = key.charCodeAt(i);
    out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0');
  }
  return key.length > end ? `${out}…` : out;
}

/** The 8-byte signed little-endian EXPIRETIME_MS: a number when exact, else a bigint. */
function readExpireMs(buf: Buffer, at: number): RdbExpire {
  const hi = buf.readInt32LE(at + 4);
  const lo = buf.readUInt32LE(at);
  // |value| < 2^53 exactly when the high word is within ±2^21.
  if (hi >= -0x200000 && hi < 0x200000) return hi * 0x100000000 + lo;
  return buf.readBigInt64LE(at);
}

export class RdbDecoder {
  private readonly cursor = new ReadCursor(new ValueSlab(SLAB_BYTES));
  private readonly values: ValueReader;
  private readonly skipper: Skipper;
  private readonly steps: Generator<number, void, void>;
  private readonly databases: number;
  private readonly crc: Crc64 | null;
  /** Start of the cursor buffer's bytes not yet folded into the CRC; -1 once it is frozen. */
  private crcMark = 0;
  /** Chunks pushed but not yet reached by the cursor, from `queueHead`; `queued` bytes in all. */
  private queue: Buffer[] = [];
  private queueHead = 0;
  private queued = 0;
  /** Bytes the generator needs contiguous at the cursor before it can go on. */
  private waiting = 0;
  private received = 0;
  private fileEnd = -1;
  private failure: unknown = null;
  /** The key whose value is being read, and where its record starts (for error messages). */
  private currentKey: string | null = null;
  private currentKeyAt = 0;
  private versionRead = 0;

  constructor(
    private readonly handler: RdbHandler,
    options: RdbDecoderOptions = {},
  ) {
    this.databases = options.databases ?? DEFAULT_DATABASES;
    this.crc = options.verifyChecksum === false ? null : new Crc64();
    this.values = new ValueReader(this.cursor);
    this.skipper = new Skipper(this.cursor);
    this.steps = this.records();
  }

  /** True once the EOF opcode (and checksum) was consumed. */
  get done(): boolean {
    return this.fileEnd >= 0;
  }

  /** Bytes of the file consumed so far (the whole file once done). */
  get bytesConsumed(): number {
    return this.done ? this.fileEnd : this.cursor.offset();
  }

  /** The file's format version; 0 until the header is read. */
  get version(): number {
    return this.versionRead;
  }

  /**
   * Feeds the next chunk and decodes every key it completes. Returns the bytes of `chunk` that
   * belong to the file: all of them, unless the file ended inside it (the rest is whatever follows
   * the RDB, e.g. a replication stream), and 0 once the file has ended. The decoder may keep a view
   * of `chunk` until its bytes are consumed: do not modify it after the call. An error (RdbError,
   * or whatever the handler threw) is thrown again by every later push() and end().
   */
  push(chunk: Buffer): number {
    if (this.failure !== null) throw this.failure;
    if (this.done || chunk.length === 0) return 0;
    const chunkStart = this.received;
    this.received += chunk.length;
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.pump();
    if (!this.done) return chunk.length;
    return Math.max(0, Math.min(chunk.length, this.fileEnd - chunkStart));
  }

  /** Declares the input complete: throws RdbError('truncated') unless the whole file was read. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    if (this.done) return;
    const at = this.cursor.offset();
    const inKey = this.currentKey ? ` in the value of key "${printableKey(this.currentKey)}"` : '';
    this.failure = new RdbError(
      'truncated',
      this.versionRead === 0
        ? `input ended after ${this.received} bytes, inside the RDB header`
        : `RDB ended after ${this.received} bytes, inside the unit at byte ${at}${inKey}`,
    );
    throw this.failure;
  }

  /** Resumes the generator for as long as the bytes it waits for are available. */
  private pump(): void {
    const c = this.cursor;
    while (c.buf.length - c.pos + this.queued >= this.waiting) {
      this.gather(this.waiting);
      let step: IteratorResult<number, void>;
      try {
        step = this.steps.next();
      } catch (err) {
        this.failure = this.annotate(err);
        throw this.failure;
      }
      if (step.done) {
        this.fileEnd = c.offset();
        this.queue = [];
        this.queued = 0;
        return;
      }
      this.waiting = step.value;
      if (this.crc !== null && this.crcMark >= 0) {
        this.crc.update(c.buf, this.crcMark, c.pos);
        this.crcMark = c.pos;
      }
    }
  }

  /** Makes `need` bytes contiguous at the cursor (the caller checked they are available). */
  private gather(need: number): void {
    const c = this.cursor;
    const rest = c.buf.length - c.pos;
    if (rest >= need) return;
    const queue = this.queue;
    const restBase = c.offset();
    const frozen = this.crcMark < 0;
    if (rest === 0 && queue[this.queueHead].length >= need) {
      c.reset(queue[this.queueHead], restBase, false);
      this.queued -= c.buf.length;
      this.dropHead();
    } else {
      const out = Buffer.allocUnsafe(need);
      c.buf.copy(out, 0, c.pos);
      let filled = rest;
      while (filled < need) {
        const head = queue[this.queueHead];
        const n = Math.min(head.length, need - filled);
        head.copy(out, filled, 0, n);
        filled += n;
        this.queued -= n;
        if (n === head.length) this.dropHead();
        else queue[this.queueHead] = head.subarray(n);
      }
      c.reset(out, restBase, true);
    }
    if (!frozen) this.crcMark = 0;
  }

  private dropHead(): void {
    this.queueHead++;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
  }

  /** Adds the key being read to an RdbError's message. */
  private annotate(err: unknown): unknown {
    if (!(err instanceof RdbError) || this.currentKey === null) return err;
    const where = `in the value of key "${printableKey(this.currentKey)}" (value type at byte ${this.currentKeyAt})`;
    return new RdbError(err.code, `${err.message} ${where}`);
  }

  /** Folds the bytes up to the cursor into the CRC and stops counting: called right after EOF. */
  private freezeCrc(): void {
    const c = this.cursor;
    if (this.crc !== null) this.crc.update(c.buf, this.crcMark, c.pos);
    this.crcMark = -1;
  }

  /** The file: header, then opcodes and keys until EOF and the checksum. */
  private *records(): Generator<number, void, void> {
    const c = this.cursor;
    const handler = this.handler;
    let at: number;
    while ((at = c.tryFixed(HEADER_BYTES)) === NEED) yield c.need;
    this.versionRead = readVersion(c.buf, at);
    let db = 0;
    let expireAt: RdbExpire = -1;
    for (;;) {
      while ((at = c.tryFixed(1)) === NEED) yield c.need;
      const op = c.buf[at];
      if (op < OPCODE.function2) {
        this.currentKeyAt = c.offset() - 1;
        if (!isDecodableType(op)) {
          yield* this.skipValue(op, db);
          expireAt = -1;
          continue;
        }
        let key: string | null;
        while ((key = c.tryLatin1()) === null) yield c.need;
        this.currentKey = key;
        let value: DecodedValue | null;
        if (op === TYPE.string) {
          // The common case, read here without a nested generator.
          let bytes: Buffer | null;
          while ((bytes = c.tryString()) === null) yield c.need;
          value = { kind: 'string', value: bytes };
        } else {
          value = yield* this.values.read(op);
        }
        this.currentKey = null;
        if (value !== null) handler.key(db, key, value, expireAt);
        expireAt = -1;
        continue;
      }
      switch (op) {
        case OPCODE.eof:
          yield* this.checksum();
          return;
        case OPCODE.selectDb:
          while ((db = c.tryLength()) === NEED) yield c.need;
          if (db >= this.databases) {
            throw c.corrupt(`SELECTDB ${db} is beyond the ${this.databases} databases this server has`);
          }
          handler.selectDb?.(db);
          break;
        case OPCODE.resizeDb: {
          let keys: number;
          while ((keys = c.tryLength()) === NEED) yield c.need;
          let expires: number;
          while ((expires = c.tryLength()) === NEED) yield c.need;
          handler.resizeDb?.(keys, expires);
          break;
        }
        case OPCODE.expireTimeMs:
          while ((at = c.tryFixed(8)) === NEED) yield c.need;
          expireAt = readExpireMs(c.buf, at);
          break;
        case OPCODE.expireTime:
          while ((at = c.tryFixed(4)) === NEED) yield c.need;
          expireAt = c.buf.readInt32LE(at) * 1000;
          break;
        case OPCODE.aux: {
          // AUX fields are few and copied by whoever keeps them: plain allocations, not value slabs.
          let name: Buffer | null;
          while ((name = c.tryString(UNSLABBED)) === null) yield c.need;
          let value: Buffer | null;
          while ((value = c.tryString(UNSLABBED)) === null) yield c.need;
          handler.aux?.(name, value);
          break;
        }
        case OPCODE.freq:
          // The LFU counter and LRU idle time only matter under an eviction policy we do not run.
          while (c.tryFixed(1) === NEED) yield c.need;
          break;
        case OPCODE.idle:
          while (c.tryLengthLoose() === NEED) yield c.need;
          break;
        case OPCODE.moduleAux: {
          if (!handler.skipped) throw new RdbError('unsupported', `module AUX data at byte ${c.offset() - 1}`);
          const name = yield* this.skipper.moduleAux();
          handler.skipped(`module aux ${name}`, null);
          break;
        }
        case OPCODE.function2:
        case OPCODE.functionRc:
          if (!handler.skipped) throw new RdbError('unsupported', `function library at byte ${c.offset() - 1}`);
          yield* this.skipper.functionLibrary(op);
          handler.skipped('function library', null);
          break;
      }
    }
  }

  /** A stream or module value: skipped when the handler takes skips and it can be, else unsupported. */
  private *skipValue(type: number, db: number): Generator<number, void, void> {
    const c = this.cursor;
    const handler = this.handler;
    const isStream = type === TYPE.streamListpacks || type === TYPE.streamListpacks2;
    const isModule = type === TYPE.module || type === TYPE.module2;
    if (!isStream && !isModule) throw new RdbError('corrupt', `unknown value type ${type} at byte ${this.currentKeyAt}`);
    const what = isStream ? 'stream' : 'module';
    // MODULE (6) has no end marker: without the module nothing knows where its value ends.
    if (!handler.skipped || type === TYPE.module) {
      throw new RdbError('unsupported', `${what} value (type ${type}) at byte ${this.currentKeyAt} in db ${db}`);
    }
    let key: string | null;
    while ((key = c.tryLatin1()) === null) yield c.need;
    this.currentKey = key;
    if (isStream) {
      yield* this.skipper.stream(type);
      this.currentKey = null;
      handler.skipped('stream', key);
    } else {
      const name = yield* this.skipper.moduleValue();
      this.currentKey = null;
      handler.skipped(`module ${name}`, key);
    }
  }

  /** After EOF: the CRC-64 trailer (version 5 and later). */
  private *checksum(): Generator<number, void, void> {
    const c = this.cursor;
    this.freezeCrc();
    if (this.versionRead < FIRST_CHECKSUMMED_VERSION) return;
    let at: number;
    while ((at = c.tryFixed(CHECKSUM_BYTES)) === NEED) yield c.need;
    if (this.crc === null) return;
    const stored = c.buf.readBigUInt64LE(at);
    const computed = this.crc.digest();
    // A stored 0 means the writer ran with rdbchecksum no; Redis skips the check then.
    if (stored !== 0n && stored !== computed) {
      throw new RdbError(
        'checksum',
        `Wrong RDB checksum expected: (${computed.toString(16)}) but got (${stored.toString(16)})`,
      );
    }
  }
}

/** "REDIS" + 4 digits, version 1..RDB_VERSION. */
function readVersion(buf: Buffer, at: number): number {
  const signature = buf.toString('latin1', at, at + SIGNATURE.length);
  if (signature !== SIGNATURE) throw new RdbError('version', 'Wrong signature trying to load DB from file');
  const digits = buf.toString('latin1', at + SIGNATURE.length, at + HEADER_BYTES);
  const version = /^\d{4}$/.test(digits) ? Number(digits) : 0;
  if (version < 1 || version > RDB_VERSION) {
    throw new RdbError('version', `Can't handle RDB format version ${/^\d{4}$/.test(digits) ? version : JSON.stringify(digits)}`);
  }
  return version;
}
