/**
 * The list type: a deque of owned Buffers in a power-of-two ring buffer, so pushes and pops at
 * either end are O(1) amortised (no Array.shift/unshift, which copy the whole array), and indexing
 * (LINDEX, LSET, LRANGE) is O(1) per element. Middle edits (LINSERT, LREM) shift one side, O(n), as
 * in Redis.
 *
 * OBJECT ENCODING: Redis 7.0.15 stores every list as a quicklist (checked on the real server: a
 * one-element list reports `quicklist`; the listpack list encoding arrived in 7.2), so `encoding()`
 * is constant.
 *
 * Invariant: slots outside [head, head + length) hold undefined (popped elements are released at
 * once), and every element is a Buffer the list owns (never a parser view).
 */
import { CollectionValue } from './collection';

const MIN_CAPACITY = 8;

/** Redis 7.0's quicklist node limit for list-max-listpack-size -2: 8 KB of listpack per node. */
const NODE_BYTES = 8192;
/** sizeof(robj) + sizeof(quicklist) + sizeof(quicklistNode) on 64-bit Redis 7.0. */
const ROBJ_BYTES = 16;
const QUICKLIST_BYTES = 40;
const QUICKLIST_NODE_BYTES = 40;
/** Listpack header (total bytes + count) and end marker. */
const LISTPACK_OVERHEAD = 7;

export class ListValue extends CollectionValue {
  readonly type = 'list' as const;
  private items: (Buffer | undefined)[];
  private head: number;
  private length: number;
  private mask: number;

  constructor() {
    super();
    this.items = new Array<Buffer | undefined>(MIN_CAPACITY);
    this.head = 0;
    this.length = 0;
    this.mask = MIN_CAPACITY - 1;
  }

  get size(): number {
    return this.length;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    const copy = new ListValue();
    for (let i = 0; i < this.length; i++) copy.pushRight(Buffer.from(this.at(i)));
    return copy;
  }

  /**
   * Redis's estimate: object header + quicklist + (node header + listpack) per node. Nodes are
   * modelled as filled greedily up to 8 KB from the head, which is what a list built by RPUSH
   * looks like; `samples` is ignored (the walk is over element sizes only).
   */
  memoryUsage(samples: number): number {
    void samples;
    let total = ROBJ_BYTES + QUICKLIST_BYTES;
    let node = 0;
    for (let i = 0; i < this.length; i++) {
      const entry = listpackEntryBytes(this.at(i));
      if (node !== 0 && node + entry + LISTPACK_OVERHEAD > NODE_BYTES) {
        total += QUICKLIST_NODE_BYTES + mallocSize(node + LISTPACK_OVERHEAD);
        node = 0;
      }
      node += entry;
    }
    if (node !== 0) total += QUICKLIST_NODE_BYTES + mallocSize(node + LISTPACK_OVERHEAD);
    return total;
  }

  /** The element at index i (0 ≤ i < size; the caller normalises negative indexes). */
  at(i: number): Buffer {
    return this.items[(this.head + i) & this.mask] as Buffer;
  }

  /** The elements head to tail (SORT reads a list this way); do not modify the list meanwhile. */
  *[Symbol.iterator](): Iterator<Buffer> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Replaces the element at index i (0 ≤ i < size). */
  setAt(i: number, value: Buffer): void {
    this.items[(this.head + i) & this.mask] = value;
  }

  pushLeft(value: Buffer): void {
    if (this.length === this.items.length) this.resize(this.items.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = value;
    this.length++;
  }

  pushRight(value: Buffer): void {
    if (this.length === this.items.length) this.resize(this.items.length * 2);
    this.items[(this.head + this.length) & this.mask] = value;
    this.length++;
  }

  /** Removes and returns the first element; the list must not be empty. */
  popLeft(): Buffer {
    const v = this.items[this.head] as Buffer;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    this.maybeShrink();
    return v;
  }

  /** Removes and returns the last element; the list must not be empty. */
  popRight(): Buffer {
    const slot = (this.head + this.length - 1) & this.mask;
    const v = this.items[slot] as Buffer;
    this.items[slot] = undefined;
    this.length--;
    this.maybeShrink();
    return v;
  }

  /** Inserts `value` so that it ends up at index i (0 ≤ i ≤ size), shifting the shorter side. */
  insertAt(i: number, value: Buffer): void {
    if (i === 0) return this.pushLeft(value);
    if (i === this.length) return this.pushRight(value);
    if (this.length === this.items.length) this.resize(this.items.length * 2);
    if (i < this.length / 2) {
      this.head = (this.head - 1) & this.mask;
      for (let j = 0; j < i; j++) this.setAt(j, this.at(j + 1));
    } else {
      for (let j = this.length; j > i; j--) this.items[(this.head + j) & this.mask] = this.at(j - 1);
    }
    this.length++;
    this.setAt(i, value);
  }

  /**
   * Keeps only the elements for which `keep` is true, in order; returns how many were removed.
   * One compaction pass: LREM with any count removes in O(n), not O(n) per removal.
   */
  retain(keep: (value: Buffer, index: number) => boolean): number {
    let w = 0;
    const n = this.length;
    for (let r = 0; r < n; r++) {
      const v = this.at(r);
      if (keep(v, r)) {
        if (w !== r) this.setAt(w, v);
        w++;
      }
    }
    for (let j = w; j < n; j++) this.items[(this.head + j) & this.mask] = undefined;
    this.length = w;
    this.maybeShrink();
    return n - w;
  }

  /** Drops `left` elements from the head and `right` from the tail (LTRIM), O(dropped). */
  trim(left: number, right: number): void {
    for (let i = 0; i < left; i++) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
    }
    this.length -= left;
    for (let i = 0; i < right; i++) this.items[(this.head + this.length - 1 - i) & this.mask] = undefined;
    this.length -= right;
    this.maybeShrink();
  }

  /** Halves the ring when it is a quarter full, so a drained large list gives its memory back. */
  private maybeShrink(): void {
    const cap = this.items.length;
    if (cap > MIN_CAPACITY && this.length < cap / 4) this.resize(cap / 2);
  }

  private resize(capacity: number): void {
    const next = new Array<Buffer | undefined>(capacity);
    for (let i = 0; i < this.length; i++) next[i] = this.items[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = capacity - 1;
  }
}

/** Bytes one element takes in a listpack: encoding + data + back-length. */
function listpackEntryBytes(v: Buffer): number {
  const int = smallIntBytes(v);
  const body = int !== 0 ? int : v.length < 64 ? 1 + v.length : v.length < 4096 ? 2 + v.length : 5 + v.length;
  const back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + back;
}

/** Listpack integer encoding size of a canonical int64 text, 0 when it is not one. */
function smallIntBytes(v: Buffer): number {
  if (v.length === 0 || v.length > 20) return 0;
  const text = v.toString('latin1');
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) return 0;
  const n = BigInt(text);
  if (n >= 0n && n <= 127n) return 1;
  if (n >= -4096n && n <= 4095n) return 2;
  if (n >= -32768n && n <= 32767n) return 3;
  if (n >= -8388608n && n <= 8388607n) return 4;
  if (n >= -2147483648n && n <= 2147483647n) return 5;
  return n >= -(2n ** 63n) && n < 2n ** 63n ? 9 : 0;
}

/** jemalloc's size class for n bytes (small classes; large ones rounded to 4 KB pages). */
function mallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  if (n > 14336) return Math.ceil(n / 4096) * 4096;
  let base = 128;
  while (base * 2 < n) base *= 2;
  const step = base / 4;
  return base + Math.ceil((n - base) / step) * step;
}
