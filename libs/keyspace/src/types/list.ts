/**
 * The list type: a deque of blocks, each block packing up to BLOCK_ITEMS elements (at most
 * BLOCK_BYTES of them, like a quicklist node's 8 KB listpack) into one Buffer, so pushes and pops
 * at either end are O(1) amortised and an element costs its bytes plus four, not a Buffer object
 * of its own. A Buffer per element was the main cost of a push-heavy load: each one survived V8's
 * young generation (a copy) and then weighed on every old-generation mark.
 *
 * Reads: `at(i)` finds the block by walking block counts from the nearer end, or from the block
 * the previous call ended in, so a sequential scan (LRANGE, LPOS, iteration) is O(1) per element
 * and a random LINDEX is O(blocks), as a quicklist's. Middle edits (LINSERT, LSET with another
 * length) rebuild one block, LREM rebuilds the list: O(n) at worst, as in Redis.
 *
 * OBJECT ENCODING: Redis 7.0.15 stores every list as a quicklist (checked on the real server: a
 * one-element list reports `quicklist`; the listpack list encoding arrived in 7.2), so `encoding()`
 * is constant.
 *
 * Views: elements come out (at, pops, iteration) as views of a block's memory, not copies. A view
 * stays correct until the next write to this list, which may reuse or move the bytes; a caller
 * that keeps one longer copies it. Bytes are never moved inside a block's own Buffer (a block that
 * must make room gets a new Buffer), so a view survives any write that does not reuse its exact
 * bytes. An element larger than BLOCK_BYTES gets a block of its own that is never written again;
 * BLOCK_BYTES is below the size from which a reply queues a bulk by reference instead of copying
 * it (resp's BIG_BULK, 16 KiB), so no lent (lent.ts) memory is ever reused.
 *
 * Invariants: blocks hold at least one element (an emptied block leaves the ring at once); slots
 * outside [head, head + blockCount) of the ring hold undefined; elements are copied in by the list
 * (pushes take views and copy their bytes).
 */
import { CollectionValue } from './collection';

/** Most bytes of elements a shared block holds: a quicklist node's 8 KB (list-max-listpack-size -2). */
const BLOCK_BYTES = 8192;
/** Most elements a block holds (bounds the offsets array of a block of tiny elements). */
const BLOCK_ITEMS = 128;
/** A new block's first Buffer and offsets sizes (most lists are short); both grow as it fills. */
const MIN_BLOCK_BYTES = 16;
const MIN_BLOCK_ITEMS = 4;
const MIN_RING = 2;

/** sizeof(robj) + sizeof(quicklist) + sizeof(quicklistNode) on 64-bit Redis 7.0. */
const ROBJ_BYTES = 16;
const QUICKLIST_BYTES = 40;
const QUICKLIST_NODE_BYTES = 40;
/** Listpack header (total bytes + count) and end marker. */
const LISTPACK_OVERHEAD = 7;

/**
 * One block: elements `first` … `last - 1`, element k being bytes `offs[k]` … `offs[k + 1]` of
 * `data`; the elements are contiguous, bytes `lo` … `hi`. A block grows in one direction only:
 * towards index 0 when it was opened by a push at the head (`towardStart`), towards the end when
 * opened at the tail; a push at its other side opens a new block instead, so no block shuttles its
 * contents back and forth.
 */
class Block {
  data: Buffer;
  lo: number;
  hi: number;
  offs: Int32Array;
  first: number;
  last: number;
  readonly towardStart: boolean;

  /** An empty block with room for `bytes` and `items`, growing towards its start or its end. */
  constructor(bytes: number, items: number, towardStart: boolean) {
    this.data = blockMemory(bytes);
    this.offs = new Int32Array(items + 1);
    this.lo = this.hi = towardStart ? bytes : 0;
    this.first = this.last = towardStart ? items : 0;
    this.offs[this.first] = this.lo;
    this.towardStart = towardStart;
  }

  get count(): number {
    return this.last - this.first;
  }

  /** The k-th element of the block (a view). */
  at(k: number): Buffer {
    const i = this.first + k;
    return this.data.subarray(this.offs[i], this.offs[i + 1]);
  }

