/**
 * BITFIELD's integer fields: reading and writing an n-bit integer at any bit offset of a string,
 * and the three overflow policies (WRAP, SAT, FAIL) of SET and INCRBY.
 *
 * Two paths, chosen per operation: fields of up to 32 bits whose operand is a modest number use
 * plain double arithmetic (exact below 2^53, no allocation — the u8/i16 case), and everything else
 * (33..64 bits, operands beyond 2^52) uses BigInt.
 *
 * Invariant: fields are big-endian bit strings (bit 0 of the field is the most significant), signed
 * fields are two's complement, and bits past the end of the buffer read as 0; writers require the
 * buffer to already cover the field.
 */

/** Overflow policies, as ordered small integers (compared, never string-matched, per operation). */
export const OVERFLOW_WRAP = 0;
export const OVERFLOW_SAT = 1;
export const OVERFLOW_FAIL = 2;
export type OverflowPolicy = typeof OVERFLOW_WRAP | typeof OVERFLOW_SAT | typeof OVERFLOW_FAIL;

/** Widest field handled on the double path; 32 + 7 bits of misalignment fit in a 5-byte window. */
export const SMALL_FIELD_BITS = 32;
/** Largest operand magnitude for the double path: sums with a 32-bit field stay below 2^53. */
const SMALL_OPERAND = 2 ** 52;

/** Unsigned value of the `bits`-wide field at `offset` (bits <= 32). */
export function readSmall(buf: Buffer, offset: number, bits: number): number {
  // Division, not >> 3: offsets reach 2^32 + 63, past 32-bit shift arithmetic.
  const first = Math.floor(offset / 8);
  const lead = offset % 8;
  const nbytes = (lead + bits + 7) >> 3;
  let window = 0;
  // Gather at most 5 bytes into a double (40 bits, exact); bytes past the end count as zero.
  for (let k = 0; k < nbytes; k++) {
    const i = first + k;
    window = window * 256 + (i < buf.length ? buf[i] : 0);
  }
  const shift = nbytes * 8 - lead - bits;
  return Math.floor(window / 2 ** shift) % 2 ** bits;
}

/** Stores the unsigned value (< 2^bits) in the `bits`-wide field at `offset` (bits <= 32). */
export function writeSmall(buf: Buffer, offset: number, bits: number, value: number): void {
  const first = Math.floor(offset / 8);
  const lead = offset % 8;
  const nbytes = (lead + bits + 7) >> 3;
  let window = 0;
  for (let k = 0; k < nbytes; k++) window = window * 256 + buf[first + k];
  const shift = nbytes * 8 - lead - bits;
  const low = window % 2 ** shift;
  const high = Math.floor(window / 2 ** (shift + bits));
  window = (high * 2 ** bits + value) * 2 ** shift + low;
  for (let k = nbytes - 1; k >= 0; k--) {
    buf[first + k] = window % 256;
    window = Math.floor(window / 256);
  }
}

/** Unsigned value of a field of any width up to 64, as a BigInt (two small reads). */
export function readBig(buf: Buffer, offset: number, bits: number): bigint {
  if (bits <= SMALL_FIELD_BITS) return BigInt(readSmall(buf, offset, bits));
  const highBits = bits - SMALL_FIELD_BITS;
  const high = readSmall(buf, offset, highBits);
  const low = readSmall(buf, offset + highBits, SMALL_FIELD_BITS);
  return (BigInt(high) << 32n) | BigInt(low);
}

/** Stores an unsigned BigInt value (< 2^bits) in a field of any width up to 64. */
export function writeBig(buf: Buffer, offset: number, bits: number, value: bigint): void {
  if (bits <= SMALL_FIELD_BITS) {
    writeSmall(buf, offset, bits, Number(value));
    return;
  }
  const highBits = bits - SMALL_FIELD_BITS;
  writeSmall(buf, offset, highBits, Number(value >> 32n));
  writeSmall(buf, offset + highBits, SMALL_FIELD_BITS, Number(value & 0xffffffffn));
}

/** A field's type: signedness and width (i1..i64, u1..u63). */
export interface FieldType {
  signed: boolean;
  bits: number;
}

/**
 * Outcome of one SET or INCRBY: `value` is what the field now holds (as the client sees it,
 * signed or not), `failed` is true when FAIL refused the operation (nothing is written).
 * A number on the small path, a bigint on the big one.
 */
export interface FieldUpdate {
  value: number | bigint;
  failed: boolean;
}

/**
 * The small-path twin of applyBig: the new value of a field holding `old` (as the client sees it)
 * after adding `delta`, or after setting it to `delta` when `isSet` (the old value then plays no
 * part). Returns null when FAIL refuses. Unsigned SET of a negative value counts as an overflow
 * upwards (Redis compares it as an unsigned 64-bit number), so SAT stores the maximum.
 */
export function applySmall(
  type: FieldType,
  old: number,
  delta: number,
  isSet: boolean,
  policy: OverflowPolicy,
): number | null {
  const span = 2 ** type.bits;
  const min = type.signed ? -span / 2 : 0;
  const max = type.signed ? span / 2 - 1 : span - 1;
  const target = isSet ? delta : old + delta;
  if (target >= min && target <= max) return target;
  if (policy === OVERFLOW_FAIL) return null;
  if (policy === OVERFLOW_SAT) {
    const up = target > max || (isSet && !type.signed);
    return up ? max : min;
  }
  const wrapped = ((target % span) + span) % span;
  return type.signed && wrapped > max ? wrapped - span : wrapped;
}

/** applySmall for any width and operand, in BigInt. */
export function applyBig(
  type: FieldType,
  old: bigint,
  delta: bigint,
  isSet: boolean,
  policy: OverflowPolicy,
): bigint | null {
  const bits = BigInt(type.bits);
  const span = 1n << bits;
  const min = type.signed ? -(span >> 1n) : 0n;
  const max = type.signed ? (span >> 1n) - 1n : span - 1n;
  const target = isSet ? delta : old + delta;
  if (target >= min && target <= max) return target;
  if (policy === OVERFLOW_FAIL) return null;
  if (policy === OVERFLOW_SAT) {
    const up = target > max || (isSet && !type.signed);
    return up ? max : min;
  }
  return type.signed ? BigInt.asIntN(type.bits, target) : BigInt.asUintN(type.bits, target);
}

/** Whether an operation on this type with this operand can take the allocation-free path. */
export function isSmall(type: FieldType, operand: number | bigint): operand is number {
  return type.bits <= SMALL_FIELD_BITS && typeof operand === 'number' && Math.abs(operand) <= SMALL_OPERAND;
}

/** Reinterprets an unsigned small field value as the client sees it (two's complement if signed). */
export function toSignedSmall(type: FieldType, raw: number): number {
  if (!type.signed) return raw;
  const half = 2 ** (type.bits - 1);
  return raw >= half ? raw - 2 * half : raw;
}

/** Reinterprets an unsigned big field value as the client sees it. */
export function toSignedBig(type: FieldType, raw: bigint): bigint {
  return type.signed ? BigInt.asIntN(type.bits, raw) : raw;
}
