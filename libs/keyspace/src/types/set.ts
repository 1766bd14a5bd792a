/**
 * The set value: its members, O(1) membership, O(1) random picks, and the encoding Redis 7.0 would
 * report for the same history.
 *
 * Members are latin1 strings (one char per byte, binary-safe: convert with keyBytes/keyOf at the
 * reply and argument boundary). Two structures hold them:
 * - `index`, member → its slot in `dense`, an insertion-ordered Map: membership, and the order of
 *   a hashtable set's iteration (SSCAN's live cursors rely on a Map iterator surviving mutation);
 * - `dense`, the members packed in an array, so SPOP/SRANDMEMBER pick uniformly in O(1); a
 *   removal moves the last member into the hole (Map.set on an existing key keeps its order).
 *
 * Encoding: Redis 7.0 holds a set whose members are all canonical int64 strings, no more than
 * set-max-intset-entries of them, as an intset (kept sorted: SMEMBERS, SSCAN and SINTER then
 * reply in numeric order) and converts it, one way, to a hashtable otherwise. 7.0 has no listpack
 * sets. Only two paths build a set afresh and may land on intset again: the *STORE commands and
 * SPOP's "keep the few remaining" strategy (`reencode`). While intset, `sorted` holds the members in
 * numeric order; it is null for a hashtable.
 *
 * Invariants: change members only through add/delete/reencode (they keep `index`, `dense`,
 * `sorted`, `deletions` and the dict-size model in step); a stored set is never empty (the handler
 * that removes the last member deletes the key).
 */
import { jemallocSize, sdsAllocation } from './allocation';
import { CollectionValue, type EncodingLimits } from './collection';

export class SetValue extends CollectionValue {
  readonly type = 'set' as const;
  /** member → slot in `dense`; iterates in insertion order (see the file comment). */
  private readonly index: Map<string, number>;
  /** Every member, packed; order is arbitrary (removals swap the last member in). */
  private readonly dense: string[];
  /** Members in numeric order while intset-encoded; null for a hashtable. */
  private sorted: string[] | null;
  /** Members removed so far (SSCAN resumes cursors with it; see scan-cursor.ts). */
  deletions: number;
  /** Bucket count of Redis's dict for this set (MEMORY USAGE); 0 while intset. */
  private slots: number;

  constructor() {
    super();
    this.index = new Map();
    this.dense = [];
    this.sorted = [];
    this.deletions = 0;
    this.slots = 0;
  }

  /** A set built afresh from `members` (duplicates ignored), encoded as a new Redis set would be. */
  static of(members: Iterable<string>, limits: EncodingLimits): SetValue {
    const s = new SetValue();
    for (const m of members) s.add(m, limits);
    return s;
  }

  get size(): number {
    return this.dense.length;
  }

  encoding(): string {
    return this.sorted !== null ? 'intset' : 'hashtable';
  }

  /** True while intset-encoded (SSCAN then returns everything in one call). */
  isCompact(): boolean {
    return this.sorted !== null;
  }

  has(member: string): boolean {
    return this.index.has(member);
  }

  /**
   * Adds a member (a latin1 string); true when it is new. Converts to hashtable as Redis does:
   * on a member that is not a canonical int64, or once the size exceeds set-max-intset-entries.
   */
  add(member: string, limits: EncodingLimits): boolean {
    if (this.index.has(member)) return false;
    this.index.set(member, this.dense.length);
    this.dense.push(member);
    const sorted = this.sorted;
    if (sorted === null) {
      this.grewTo(this.dense.length);
    } else if (!isInt64Text(member)) {
      // Redis converts before inserting: the dict is sized for the members already there.
      this.toHashtable(this.dense.length - 1);
      this.grewTo(this.dense.length);
    } else if (this.dense.length > limits.setMaxIntsetEntries) {
      // …but inserts an integer first and converts once the intset is over the limit.
      this.toHashtable(this.dense.length);
    } else {
      sorted.splice(sortedPosition(sorted, member), 0, member);
    }
    return true;
  }

  /** Removes a member; true when it was present. */
  delete(member: string): boolean {
    const slot = this.index.get(member);
    if (slot === undefined) return false;
    const last = this.dense.pop() as string;
    if (last !== member) {
      this.dense[slot] = last;
      this.index.set(last, slot);
    }
    this.index.delete(member);
    this.deletions++;
    const sorted = this.sorted;
    if (sorted !== null) sorted.splice(sortedPosition(sorted, member), 1);
    else this.shrank();
    return true;
  }

  /** A uniformly random member; the set must not be empty. */
  random(): string {
    return this.dense[Math.floor(Math.random() * this.dense.length)];
  }

  /** The member in packed slot i (0 ≤ i < size): random sampling without repetition. */
  at(i: number): string {
    return this.dense[i];
  }

  /**
   * Recomputes the encoding as if the set had been built afresh from its members (Redis's SPOP
   * copies the remaining members into a new set when it pops most of them).
   */
  reencode(limits: EncodingLimits): void {
    if (this.sorted !== null) return;
    if (this.dense.length > limits.setMaxIntsetEntries) return;
    for (const m of this.dense) if (!isInt64Text(m)) return;
    this.sorted = this.dense.slice().sort(compareInt64Text);
    this.slots = 0;
  }