  /**
   * True when an element of `len` bytes may be pushed at this side of the block: the side it grows
   * on, within the block limits (a block of one huge element takes nothing more), and either into
   * room it has there or, while the block is at most half full, after moving its contents. A
   * fuller block never moves: a queue (pushes at one end, pops at the other) that keeps a block
   * nearly full would otherwise copy it on every few pushes.
   */
  canTake(len: number, atStart: boolean): boolean {
    if (this.towardStart !== atStart) return false;
    const used = this.hi - this.lo;
    const count = this.last - this.first;
    const roomBytes = atStart ? this.lo : this.data.length - this.hi;
    const roomItems = atStart ? this.first : this.offs.length - 1 - this.last;
    if (roomBytes >= len && roomItems > 0) return used + len <= BLOCK_BYTES && count < BLOCK_ITEMS;
    return used + len <= BLOCK_BYTES / 2 && count < BLOCK_ITEMS / 2;
  }

  /** Adds a copy of `v` on the side the block grows on. */
  push(v: Buffer): void {
    const len = v.length;
    if (this.towardStart) {
      if (this.lo < len || this.first === 0) this.makeRoom(len);
      this.lo -= len;
      this.data.set(v, this.lo);
      this.offs[--this.first] = this.lo;
    } else {
      if (this.data.length - this.hi < len || this.last === this.offs.length - 1) this.makeRoom(len);
      this.data.set(v, this.hi);
      this.hi += len;
      this.offs[++this.last] = this.hi;
    }
  }

  popFirst(): Buffer {
    const v = this.data.subarray(this.lo, this.offs[this.first + 1]);
    this.lo = this.offs[++this.first];
    return v;
  }

  popLast(): Buffer {
    const v = this.data.subarray(this.offs[this.last - 1], this.hi);
    this.hi = this.offs[--this.last];
    return v;
  }

  /** Drops the first `n` elements (fewer than count). */
  dropFirst(n: number): void {
    this.first += n;
    this.lo = this.offs[this.first];
  }

  /** Drops the last `n` elements (fewer than count). */
  dropLast(n: number): void {
    this.last -= n;
    this.hi = this.offs[this.last];
  }

  /**
   * Moves the elements into a new Buffer and offsets array, against the side opposite to growth.
   * Whatever has less than half as much again free (bytes or offsets) is resized to twice what is
   * needed (or to the block limits), so a move costing O(used) buys room for at least used/2
   * more bytes: O(1) amortised, also when the room pops freed is at the other side (canTake
   * allows moves only while the block is at most half full). Always new memory: views handed out
   * earlier keep their bytes.
   */
  private makeRoom(len: number): void {
    const used = this.hi - this.lo;
    const count = this.last - this.first;
    const need = used + len;
    const needItems = count + 1;
    let bytes = this.data.length;
    let items = this.offs.length - 1;
    if (need > BLOCK_BYTES / 4 || needItems > BLOCK_ITEMS / 4) {
      // Past a quarter of either limit, straight to a full block of elements like these: the
      // block stops moving at half.
      const [fullBytes, fullItems] = fullBlockSize(need / needItems);
      bytes = Math.max(need, fullBytes);
      items = Math.max(needItems, fullItems);
    } else {
      if (bytes < need + (need >> 1)) bytes = 2 * need;
      if (items < needItems + (needItems >> 1)) items = 2 * needItems;
    }
    const data = blockMemory(bytes);
    const offs = new Int32Array(items + 1);
    const lo = this.towardStart ? bytes - used : 0;
    const first = this.towardStart ? items - count : 0;
    this.data.copy(data, lo, this.lo, this.hi);
    const shift = lo - this.lo;
    for (let k = 0; k <= count; k++) offs[first + k] = this.offs[this.first + k] + shift;
    this.data = data;
    this.offs = offs;
    this.lo = lo;
    this.hi = lo + used;
    this.first = first;
    this.last = first + count;
  }

  /** A block holding exactly `elements` (copied), growing towards its end. */
  static of(elements: readonly Buffer[]): Block {
    let bytes = 0;
    for (let i = 0; i < elements.length; i++) bytes += elements[i].length;
    const b = new Block(Math.max(bytes, MIN_BLOCK_BYTES), Math.max(elements.length, MIN_BLOCK_ITEMS), false);
    for (let i = 0; i < elements.length; i++) b.push(elements[i]);
    return b;
  }

