/**
 * Stored string memory that something outside the keyspace still references: a large reply the
 * connection queued by reference (zero-copy) and has not written to the kernel yet, or may still
 * hold in its socket's write queue.
 *
 * The server marks the backing store of every bulk it queues by reference (`lendBytes`); an editor
 * that changes a stored string in place (SETBIT, BITFIELD, via bits/grow.ts) asks `isLent` first and
 * writes into a fresh copy instead, so a GET queued earlier in the same pipeline still sends the old
 * bytes. The mark is kept on the ArrayBuffer, so views of a value (GETRANGE) and longer views of
 * the same backing store are covered too. It is never cleared: the copy the next edit makes is not
 * marked, so a value read and then edited costs one copy, no more than the read itself.
 *
 * Invariant: no stored string whose backing store is marked here is ever written in place.
 */

const lent = new WeakSet<ArrayBufferLike>();

/**
 * The shortest bulk a reply may queue by reference (resp's BIG_BULK; the server's zero-copy-replies
 * spec holds the two equal): anything shorter is copied into the reply buffer, so memory holding
 * only shorter values is never lent.
 */
export const SMALLEST_LENT_BYTES = 16 * 1024;

/** Records that `bytes` (or a view of the same memory) is referenced by a pending reply. */
export function lendBytes(bytes: Uint8Array): void {
  lent.add(bytes.buffer);
}

/**
 * True when a stored value's memory may be referenced by a pending reply, so it must not be mutated.
 * A stored value owns its memory (values.ts) and its backing store only ever backs longer views of
 * it (strings grow in place, never shrink: bits/grow.ts), so a value shorter than
 * SMALLEST_LENT_BYTES cannot have been lent and skips the WeakSet lookup, a measurable share of an
 * in-place overwrite (SET, HSET, INCR).
 */
export function isLent(value: Uint8Array): boolean {
  return value.length >= SMALLEST_LENT_BYTES && lent.has(value.buffer);
}
