/**
 * Where the decoder puts the bytes of the values it hands out (string values, list items, hash
 * values): small ones are consecutive views into a 64 KiB slab, the rest get an allocation of
 * their own.
 *
 * Why: Buffer.allocUnsafe carves small Buffers out of Node's 8 KiB pool, so loading a million
 * 100-byte values mallocs 12,500 pool backing stores, each an ArrayBuffer V8 tracks, sweeps and
 * accounts as external memory; slabs eight times bigger cut that eightfold. It is the same scheme
 * as Node's pool, only coarser: a slab lives while any value in it does.
 *
 * Invariant: every byte of a slab belongs to at most one value handed out, and nothing is written
 * to a slab after the slice is handed out — so a value that is kept pins only other values'
 * memory, never an input chunk or bytes anyone still writes. A slab is only worth it where many
 * values are made together and most are kept (a whole file); a RESTORE's single value uses the
 * pool (`slabBytes` 0).
 */

/** Slab size for a decoder loading a whole file. */
export const SLAB_BYTES = 64 * 1024;

/** Longer values get their own allocation: a slab's unused tail would waste more. */
const SLAB_VALUE_MAX = 1024;

/** Shorter copies are done byte by byte: Buffer#copy's own overhead exceeds the copy itself. */
const LOOP_COPY_MAX = 32;

const EMPTY = Buffer.alloc(0);

export class ValueSlab {
  private readonly slabBytes: number;
  private slab: Buffer;
  private used: number;

  /** `slabBytes` 0: every allocation is Buffer.allocUnsafe (Node's pool for small sizes). */
  constructor(slabBytes: number) {
    this.slabBytes = slabBytes;
    this.slab = EMPTY;
    this.used = 0;
  }

  /** `length` uninitialized bytes the caller owns and must fill. */
  alloc(length: number): Buffer {
    if (length > SLAB_VALUE_MAX || this.slabBytes === 0) return Buffer.allocUnsafe(length);
    let at = this.used;
    if (at + length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
      at = 0;
    }
    // 8-byte aligned starts, as Node's pool keeps them, so a typed view of a value stays valid.
    this.used = (at + length + 7) & ~7;
    return this.slab.subarray(at, at + length);
  }

  /** A copy of `from[start, start + length)`. */
  copy(from: Buffer, start: number, length: number): Buffer {
    const out = this.alloc(length);
    if (length <= LOOP_COPY_MAX) {
      for (let i = 0; i < length; i++) out[i] = from[start + i];
    } else {
      from.copy(out, 0, start, start + length);
    }
    return out;
  }

  /** The decimal text of an integer (an int-encoded string or packed entry). */
  decimal(value: number | bigint): Buffer {
    const text = String(value);
    const out = this.alloc(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
}

/** Plain allocations, no slab: for bytes that are parsed and dropped, or copied by their receiver. */
export const UNSLABBED = new ValueSlab(0);
