/**
 * Writes one value's type id and body the way Redis 7.0's rdbSaveObjectType/rdbSaveObject do
 * (spec §8.5–8.7); shared by the RDB encoder and DUMP payloads.
 *
 * - Strings (values, keys, members, fields, aux fields) go through `writeString`, 7.0's
 *   rdbSaveRawString: INT8/16/32 when the text is a canonical int32 of ≤ 11 chars, else LZF when
 *   compression is on, the string is longer than 20 bytes and LZF saves at least 4, else raw.
 * - Blobs (listpacks, intsets, quicklist nodes) are strings too, so they are LZF-compressed by the
 *   same rule.
 * - Lists are QUICKLIST_2, split into nodes as RPUSH fills them under the default
 *   list-max-listpack-size -2: a node takes an element while its listpack size + the element's
 *   length + 8 stays ≤ 8192; an element of ≥ 1 GiB gets a PLAIN node of its own.
 *
 * Invariant: scratch buffers (`bytes`, `packed`, the builders) are reused across values and never
 * escape; only `ChunkWriter` copies leave this class.
 */
import { formatDouble17g } from '@resplica/resp';
import { canonicalInt32 } from './canonical-int';
import { writeLatin1At } from './chunk-writer';
import type { ChunkWriter } from './chunk-writer';
import { QUICKLIST_NODE, TYPE } from './constants';
import { IntsetBuilder } from './intset-write';
import { ListpackBuilder } from './listpack-write';
import { lzfCompressInto } from './lzf';
import type { RdbBytes, RdbHash, RdbList, RdbSet, RdbValue, RdbZset } from './model';

/** quicklist's packed_threshold: elements this long get a PLAIN node. */
export const PLAIN_NODE_MIN_BYTES = 1 << 30;
/** list-max-listpack-size -2: a packed node stays within 8 KiB. */
const NODE_MAX_BYTES = 8192;
/** quicklist's per-element overestimate when deciding whether a node can take one more. */
const NODE_INSERT_OVERHEAD = 8;

/** LZF is tried only for strings of at least this many bytes ("longer than 20", rdbSaveRawString). */
const LZF_MIN_INPUT = 21;
/** ...and kept only when it saves at least this many bytes. */
const LZF_MIN_SAVING = 4;

const ENC_INT8 = 0xc0;
const ENC_INT16 = 0xc1;
const ENC_INT32 = 0xc2;
const ENC_LZF = 0xc3;

/** zzlInsertAt stores a score as an integer when it is integral within ±(LLONG_MAX / 2). */
const LISTPACK_INT_SCORE_LIMIT = 2 ** 62;

/** Scratch buffers grown past this are dropped after the value, so one huge value does not pin them. */
const SCRATCH_KEEP_BYTES = 1 << 20;

/** The type id 7.0 writes for `value`; throws for an empty collection (7.0 never has one). */
export function typeIdOf(value: RdbValue): number {
  switch (value.kind) {
    case 'string':
      return TYPE.string;
    case 'list':
      if (value.length === 0) throw new RangeError('cannot encode an empty list');
      return TYPE.listQuicklist2;
    case 'set':
      if (value.size === 0) throw new RangeError('cannot encode an empty set');
      return value.intset ? TYPE.setIntset : TYPE.set;
    case 'hash':
      if (value.size === 0) throw new RangeError('cannot encode an empty hash');
      return value.listpack ? TYPE.hashListpack : TYPE.hash;
    case 'zset':
      if (value.size === 0) throw new RangeError('cannot encode an empty sorted set');
      return value.listpack ? TYPE.zsetListpack : TYPE.zset2;
  }
}

export class ValueWriter {
  private readonly out: ChunkWriter;
  private readonly compression: boolean;
  private readonly plainNodeMinBytes: number;
  /** A latin1 string's bytes, when LZF needs them in a Buffer. */
  private bytes = Buffer.allocUnsafe(1024);
  /** LZF output. */
  private packed = Buffer.allocUnsafe(1024);
  private readonly listpack = new ListpackBuilder();
  private readonly intset = new IntsetBuilder();
  /** Quicklist nodes staged before writing: a packed node's end offset in `listpack.buf`, or
   *  −(i + 1) for a PLAIN node holding `plainItems[i]`. */
  private readonly nodes: number[] = [];
  private readonly plainItems: RdbBytes[] = [];

