/**
 * The byte cursor every RDB reader works on: a buffer, a position in it, and "try" reads of the
 * format's units (length, RDB string, fixed-size field) that either consume a whole unit or consume
 * nothing and say how many bytes from `pos` the unit needs (`need`). A push parser yields that
 * count, the driver makes that many bytes contiguous at `pos`, and the same read is tried again;
 * so a unit is never parsed from a partial buffer and no read ever looks past `buf.length`.
 *
 * Invariant: a try read that returns NEED (or null) leaves `pos` unchanged and sets `need` to the
 * exact size of the unit (or of its header, when the header says how long the rest is), so the
 * driver never waits for bytes that belong to a later unit.
 */
import { checkInflatedLength, lzfDecompressInto } from './lzf';
import { RdbError } from './errors';
import { UNSLABBED, ValueSlab } from './value-slab';

/** A try read's "not enough bytes yet". */
export const NEED = -1;

/** Longest string or blob held in one Buffer (Node's limit); a longer length is corrupt for us. */
const MAX_STRING_BYTES = 0x7fffffff;

/** A private buffer's string of at least this size is handed out as a view, not copied. */
const VIEW_MIN_BYTES = 4096;

const EMPTY = Buffer.alloc(0);

/** Length forms (spec §8.4): the first byte's top two bits, or the whole byte for 32/64-bit. */
const LEN_14BIT = 0x40;
const LEN_32BIT = 0x80;
const LEN_64BIT = 0x81;
/** Special string encodings (spec §8.5): 0xC0 | id. */
const STR_INT8 = 0xc0;
const STR_INT16 = 0xc1;
const STR_INT32 = 0xc2;
const STR_LZF = 0xc3;

function hexByte(b: number): string {
  return '0x' + b.toString(16).padStart(2, '0');
}

export class ReadCursor {
  /** Where tryString allocates unless told otherwise: the values a loader keeps. */
  readonly values: ValueSlab;
  buf: Buffer = EMPTY;
  pos = 0;
  /** Absolute offset of `buf[0]` in the whole input (for messages and the file end). */
  base = 0;
  /** After a try read failed: bytes needed from `pos` for it to succeed. */
  need = 0;
  /** True when `buf` is a private copy nobody else writes: large strings may be views into it. */
  ownsBuf = false;
  /** Set by lengthAt: the position just after the length it decoded. */
  private lengthEnd = 0;

  /** `values` defaults to plain Buffer allocations (no slab). */
  constructor(values: ValueSlab = UNSLABBED) {
    this.values = values;
  }

  /** Absolute offset of `pos`. */
  offset(): number {
    return this.base + this.pos;
  }

  corrupt(what: string): RdbError {
    return new RdbError('corrupt', `${what} at byte ${this.offset()}`);
  }

  /** Starts reading `buf` from 0; `base` is the absolute offset of its first byte. */
  reset(buf: Buffer, base: number, owns: boolean): void {
    this.buf = buf;
    this.pos = 0;
    this.base = base;
    this.ownsBuf = owns;
  }

  private short(bytes: number): number {
    this.need = bytes;
    return NEED;
  }

  /**
   * Consumes `n` bytes and returns the position of the first; NEED if fewer are buffered.
   * The caller reads them from `buf` before its next try read.
   */
  tryFixed(n: number): number {
    const pos = this.pos;
    if (this.buf.length - pos < n) return this.short(n);
    this.pos = pos + n;
    return pos;
  }

