/**
 * Growing a string value for the bit commands, which write past the end of strings (SETBIT at a far
 * offset, BITFIELD SET/INCRBY) and are often used to build bitmaps one bit further at a time.
 *
 * A Buffer cannot grow, so a naive grow copies the whole string on every step: quadratic for a
 * bitmap filled left to right. Instead, strings grown here get spare capacity the way Redis's sds
 * does (double below 1 MB, +1 MB above) in a backing store that only this module hands out; a later
 * grow within that capacity returns a longer view of the same memory, without copying.
 *
 * A string whose memory a pending reply references (lent.ts) is never returned for writing: it is
 * copied first, so the reply still sends the bytes it was given.
 *
 * Invariant: a backing store registered in `growable` is referenced by exactly one stored value, and
 * its bytes past that value's end are zero and written by no one.
 */
import { isLent } from '../lent';

/** Above this, spare capacity grows by a fixed step instead of doubling (sds's rule). */
const LINEAR_GROWTH_BYTES = 1024 * 1024;
/** Strings this short are copied exactly: spare room would cost more than the copies it saves. */
const MIN_SPARE_BYTES = 64;

const growable = new WeakSet<ArrayBufferLike>();

/**
 * Returns a writable string holding `current`'s bytes followed by zeros up to `length` bytes:
 * `current` itself when it is long enough, a longer view of its own memory when it has spare
 * capacity, or a new copy (with spare capacity for the next grow) — always a copy when `current`'s
 * memory is lent to a pending reply. `current` undefined means a new empty string.
 */
export function growString(current: Buffer | undefined, length: number): Buffer {
  if (current === undefined) return grownCopy(undefined, length);
  if (isLent(current)) {
    // An exact copy when no growth is asked for: its memory is fresh, hence not lent.
    return current.length >= length ? Buffer.from(current) : grownCopy(current, length);
  }
  if (current.length >= length) return current;
  if (growable.has(current.buffer) && current.byteOffset === 0 && length <= current.buffer.byteLength) {
    return Buffer.from(current.buffer, 0, length);
  }
  return grownCopy(current, length);
}

/** A new string of `length` bytes starting with `current`'s, with spare capacity when long enough. */
function grownCopy(current: Buffer | undefined, length: number): Buffer {
  if (length < MIN_SPARE_BYTES) {
    const exact = Buffer.alloc(length);
    if (current !== undefined) current.copy(exact);
    return exact;
  }
  const capacity = length < LINEAR_GROWTH_BYTES ? length * 2 : length + LINEAR_GROWTH_BYTES;
  // A fresh ArrayBuffer is zero-filled and not from Node's shared pool, so it can be registered.
  const backing = new ArrayBuffer(capacity);
  growable.add(backing);
  const grown = Buffer.from(backing, 0, length);
  if (current !== undefined) current.copy(grown);
  return grown;
}
