/**
 * The value types held by the keyspace, and the key encoding.
 *
 * Keys are JS strings decoded as latin1 (one char per byte), so any byte sequence round-trips and
 * Map lookups hash them natively. Values are stored without a wrapper object (each wrapper would cost
 * ~40+ bytes per key): a string value is a Buffer that the keyspace owns outright.
 *
 * Invariant: a stored Buffer is never a view into a parser/socket chunk (that would pin the whole
 * 64 KB chunk for the life of the key): copy arguments with `ownBytes` before storing them.
 */

import { isLent } from './lent';
import { CollectionValue } from './types/collection';

/** The string type: its bytes. */
export type StringValue = Buffer;

/** Every value type: a string's bytes or a collection (types/). Test with the helpers below. */
export type Value = StringValue | CollectionValue;

/** Decodes a key from its bytes: latin1 keeps exactly one char per byte, so it is binary-safe. */
export function keyOf(buf: Buffer): string {
  return buf.toString('latin1');
}

/** The bytes of a key (inverse of keyOf). */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/**
 * A copy of `view` that owns its memory. Small copies come from Node's shared allocation pool, so
 * this costs one object and no separate backing store.
 */
export function ownBytes(view: Buffer): Buffer {
  return Buffer.from(view);
}

/** True when the value is of the string type. */
export function isString(v: Value): v is StringValue {
  return v instanceof Uint8Array;
}

/** The name TYPE and SCAN TYPE use for a value. */
export function typeName(v: Value): string {
  return isString(v) ? 'string' : v.type;
}

/**
 * Values Redis would hold in its `raw` encoding although they are short or look like integers: the
 * results of APPEND and SETRANGE. A WeakSet marks them without a per-key field; replacing the value
 * drops the mark with the old Buffer.
 */
const rawValues = new WeakSet<Buffer>();

/** Marks a string value as produced by APPEND/SETRANGE (OBJECT ENCODING then says `raw`). */
export function markRaw(v: Buffer): void {
  rawValues.add(v);
}

/**
 * Values Redis keeps as a string object without trying the `int` encoding: INCRBYFLOAT's result
 * ("3" after INCRBYFLOAT k 1 twice is `embstr`, not `int`). Same WeakSet scheme as rawValues.
 */
const notIntValues = new WeakSet<Buffer>();

/** Marks a string value as never `int`-encoded (INCRBYFLOAT results). */
export function markNotInt(v: Buffer): void {
  notIntValues.add(v);
}

/**
 * A copy of a stored string that keeps its encoding marks: COPY duplicates the string object with
 * its encoding, so a `raw` "0" stays `raw` in the copy.
 */
export function dupString(v: Buffer): Buffer {
  const copy = Buffer.from(v);
  if (rawValues.has(v)) rawValues.add(copy);
  if (notIntValues.has(v)) notIntValues.add(copy);
  return copy;
}

/**
 * True when a stored string may take a new value of `length` bytes in place (plain SET over a value
 * of the same size): no pending reply references its memory (lent.ts) and no encoding mark would
 * wrongly survive. Reusing it avoids a fresh Buffer per overwrite, which V8 would otherwise copy
 * through the young generation and promote (the dominant GC cost of a SET-heavy load).
 */
export function reusableString(v: Value | undefined, length: number): v is StringValue {
  return (
    v instanceof Uint8Array && v.length === length && length !== 0 && !isLent(v) && !rawValues.has(v) && !notIntValues.has(v)
  );
}

/** Longest string Redis stores in the `embstr` encoding. */
const EMBSTR_MAX = 44;

/** True when the bytes are an int64 in canonical form (Redis's `int` encoding test). */
function isCanonicalInt(v: Buffer): boolean {
  const n = v.length;
  if (n === 0 || n > 20) return false;
  let i = v[0] === 0x2d ? 1 : 0;
  if (i === n) return false;
  if (v[i] === 0x30) return n === 1;
  for (; i < n; i++) if (v[i] < 0x30 || v[i] > 0x39) return false;
  if (n < 19) return true;
  const big = BigInt(v.toString('latin1'));
  return big >= -(2n ** 63n) && big < 2n ** 63n;
}

/** OBJECT ENCODING of a value, as Redis 7.0 reports it. */
export function encodingOf(v: Value): string {
  if (v instanceof CollectionValue) return v.encoding();
  if (rawValues.has(v)) return 'raw';
  if (!notIntValues.has(v) && isCanonicalInt(v)) return 'int';
  return v.length <= EMBSTR_MAX ? 'embstr' : 'raw';
}