  /**
   * Decodes a length at `at` without moving `pos` (sets `lengthEnd`). NEED when its bytes are not
   * all buffered (`need` then counts from `pos`). With `loose`, 64-bit values beyond 2^53 come back
   * rounded instead of being rejected: fields that are only skipped (stream ids) may hold them.
   */
  private lengthAt(at: number, loose: boolean): number {
    const buf = this.buf;
    const avail = buf.length - at;
    if (avail < 1) return this.short(at - this.pos + 1);
    const b0 = buf[at];
    if (b0 < LEN_14BIT) {
      this.lengthEnd = at + 1;
      return b0;
    }
    if (b0 < LEN_32BIT) {
      if (avail < 2) return this.short(at - this.pos + 2);
      this.lengthEnd = at + 2;
      return ((b0 & 0x3f) << 8) | buf[at + 1];
    }
    if (b0 === LEN_32BIT) {
      if (avail < 5) return this.short(at - this.pos + 5);
      this.lengthEnd = at + 5;
      return buf[at + 1] * 0x1000000 + ((buf[at + 2] << 16) | (buf[at + 3] << 8) | buf[at + 4]);
    }
    if (b0 === LEN_64BIT) {
      if (avail < 9) return this.short(at - this.pos + 9);
      const hi = buf[at + 1] * 0x1000000 + ((buf[at + 2] << 16) | (buf[at + 3] << 8) | buf[at + 4]);
      const lo = buf[at + 5] * 0x1000000 + ((buf[at + 6] << 16) | (buf[at + 7] << 8) | buf[at + 8]);
      if (hi > 0x1fffff && !loose) {
        throw this.corrupt(`64-bit length 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is beyond any real size`);
      }
      this.lengthEnd = at + 9;
      return hi * 0x100000000 + lo;
    }
    throw this.corrupt(`invalid length encoding ${hexByte(b0)}`);
  }

  /** A length (spec §8.4); NEED if incomplete. Values beyond 2^53 are corrupt. */
  tryLength(): number {
    const value = this.lengthAt(this.pos, false);
    if (value !== NEED) this.pos = this.lengthEnd;
    return value;
  }

  /** A length whose exact value does not matter (it is only skipped); never rejects a 64-bit one. */
  tryLengthLoose(): number {
    const value = this.lengthAt(this.pos, true);
    if (value !== NEED) this.pos = this.lengthEnd;
    return value;
  }

  /** A length as an exact 64-bit value (module ids); null if incomplete. */
  tryLengthBig(): bigint | null {
    const at = this.pos;
    const first = this.buf.length > at ? this.buf[at] : -1;
    if (first === LEN_64BIT) {
      if (this.buf.length - at < 9) {
        this.need = 9;
        return null;
      }
      this.pos = at + 9;
      return this.buf.readBigUInt64BE(at + 1);
    }
    const value = this.lengthAt(at, false);
    if (value === NEED) return null;
    this.pos = this.lengthEnd;
    return BigInt(value);
  }

  /**
   * An RDB string (spec §8.5) as a Buffer the caller owns, allocated from `into`; null if
   * incomplete. Integer-encoded strings come back as their decimal text, LZF strings inflated.
   */
  tryString(into: ValueSlab = this.values): Buffer | null {
    const buf = this.buf;
    const pos = this.pos;
    const avail = buf.length - pos;
    if (avail < 1) {
      this.need = 1;
      return null;
    }
    const b0 = buf[pos];
    // Most strings are short: the 6-bit form is decoded here without the general length path.
    if (b0 < LEN_14BIT) {
      if (avail < 1 + b0) {
        this.need = 1 + b0;
        return null;
      }
      this.pos = pos + 1 + b0;
      return this.take(pos + 1, b0, into);
    }
    if (b0 >= STR_INT8) return this.tryEncodedString(b0, into);
    const length = this.lengthAt(pos, false);
    if (length === NEED) return null;
    const start = this.lengthEnd;
    if (length > MAX_STRING_BYTES) throw this.corrupt(`string length ${length} is beyond any real size`);
    if (buf.length - start < length) {
      this.need = start - pos + length;
      return null;
    }
    this.pos = start + length;
    return this.take(start, length, into);
  }

  /**
   * An RDB string as a latin1 JS string (one char per byte, how the keyspace holds keys); null if
   * incomplete. Decoded straight from the buffer, so a key costs no intermediate Buffer.
   */
  tryLatin1(): string | null {
    const buf = this.buf;
    const pos = this.pos;
    const avail = buf.length - pos;
    if (avail < 1) {
      this.need = 1;
      return null;
    }
    const b0 = buf[pos];
    if (b0 < LEN_14BIT) {
      if (avail < 1 + b0) {
        this.need = 1 + b0;
        return null;
      }
      this.pos = pos + 1 + b0;
      return buf.toString('latin1', pos + 1, pos + 1 + b0);
    }
    if (b0 >= STR_INT8) {
      const bytes = this.tryEncodedString(b0, UNSLABBED);
      return bytes === null ? null : bytes.toString('latin1');
    }
    const length = this.lengthAt(pos, false);
    if (length === NEED) return null;
    const start = this.lengthEnd;
    if (length > MAX_STRING_BYTES) throw this.corrupt(`string length ${length} is beyond any real size`);
    if (buf.length - start < length) {
      this.need = start - pos + length;
      return null;
    }
    this.pos = start + length;
    return buf.toString('latin1', start, start + length);
  }