  /** `plainNodeMinBytes` exists for tests (a real server lowers it with DEBUG QUICKLIST-PACKED-THRESHOLD). */
  constructor(out: ChunkWriter, compression: boolean, plainNodeMinBytes = PLAIN_NODE_MIN_BYTES) {
    this.out = out;
    this.compression = compression;
    this.plainNodeMinBytes = plainNodeMinBytes;
  }

  /** Writes `value`'s body (everything after its type id). */
  writeBody(value: RdbValue): void {
    switch (value.kind) {
      case 'string':
        this.writeString(value.value);
        break;
      case 'list':
        this.writeQuicklist(value);
        break;
      case 'set':
        if (value.intset) {
          const length = this.intset.build(value.members, value.size);
          this.writeBlob(this.intset.buf, 0, length);
        } else {
          this.writePlainSet(value);
        }
        break;
      case 'hash':
        if (value.listpack) this.writeListpackHash(value);
        else this.writePlainHash(value);
        break;
      case 'zset':
        if (value.listpack) this.writeListpackZset(value);
        else this.writeZset2(value);
        break;
    }
    this.trimScratch();
  }

  /** An RDB string (rdbSaveRawString): integer form, LZF or raw, as 7.0 chooses. */
  writeString(value: RdbBytes): void {
    const out = this.out;
    const length = value.length;
    if (length <= 11) {
      const n = canonicalInt32(value);
      if (n === n) {
        this.writeEncodedInt(n);
        return;
      }
    }
    if (this.compression && length >= LZF_MIN_INPUT) {
      let src: Buffer;
      if (typeof value === 'string') {
        if (this.bytes.length < length) this.bytes = Buffer.allocUnsafe(length);
        src = this.bytes;
        writeLatin1At(src, 0, value);
      } else {
        src = value;
      }
      if (this.tryLzf(src, 0, length)) return;
      out.writeLength(length);
      out.writeBytes(src, 0, length);
      return;
    }
    out.writeLength(length);
    if (typeof value === 'string') out.writeLatin1(value);
    else out.writeBytes(value, 0, length);
  }