  /**
   * The members in Redis's order: numeric for an intset, insertion order for a hashtable (Redis's
   * own hash order cannot be reproduced). For a hashtable this is a live Map iterator, so SSCAN can
   * keep it across calls; do not modify the set while iterating an intset's members.
   */
  [Symbol.iterator](): Iterator<string> {
    return this.sorted !== null ? this.sorted[Symbol.iterator]() : this.index.keys();
  }

  clone(): SetValue {
    const copy = new SetValue();
    for (const m of this.dense) {
      copy.index.set(m, copy.dense.length);
      copy.dense.push(m);
    }
    copy.sorted = this.sorted === null ? null : this.sorted.slice();
    // Redis's copy of a hashtable set is a dict pre-sized for its members.
    copy.slots = this.sorted === null ? nextPowerOfTwo(this.dense.length) : 0;
    return copy;
  }

  /**
   * MEMORY USAGE of the value (without the key), as Redis 7.0 estimates it: an intset is the object
   * header plus its blob (8-byte header, members at the narrowest width that fits all); a
   * hashtable is the dict with its bucket array plus the average cost of the first `samples`
   * members (0 = all) times the size. Approximate for a hashtable: Redis samples in hash order, and
   * may be mid-rehash (two bucket arrays), which is not modelled.
   */
  memoryUsage(samples: number): number {
    const ROBJ = 16;
    const sorted = this.sorted;
    if (sorted !== null) {
      let width = 2;
      for (const m of sorted) width = Math.max(width, intWidth(m));
      return ROBJ + jemallocSize(INTSET_HEADER + width * sorted.length);
    }
    const DICT = 56;
    const DICT_ENTRY = 24;
    let sampled = 0;
    let elementBytes = 0;
    for (const m of this.index.keys()) {
      if (samples !== 0 && sampled >= samples) break;
      elementBytes += DICT_ENTRY + sdsAllocation(m.length);
      sampled++;
    }
    const perElement = sampled === 0 ? 0 : elementBytes / sampled;
    return Math.floor(ROBJ + DICT + this.slots * 8 + perElement * this.dense.length);
  }

  // -------------------------------------------------------------------------------------------
  // Encoding changes and the dict-size model
  // -------------------------------------------------------------------------------------------

  /** intset → hashtable: Redis sizes the new dict for the `members` the intset holds. */
  private toHashtable(members: number): void {
    this.sorted = null;
    this.slots = nextPowerOfTwo(members);
  }

  /** Redis's dict grows to the next power of two above `used` once used reaches its size. */
  private grewTo(used: number): void {
    if (this.slots === 0) this.slots = DICT_MIN_SLOTS;
    else if (used > this.slots) this.slots = nextPowerOfTwo(used);
  }

  /** SREM/SPOP shrink the dict once it is under 10% full (Redis's htNeedsResize + dictResize). */
  private shrank(): void {
    const used = this.dense.length;
    if (this.slots > DICT_MIN_SLOTS && used * 100 < this.slots * 10) {
      this.slots = nextPowerOfTwo(Math.max(used, DICT_MIN_SLOTS));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical int64 text (what an intset can hold) and its numeric order
// ---------------------------------------------------------------------------------------------

const INT64_MAX_TEXT = '9223372036854775807';
const INT64_MIN_TEXT = '-9223372036854775808';

/**
 * True when `s` is an int64 in canonical decimal form (Redis's string2ll test: no sign but `-`, no
 * leading zeros, no `-0`, no spaces), so an intset could hold it.
 */
export function isInt64Text(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  const negative = s.charCodeAt(0) === 0x2d;
  let i = negative ? 1 : 0;
  if (i === n) return false;
  if (s.charCodeAt(i) === 0x30) return n === 1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  // At the extremes' length, digit strings of equal length compare like the numbers.
  if (negative) return n < 20 || s <= INT64_MIN_TEXT;
  return n < 19 || (n === 19 && s <= INT64_MAX_TEXT);
}

/** Numeric order of two canonical int64 texts, without converting them (BigInt would allocate). */
export function compareInt64Text(a: string, b: string): number {
  if (a === b) return 0;
  const na = a.charCodeAt(0) === 0x2d;
  const nb = b.charCodeAt(0) === 0x2d;
  if (na !== nb) return na ? -1 : 1;
  // Same sign: for positives the shorter (or lexically smaller) is smaller; negatives flip.
  const less = a.length !== b.length ? a.length < b.length : a < b;
  return less !== na ? -1 : 1;
}

/** Index of `member` in `sorted`, or where it would be inserted. */
function sortedPosition(sorted: string[], member: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareInt64Text(sorted[mid], member) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Size estimates (MEMORY USAGE)
// ---------------------------------------------------------------------------------------------

/** Encoding and length fields at the head of an intset. */
const INTSET_HEADER = 8;
/** Buckets of a dict's first table. */
const DICT_MIN_SLOTS = 4;

/** Bytes per member an intset needs to hold this value: 2, 4 or 8. */
function intWidth(s: string): number {
  const v = s.length <= 15 ? Number(s) : Number.MAX_SAFE_INTEGER;
  if (v >= -32768 && v <= 32767) return 2;
  return v >= -2147483648 && v <= 2147483647 ? 4 : 8;
}

function nextPowerOfTwo(n: number): number {
  let p = DICT_MIN_SLOTS;
  while (p < n) p *= 2;
  return p;
}