  /**
   * An RDB string holding an inner structure (listpack, ziplist, intset, zipmap): a view valid
   * until the cursor moves to another buffer, or a fresh Buffer when it was LZF-compressed.
   */
  tryBlob(): Buffer | null {
    const buf = this.buf;
    const pos = this.pos;
    if (buf.length - pos < 1) {
      this.need = 1;
      return null;
    }
    const b0 = buf[pos];
    if (b0 >= STR_INT8) return this.tryEncodedString(b0, UNSLABBED);
    const length = this.lengthAt(pos, false);
    if (length === NEED) return null;
    const start = this.lengthEnd;
    if (length > MAX_STRING_BYTES) throw this.corrupt(`string length ${length} is beyond any real size`);
    if (buf.length - start < length) {
      this.need = start - pos + length;
      return null;
    }
    this.pos = start + length;
    return buf.subarray(start, start + length);
  }

  /** Consumes an RDB string, keeping nothing (an LZF one is still inflated, which checks it); false if incomplete. */
  trySkipString(): boolean {
    return this.tryBlob() !== null;
  }

  /**
   * The int-encoded and LZF forms; both give fresh Buffers from `into` (UNSLABBED for a blob that
   * is only parsed or a key about to become a string: no dead bytes in a slab of kept values).
   */
  private tryEncodedString(b0: number, into: ValueSlab): Buffer | null {
    const buf = this.buf;
    const pos = this.pos;
    const avail = buf.length - pos;
    switch (b0) {
      case STR_INT8:
        if (avail < 2) return this.needBytes(2);
        this.pos = pos + 2;
        return into.decimal((buf[pos + 1] << 24) >> 24);
      case STR_INT16:
        if (avail < 3) return this.needBytes(3);
        this.pos = pos + 3;
        return into.decimal(((buf[pos + 1] | (buf[pos + 2] << 8)) << 16) >> 16);
      case STR_INT32:
        if (avail < 5) return this.needBytes(5);
        this.pos = pos + 5;
        return into.decimal(buf[pos + 1] | (buf[pos + 2] << 8) | (buf[pos + 3] << 16) | (buf[pos + 4] << 24));
      case STR_LZF: {
        const compressed = this.lengthAt(pos + 1, false);
        if (compressed === NEED) return null;
        const length = this.lengthAt(this.lengthEnd, false);
        if (length === NEED) return null;
        const start = this.lengthEnd;
        if (length > MAX_STRING_BYTES || compressed > MAX_STRING_BYTES) {
          throw this.corrupt(`LZF string of ${compressed} → ${length} bytes is beyond any real size`);
        }
        if (buf.length - start < compressed) return this.needBytes(start - pos + compressed);
        const at = this.offset();
        const src = buf.subarray(start, start + compressed);
        let inflated: Buffer;
        try {
          checkInflatedLength(src, length);
          inflated = into.alloc(length);
          lzfDecompressInto(src, inflated);
        } catch (err) {
          if (err instanceof RdbError) throw new RdbError(err.code, `${err.message} (LZF string at byte ${at})`);
          throw err;
        }
        this.pos = start + compressed;
        return inflated;
      }
      default:
        throw this.corrupt(`unknown string encoding ${hexByte(b0)}`);
    }
  }

  private needBytes(bytes: number): null {
    this.need = bytes;
    return null;
  }

  /** `buf[start, start + length)` as a Buffer the caller owns. */
  private take(start: number, length: number, into: ValueSlab): Buffer {
    if (this.ownsBuf && length >= VIEW_MIN_BYTES) return this.buf.subarray(start, start + length);
    return into.copy(this.buf, start, length);
  }
}
