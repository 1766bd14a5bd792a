/**
 * Zipmap reader (spec §8.7), for HASH_ZIPMAP (type 9) from Redis 2.x files:
 * `<zmlen:u8> { <len> field <len> <free:u8> value <free bytes> }* 0xFF`, where a len is one byte
 * below 254 or 0xFE + u32 LE. Checked as Redis's loader does: every field and value lies inside
 * the blob, the terminator is the last byte, at least one pair, and zmlen (unless 254 or more,
 * "count by scanning") equals the pair count.
 */
import { RdbError } from './errors';
import { UNSLABBED, ValueSlab } from './value-slab';

/** A zipmap's pairs: fields (latin1 strings) and their values, index by index. */
export interface ZipmapPairs {
  fields: string[];
  values: Buffer[];
}

const END = 0xff;
const WIDE_LENGTH = 0xfe;
const UNKNOWN_COUNT = 254;

function corrupt(what: string): RdbError {
  return new RdbError('corrupt', `zipmap: ${what}`);
}

/** The field/value pairs of a zipmap blob, in stored order. */
export function readZipmap(blob: Buffer, slab: ValueSlab = UNSLABBED): ZipmapPairs {
  const size = blob.length;
  if (size < 2) throw corrupt(`${size} bytes is shorter than a header and terminator`);
  const last = size - 1;
  if (blob[last] !== END) throw corrupt('the last byte is not the 0xFF terminator');
  const fields: string[] = [];
  const values: Buffer[] = [];
  let p = 1;
  while (blob[p] !== END) {
    const fieldLength = lengthAt(blob, p, last);
    const fieldStart = p + lengthBytes(blob[p]);
    if (fieldStart + fieldLength > last) throw corrupt(`field at offset ${p} runs past the end`);
    const valueAt = fieldStart + fieldLength;
    const valueLength = lengthAt(blob, valueAt, last);
    const freeAt = valueAt + lengthBytes(blob[valueAt]);
    if (freeAt >= last) throw corrupt(`value at offset ${valueAt} runs past the end`);
    const valueStart = freeAt + 1;
    const next = valueStart + valueLength + blob[freeAt];
    if (next > last) throw corrupt(`value at offset ${valueAt} runs past the end`);
    fields.push(blob.toString('latin1', fieldStart, fieldStart + fieldLength));
    values.push(slab.copy(blob, valueStart, valueLength));
    p = next;
  }
  if (p !== last) throw corrupt(`terminator at offset ${p} before the end (${last})`);
  if (fields.length === 0) throw corrupt('empty (a zipmap always has a pair)');
  if (blob[0] < UNKNOWN_COUNT && blob[0] !== fields.length) {
    throw corrupt(`header says ${blob[0]} pairs but it holds ${fields.length}`);
  }
  return { fields, values };
}

function lengthBytes(first: number): number {
  return first < WIDE_LENGTH ? 1 : 5;
}

/** The length at `at`, whose bytes must end before the terminator at `last`. */
function lengthAt(blob: Buffer, at: number, last: number): number {
  if (at >= last) throw corrupt(`length at offset ${at} runs past the end`);
  const first = blob[at];
  if (first < WIDE_LENGTH) return first;
  if (first === END) throw corrupt(`terminator at offset ${at} inside a pair`);
  if (at + 5 > last) throw corrupt(`length at offset ${at} runs past the end`);
  return blob.readUInt32LE(at + 1);
}
