/**
 * Intset reader (spec §8.7): `<encoding:u32> <length:u32> <values>`, values signed little-endian
 * of 2, 4 or 8 bytes each, strictly ascending. Checked as Redis's deep check does: a known width,
 * a size of exactly 8 + length × width, at least one member, strictly ascending order.
 */
import { RdbError } from './errors';

const HEADER_BYTES = 8;

function corrupt(what: string): RdbError {
  return new RdbError('corrupt', `intset: ${what}`);
}

/** The members of an intset blob as decimal text, in their stored (ascending) order. */
export function readIntset(blob: Buffer): string[] {
  if (blob.length < HEADER_BYTES) throw corrupt(`${blob.length} bytes is shorter than its header`);
  const width = blob.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) throw corrupt(`invalid encoding ${width} (must be 2, 4 or 8)`);
  const count = blob.readUInt32LE(4);
  if (HEADER_BYTES + count * width !== blob.length) {
    throw corrupt(`${count} members of ${width} bytes do not fill its ${blob.length} bytes`);
  }
  if (count === 0) throw corrupt('empty (an intset always has a member)');
  const members: string[] = [];
  if (width === 8) {
    let previous = 0n;
    for (let i = 0, at = HEADER_BYTES; i < count; i++, at += 8) {
      const value = blob.readBigInt64LE(at);
      if (i > 0 && value <= previous) throw outOfOrder(i);
      previous = value;
      members.push(String(value));
    }
    return members;
  }
  let previous = 0;
  for (let i = 0, at = HEADER_BYTES; i < count; i++, at += width) {
    const value = width === 2 ? blob.readInt16LE(at) : blob.readInt32LE(at);
    if (i > 0 && value <= previous) throw outOfOrder(i);
    previous = value;
    members.push(String(value));
  }
  return members;
}

function outOfOrder(index: number): RdbError {
  return corrupt(`member ${index} is not greater than the one before it`);
}
