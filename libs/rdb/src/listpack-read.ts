/**
 * Listpack reader (spec §8.7): `<total_bytes:u32> <num_elements:u16> <entry>* <0xFF>`, each entry
 * `<encoding+data> <backlen>`. Validates as it walks, so a value is only built from a well-formed
 * blob: the header's byte count equals the blob, every entry lies inside it and its backlen is
 * the canonical encoding of its size, the terminator is the last byte and comes right after the
 * last entry, and the element count matches (unless it is 65535, "unknown").
 */
import { RdbError } from './errors';
import { PackedEntries, PackedEntry } from './entry-read';
import { UNSLABBED, ValueSlab } from './value-slab';

const HEADER_BYTES = 6;
const END = 0xff;
const UNKNOWN_COUNT = 65535;

/** Bytes of the backlen that follows an entry of `size` bytes (Redis's lpEncodeBacklen). */
function backlenBytes(size: number): number {
  if (size <= 127) return 1;
  if (size < 16383) return 2;
  if (size < 2097151) return 3;
  if (size < 268435455) return 4;
  return 5;
}

export class ListpackReader implements PackedEntries {
  readonly entry = new PackedEntry();
  private blob: Buffer = Buffer.alloc(0);
  private p = 0;
  private declared = 0;
  private seen = 0;
  /** What the listpack is, for messages ("hash listpack", "quicklist node"). */
  private what = '';
  /** Where bytes() allocates the entries it hands out. */
  private readonly values: ValueSlab;

  /** `values` defaults to plain Buffer allocations (no slab). */
  constructor(values: ValueSlab = UNSLABBED) {
    this.values = values;
  }

  /** Starts on `blob`; returns the element count from its header (65535: unknown). */
  open(blob: Buffer, what: string): number {
    this.blob = blob;
    this.what = what;
    const size = blob.length;
    if (size < HEADER_BYTES + 1) throw this.corrupt(`${size} bytes is shorter than a header and terminator`);
    const total = blob.readUInt32LE(0);
    if (total !== size) throw this.corrupt(`header says ${total} bytes but the blob has ${size}`);
    if (blob[size - 1] !== END) throw this.corrupt('the last byte is not the 0xFF terminator');
    this.declared = blob.readUInt16LE(4);
    this.p = HEADER_BYTES;
    this.seen = 0;
    return this.declared;
  }

  corrupt(what: string): RdbError {
    return new RdbError('corrupt', `${this.what} listpack: ${what}`);
  }

  next(): boolean {
    const blob = this.blob;
    const p = this.p;
    const last = blob.length - 1;
    const b0 = blob[p];
    if (b0 === END) {
      if (p !== last) throw this.corrupt(`terminator at offset ${p} before the end (${last})`);
      if (this.declared !== UNKNOWN_COUNT && this.declared !== this.seen) {
        throw this.corrupt(`header says ${this.declared} elements but it holds ${this.seen}`);
      }
      return false;
    }
    const entry = this.entry;
    const room = last - p;
    let size: number;
    if (b0 < 0x80) {
      entry.setInt(b0);
      size = 1;
    } else if (b0 < 0xc0) {
      size = 1 + (b0 & 0x3f);
      if (size > room) throw this.outside(p);
      entry.setBytes(p + 1, size - 1);
    } else if (b0 < 0xe0) {
      if (room < 2) throw this.outside(p);
      const u = ((b0 & 0x1f) << 8) | blob[p + 1];
      entry.setInt(u < 4096 ? u : u - 8192);
      size = 2;
    } else if (b0 < 0xf0) {
      if (room < 2) throw this.outside(p);
      size = 2 + (((b0 & 0x0f) << 8) | blob[p + 1]);
      if (size > room) throw this.outside(p);
      entry.setBytes(p + 2, size - 2);
    } else {
      size = this.wide(b0, p, room);
    }
    const backlen = backlenBytes(size);
    if (size + backlen > room) throw this.outside(p);
    this.checkBacklen(p + size, size, backlen);
    this.p = p + size + backlen;
    this.seen++;
    return true;
  }

  /** The 0xF0..0xF4 forms; returns the entry size. */
  private wide(b0: number, p: number, room: number): number {
    const blob = this.blob;
    const entry = this.entry;
    switch (b0) {
      case 0xf0: {
        if (room < 5) throw this.outside(p);
        const length = blob.readUInt32LE(p + 1);
        if (length > room - 5) throw this.outside(p);
        entry.setBytes(p + 5, length);
        return 5 + length;
      }
      case 0xf1:
        if (room < 3) throw this.outside(p);
        entry.setInt(blob.readInt16LE(p + 1));
        return 3;
      case 0xf2:
        if (room < 4) throw this.outside(p);
        entry.setInt(blob.readIntLE(p + 1, 3));
        return 4;
      case 0xf3:
        if (room < 5) throw this.outside(p);
        entry.setInt(blob.readInt32LE(p + 1));
        return 5;
      case 0xf4:
        if (room < 9) throw this.outside(p);
        entry.setBig(blob.readBigInt64LE(p + 1));
        return 9;
      default:
        throw this.corrupt(`invalid entry encoding 0x${b0.toString(16)} at offset ${p}`);
    }
  }

  /** The backlen at `at` must be the canonical encoding of `size` in `bytes` bytes. */
  private checkBacklen(at: number, size: number, bytes: number): void {
    const blob = this.blob;
    if (bytes === 1) {
      if (blob[at] !== size) throw this.badBacklen(at, size);
      return;
    }
    let shift = 7 * (bytes - 1);
    for (let i = 0; i < bytes; i++, shift -= 7) {
      const expected = (Math.floor(size / 2 ** shift) & 127) | (i === 0 ? 0 : 128);
      if (blob[at + i] !== expected) throw this.badBacklen(at, size);
    }
  }

  private badBacklen(at: number, size: number): RdbError {
    return this.corrupt(`entry at offset ${at - size} has a backlen that does not encode its size ${size}`);
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
    return this.entry.score(this.blob, `${this.what} listpack`);
  }
}
