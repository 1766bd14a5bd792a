/**
 * The ordered index of a sorted set: a skip list (Pugh) whose links carry span widths, so that
 * insert, delete, rank-of-element and element-at-rank are all O(log n) expected — the structure
 * Redis uses for its `skiplist` encoding, written here from the textbook algorithm.
 *
 * Order: by score ascending, then by member bytes (members are latin1 strings, and comparing latin1
 * strings by UTF-16 code unit is exactly a byte-wise memcmp). Ranks are 1-based inside this file
 * (the header is rank 0); callers outside convert to Redis's 0-based ranks.
 *
 * Layout (why it is not the obvious one): a search is pointer chasing, and on a set of a million
 * members every step is a cache miss, so a step must touch one small record and nothing else. A
 * node object would cost three (the object, its boxed double score, its level array) and ~150
 * bytes. Here every node is a record of `2 + level` 8-byte words in one ArrayBuffer, read through a
 * Float64Array (the score) and an Int32Array (everything else) over the same memory:
 *
 *   word 0          score (float64)
 *   word 1          int32 slot (index of the member in `members`), int32 backward (node or NIL)
 *   word 1 + l      int32 next(l), int32 span(l)            for l = 1 … level-1
 *   word 2 (l = 0)  int32 next(0), int32 level (level 0 has no stored span: see spanAt)
 *
 * A node is named by the offset of its record in words (a `ZNode`, a plain integer), so links are
 * integers, the member → node Map holds small integers (no heap number per member), and nothing
 * here is a JS object per member except the member string. The header is the record at offset 0,
 * which doubles as NIL: no link ever points back at the header, so 0 can mean "no node".
 *
 * Freed records go to a free list per level (chained through next(0)) and are reused by the next
 * node of that level with their slot; when the live records fill under a quarter of the buffer,
 * `needsCompaction` asks the owner to `compact`, which rebuilds the list into a right-sized buffer
 * (node offsets change: the owner re-reads them).
 *
 * Invariants a reader must not break:
 * - the span of a node's level-i link (i ≥ 1) is the number of level-0 steps it skips; for a null
 *   link it is the distance to the end of the list (so the header's spans stay correct as the list
 *   grows); level 0 stores no span (see spanAt);
 * - `backward` links level 0 in reverse (NIL for the first node), and `tail` is the last node;
 * - no two nodes hold the same member (the owning ZSet's Map guarantees it);
 * - a ZNode is valid until the next insert or removal on the same list only if that change does
 *   not compact; callers that mutate while walking collect members first.
 */

/** A node: the word offset of its record. NIL (the header's offset) means "no node". */
export type ZNode = number;
export const NIL: ZNode = 0;

/** Redis's cap on levels: enough for 2^64 elements at p = 1/4. */
const MAX_LEVEL = 32;
/** Probability of promoting a node one level up (1/4, as Redis). */
const P = 0.25;
/** Words of the header record (all MAX_LEVEL levels). */
const HEADER_WORDS = 2 + MAX_LEVEL;
/** Words a new list starts with: the header and room for a few level-1 nodes (most sets are small). */
const INITIAL_WORDS = 48;

// Int32 indexes inside a record, relative to 2 * node (the record's first int32).
const SLOT = 2;
const BACKWARD = 3;
const NEXT0 = 4;
const LEVEL = 5;

/** Scratch arrays for insert/delete: one command runs at a time, so sharing them is safe. */
const update = new Int32Array(MAX_LEVEL);
const rankAt = new Int32Array(MAX_LEVEL);

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

export class SkipList {
  /** Nodes in the list. */
  length: number;
  /** Levels in use (≥ 1). */
  level: number;
  /** The last node, NIL when empty. */
  tail: ZNode;
  /** The rank found by the last lastScoreBelow/lastMemberBelow call. */
  foundRank: number;
  /** Scores, by node (a word offset indexes a Float64Array directly). */
  private f64: Float64Array;
  /** Slots, links, spans and levels, by 2 * node + field. */
  private i32: Int32Array;
  /** Words handed out so far (live records, free records, header). */
  private top: number;
  /** Words of the records in the list, header included (decides compaction). */
  private liveWords: number;
  /**
   * Per level, the first free record of that level (chained through next(0)), NIL when none;
   * null until a record is first freed (a set that only grows never needs it).
   */
  private freeLists: Int32Array | null;
  /** Member of each slot ('' for the header and for free records). */
  private members: string[];

  constructor(capacityWords: number = INITIAL_WORDS) {
    this.length = 0;
    this.level = 1;
    this.tail = NIL;
    this.foundRank = 0;
    const buffer = new ArrayBuffer(8 * Math.max(capacityWords, HEADER_WORDS));
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.top = HEADER_WORDS;
    this.liveWords = HEADER_WORDS;
    this.freeLists = null;
    this.members = [''];
    this.i32[LEVEL] = MAX_LEVEL;
  }