  /**
   * A fresh block for a first element of `len` bytes. A huge one gets a block its own size. After
   * `full`, a block this end of the list could not take more (the list grows here), it is sized
   * at once for a full block of elements like `full`'s, sparing the copies of growing; otherwise
   * it starts small (most lists are short).
   */
  static forElement(len: number, towardStart: boolean, full: Block | null): Block {
    if (len > BLOCK_BYTES) return new Block(len, 1, towardStart);
    if (full !== null) {
      const [bytes, items] = fullBlockSize((full.hi - full.lo) / full.count);
      return new Block(Math.max(len, bytes), items, towardStart);
    }
    let bytes = MIN_BLOCK_BYTES;
    while (bytes < len) bytes *= 2;
    return new Block(bytes, MIN_BLOCK_ITEMS, towardStart);
  }

  /** A copy holding the same elements in a Buffer of their size. */
  clone(): Block {
    const used = this.hi - this.lo;
    const count = this.count;
    const copy = new Block(Math.max(used, 1), count, false);
    this.data.copy(copy.data, 0, this.lo, this.hi);
    for (let k = 0; k <= count; k++) copy.offs[k] = this.offs[this.first + k] - this.lo;
    copy.hi = used;
    copy.last = count;
    return copy;
  }
}

/** Bytes and offsets of a block that fills up with elements of `average` bytes. */
function fullBlockSize(average: number): [bytes: number, items: number] {
  const items = Math.min(BLOCK_ITEMS, Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, average))));
  return [Math.min(BLOCK_BYTES, Math.ceil(average * items)), items];
}

/** Blocks up to this size come from Node's shared pool (see blockMemory). */
const POOLED_BLOCK_BYTES = 64;

/**
 * Memory for a block. A small one is a slice of Node's shared 8 KB pool: no backing store of its
 * own, so a short list stays small. A larger one gets its own, freed with the block: a pool slice
 * left behind when a block grows stays allocated as long as anything else holds that pool.
 */
function blockMemory(bytes: number): Buffer {
  return bytes <= POOLED_BLOCK_BYTES ? Buffer.allocUnsafe(bytes) : Buffer.allocUnsafeSlow(bytes);
}

export class ListValue extends CollectionValue {
  readonly type = 'list' as const;
  /** Ring of blocks: block j (0 = head) is at (head + j) & mask. */
  private blocks: (Block | undefined)[];
  private head: number;
  private blockCount: number;
  private mask: number;
  private length: number;
  /** Where the last at() found its element: block j and the list index of its first element. */
  private cursorBlock: number;
  private cursorStart: number;

  constructor() {
    super();
    this.blocks = new Array<Block | undefined>(MIN_RING);
    this.head = 0;
    this.blockCount = 0;
    this.mask = MIN_RING - 1;
    this.length = 0;
    this.cursorBlock = -1;
    this.cursorStart = 0;
  }

  get size(): number {
    return this.length;
  }

  encoding(): string {
    return 'quicklist';
  }

  /** Bytes of block memory the list holds (its elements' bytes plus the room in its blocks). */
  get allocatedBytes(): number {
    let bytes = 0;
    for (let j = 0; j < this.blockCount; j++) bytes += this.block(j).data.length;
    return bytes;
  }

  clone(): ListValue {
    const copy = new ListValue();
    for (let j = 0; j < this.blockCount; j++) copy.appendBlock(this.block(j).clone());
    copy.length = this.length;
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
    for (const v of this) {
      const entry = listpackEntryBytes(v);
      if (node !== 0 && node + entry + LISTPACK_OVERHEAD > BLOCK_BYTES) {
        total += QUICKLIST_NODE_BYTES + mallocSize(node + LISTPACK_OVERHEAD);
        node = 0;
      }
      node += entry;
    }
    if (node !== 0) total += QUICKLIST_NODE_BYTES + mallocSize(node + LISTPACK_OVERHEAD);
    return total;
  }

