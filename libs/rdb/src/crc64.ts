/**
 * CRC-64/Jones as Redis computes it for the RDB trailer and the DUMP footer (spec §8.10):
 * reflected, polynomial 0xAD93D23594C935A9 (0x95AC9329AC4BC9B5 reversed), initial value 0, no
 * final xor; "123456789" gives 0xE9C6D914C4B8D9CA.
 *
 * Invariant: the running value lives in two 32-bit halves (`lo`, `hi`) and never in a BigInt while
 * bytes are fed — BigInt arithmetic per byte would run at a few MB/s. Eight bytes are folded per
 * step with eight lookup tables ("slicing by 8"); BigInt appears only at the API edge. The halves
 * and the tables hold *signed* int32 bit patterns: a uint32 above 2^31 is no small integer for V8,
 * so unsigned values made the optimized loop bail out ("lost precision") and rerun unoptimized;
 * the bits are read as unsigned only at the edge (`>>> 0`).
 */

const REVERSED_POLY_LO = 0xac4bc9b5;
const REVERSED_POLY_HI = 0x95ac9329;

/** Table k (k = 0..7) at [k * 256 + b]: the CRC of byte b followed by k zero bytes; lo and hi halves. */
const TABLE_LO = new Int32Array(8 * 256);
const TABLE_HI = new Int32Array(8 * 256);

function buildTables(): void {
  for (let b = 0; b < 256; b++) {
    let lo = b;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ REVERSED_POLY_LO) >>> 0;
        hi = (hi ^ REVERSED_POLY_HI) >>> 0;
      }
    }
    TABLE_LO[b] = lo;
    TABLE_HI[b] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const prevLo = TABLE_LO[(k - 1) * 256 + b];
      const prevHi = TABLE_HI[(k - 1) * 256 + b];
      const index = prevLo & 0xff;
      TABLE_LO[k * 256 + b] = (((prevLo >>> 8) | (prevHi << 24)) ^ TABLE_LO[index]) >>> 0;
      TABLE_HI[k * 256 + b] = ((prevHi >>> 8) ^ TABLE_HI[index]) >>> 0;
    }
  }
}
buildTables();

/**
 * Bytes folded per call of Crc64#fold. A chunk of a file is folded in slices rather than in one
 * long loop: V8 optimizes a long-running loop on the stack (OSR), and when that code meets a path
 * it has no feedback for (the tail bytes, say) it bails out — and was seen re-entering the same
 * stale code and bailing out again dozens of times in one load, each time finishing a whole 64 KiB
 * chunk unoptimized. In slices such a bailout costs at most one slice.
 */
const SLICE_BYTES = 4096;

/**
 * Streaming CRC-64. `update` may be called with any split of the input; the digest equals the
 * one-shot CRC of the concatenation.
 */
export class Crc64 {
  private lo: number;
  private hi: number;

  /** Starts from `initial` (0 for a fresh CRC, or a previous digest to continue it). */
  constructor(initial = 0n) {
    this.lo = Number(initial & 0xffffffffn) | 0;
    this.hi = Number((initial >> 32n) & 0xffffffffn) | 0;
  }

  /** Folds `buf[start, end)` into the running value. */
  update(buf: Uint8Array, start = 0, end = buf.length): void {
    for (let at = start; at < end; at += SLICE_BYTES) this.fold(buf, at, Math.min(end, at + SLICE_BYTES));
  }

  /** One slice of update(): at most SLICE_BYTES. */
  private fold(buf: Uint8Array, start: number, end: number): void {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    // Eight bytes per step: xor them into the state, then each state byte is looked up in the table
    // that shifts it past the bytes after it.
    const wholeEnd = start + ((end - start) & ~7);
    while (i < wholeEnd) {
      lo ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      hi ^= buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24);
      const newLo =
        TABLE_LO[1792 + (lo & 0xff)] ^
        TABLE_LO[1536 + ((lo >>> 8) & 0xff)] ^
        TABLE_LO[1280 + ((lo >>> 16) & 0xff)] ^
        TABLE_LO[1024 + (lo >>> 24)] ^
        TABLE_LO[768 + (hi & 0xff)] ^
        TABLE_LO[512 + ((hi >>> 8) & 0xff)] ^
        TABLE_LO[256 + ((hi >>> 16) & 0xff)] ^
        TABLE_LO[hi >>> 24];
      hi =
        TABLE_HI[1792 + (lo & 0xff)] ^
        TABLE_HI[1536 + ((lo >>> 8) & 0xff)] ^
        TABLE_HI[1280 + ((lo >>> 16) & 0xff)] ^
        TABLE_HI[1024 + (lo >>> 24)] ^
        TABLE_HI[768 + (hi & 0xff)] ^
        TABLE_HI[512 + ((hi >>> 8) & 0xff)] ^
        TABLE_HI[256 + ((hi >>> 16) & 0xff)] ^
        TABLE_HI[hi >>> 24];
      lo = newLo;
      i += 8;
    }
    while (i < end) {
      const index = (lo ^ buf[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      hi = (hi >>> 8) ^ TABLE_HI[index];
      i++;
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** The CRC of everything fed so far. */
  digest(): bigint {
    return (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
  }

  /** The CRC as the 8 little-endian bytes Redis stores after the EOF opcode and in DUMP footers. */
  digestBytes(): Buffer {
    const out = Buffer.allocUnsafe(8);
    this.writeDigest(out, 0);
    return out;
  }

  /** Writes the 8 little-endian digest bytes into `target` at `offset` (no allocation). */
  writeDigest(target: Buffer, offset: number): void {
    target.writeInt32LE(this.lo, offset);
    target.writeInt32LE(this.hi, offset + 4);
  }
}

/** One-shot CRC-64 of `buf`, continuing from `crc` (default 0) as Redis's crc64(crc, p, len) does. */
export function crc64(buf: Uint8Array, crc = 0n): bigint {
  const state = new Crc64(crc);
  state.update(buf);
  return state.digest();
}