  /**
   * A blob (listpack, intset) as an RDB string: LZF or raw. (The integer form never applies: no
   * listpack or intset of ≤ 11 bytes starts with a decimal digit.)
   */
  private writeBlob(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.compression && length >= LZF_MIN_INPUT && this.tryLzf(buf, start, end)) return;
    this.out.writeLength(length);
    this.out.writeBytes(buf, start, end);
  }

  /** Writes `src[start, end)` LZF-compressed when that saves ≥ 4 bytes; false when it does not. */
  private tryLzf(src: Buffer, start: number, end: number): boolean {
    const length = end - start;
    const limit = length - LZF_MIN_SAVING;
    if (this.packed.length < limit) this.packed = Buffer.allocUnsafe(limit);
    const packedLength = lzfCompressInto(src, start, end, this.packed, 0, limit);
    if (packedLength === 0) return false;
    const out = this.out;
    out.writeByte(ENC_LZF);
    out.writeLength(packedLength);
    out.writeLength(length);
    out.writeBytes(this.packed, 0, packedLength);
    return true;
  }

  /** INT8/16/32 (spec §8.5): the type byte, then the value little-endian in 1, 2 or 4 bytes. */
  private writeEncodedInt(n: number): void {
    const out = this.out;
    if (n >= -128 && n <= 127) {
      out.writeByte(ENC_INT8);
      out.writeByte(n & 0xff);
    } else if (n >= -32768 && n <= 32767) {
      out.writeByte(ENC_INT16);
      out.writeByte(n & 0xff);
      out.writeByte((n >> 8) & 0xff);
    } else {
      out.writeByte(ENC_INT32);
      out.writeByte(n & 0xff);
      out.writeByte((n >> 8) & 0xff);
      out.writeByte((n >> 16) & 0xff);
      out.writeByte((n >>> 24) & 0xff);
    }
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Collections                                                                                 */
  /* ------------------------------------------------------------------------------------------ */

  private writeQuicklist(list: RdbList): void {
    const lp = this.listpack;
    const nodes = this.nodes;
    const plainItems = this.plainItems;
    lp.reset(SCRATCH_KEEP_BYTES);
    nodes.length = 0;
    plainItems.length = 0;
    let open = false;
    let count = 0;
    for (const item of list.items) {
      count++;
      const size = item.length;
      if (size >= this.plainNodeMinBytes) {
        if (open) nodes.push(lp.end());
        open = false;
        nodes.push(-(plainItems.length + 1));
        plainItems.push(item);
      } else if (open && lp.bytes + size + NODE_INSERT_OVERHEAD <= NODE_MAX_BYTES) {
        lp.append(item);
      } else {
        if (open) nodes.push(lp.end());
        lp.begin();
        open = true;
        lp.append(item);
      }
    }
    if (open) nodes.push(lp.end());
    checkCount('list', count, list.length);
    const out = this.out;
    out.writeLength(nodes.length);
    let start = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node < 0) {
        out.writeLength(QUICKLIST_NODE.plain);
        this.writeString(plainItems[-node - 1]);
      } else {
        out.writeLength(QUICKLIST_NODE.packed);
        this.writeBlob(lp.buf, start, node);
        start = node;
      }
    }
    plainItems.length = 0;
  }

  private writePlainSet(set: RdbSet): void {
    this.out.writeLength(set.size);
    let count = 0;
    for (const member of set.members) {
      this.writeString(member);
      count++;
    }
    checkCount('set', count, set.size);
  }

  private writePlainHash(hash: RdbHash): void {
    this.out.writeLength(hash.size);
    let count = 0;
    for (const entry of hash.entries) {
      this.writeString(entry[0]);
      this.writeString(entry[1]);
      count++;
    }
    checkCount('hash', count, hash.size);
  }

  private writeListpackHash(hash: RdbHash): void {
    const lp = this.listpack;
    lp.reset(SCRATCH_KEEP_BYTES);
    lp.begin();
    let count = 0;
    for (const entry of hash.entries) {
      lp.append(entry[0]);
      lp.append(entry[1]);
      count++;
    }
    checkCount('hash', count, hash.size);
    this.writeBlob(lp.buf, 0, lp.end());
  }

  /**
   * ZSET_2: member, then the score as a binary double, little-endian, in the order given. (7.0
   * writes its skiplist highest score first; entries in that order give its exact bytes.)
   */
  private writeZset2(zset: RdbZset): void {
    const out = this.out;
    out.writeLength(zset.size);
    let count = 0;
    for (const entry of zset.entries) {
      const score = entry[1];
      if (score !== score) throw new RangeError('a sorted-set score cannot be NaN');
      this.writeString(entry[0]);
      out.writeDoubleLE(score);
      count++;
    }
    checkCount('sorted set', count, zset.size);
  }

  /** ZSET_LISTPACK: member, score, … with the score stored as zzlInsertAt stores it. */
  private writeListpackZset(zset: RdbZset): void {
    const lp = this.listpack;
    lp.reset(SCRATCH_KEEP_BYTES);
    lp.begin();
    let count = 0;
    for (const entry of zset.entries) {
      const score = entry[1];
      if (score !== score) throw new RangeError('a sorted-set score cannot be NaN');
      lp.append(entry[0]);
      if (Number.isInteger(score) && score >= -LISTPACK_INT_SCORE_LIMIT && score <= LISTPACK_INT_SCORE_LIMIT) {
        lp.appendInteger(score + 0); // + 0 turns -0 into 0, as the C cast to long long does
      } else {
        lp.append(formatDouble17g(score));
      }
      count++;
    }
    checkCount('sorted set', count, zset.size);
    this.writeBlob(lp.buf, 0, lp.end());
  }

  private trimScratch(): void {
    if (this.bytes.length > SCRATCH_KEEP_BYTES) this.bytes = Buffer.allocUnsafe(1024);
    if (this.packed.length > SCRATCH_KEEP_BYTES) this.packed = Buffer.allocUnsafe(1024);
  }
}

/** The announced size is written before the elements: a different count makes a corrupt file. */
function checkCount(what: string, count: number, announced: number): void {
  if (count !== announced) throw new RangeError(`${what} yielded ${count} elements, ${announced} announced`);
}
