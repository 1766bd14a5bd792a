/**
 * The sorted-set value: a member → node Map for O(1) ZSCORE/ZADD lookups, plus the ordered index
 * (zset-skiplist.ts) for O(log n) rank, range by rank, by score and by lex. The Map holds the skip
 * list's own nodes (not a copy of the score): a double stored as a Map value would be one more heap
 * number per member, and the node lets a score change stay in place when the order allows.
 *
 * Members are latin1 strings (one char per byte, binary-safe; convert with keyBytes/keyOf at the
 * reply and argument boundary). Comparing them with `<` is a byte-wise memcmp, as Redis orders equal
 * scores.
 *
 * Encoding: Redis 7.0 reports `listpack` while the set has at most zset-max-listpack-entries members
 * and every member ever inserted is at most zset-max-listpack-value bytes, then `skiplist` for good
 * (conversion is one way; removals never convert back). The storage here is the same in both cases;
 * only the reported encoding (and MEMORY USAGE) follow the flag.
 *
 * Scope: the NX/XX/GT/LT/INCR policies of ZADD belong to the handlers; this class only stores.
 *
 * Invariant: `nodes` maps every member to its node in `list` and nothing else; change them only
 * through add/update/remove.
 */
import { jemallocSize, sdsAllocation } from './allocation';
import { CollectionValue, type EncodingLimits } from './collection';
import { listpackScoreText } from './zset-score';
import { SkipList, type ZNode } from './zset-skiplist';

export type { ZNode } from './zset-skiplist';

/** A score interval; `minex`/`maxex` make a bound exclusive (`(1.5` in Redis syntax). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * One end of a lex interval: `-` (infinite = -1) and `+` (infinite = 1) are below and above every
 * member; otherwise `value` with `exclusive` for `(` and inclusive for `[`.
 */
export interface LexBound {
  infinite: -1 | 0 | 1;
  value: string;
  exclusive: boolean;
}

export interface LexRange {
  min: LexBound;
  max: LexBound;
}

/** Member at or above a lex lower bound. */
function lexGteMin(member: string, min: LexBound): boolean {
  if (min.infinite !== 0) return min.infinite < 0;
  return min.exclusive ? member > min.value : member >= min.value;
}

/** Member at or below a lex upper bound. */
function lexLteMax(member: string, max: LexBound): boolean {
  if (max.infinite !== 0) return max.infinite > 0;
  return max.exclusive ? member < max.value : member <= max.value;
}

export class ZSet extends CollectionValue {
  readonly type = 'zset' as const;
  /** member → its node in `list`. */
  readonly nodes: Map<string, ZNode>;
  /** Ordered index over the same pairs. */
  readonly list: SkipList;
  /** Members removed so far: ZSCAN resumes its cursors with it (see scan-cursor.ts). */
  deletions: number;
  /** True while Redis would still hold this set as a listpack (see the file comment). */
  private compact: boolean;

  constructor() {
    super();
    this.nodes = new Map();
    this.list = new SkipList();
    this.deletions = 0;
    this.compact = true;
  }

  get size(): number {
    return this.nodes.size;
  }

  encoding(): string {
    return this.compact ? 'listpack' : 'skiplist';
  }

  /** True while the set is listpack-encoded (ZSCAN answers such a set in one call). */
  isCompact(): boolean {
    return this.compact;
  }

  /**
   * Marks the set as skiplist-encoded if it is too big for a listpack (the store commands call it
   * for their results, which Redis sizes once after building).
   */
  fitEncoding(limits: EncodingLimits, longestMember: number): void {
    if (this.nodes.size > limits.zsetMaxListpackEntries || longestMember > limits.zsetMaxListpackValue) {
      this.compact = false;
    }
  }

  /** The member's score, or undefined when it is not a member. */
  score(member: string): number | undefined {
    const node = this.nodes.get(member);
    return node === undefined ? undefined : node.score;
  }

