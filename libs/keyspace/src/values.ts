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

/** The string type: its bytes. */
export type StringValue = Buffer;

/** Every value type; a union once lists, hashes, sets and zsets arrive. Test with the helpers below. */
export type Value = StringValue;

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
  if (isString(v)) return 'string';
  return 'none';
}
