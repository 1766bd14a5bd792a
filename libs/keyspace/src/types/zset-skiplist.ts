/**
 * The ordered index of a sorted set: a skip list (Pugh) whose links carry span widths, so that
 * insert, delete, rank-of-element and element-at-rank are all O(log n) expected — the structure
 * Redis uses for its `skiplist` encoding, written here from the textbook algorithm.
 *
 * Order: by score ascending, then by member bytes (members are latin1 strings, and comparing latin1
 * strings by UTF-16 code unit is exactly a byte-wise memcmp). Ranks are 1-based inside this file
 * (the header is rank 0); callers outside convert to Redis's 0-based ranks.
 *
 * Layout (why it is not the obvious one): the search for an insert or rank is pointer chasing, so
 * every step should touch one object. The first four forward links (`next0`..`next3`) and the spans
 * of levels 1..3 (`span1`..`span3`) are fields of the node itself; only nodes taller than four
 * levels (1 in 256 at p = 1/4, and the header) carry `upperNext`/`upperSpan` arrays for the rest.
 * Every field is initialised in the constructor in one order, so all nodes share one hidden class
 * and the accessors below stay monomorphic. Level-0 spans are not stored: a level-0 link always
 * skips exactly one node (or none, from the tail), so `spanAt(node, 0)` derives them.
 *
 * Invariants a reader must not break:
 * - the span of a node's level-i link (i ≥ 1) is the number of level-0 steps it skips; for a null
 *   link it is the distance to the end of the list (so the header's spans stay correct as the list
 *   grows); level 0 stores no span (see spanAt);
 * - `backward` links level 0 in reverse, and `tail` is the last node (null when empty);
 * - no two nodes hold the same member (the owning ZSet's Map guarantees it).
 */

/** Redis's cap on levels: enough for 2^64 elements at p = 1/4. */
const MAX_LEVEL = 32;
/** Probability of promoting a node one level up (1/4, as Redis). */
const P = 0.25;
/** Levels whose links live in fields of the node; taller nodes keep the rest in arrays. */
const FIELD_LEVELS = 4;

export class ZNode {
  readonly member: string;
  score: number;
  backward: ZNode | null;
  /** Levels of this node (1..MAX_LEVEL). */
  readonly level: number;
  /** Forward links of levels 0..3 (null above `level`). */
  next0: ZNode | null;
  next1: ZNode | null;
  next2: ZNode | null;
  next3: ZNode | null;
  /** Spans of the links of levels 1..3. */
  span1: number;
  span2: number;
  span3: number;
  /** Links and spans of levels FIELD_LEVELS.. (index level - FIELD_LEVELS); null when not that tall. */
  readonly upperNext: (ZNode | null)[] | null;
  readonly upperSpan: number[] | null;

  constructor(member: string, score: number, level: number) {
    this.member = member;
    this.score = score;
    this.backward = null;
    this.level = level;
    this.next0 = null;
    this.next1 = null;
    this.next2 = null;
    this.next3 = null;
    this.span1 = 0;
    this.span2 = 0;
    this.span3 = 0;
    const upper = level - FIELD_LEVELS;
    this.upperNext = upper > 0 ? new Array<ZNode | null>(upper).fill(null) : null;
    this.upperSpan = upper > 0 ? new Array<number>(upper).fill(0) : null;
  }
}

/** The forward link of `node` at `level` (below node.level). */
export function linkAt(node: ZNode, level: number): ZNode | null {
  switch (level) {
    case 0:
      return node.next0;
    case 1:
      return node.next1;
    case 2:
      return node.next2;
    case 3:
      return node.next3;
    default:
      return (node.upperNext as (ZNode | null)[])[level - FIELD_LEVELS];
  }
}

function setLink(node: ZNode, level: number, to: ZNode | null): void {
  switch (level) {
    case 0:
      node.next0 = to;
      return;
    case 1:
      node.next1 = to;
      return;
    case 2:
      node.next2 = to;
      return;
    case 3:
      node.next3 = to;
      return;
    default:
      (node.upperNext as (ZNode | null)[])[level - FIELD_LEVELS] = to;
  }
}

/** The level-0 steps a node's level-i link skips (level 0: one, or none from the tail). */
export function spanAt(node: ZNode, level: number): number {
  switch (level) {
    case 0:
      return node.next0 === null ? 0 : 1;
    case 1:
      return node.span1;
    case 2:
      return node.span2;
    case 3:
      return node.span3;
    default:
      return (node.upperSpan as number[])[level - FIELD_LEVELS];
  }
}