  /** The member's node, or undefined when it is not a member. */
  node(member: string): ZNode | undefined {
    return this.nodes.get(member);
  }

  /**
   * Adds a member that is not present yet (`member.length` is its byte length: latin1). Converts
   * the encoding once the set outgrows `limits`.
   */
  add(member: string, score: number, limits: EncodingLimits): void {
    // Redis converts before inserting, so the member that outgrows the listpack keeps a -0 score.
    if (this.compact && (this.nodes.size + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
      this.compact = false;
    }
    this.nodes.set(member, this.list.insert(member, this.stored(score)));
  }

  /** The score as the encoding keeps it: a listpack stores text in which -0 becomes 0. */
  private stored(score: number): number {
    return this.compact && score === 0 ? 0 : score;
  }

  /** Changes the score of an existing member (a no-op when the score is the same). */
  update(member: string, newScore: number): void {
    const score = this.stored(newScore);
    const node = this.nodes.get(member);
    if (node !== undefined) this.rescoreNode(node, score);
  }

  /** As update, for a node the caller already looked up (ZADD: one Map lookup per member). */
  rescore(node: ZNode, newScore: number): void {
    this.rescoreNode(node, this.stored(newScore));
  }

  private rescoreNode(node: ZNode, score: number): void {
    if (node.score !== score) this.list.rescore(node, score);
  }

  /** Removes a member; false when it was not there. */
  remove(member: string): boolean {
    const node = this.nodes.get(member);
    if (node === undefined) return false;
    this.nodes.delete(member);
    this.list.delete(member, node.score);
    this.deletions++;
    return true;
  }

  /** 0-based rank of a member (from the highest score when `reverse`), or -1 when absent. */
  rank(member: string, reverse: boolean): number {
    const node = this.nodes.get(member);
    if (node === undefined) return -1;
    const r = this.list.rank(member, node.score) - 1;
    return reverse ? this.nodes.size - 1 - r : r;
  }

  /** The node at 0-based ascending rank, or null when out of range. O(log n). */
  atRank(rank: number): ZNode | null {
    return this.list.byRank(rank + 1);
  }

  /** The lowest node, or null when empty. */
  first(): ZNode | null {
    return this.list.first();
  }

  /** The highest node, or null when empty. */
  last(): ZNode | null {
    return this.list.tail;
  }

  /** The first (lowest) node inside the score range, or null when the range holds none. */
  firstInScoreRange(r: ScoreRange): ZNode | null {
    const n = this.list.lastScoreBelow(r.min, r.minex).next0;
    if (n === null) return null;
    return n.score < r.max || (!r.maxex && n.score === r.max) ? n : null;
  }

  /** The last (highest) node inside the score range, or null when the range holds none. */
  lastInScoreRange(r: ScoreRange): ZNode | null {
    const n = this.list.lastScoreBelow(r.max, !r.maxex);
    if (n === this.list.header) return null;
    return n.score > r.min || (!r.minex && n.score === r.min) ? n : null;
  }

  /** Number of members inside the score range. O(log n). */
  countInScoreRange(r: ScoreRange): number {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return 0;
    this.list.lastScoreBelow(r.min, r.minex);
    const below = this.list.foundRank;
    this.list.lastScoreBelow(r.max, !r.maxex);
    return Math.max(0, this.list.foundRank - below);
  }

  /** The first node inside the lex range (Redis's precondition: all scores equal), or null. */
  firstInLexRange(r: LexRange): ZNode | null {
    let n: ZNode | null;
    if (r.min.infinite < 0) n = this.list.first();
    else if (r.min.infinite > 0) n = null;
    else n = this.list.lastMemberBelow(r.min.value, r.min.exclusive).next0;
    return n !== null && lexLteMax(n.member, r.max) ? n : null;
  }

  /** The last node inside the lex range, or null. */
  lastInLexRange(r: LexRange): ZNode | null {
    let n: ZNode | null;
    if (r.max.infinite > 0) n = this.list.tail;
    else if (r.max.infinite < 0) n = null;
    else {
      const x = this.list.lastMemberBelow(r.max.value, !r.max.exclusive);
      n = x === this.list.header ? null : x;
    }
    return n !== null && lexGteMin(n.member, r.min) && lexLteMax(n.member, r.max) ? n : null;
  }

  /** Number of members inside the lex range. O(log n). */
  countInLexRange(r: LexRange): number {
    const first = this.firstInLexRange(r);
    if (first === null) return 0;
    const last = this.lastInLexRange(r);
    if (last === null) return 0;
    return Math.max(0, this.list.rank(last.member, last.score) - this.list.rank(first.member, first.score) + 1);
  }

  /** 0-based ascending rank of a node of this set. O(log n). */
  rankOf(node: ZNode): number {
    return this.list.rank(node.member, node.score) - 1;
  }

  /** Every (member, score) in ascending order. */
  *entries(): IterableIterator<[string, number]> {
    for (let n = this.list.first(); n !== null; n = n.next0) yield [n.member, n.score];
  }

  clone(): ZSet {
    const copy = new ZSet();
    for (let n = this.list.first(); n !== null; n = n.next0) {
      copy.nodes.set(n.member, copy.list.insert(n.member, n.score));
    }
    copy.compact = this.compact;
    return copy;
  }

  /**
   * MEMORY USAGE of the value (without the key): for a listpack, the object header plus the
   * allocation (jemalloc size class) of the listpack Redis would hold; for a skiplist, the structures plus the sampled average
   * element cost times the size (Redis's estimate, which has random node levels, so approximate).
   */
  memoryUsage(samples: number): number {
    const ROBJ = 16;
    if (this.compact) {
      let bytes = 6 + 1; // listpack header and end marker
      for (let n = this.list.first(); n !== null; n = n.next0) {
        bytes += listpackEntrySize(n.member) + listpackEntrySize(listpackScoreText(n.score));
      }
      return ROBJ + jemallocSize(bytes);
    }
    const ZSET = 16;
    const ZSKIPLIST = 32;
    const DICT = 56;
    const DICT_ENTRY = 24;
    // Redis's header node has all 32 levels: 24 bytes + 16 per level, in jemalloc's 640 class.
    const HEADER_NODE = jemallocSize(24 + 16 * 32);
    let slots = 4;
    while (slots < this.nodes.size) slots *= 2;
    let sampled = 0;
    let elementBytes = 0;
    for (let n = this.list.first(); n !== null && (samples === 0 || sampled < samples); n = n.next0) {
      // The member's sds, its dict entry, and the node sized by its own level (ours are drawn with
      // Redis's probability, so the figure varies as Redis's does).
      elementBytes += sdsAllocation(n.member.length) + DICT_ENTRY + jemallocSize(24 + 16 * n.level);
      sampled++;
    }
    const perElement = sampled === 0 ? 0 : elementBytes / sampled;
    return Math.floor(ROBJ + ZSET + ZSKIPLIST + DICT + slots * 8 + HEADER_NODE + perElement * this.nodes.size);
  }
}

/** Bytes of one listpack entry holding `text` (integers get the compact integer encodings). */
function listpackEntrySize(text: string): number {
  let body: number;
  if (/^-?(0|[1-9][0-9]{0,18})$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n) {
    const v = Number(text);
    if (v >= 0 && v <= 127) body = 1;
    else if (v >= -4096 && v <= 4095) body = 2;
    else if (v >= -32768 && v <= 32767) body = 3;
    else if (v >= -8388608 && v <= 8388607) body = 4;
    else if (v >= -2147483648 && v <= 2147483647) body = 5;
    else body = 9;
  } else {
    const len = text.length;
    body = len + (len <= 63 ? 1 : len <= 4095 ? 2 : 5);
  }
  const back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + back;
}
