/**
 * Range arithmetic and bit scans over a string: what BITCOUNT and BITPOS compute once their
 * arguments are parsed. Pure functions over a Buffer; no keyspace knowledge.
 *
 * Bits are numbered as Redis numbers them: bit 0 is the most significant bit of byte 0.
 * Invariant: scans read only bytes inside the buffer; ranges are inclusive [fromBit, toBit].
 */

/** The bit range a command selected; `to < from` means the range is empty. */
export interface BitRange {
  from: number;
  to: number;
}

/**
 * Turns a user's start/end (byte or bit indexes, negative counting from the end) into an inclusive
 * bit range clamped to a string of `byteLen` bytes, as BITCOUNT and BITPOS do. `emptyIfReversed`
 * is BITCOUNT's extra rule: two negative bounds with start > end select nothing (BITPOS lacks it,
 * so `BITPOS k 1 -50 -100` on a short string looks at byte 0).
 */
export function resolveRange(
  start: number,
  end: number,
  byteLen: number,
  isBit: boolean,
  emptyIfReversed: boolean,
  out: BitRange,
): BitRange {
  const total = isBit ? byteLen * 8 : byteLen;
  if (emptyIfReversed && start < 0 && end < 0 && start > end) {
    out.from = 0;
    out.to = -1;
    return out;
  }
  if (start < 0) start = Math.max(total + start, 0);
  if (end < 0) end = Math.max(total + end, 0);
  if (end >= total) end = total - 1;
  if (isBit) {
    out.from = start;
    out.to = end;
  } else {
    out.from = start * 8;
    out.to = end * 8 + 7;
  }
  return out;
}

/** Set bits in one 32-bit word (SWAR popcount: no table, no loop). */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Mask of the bits of one byte that fall inside [fromBit, toBit] (byte holds bits 8*i..8*i+7). */
function edgeMask(byteIndex: number, fromBit: number, toBit: number): number {
  const lo = Math.max(fromBit - byteIndex * 8, 0);
  const hi = Math.min(toBit - byteIndex * 8, 7);
  // Bit 0 of the byte is its most significant bit, hence the reversed shifts.
  return ((0xff >> lo) & (0xff << (7 - hi))) & 0xff;
}

/**
 * Counts the 1 bits in the inclusive bit range [fromBit, toBit] of buf (both inside the buffer,
 * or to < from for 0). Whole bytes in the middle are summed four at a time.
 */
export function countBits(buf: Buffer, fromBit: number, toBit: number): number {
  if (toBit < fromBit) return 0;
  // Division, not >> 3: bit indexes reach 2^35, past 32-bit shift arithmetic.
  const first = Math.floor(fromBit / 8);
  const last = Math.floor(toBit / 8);
  if (first === last) return popcount32(buf[first] & edgeMask(first, fromBit, toBit));
  let count = popcount32(buf[first] & edgeMask(first, fromBit, toBit));
  count += popcount32(buf[last] & edgeMask(last, fromBit, toBit));
  let i = first + 1;
  // readUInt32LE reads in place (no copy); byte order is irrelevant to a popcount.
  for (; i + 4 <= last; i += 4) count += popcount32(buf.readUInt32LE(i));
  for (; i < last; i++) count += popcount32(buf[i]);
  return count;
}

/**
 * First bit equal to `bit` (0 or 1) in the inclusive range [fromBit, toBit] of buf, or -1 when the
 * range has none. Whole bytes that cannot match (0x00 looking for 1, 0xff looking for 0) are
 * skipped without bit work; the match inside a byte is found with clz32.
 */
export function findBit(buf: Buffer, bit: number, fromBit: number, toBit: number): number {
  if (toBit < fromBit) return -1;
  const first = Math.floor(fromBit / 8);
  const last = Math.floor(toBit / 8);
  const flip = bit === 1 ? 0 : 0xff;
  for (let i = first; i <= last; i++) {
    let v = buf[i] ^ flip;
    if (v === 0) continue;
    if (i === first || i === last) v &= edgeMask(i, fromBit, toBit);
    if (v !== 0) return i * 8 + Math.clz32(v) - 24;
  }
  return -1;
}
