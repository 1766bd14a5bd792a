/**
 * Builds the intset blob of a SET_INTSET value (spec §8.7): `<encoding:u32><length:u32>` then the
 * members as signed little-endian integers of the narrowest width (2, 4 or 8 bytes) that holds
 * them all, strictly ascending.
 *
 * Invariant: the members given are distinct canonical int64 texts (the caller chose the intset
 * form because they are); anything else is a programming error and throws.
 */
import { canonicalInt64 } from './canonical-int';
import type { RdbBytes } from './model';

const HEADER_BYTES = 8;

export class IntsetBuilder {
  /** The blob of the last `build`, in `buf[0, length)`. */
  buf: Buffer = Buffer.allocUnsafe(256);
  length = 0;
  private numbers = new Float64Array(64);

  /** Encodes `members` (`size` of them) into `buf`; returns the blob length. */
  build(members: Iterable<RdbBytes>, size: number): number {
    if (this.numbers.length < size) this.numbers = new Float64Array(size);
    const numbers = this.numbers;
    let bigs: bigint[] | null = null;
    let count = 0;
    let seen = 0;
    let min = 0;
    let max = 0;
    for (const member of members) {
      if (seen++ === size) throw new RangeError(`intset has more than the ${size} members announced`);
      const n = canonicalInt64(member);
      if (typeof n === 'bigint') {
        (bigs ??= []).push(n);
        continue;
      }
      if (n !== n) throw new RangeError(`intset member is not a canonical int64: ${JSON.stringify(String(member))}`);
      numbers[count++] = n;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    const total = seen;
    if (total !== size) throw new RangeError(`intset has ${total} members, ${size} announced`);
    if (total === 0) throw new RangeError('an intset cannot be empty (7.0 refuses to load one)');
    const width = bigs !== null || min < -0x80000000 || max > 0x7fffffff ? 8 : min < -0x8000 || max > 0x7fff ? 4 : 2;
    const bytes = HEADER_BYTES + total * width;
    if (this.buf.length < bytes) this.buf = Buffer.allocUnsafe(bytes);
    const buf = this.buf;
    buf.writeUInt32LE(width, 0);
    buf.writeUInt32LE(total, 4);
    if (bigs === null) {
      const sorted = numbers.subarray(0, count).sort();
      let p = HEADER_BYTES;
      for (let i = 0; i < count; i++) {
        const n = sorted[i];
        if (i > 0 && n === sorted[i - 1]) throw new RangeError(`intset member ${n} appears twice`);
        if (width === 2) buf.writeInt16LE(n, p);
        else if (width === 4) buf.writeInt32LE(n, p);
        else buf.writeBigInt64LE(BigInt(n), p);
        p += width;
      }
    } else {
      // Members beyond 2^53: sort everything as int64 (rare; intsets hold at most 512 members).
      const all = new BigInt64Array(total);
      for (let i = 0; i < count; i++) all[i] = BigInt(numbers[i]);
      for (let i = 0; i < bigs.length; i++) all[count + i] = bigs[i];
      all.sort();
      for (let i = 0; i < total; i++) {
        if (i > 0 && all[i] === all[i - 1]) throw new RangeError(`intset member ${all[i]} appears twice`);
        buf.writeBigInt64LE(all[i], HEADER_BYTES + i * 8);
      }
    }
    this.length = bytes;
    return bytes;
  }
}
