/**
 * Builds listpacks (spec §8.7) the way Redis 7.0's lpAppend does: an element whose bytes are a
 * canonical int64 becomes the smallest integer form, anything else a string with the smallest
 * length form; every entry ends with its backlen. Used for hash and zset listpacks and for the
 * packed nodes of a quicklist.
 *
 * Several listpacks may be built one after another in the same buffer (a quicklist's nodes): each
 * `begin()` starts one at the current end and `end()` closes it. Invariant: between `begin()` and
 * `end()`, `bytes` and `count` describe the open listpack as its header will say.
 */
import { canonicalInt64 } from './canonical-int';
import { writeLatin1At } from './chunk-writer';
import type { RdbBytes } from './model';

/** total_bytes (u32) + num_elements (u16). */
const HEADER_BYTES = 6;
/** num_elements value meaning "count by scanning". */
const COUNT_UNKNOWN = 0xffff;
const EOF = 0xff;

/** Integers in this range are written as 64-bit from a number; beyond it they come as bigint. */
const TWO_POW_32 = 0x100000000;

export class ListpackBuilder {
  /** The buffer the listpacks are built in; grows, and is replaced when it does. */
  buf: Buffer;
  /** End of the written bytes. */
  pos = 0;
  /** Offset of the open listpack's header. */
  private open = 0;
  /** Elements in the open listpack. */
  count = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Forgets everything built so far (the buffer is kept unless it grew past `keepBytes`). */
  reset(keepBytes: number): void {
    if (this.buf.length > keepBytes) this.buf = Buffer.allocUnsafe(keepBytes);
    this.pos = 0;
    this.count = 0;
  }

  /** Opens a new listpack at the end of the buffer; returns its offset. */
  begin(): number {
    this.ensure(HEADER_BYTES + 1);
    this.open = this.pos;
    this.pos += HEADER_BYTES;
    this.count = 0;
    return this.open;
  }

  /** Size the open listpack would have if closed now (total_bytes of its header). */
  get bytes(): number {
    return this.pos - this.open + 1;
  }

  /** Closes the open listpack (terminator and header); returns its end offset. */
  end(): number {
    this.ensure(1);
    this.buf[this.pos++] = EOF;
    this.buf.writeUInt32LE(this.pos - this.open, this.open);
    this.buf.writeUInt16LE(this.count < COUNT_UNKNOWN ? this.count : COUNT_UNKNOWN, this.open + 4);
    return this.pos;
  }

  /** Appends an element as lpAppend stores it: an integer when its bytes are a canonical int64. */
  append(value: RdbBytes): void {
    if (value.length <= 20) {
      const n = canonicalInt64(value);
      if (n === n) {
        this.appendInteger(n);
        return;
      }
    }
    this.appendString(value);
  }

  /** Appends a string entry whatever its bytes. */
  appendString(value: RdbBytes): void {
    const length = value.length;
    this.ensure(length + 10);
    const buf = this.buf;
    let p = this.pos;
    let headerBytes: number;
    if (length < 64) {
      buf[p++] = 0x80 | length;
      headerBytes = 1;
    } else if (length < 4096) {
      buf[p++] = 0xe0 | (length >>> 8);
      buf[p++] = length & 0xff;
      headerBytes = 2;
    } else {
      buf[p++] = 0xf0;
      buf.writeUInt32LE(length, p);
      p += 4;
      headerBytes = 5;
    }
    if (typeof value === 'string') {
      p = writeLatin1At(buf, p, value);
    } else if (length < 16) {
      for (let k = 0; k < length; k++) buf[p + k] = value[k];
      p += length;
    } else {
      p += value.copy(buf, p);
    }
    this.pos = writeBacklen(buf, p, headerBytes + length);
    this.count++;
  }

  /** Appends an integer entry in the smallest form holding `n` (an int64). */
  appendInteger(n: number | bigint): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    let size: number;
    if (typeof n === 'bigint') {
      buf[p] = 0xf4;
      buf.writeBigInt64LE(n, p + 1);
      size = 9;
    } else if (n >= 0 && n <= 127) {
      buf[p] = n;
      size = 1;
    } else if (n >= -4096 && n <= 4095) {
      const u = n < 0 ? n + 8192 : n;
      buf[p] = 0xc0 | (u >>> 8);
      buf[p + 1] = u & 0xff;
      size = 2;
    } else if (n >= -32768 && n <= 32767) {
      buf[p] = 0xf1;
      buf.writeInt16LE(n, p + 1);
      size = 3;
    } else if (n >= -8388608 && n <= 8388607) {
      buf[p] = 0xf2;
      buf.writeIntLE(n, p + 1, 3);
      size = 4;
    } else if (n >= -2147483648 && n <= 2147483647) {
      buf[p] = 0xf3;
      buf.writeInt32LE(n, p + 1);
      size = 5;
    } else {
      buf[p] = 0xf4;
      const hi = Math.floor(n / TWO_POW_32);
      buf.writeUInt32LE(n - hi * TWO_POW_32, p + 1);
      buf.writeInt32LE(hi, p + 5);
      size = 9;
    }
    p += size;
    buf[p++] = size; // backlen: every integer entry is shorter than 128 bytes
    this.pos = p;
    this.count++;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.pos + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/**
 * Writes the backlen of an entry of `size` bytes at `p` (spec §8.7: 7 bits per byte, most
 * significant group first, every byte after the first with its high bit set); returns the end.
 */
export function writeBacklen(buf: Buffer, p: number, size: number): number {
  if (size <= 127) {
    buf[p] = size;
    return p + 1;
  }
  if (size < 16383) {
    buf[p] = size >>> 7;
    buf[p + 1] = (size & 127) | 128;
    return p + 2;
  }
  if (size < 2097151) {
    buf[p] = size >>> 14;
    buf[p + 1] = ((size >>> 7) & 127) | 128;
    buf[p + 2] = (size & 127) | 128;
    return p + 3;
  }
  if (size < 268435455) {
    buf[p] = size >>> 21;
    buf[p + 1] = ((size >>> 14) & 127) | 128;
    buf[p + 2] = ((size >>> 7) & 127) | 128;
    buf[p + 3] = (size & 127) | 128;
    return p + 4;
  }
  buf[p] = Math.floor(size / 268435456);
  buf[p + 1] = ((size >>> 21) & 127) | 128;
  buf[p + 2] = ((size >>> 14) & 127) | 128;
  buf[p + 3] = ((size >>> 7) & 127) | 128;
  buf[p + 4] = (size & 127) | 128;
  return p + 5;
}