  /** Words handed out from the buffer so far (records in the list, free records, the header). */
  get allocatedWords(): number {
    return this.top;
  }

  /** Size of the buffer in words. */
  get capacityWords(): number {
    return this.f64.length;
  }

  // ------------------------------------------------------------------------------------------
  // Node accessors
  // ------------------------------------------------------------------------------------------

  /** The first node (lowest score), NIL when empty. */
  first(): ZNode {
    return this.i32[NEXT0];
  }

  scoreOf(node: ZNode): number {
    return this.f64[node];
  }

  memberOf(node: ZNode): string {
    return this.members[this.i32[2 * node + SLOT]];
  }

  /** The node after `node` in ascending order, NIL at the end. */
  next(node: ZNode): ZNode {
    return this.i32[2 * node + NEXT0];
  }

  /** The node before `node`, NIL at the start. */
  prev(node: ZNode): ZNode {
    return this.i32[2 * node + BACKWARD];
  }

  /** Levels of a node (MAX_LEVEL for the header). */
  levelOf(node: ZNode): number {
    return this.i32[2 * node + LEVEL];
  }

  /** The forward link of `node` at `level` (below its level). */
  linkAt(node: ZNode, level: number): ZNode {
    return this.i32[2 * node + NEXT0 + 2 * level];
  }

  /** The level-0 steps a node's level-i link skips (level 0: one, or none from the tail). */
  spanAt(node: ZNode, level: number): number {
    if (level === 0) return this.i32[2 * node + NEXT0] === NIL ? 0 : 1;
    return this.i32[2 * node + LEVEL + 2 * level];
  }

  // ------------------------------------------------------------------------------------------
  // Updates
  // ------------------------------------------------------------------------------------------

  /** Inserts a member that is not yet present; returns its node. */
  insert(member: string, score: number): ZNode {
    const node = this.allocate(randomLevel());
    this.f64[node] = score;
    this.members[this.i32[2 * node + SLOT]] = member;
    this.link(node);
    return node;
  }

  /**
   * Moves a node of this list to `score`: in place when it keeps its position (Redis does the same
   * in zslUpdateScore), else unlinked and the same record linked at its new place — its level was
   * drawn independently of the score, so keeping it keeps the distribution, and the owner's
   * member → node Map stays valid.
   */
  rescore(node: ZNode, score: number): void {
    const i32 = this.i32;
    const member = this.memberOf(node);
    const prev = i32[2 * node + BACKWARD];
    const after = i32[2 * node + NEXT0];
    if ((prev === NIL || this.sortsBefore(prev, score, member)) && (after === NIL || this.before(score, member, after))) {
      this.f64[node] = score;
      return;
    }
    this.findPredecessors(this.f64[node], member);
    this.unlink(node);
    this.f64[node] = score;
    this.link(node);
  }

  /** Removes a node of this list and frees its record. */
  remove(node: ZNode): void {
    this.findPredecessors(this.f64[node], this.memberOf(node));
    this.unlink(node);
    this.release(node);
  }

  /** True when the live records fill under a quarter of the buffer (see compact). */
  needsCompaction(): boolean {
    return this.f64.length > INITIAL_WORDS && this.liveWords * 4 < this.f64.length;
  }

  /**
   * Rebuilds the list into a buffer twice the size of its live records, in order, each node keeping
   * its level; free records and their slots are dropped. Every node offset changes.
   */
  compact(): void {
    const old = this.snapshotRecords();
    const rebuilt = new SkipList(Math.max(INITIAL_WORDS, 2 * this.liveWords));
    rebuilt.appendAll(old.scores, old.members, old.levels);
    this.length = rebuilt.length;
    this.level = rebuilt.level;
    this.tail = rebuilt.tail;
    this.f64 = rebuilt.f64;
    this.i32 = rebuilt.i32;
    this.top = rebuilt.top;
    this.liveWords = rebuilt.liveWords;
    this.freeLists = null;
    this.members = rebuilt.members;
  }