/** Sets the span of a level ≥ 1 link (level 0 spans are implicit). */
function setSpan(node: ZNode, level: number, span: number): void {
  switch (level) {
    case 1:
      node.span1 = span;
      return;
    case 2:
      node.span2 = span;
      return;
    case 3:
      node.span3 = span;
      return;
    default:
      (node.upperSpan as number[])[level - FIELD_LEVELS] = span;
  }
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
    return this.header.next0;
  }

  /** Inserts a member that is not yet present; returns its node. */
  insert(member: string, score: number): ZNode {
    const node = new ZNode(member, score, randomLevel());
    this.link(node);
    return node;
  }

  /**
   * Moves a node of this list to `score`: unlinks it and links the same object at its new place
   * (its level was drawn independently of the score, so keeping it keeps the distribution; and the
   * owner's member → node Map stays valid without a second lookup).
   */
  rescore(node: ZNode, score: number): void {
    if (this.rescoreInPlace(node, score)) return;
    this.delete(node.member, node.score);
    node.score = score;
    this.link(node);
  }

  /** Links an unlinked node at the place its (score, member) sorts to. */
  private link(node: ZNode): void {
    const score = node.score;
    const member = node.member;
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = linkAt(x, i);
      while (nx !== null && !before(score, member, nx)) {
        rank += spanAt(x, i);
        x = nx;
        nx = linkAt(x, i);
      }
      rankAt[i] = rank;
      update[i] = x;
    }
    let nx = x.next0;
    while (nx !== null && !before(score, member, nx)) {
      rank++;
      x = nx;
      nx = x.next0;
    }
    const level = node.level;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = this.header;
        setSpan(this.header, i, this.length);
      }
      this.level = level;
    }
    node.next0 = x.next0;
    x.next0 = node;
    for (let i = 1; i < level; i++) {
      const u = update[i];
      setLink(node, i, linkAt(u, i));
      setLink(u, i, node);
      setSpan(node, i, spanAt(u, i) - (rank - rankAt[i]));
      setSpan(u, i, rank - rankAt[i] + 1);
    }
    for (let i = level; i < this.level; i++) setSpan(update[i], i, spanAt(update[i], i) + 1);
    node.backward = x === this.header ? null : x;
    const after = node.next0;
    if (after !== null) after.backward = node;
    else this.tail = node;
    this.length++;
  }

  /** Removes the node holding (score, member); false when it is not there. */
  delete(member: string, score: number): boolean {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = linkAt(x, i);
      while (nx !== null && sortsBefore(nx, score, member)) {
        x = nx;
        nx = linkAt(x, i);
      }
      update[i] = x;
    }
    const target = x.next0;
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
    const after = node.next0;
    if ((prev === null || sortsBefore(prev, score, node.member)) && (after === null || before(score, node.member, after))) {
      node.score = score;
      return true;
    }
    return false;
  }

  /** Unlinks `node` using the predecessors left in `update` by the search that found it. */
  private unlink(node: ZNode): void {
    // Level 0: update[0] is always the node's predecessor, and level-0 spans are implicit.
    update[0].next0 = node.next0;
    for (let i = 1; i < this.level; i++) {
      const u = update[i];
      if (linkAt(u, i) === node) {
        setSpan(u, i, spanAt(u, i) + spanAt(node, i) - 1);
        setLink(u, i, linkAt(node, i));
      } else {
        setSpan(u, i, spanAt(u, i) - 1);
      }
    }
    const after = node.next0;
    if (after !== null) after.backward = node.backward;
    else this.tail = node.backward;
    while (this.level > 1 && linkAt(this.header, this.level - 1) === null) this.level--;
    this.length--;
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  rank(member: string, score: number): number {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = linkAt(x, i);
      // Advance while the next node sorts at or before the target.
      while (nx !== null && !before(score, member, nx)) {
        rank += spanAt(x, i);
        x = nx;
        nx = linkAt(x, i);
      }
      if (x !== this.header && x.member === member) return rank;
    }
    let nx = x.next0;
    while (nx !== null && !before(score, member, nx)) {
      rank++;
      x = nx;
      nx = x.next0;
    }
    return x !== this.header && x.member === member ? rank : 0;
  }

  /** The node at 1-based rank, or null when out of range. */
  byRank(rank: number): ZNode | null {
    if (rank < 1 || rank > this.length) return null;
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i > 0; i--) {
      let nx = linkAt(x, i);
      while (nx !== null && traversed + spanAt(x, i) <= rank) {
        traversed += spanAt(x, i);
        x = nx;
        nx = linkAt(x, i);
      }
      if (traversed === rank) return x;
    }
    // Level 0 steps one rank at a time; the rank is in range, so the links never run out.
    while (traversed < rank) {
      x = x.next0 as ZNode;
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
      let nx = linkAt(x, i);
      while (nx !== null && (nx.score < bound || (orEqual && nx.score === bound))) {
        rank += spanAt(x, i);
        x = nx;
        nx = linkAt(x, i);
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
      let nx = linkAt(x, i);
      while (nx !== null && (nx.member < bound || (orEqual && nx.member === bound))) {
        rank += spanAt(x, i);
        x = nx;
        nx = linkAt(x, i);
      }
    }
    this.foundRank = rank;
    return x;
  }
}
