/**
 * The replication backlog (spec/replication.md §4.1): a fixed-capacity ring of the most recent
 * replication-stream bytes, addressed by absolute stream offset.
 *
 * Invariants:
 * - The bytes held are offsets [firstByteOffset, endOffset], endOffset = firstByteOffset +
 *   histlen - 1; an empty backlog has endOffset = firstByteOffset - 1.
 * - 0 <= histlen <= #buf.length <= capacity. Memory is allocated lazily: #buf grows (doubling,
 *   from INITIAL_ALLOCATION) only while it is smaller than the capacity.
 * - While #buf is smaller than the capacity nothing has been overwritten yet, so the content is
 *   linear at #buf[0 .. histlen). It wraps (oldest byte at #start) only once #buf is the capacity.
 */
import { MIN_BACKLOG_SIZE } from './types';

/** First allocation, so that a backlog that sees a few commands does not take its whole capacity. */
const INITIAL_ALLOCATION = 4096;

const EMPTY = Buffer.alloc(0);

export class ReplicationBacklog {
  #capacity: number;
  #buf: Buffer = EMPTY;
  /** Index in #buf of the oldest byte held. */
  #start = 0;
  #histlen = 0;
  #firstByteOffset: number;

  constructor(size: number, firstByteOffset: number) {
    this.#capacity = clampSize(size);
    this.#firstByteOffset = firstByteOffset;
  }

  /** The capacity in bytes (repl-backlog-size, raised to MIN_BACKLOG_SIZE). */
  get size(): number {
    return this.#capacity;
  }

  /** Bytes held. */
  get histlen(): number {
    return this.#histlen;
  }

  /** Offset of the oldest byte held (of the next byte to come while empty). */
  get firstByteOffset(): number {
    return this.#firstByteOffset;
  }

  /** Offset of the newest byte held: the master_repl_offset the backlog was fed up to. */
  get endOffset(): number {
    return this.#firstByteOffset + this.#histlen - 1;
  }

  /** Bytes allocated for the ring (INFO mem_replication_backlog). */
  get memoryBytes(): number {
    return this.#buf.length;
  }

  /** Appends stream bytes; the oldest fall out once the capacity is reached. */
  append(bytes: Buffer): void {
    const len = bytes.length;
    if (len === 0) return;
    const cap = this.#capacity;
    if (len >= cap) {
      // Everything held, and the head of the chunk, falls out: keep the chunk's last `cap` bytes.
      if (this.#buf.length < cap) this.#buf = Buffer.allocUnsafeSlow(cap);
      bytes.copy(this.#buf, 0, len - cap);
      this.#firstByteOffset += this.#histlen + len - cap;
      this.#start = 0;
      this.#histlen = cap;
      return;
    }
    const needed = this.#histlen + len;
    if (needed > this.#buf.length && this.#buf.length < cap) {
      this.#grow(Math.min(cap, Math.max(needed, this.#buf.length * 2, INITIAL_ALLOCATION)));
    }
    // Now either everything fits, or #buf is at capacity and the oldest bytes get overwritten.
    const ring = this.#buf;
    const room = ring.length;
    const write = (this.#start + this.#histlen) % room;
    const first = Math.min(len, room - write);
    bytes.copy(ring, write, 0, first);
    if (first < len) bytes.copy(ring, 0, first, len);
    if (needed > room) {
      const dropped = needed - room;
      this.#start = (this.#start + dropped) % room;
      this.#firstByteOffset += dropped;
      this.#histlen = room;
    } else {
      this.#histlen = needed;
    }
  }

  /** Sets a new capacity (clamped), keeping the newest min(histlen, size) bytes. */
  resize(size: number): void {
    const cap = clampSize(size);
    if (cap === this.#capacity) return;
    const keep = Math.min(this.#histlen, cap);
    const dropped = this.#histlen - keep;
    // Sized to what is kept, linear at 0: the lazy-growth invariant holds for the new capacity.
    const next = keep === 0 ? EMPTY : Buffer.allocUnsafeSlow(keep);
    this.#copyOut(dropped, keep, next, 0);
    this.#buf = next;
    this.#capacity = cap;
    this.#start = 0;
    this.#histlen = keep;
    this.#firstByteOffset += dropped;
  }

  /**
   * Copies of the bytes [offset .. endOffset], in order (two buffers when the ring wraps). They are
   * copies because the ring is overwritten while a socket may still hold what it was given.
   * @throws RangeError unless firstByteOffset <= offset <= endOffset + 1.
   */
  copyFrom(offset: number): Buffer[] {
    if (!Number.isInteger(offset) || offset < this.#firstByteOffset || offset > this.endOffset + 1) {
      throw new RangeError(
        `backlog offset ${offset} outside [${this.#firstByteOffset}, ${this.endOffset + 1}]`,
      );
    }
    const n = this.endOffset + 1 - offset;
    if (n === 0) return [];
    const ring = this.#buf;
    const pos = (this.#start + (offset - this.#firstByteOffset)) % ring.length;
    const first = Math.min(n, ring.length - pos);
    const out = [Buffer.from(ring.subarray(pos, pos + first))];
    if (first < n) out.push(Buffer.from(ring.subarray(0, n - first)));
    return out;
  }

  /** Moves the content, linearised, into a larger allocation. */
  #grow(length: number): void {
    const next = Buffer.allocUnsafeSlow(length);
    this.#copyOut(0, this.#histlen, next, 0);
    this.#buf = next;
    this.#start = 0;
  }

  /** Copies `n` held bytes, starting `skip` bytes after the oldest, into target[at ..]. */
  #copyOut(skip: number, n: number, target: Buffer, at: number): void {
    if (n === 0) return;
    const ring = this.#buf;
    const pos = (this.#start + skip) % ring.length;
    const first = Math.min(n, ring.length - pos);
    ring.copy(target, at, pos, pos + first);
    if (first < n) ring.copy(target, at + first, 0, n - first);
  }
}

function clampSize(size: number): number {
  if (!Number.isSafeInteger(size)) throw new RangeError(`backlog size must be an integer, got ${size}`);
  return Math.max(size, MIN_BACKLOG_SIZE);
}