  /** Links an unlinked record at the place its (score, member) sorts to. */
  private link(node: ZNode): void {
    const i32 = this.i32;
    const score = this.f64[node];
    const member = this.memberOf(node);
    let x = NIL;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      while (nx !== NIL && !this.before(score, member, nx)) {
        rank += i32[2 * x + at + 1];
        x = nx;
        nx = i32[2 * x + at];
      }
      rankAt[i] = rank;
      update[i] = x;
    }
    let nx = i32[2 * x + NEXT0];
    while (nx !== NIL && !this.before(score, member, nx)) {
      rank++;
      x = nx;
      nx = i32[2 * x + NEXT0];
    }
    const level = i32[2 * node + LEVEL];
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = NIL;
        i32[LEVEL + 2 * i] = this.length;
      }
      this.level = level;
    }
    i32[2 * node + NEXT0] = nx;
    i32[2 * x + NEXT0] = node;
    for (let i = 1; i < level; i++) {
      const u = 2 * update[i] + NEXT0 + 2 * i;
      const n = 2 * node + NEXT0 + 2 * i;
      const uSpan = i32[u + 1];
      i32[n] = i32[u];
      i32[u] = node;
      i32[n + 1] = uSpan - (rank - rankAt[i]);
      i32[u + 1] = rank - rankAt[i] + 1;
    }
    for (let i = level; i < this.level; i++) i32[2 * update[i] + LEVEL + 2 * i]++;
    i32[2 * node + BACKWARD] = x;
    if (nx !== NIL) i32[2 * nx + BACKWARD] = node;
    else this.tail = node;
    this.length++;
  }

  /** Fills `update` with the last node before (score, member) at every level in use. */
  private findPredecessors(score: number, member: string): void {
    const i32 = this.i32;
    let x = NIL;
    for (let i = this.level - 1; i >= 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      while (nx !== NIL && this.sortsBefore(nx, score, member)) {
        x = nx;
        nx = i32[2 * x + at];
      }
      update[i] = x;
    }
  }

  /** Unlinks `node` using the predecessors left in `update` by findPredecessors. */
  private unlink(node: ZNode): void {
    const i32 = this.i32;
    // Level 0: update[0] is always the node's predecessor, and level-0 spans are implicit.
    const after = i32[2 * node + NEXT0];
    i32[2 * update[0] + NEXT0] = after;
    for (let i = 1; i < this.level; i++) {
      const u = 2 * update[i] + NEXT0 + 2 * i;
      if (i32[u] === node) {
        const n = 2 * node + NEXT0 + 2 * i;
        i32[u + 1] += i32[n + 1] - 1;
        i32[u] = i32[n];
      } else {
        i32[u + 1]--;
      }
    }
    if (after !== NIL) i32[2 * after + BACKWARD] = i32[2 * node + BACKWARD];
    else this.tail = i32[2 * node + BACKWARD];
    while (this.level > 1 && i32[NEXT0 + 2 * (this.level - 1)] === NIL) this.level--;
    this.length--;
  }

  // ------------------------------------------------------------------------------------------
  // Queries
  // ------------------------------------------------------------------------------------------

  /** 1-based rank of (score, member), or 0 when absent. */
  rank(member: string, score: number): number {
    const i32 = this.i32;
    const f64 = this.f64;
    let x = NIL;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      // Advance while the next node sorts at or before the target.
      while (nx !== NIL && !this.before(score, member, nx)) {
        rank += i32[2 * x + at + 1];
        x = nx;
        nx = i32[2 * x + at];
      }
      // The score test first: the member string is another cache line, read only on a tie.
      if (x !== NIL && f64[x] === score && this.memberOf(x) === member) return rank;
    }
    let nx = i32[2 * x + NEXT0];
    while (nx !== NIL && !this.before(score, member, nx)) {
      rank++;
      x = nx;
      nx = i32[2 * x + NEXT0];
    }
    return x !== NIL && this.memberOf(x) === member ? rank : 0;
  }

  /** The node at 1-based rank, or NIL when out of range. */
  byRank(rank: number): ZNode {
    if (rank < 1 || rank > this.length) return NIL;
    const i32 = this.i32;
    let x = NIL;
    let traversed = 0;
    for (let i = this.level - 1; i > 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      while (nx !== NIL && traversed + i32[2 * x + at + 1] <= rank) {
        traversed += i32[2 * x + at + 1];
        x = nx;
        nx = i32[2 * x + at];
      }
      if (traversed === rank) return x;
    }
    // Level 0 steps one rank at a time; the rank is in range, so the links never run out.
    while (traversed < rank) {
      x = i32[2 * x + NEXT0];
      traversed++;
    }
    return x;
  }

  /**
   * The last node whose score is below `bound` (or at most `bound` when `orEqual`); NIL when none
   * is. Its 1-based rank is left in `foundRank` (0 for NIL), so no result object is allocated per
   * range query.
   */
  lastScoreBelow(bound: number, orEqual: boolean): ZNode {
    const i32 = this.i32;
    const f64 = this.f64;
    let x = NIL;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      while (nx !== NIL && (f64[nx] < bound || (orEqual && f64[nx] === bound))) {
        rank += this.spanAt(x, i);
        x = nx;
        nx = i32[2 * x + at];
      }
    }
    this.foundRank = rank;
    return x;
  }

  /** As lastScoreBelow, comparing members only (lex ranges assume one score for every member). */
  lastMemberBelow(bound: string, orEqual: boolean): ZNode {
    const i32 = this.i32;
    let x = NIL;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      const at = NEXT0 + 2 * i;
      let nx = i32[2 * x + at];
      while (nx !== NIL) {
        const m = this.memberOf(nx);
        if (!(m < bound || (orEqual && m === bound))) break;
        rank += this.spanAt(x, i);
        x = nx;
        nx = i32[2 * x + at];
      }
    }
    this.foundRank = rank;
    return x;
  }

  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------

  /** True when (score, member) sorts strictly before node. */
  private before(score: number, member: string, node: ZNode): boolean {
    const s = this.f64[node];
    return score < s || (score === s && member < this.memberOf(node));
  }

  /** True when node sorts strictly before (score, member). */
  private sortsBefore(node: ZNode, score: number, member: string): boolean {
    const s = this.f64[node];
    return s < score || (s === score && this.memberOf(node) < member);
  }

  /** A record of `level` levels with its slot (reused from the free list when one is there). */
  private allocate(level: number): ZNode {
    this.liveWords += 2 + level;
    const free = this.freeLists === null ? NIL : this.freeLists[level];
    if (free !== NIL) {
      (this.freeLists as Int32Array)[level] = this.i32[2 * free + NEXT0];
      return free;
    }
    const words = 2 + level;
    if (this.top + words > this.f64.length) this.grow(this.top + words);
    const node = this.top;
    this.top += words;
    this.i32[2 * node + SLOT] = this.members.length;
    this.i32[2 * node + LEVEL] = level;
    this.members.push('');
    return node;
  }

  /** Puts an unlinked record on its level's free list and lets its member go. */
  private release(node: ZNode): void {
    const i32 = this.i32;
    const level = i32[2 * node + LEVEL];
    this.liveWords -= 2 + level;
    this.members[i32[2 * node + SLOT]] = '';
    if (this.freeLists === null) this.freeLists = new Int32Array(MAX_LEVEL + 1);
    i32[2 * node + NEXT0] = this.freeLists[level];
    this.freeLists[level] = node;
  }

  /** Doubles the buffer until `words` fit (copying the records; offsets stay valid). */
  private grow(words: number): void {
    let capacity = this.f64.length * 2;
    while (capacity < words) capacity *= 2;
    const buffer = new ArrayBuffer(8 * capacity);
    const i32 = new Int32Array(buffer);
    i32.set(this.i32.subarray(0, 2 * this.top));
    this.i32 = i32;
    this.f64 = new Float64Array(buffer);
  }

  /** Scores, members and levels of the nodes in order (compaction's input). */
  private snapshotRecords(): { scores: Float64Array; members: string[]; levels: Uint8Array } {
    const scores = new Float64Array(this.length);
    const members = new Array<string>(this.length);
    const levels = new Uint8Array(this.length);
    let i = 0;
    for (let n = this.first(); n !== NIL; n = this.next(n)) {
      scores[i] = this.f64[n];
      members[i] = this.memberOf(n);
      levels[i] = this.levelOf(n);
      i++;
    }
    return { scores, members, levels };
  }

  /**
   * Appends nodes already in order to this empty list in one pass: each level's last node is kept
   * in `update` with its rank, so every append is O(level).
   */
  private appendAll(scores: Float64Array, members: string[], levels: Uint8Array): void {
    update.fill(NIL);
    rankAt.fill(0);
    let prev = NIL;
    for (let r = 0; r < scores.length; r++) {
      const level = levels[r];
      // The buffer was sized for every record, so allocate never grows it: i32 stays this buffer's.
      const node = this.allocate(level);
      const i32 = this.i32;
      this.f64[node] = scores[r];
      this.members[i32[2 * node + SLOT]] = members[r];
      if (level > this.level) this.level = level;
      i32[2 * update[0] + NEXT0] = node;
      update[0] = node;
      for (let l = 1; l < level; l++) {
        i32[2 * update[l] + NEXT0 + 2 * l] = node;
        i32[2 * update[l] + LEVEL + 2 * l] = r + 1 - rankAt[l];
        update[l] = node;
        rankAt[l] = r + 1;
      }
      i32[2 * node + BACKWARD] = prev;
      prev = node;
    }
    // Each level's last link is null (the fresh buffer is zeroed): its span runs to the end.
    for (let l = 1; l < this.level; l++) this.i32[2 * update[l] + LEVEL + 2 * l] = scores.length - rankAt[l];
    this.tail = prev;
    this.length = scores.length;
  }
}
