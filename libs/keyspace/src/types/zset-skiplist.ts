/**
 * The ordered index of a sorted set: a skip list (Pugh) whose links carry span widths, so that
 * insert, delete, rank-of-element and element-at-rank are all O(log n) expected — the structure
 * Redis uses for its `skiplist` encoding, written here from the textbook algorithm.
 *
 * Order: by score ascending, then by member bytes (members are latin1 strings, and comparing latin1
 * strings by UTF-16 code unit is exactly a byte-wise memcmp). Ranks are 1-based inside this file
 * (the header is rank 0); callers outside convert to Redis's 0-based ranks.
 *
 * Layout (why it is not the obvious one): three quarters of the nodes have a single level, and a
 * level-0 link always skips exactly one node (or none, from the tail), so level-0 spans are not
 * stored: `spanAt(node, 0)` derives them, and a one-level node shares the empty SPANLESS array
 * instead of owning a span array. That is two objects per typical node instead of three — fewer
 * allocations per ZADD, less for the GC to trace, fewer cache misses per step on large sets.
 *
 * Invariants a reader must not break:
 * - `span[i]` (i ≥ 1) of a node is the number of level-0 steps its level-i link skips; for a null
 *   link it is the distance to the end of the list (so the header's spans stay correct as the list
 *   grows); `span[0]` is never read or written (see spanAt);
 * - `backward` links level 0 in reverse, and `tail` is the last node (null when empty);
 * - no two nodes hold the same member (the owning ZSet's Map guarantees it).
 */

/** Redis's cap on levels: enough for 2^64 elements at p = 1/4. */
const MAX_LEVEL = 32;
/** Probability of promoting a node one level up (1/4, as Redis). */
const P = 0.25;

/** The span array of every one-level node: level 0 needs none (see the file comment). */
const SPANLESS: number[] = [];

export class ZNode {
  readonly member: string;
  score: number;
  backward: ZNode | null;
  /** Forward link per level. */
  readonly next: (ZNode | null)[];
  /** Level-i steps skipped by each forward link, i ≥ 1 (index 0 unused; SPANLESS for one level). */
  readonly span: number[];

  constructor(member: string, score: number, level: number) {
    this.member = member;
    this.score = score;
    this.backward = null;
    // Literal arrays for the common one-level node: cheaper than new Array(n).fill(null).
    this.next = level === 1 ? [null] : new Array<ZNode | null>(level).fill(null);
    this.span = level === 1 ? SPANLESS : new Array<number>(level).fill(0);
  }
}

/** The level-0 steps a node's level-i link skips (level 0: one, or none from the tail). */
export function spanAt(node: ZNode, level: number): number {
  if (level > 0) return node.span[level];
  return node.next[0] === null ? 0 : 1;
}

/** True when (score, member) sorts strictly before node. */
function before(score: number, member: string, node: ZNode): boolean {
  return score < node.score || (score === node.score && member < node.member);
}

/** True when node sorts strictly before (score, member). */
function sortsBefore(node: ZNode, score: number, member: string): boolean {
  return node.score < score || (node.score === score && node.member < member);
}

/** Scratch arrays for insert/delete: one command runs at a time, so sharing them is safe. */
const update: ZNode[] = new Array<ZNode>(MAX_LEVEL);
const rankAt: number[] = new Array<number>(MAX_LEVEL).fill(0);

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

export class SkipList {
  readonly header: ZNode;
  tail: ZNode | null;
  length: number;
  /** Levels in use (≥ 1). */
  level: number;
  /** The rank found by the last lastScoreBelow/lastMemberBelow call. */
  foundRank: number;

  constructor() {
    this.header = new ZNode('', 0, MAX_LEVEL);
    this.tail = null;
    this.length = 0;
    this.level = 1;
    this.foundRank = 0;
  }

  /** The first node (lowest score), or null when empty. */
  first(): ZNode | null {
    return this.header.next[0];
  }

