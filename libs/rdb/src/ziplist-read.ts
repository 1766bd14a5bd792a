/**
 * Ziplist reader (spec §8.7), for the types no 7.0 writes but old files hold (10, 12, 13, 14):
 * `<zlbytes:u32> <zltail:u32> <zllen:u16> <entry>* <0xFF>`, each entry `<prevlen> <encoding> <data>`.
 * Validates as Redis's deep check does: the header's byte count equals the blob, the terminator is
 * the last byte and follows the last entry, every entry lies inside the blob, each prevlen equals
 * the size of the entry before it, zltail points at the last entry, and the count matches (unless
 * it is 65535, "count by scanning").
 */
import { RdbError } from './errors';
import { PackedEntries, PackedEntry } from './entry-read';
import { UNSLABBED, ValueSlab } from './value-slab';

const HEADER_BYTES = 10;
const END = 0xff;
const PREVLEN_WIDE = 0xfe;
const UNKNOWN_COUNT = 65535;

export class ZiplistReader implements PackedEntries {
  readonly entry = new PackedEntry();
  private blob: Buffer = Buffer.alloc(0);
  private p = 0;
  private tail = 0;
  private declared = 0;
  private seen = 0;
  private previousSize = 0;
  private previousStart = -1;
  private what = '';
  /** Where bytes() allocates the entries it hands out. */
  private readonly values: ValueSlab;

  /** `values` defaults to plain Buffer allocations (no slab). */
  constructor(values: ValueSlab = UNSLABBED) {
    this.values = values;
  }

  /** Starts on `blob`; returns the entry count from its header (65535: unknown). */
  open(blob: Buffer, what: string): number {
    this.blob = blob;
    this.what = what;
    const size = blob.length;
    if (size < HEADER_BYTES + 1) throw this.corrupt(`${size} bytes is shorter than a header and terminator`);
    const total = blob.readUInt32LE(0);
    if (total !== size) throw this.corrupt(`header says ${total} bytes but the blob has ${size}`);
    if (blob[size - 1] !== END) throw this.corrupt('the last byte is not the 0xFF terminator');
    this.tail = blob.readUInt32LE(4);
    if (this.tail > size - 1) throw this.corrupt(`tail offset ${this.tail} is outside the blob`);
    this.declared = blob.readUInt16LE(8);
    this.p = HEADER_BYTES;
    this.seen = 0;
    this.previousSize = 0;
    this.previousStart = -1;
    return this.declared;
  }

  corrupt(what: string): RdbError {
    return new RdbError('corrupt', `${this.what} ziplist: ${what}`);
  }

  next(): boolean {
    const blob = this.blob;
    const p = this.p;
    const last = blob.length - 1;
    if (blob[p] === END) {
      if (p !== last) throw this.corrupt(`terminator at offset ${p} before the end (${last})`);
      if (this.previousStart >= 0 && this.previousStart !== this.tail) {
        throw this.corrupt(`tail offset ${this.tail} is not the last entry (${this.previousStart})`);
      }
      if (this.declared !== UNKNOWN_COUNT && this.declared !== this.seen) {
        throw this.corrupt(`header says ${this.declared} entries but it holds ${this.seen}`);
      }
      return false;
    }
    let q = p;
    let prevlen: number;
    if (blob[q] === PREVLEN_WIDE) {
      if (last - q < 5) throw this.outside(p);
      prevlen = blob.readUInt32LE(q + 1);
      q += 5;
    } else {
      prevlen = blob[q];
      q += 1;
    }
    if (prevlen !== this.previousSize) {
      throw this.corrupt(`entry at offset ${p} says the previous entry has ${prevlen} bytes, not ${this.previousSize}`);
    }
    if (q >= last) throw this.outside(p);
    const end = this.decode(q, last - q, p);
    if (end > last) throw this.outside(p);
    this.previousSize = end - p;
    this.previousStart = p;
    this.p = end;
    this.seen++;
    return true;
  }

  /** Decodes the encoding at `q` (with `room` bytes before the terminator); returns the entry end. */
  private decode(q: number, room: number, p: number): number {
    const blob = this.blob;
    const entry = this.entry;
    const b = blob[q];
    switch (b >> 6) {
      case 0:
        entry.setBytes(q + 1, b & 0x3f);
        return q + 1 + (b & 0x3f);
      case 1: {
        if (room < 2) throw this.outside(p);
        const length = ((b & 0x3f) << 8) | blob[q + 1];
        entry.setBytes(q + 2, length);
        return q + 2 + length;
      }
      case 2: {
        // Redis masks string encodings to their top two bits, so any 10xxxxxx is the 32-bit form.
        if (room < 5) throw this.outside(p);
        const length = blob.readUInt32BE(q + 1);
        entry.setBytes(q + 5, length);
        return q + 5 + length;
      }
    }
    switch (b) {
      case 0xc0:
        if (room < 3) throw this.outside(p);
        entry.setInt(blob.readInt16LE(q + 1));
        return q + 3;
      case 0xd0:
        if (room < 5) throw this.outside(p);
        entry.setInt(blob.readInt32LE(q + 1));
        return q + 5;
      case 0xe0:
        if (room < 9) throw this.outside(p);
        entry.setBig(blob.readBigInt64LE(q + 1));
        return q + 9;
      case 0xf0:
        if (room < 4) throw this.outside(p);
        entry.setInt(blob.readIntLE(q + 1, 3));
        return q + 4;
      case 0xfe:
        if (room < 2) throw this.outside(p);
        entry.setInt(blob.readInt8(q + 1));
        return q + 2;
    }
    if (b >= 0xf1 && b <= 0xfd) {
      entry.setInt((b & 0x0f) - 1);
      return q + 1;
    }
    throw this.corrupt(`invalid entry encoding 0x${b.toString(16)} at offset ${q}`);
  }

  private outside(p: number): RdbError {
    return this.corrupt(`entry at offset ${p} runs past the end`);
  }

  bytes(): Buffer {
    return this.entry.bytes(this.blob, this.values);
  }

  latin1(): string {
    return this.entry.latin1(this.blob);
  }

  score(): number {
    return this.entry.score(this.blob, `${this.what} ziplist`);
  }
}