  /** The element at index i (0 ≤ i < size; the caller normalises negative indexes), as a view. */
  at(i: number): Buffer {
    this.seek(i);
    return this.block(this.cursorBlock).at(i - this.cursorStart);
  }

  /** The elements head to tail, as views (SORT and DUMP read a list this way); do not modify the list meanwhile. */
  *[Symbol.iterator](): Iterator<Buffer> {
    for (let j = 0; j < this.blockCount; j++) {
      const b = this.block(j);
      for (let k = 0; k < b.count; k++) yield b.at(k);
    }
  }

  /** Replaces the element at index i (0 ≤ i < size) with a copy of `value`. */
  setAt(i: number, value: Buffer): void {
    this.seek(i);
    const j = this.cursorBlock;
    const b = this.block(j);
    const k = i - this.cursorStart;
    const at = b.first + k;
    if (b.offs[at + 1] - b.offs[at] === value.length && value.length <= BLOCK_BYTES) {
      // Same length: the bytes change in place. Only an element over BLOCK_BYTES may be lent to a
      // pending reply (see the file comment), and those are always replaced.
      b.data.set(value, b.offs[at]);
      return;
    }
    const elements = this.blockElements(b);
    elements[k] = value;
    this.replaceBlock(j, elements);
  }

  /** Pushes a copy of `value` at the head. */
  pushLeft(value: Buffer): void {
    let b = this.blockCount === 0 ? undefined : this.blocks[this.head];
    if (b === undefined || !b.canTake(value.length, true)) {
      b = Block.forElement(value.length, true, b !== undefined && b.towardStart ? b : null);
      this.prependBlock(b);
    }
    b.push(value);
    this.length++;
    this.cursorBlock = -1;
  }

  /** Pushes a copy of `value` at the tail. */
  pushRight(value: Buffer): void {
    let b = this.blockCount === 0 ? undefined : this.blocks[(this.head + this.blockCount - 1) & this.mask];
    if (b === undefined || !b.canTake(value.length, false)) {
      b = Block.forElement(value.length, false, b !== undefined && !b.towardStart ? b : null);
      this.appendBlock(b);
    }
    b.push(value);
    this.length++;
  }

  /** Removes and returns the first element (a view); the list must not be empty. */
  popLeft(): Buffer {
    const b = this.blocks[this.head] as Block;
    const v = b.popFirst();
    this.length--;
    if (b.count === 0) this.removeBlock(0);
    this.cursorBlock = -1;
    return v;
  }

  /** Removes and returns the last element (a view); the list must not be empty. */
  popRight(): Buffer {
    const j = this.blockCount - 1;
    const b = this.block(j);
    const v = b.popLast();
    this.length--;
    if (b.count === 0) this.removeBlock(j);
    else if (this.cursorBlock === j) this.cursorBlock = -1;
    return v;
  }

  /** Inserts a copy of `value` so that it ends up at index i (0 ≤ i ≤ size). */
  insertAt(i: number, value: Buffer): void {
    if (i === 0) return this.pushLeft(value);
    if (i === this.length) return this.pushRight(value);
    this.seek(i);
    const j = this.cursorBlock;
    const elements = this.blockElements(this.block(j));
    elements.splice(i - this.cursorStart, 0, value);
    this.replaceBlock(j, elements);
    this.length++;
  }

  /**
   * Keeps only the elements for which `keep` is true, in order; returns how many were removed.
   * One rebuild: LREM with any count removes in O(n), not O(n) per removal.
   */
  retain(keep: (value: Buffer, index: number) => boolean): number {
    const kept: Buffer[] = [];
    let index = 0;
    for (const v of this) if (keep(v, index++)) kept.push(v);
    const removed = this.length - kept.length;
    if (removed === 0) return 0;
    // The kept views point into the old blocks, which the rebuild only reads.
    this.blocks = new Array<Block | undefined>(MIN_RING);
    this.head = 0;
    this.blockCount = 0;
    this.mask = MIN_RING - 1;
    this.length = 0;
    this.cursorBlock = -1;
    for (let k = 0; k < kept.length; k++) this.pushRight(kept[k]);
    return removed;
  }