  /** Inserts a member that is not yet present; returns its node. */
  insert(member: string, score: number): ZNode {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = x.next[i];
      while (nx !== null && !before(score, member, nx)) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      rankAt[i] = rank;
      update[i] = x;
    }
    let nx = x.next[0];
    while (nx !== null && !before(score, member, nx)) {
      rank++;
      x = nx;
      nx = x.next[0];
    }
    rankAt[0] = rank;
    update[0] = x;
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const node = new ZNode(member, score, level);
    node.next[0] = x.next[0];
    x.next[0] = node;
    for (let i = 1; i < level; i++) {
      const u = update[i];
      node.next[i] = u.next[i];
      u.next[i] = node;
      node.span[i] = u.span[i] - (rank - rankAt[i]);
      u.span[i] = rank - rankAt[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    node.backward = x === this.header ? null : x;
    const after = node.next[0];
    if (after !== null) after.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Removes the node holding (score, member); false when it is not there. */
  delete(member: string, score: number): boolean {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && sortsBefore(nx, score, member)) {
        x = nx;
        nx = x.next[i];
      }
      update[i] = x;
    }
    const target = x.next[0];
    if (target === null || target.member !== member || target.score !== score) return false;
    this.unlink(target);
    return true;
  }

  /**
   * Moves `node` to `score` in place when it keeps its position (Redis does the same in
   * zslUpdateScore); false when the caller must delete and re-insert.
   */
  rescoreInPlace(node: ZNode, score: number): boolean {
    const prev = node.backward;
    const after = node.next[0];
    if ((prev === null || sortsBefore(prev, score, node.member)) && (after === null || before(score, node.member, after))) {
      node.score = score;
      return true;
    }
    return false;
  }

  /** Unlinks `node` using the predecessors left in `update` by the search that found it. */
  private unlink(node: ZNode): void {
    // Level 0: update[0] is always the node's predecessor, and level-0 spans are implicit.
    update[0].next[0] = node.next[0];
    for (let i = 1; i < this.level; i++) {
      const u = update[i];
      if (u.next[i] === node) {
        u.span[i] += node.span[i] - 1;
        u.next[i] = node.next[i];
      } else {
        u.span[i]--;
      }
    }
    const after = node.next[0];
    if (after !== null) after.backward = node.backward;
    else this.tail = node.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  rank(member: string, score: number): number {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = x.next[i];
      // Advance while the next node sorts at or before the target.
      while (nx !== null && !before(score, member, nx)) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (x !== this.header && x.member === member) return rank;
    }
    let nx = x.next[0];
    while (nx !== null && !before(score, member, nx)) {
      rank++;
      x = nx;
      nx = x.next[0];
    }
    return x !== this.header && x.member === member ? rank : 0;
  }

  /** The node at 1-based rank, or null when out of range. */
  byRank(rank: number): ZNode | null {
    if (rank < 1 || rank > this.length) return null;
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = x.next[i];
      while (nx !== null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (traversed === rank) return x;
    }
    // Level 0 steps one rank at a time; the rank is in range, so the links never run out.
    while (traversed < rank) {
      x = x.next[0]!;
      traversed++;
    }
    return x;
  }

  /**
   * The last node whose score is below `bound` (or at most `bound` when `orEqual`); the header when
   * none is. Its 1-based rank is left in `foundRank` (0 for the header), so no result object is
   * allocated per range query.
   */
  lastScoreBelow(bound: number, orEqual: boolean): ZNode {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (nx.score < bound || (orEqual && nx.score === bound))) {
        rank += i === 0 ? 1 : x.span[i];
        x = nx;
        nx = x.next[i];
      }
    }
    this.foundRank = rank;
    return x;
  }

  /** As lastScoreBelow, comparing members only (lex ranges assume one score for every member). */
  lastMemberBelow(bound: string, orEqual: boolean): ZNode {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (nx.member < bound || (orEqual && nx.member === bound))) {
        rank += i === 0 ? 1 : x.span[i];
        x = nx;
        nx = x.next[i];
      }
    }
    this.foundRank = rank;
    return x;
  }
}