  /** Drops `left` elements from the head and `right` from the tail (LTRIM), O(blocks dropped). */
  trim(left: number, right: number): void {
    this.length -= left + right;
    while (left > 0) {
      const b = this.blocks[this.head] as Block;
      if (b.count > left) {
        b.dropFirst(left);
        break;
      }
      left -= b.count;
      this.removeBlock(0);
    }
    while (right > 0) {
      const b = this.block(this.blockCount - 1);
      if (b.count > right) {
        b.dropLast(right);
        break;
      }
      right -= b.count;
      this.removeBlock(this.blockCount - 1);
    }
    this.cursorBlock = -1;
  }

  // ------------------------------------------------------------------------------------------
  // Blocks
  // ------------------------------------------------------------------------------------------

  /** Block j from the head (0 ≤ j < blockCount). */
  private block(j: number): Block {
    return this.blocks[(this.head + j) & this.mask] as Block;
  }

  /** Leaves the cursor on the block holding index i (0 ≤ i < size). */
  private seek(i: number): void {
    let j = this.cursorBlock;
    let start = this.cursorStart;
    // Walk from the cursor unless an end of the list is nearer (by index).
    const fromCursor = j < 0 ? Infinity : Math.abs(i - start);
    if (i <= fromCursor && i < this.length - i) {
      j = 0;
      start = 0;
    } else if (this.length - i < fromCursor) {
      j = this.blockCount - 1;
      start = this.length - this.block(j).count;
    }
    while (i < start) start -= this.block(--j).count;
    while (i >= start + this.block(j).count) start += this.block(j++).count;
    this.cursorBlock = j;
    this.cursorStart = start;
  }

  /** The elements of a block, as views. */
  private blockElements(b: Block): Buffer[] {
    const out = new Array<Buffer>(b.count);
    for (let k = 0; k < out.length; k++) out[k] = b.at(k);
    return out;
  }

  /** Replaces block j by blocks holding `elements` (split in two when over a block's limits). */
  private replaceBlock(j: number, elements: Buffer[]): void {
    let bytes = 0;
    for (let k = 0; k < elements.length; k++) bytes += elements[k].length;
    this.cursorBlock = -1;
    if (elements.length <= 1 || (elements.length <= BLOCK_ITEMS && bytes <= BLOCK_BYTES)) {
      this.blocks[(this.head + j) & this.mask] = Block.of(elements);
      return;
    }
    const half = elements.length >> 1;
    this.blocks[(this.head + j) & this.mask] = Block.of(elements.slice(0, half));
    this.insertBlock(j + 1, Block.of(elements.slice(half)));
  }

  private prependBlock(b: Block): void {
    if (this.blockCount === this.blocks.length) this.resize(this.blocks.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.blocks[this.head] = b;
    this.blockCount++;
  }

  private appendBlock(b: Block): void {
    if (this.blockCount === this.blocks.length) this.resize(this.blocks.length * 2);
    this.blocks[(this.head + this.blockCount) & this.mask] = b;
    this.blockCount++;
  }

  /** Inserts a block so that it becomes block j (0 < j ≤ blockCount), shifting the later ones. */
  private insertBlock(j: number, b: Block): void {
    if (this.blockCount === this.blocks.length) this.resize(this.blocks.length * 2);
    for (let t = this.blockCount; t > j; t--) this.blocks[(this.head + t) & this.mask] = this.block(t - 1);
    this.blocks[(this.head + j) & this.mask] = b;
    this.blockCount++;
  }

  /** Removes block j, closing the gap from the nearer end; halves the ring when a quarter full. */
  private removeBlock(j: number): void {
    if (j === 0) {
      this.blocks[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
    } else {
      for (let t = j; t < this.blockCount - 1; t++) this.blocks[(this.head + t) & this.mask] = this.block(t + 1);
      this.blocks[(this.head + this.blockCount - 1) & this.mask] = undefined;
    }
    this.blockCount--;
    this.cursorBlock = -1;
    const cap = this.blocks.length;
    if (cap > MIN_RING && this.blockCount < cap / 4) this.resize(cap / 2);
  }

  private resize(capacity: number): void {
    const next = new Array<Block | undefined>(capacity);
    for (let j = 0; j < this.blockCount; j++) next[j] = this.block(j);
    this.blocks = next;
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
