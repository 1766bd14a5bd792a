/**
 * The sorted-set value: a member → node Map for O(1) ZSCORE/ZADD lookups, plus the ordered index
 * (zset-skiplist.ts) for O(log n) rank, range by rank, by score and by lex. The Map holds the skip
 * list's node handles (small integers, not a copy of the score: a double stored as a Map value
 * would be one more heap number per member), and a score change keeps its node.
 *
 * Nodes are handles into the index (ZNode, NIL for none); read them through scoreOf/memberOf/
 * next/prev. A handle is valid until the next removal (which may compact the index).
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
import { NIL, SkipList, type ZNode } from './zset-skiplist';

export { NIL, type ZNode } from './zset-skiplist';

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

  /**
   * Starts an empty set as a skiplist: a result Redis builds as a skiplist and sizes afterwards
   * (ZUNIONSTORE & co.) keeps every -0 score when it ends up too big for a listpack.
   */
  useSkiplist(): void {
    this.compact = false;
  }

  /** The member's score, or undefined when it is not a member. */
  score(member: string): number | undefined {
    const node = this.nodes.get(member);
    return node === undefined ? undefined : this.list.scoreOf(node);
  }

  /** The member's node, or undefined when it is not a member. */
  node(member: string): ZNode | undefined {
    return this.nodes.get(member);
  }

  /** The score of a node of this set. */
  scoreOf(node: ZNode): number {
    return this.list.scoreOf(node);
  }

  /** The member of a node of this set. */
  memberOf(node: ZNode): string {
    return this.list.memberOf(node);
  }

  /** The next node in ascending order, NIL after the last. */
  next(node: ZNode): ZNode {
    return this.list.next(node);
  }

  /** The previous node in ascending order, NIL before the first. */
  prev(node: ZNode): ZNode {
    return this.list.prev(node);
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
    const node = this.nodes.get(member);
    if (node !== undefined) this.rescore(node, newScore);
  }

  /** As update, for a node the caller already looked up (ZADD: one Map lookup per member). */
  rescore(node: ZNode, newScore: number): void {
    const score = this.stored(newScore);
    if (this.list.scoreOf(node) !== score) this.list.rescore(node, score);
  }

  /**
   * Removes a member; false when it was not there. Node handles held by the caller are invalid
   * afterwards (the index may compact).
   */
  remove(member: string): boolean {
    const node = this.nodes.get(member);
    if (node === undefined) return false;
    this.nodes.delete(member);
    this.list.remove(node);
    this.deletions++;
    if (this.list.needsCompaction()) this.compactIndex();
    return true;
  }

  /** Rebuilds the index into less memory after heavy removal, then points the Map at the new nodes. */
  private compactIndex(): void {
    this.list.compact();
    for (let n = this.list.first(); n !== NIL; n = this.list.next(n)) this.nodes.set(this.list.memberOf(n), n);
  }

  /** 0-based rank of a member (from the highest score when `reverse`), or -1 when absent. */
  rank(member: string, reverse: boolean): number {
    const node = this.nodes.get(member);
    if (node === undefined) return -1;
    const r = this.list.rank(member, this.list.scoreOf(node)) - 1;
    return reverse ? this.nodes.size - 1 - r : r;
  }

  /** The node at 0-based ascending rank, or NIL when out of range. O(log n). */
  atRank(rank: number): ZNode {
    return this.list.byRank(rank + 1);
  }

  /** The lowest node, or NIL when empty. */
  first(): ZNode {
    return this.list.first();
  }

  /** The highest node, or NIL when empty. */
  last(): ZNode {
    return this.list.tail;
  }

  /** The first (lowest) node inside the score range, or NIL when the range holds none. */
  firstInScoreRange(r: ScoreRange): ZNode {
    const n = this.list.next(this.list.lastScoreBelow(r.min, r.minex));
    if (n === NIL) return NIL;
    const s = this.list.scoreOf(n);
    return s < r.max || (!r.maxex && s === r.max) ? n : NIL;
  }

  /** The last (highest) node inside the score range, or NIL when the range holds none. */
  lastInScoreRange(r: ScoreRange): ZNode {
    const n = this.list.lastScoreBelow(r.max, !r.maxex);
    if (n === NIL) return NIL;
    const s = this.list.scoreOf(n);
    return s > r.min || (!r.minex && s === r.min) ? n : NIL;
  }

  /** Number of members inside the score range. O(log n). */
  countInScoreRange(r: ScoreRange): number {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return 0;
    this.list.lastScoreBelow(r.min, r.minex);
    const below = this.list.foundRank;
    this.list.lastScoreBelow(r.max, !r.maxex);
    return Math.max(0, this.list.foundRank - below);
  }

  /** The first node inside the lex range (Redis's precondition: all scores equal), or NIL. */
  firstInLexRange(r: LexRange): ZNode {
    let n: ZNode;
    if (r.min.infinite < 0) n = this.list.first();
    else if (r.min.infinite > 0) n = NIL;
    else n = this.list.next(this.list.lastMemberBelow(r.min.value, r.min.exclusive));
    return n !== NIL && lexLteMax(this.list.memberOf(n), r.max) ? n : NIL;
  }

  /** The last node inside the lex range, or NIL. */
  lastInLexRange(r: LexRange): ZNode {
    let n: ZNode;
    if (r.max.infinite > 0) n = this.list.tail;
    else if (r.max.infinite < 0) n = NIL;
    else n = this.list.lastMemberBelow(r.max.value, !r.max.exclusive);
    if (n === NIL) return NIL;
    const m = this.list.memberOf(n);
    return lexGteMin(m, r.min) && lexLteMax(m, r.max) ? n : NIL;
  }

  /** Number of members inside the lex range. O(log n). */
  countInLexRange(r: LexRange): number {
    const first = this.firstInLexRange(r);
    if (first === NIL) return 0;
    const last = this.lastInLexRange(r);
    if (last === NIL) return 0;
    return Math.max(0, this.rankOf(last) - this.rankOf(first) + 1);
  }

  /** 0-based ascending rank of a node of this set. O(log n). */
  rankOf(node: ZNode): number {
    return this.list.rank(this.list.memberOf(node), this.list.scoreOf(node)) - 1;
  }

  /** Every (member, score) in ascending order. */
  *entries(): IterableIterator<[string, number]> {
    for (let n = this.list.first(); n !== NIL; n = this.list.next(n)) yield [this.list.memberOf(n), this.list.scoreOf(n)];
  }

  clone(): ZSet {
    const copy = new ZSet();
    for (let n = this.list.first(); n !== NIL; n = this.list.next(n)) {
      const member = this.list.memberOf(n);
      copy.nodes.set(member, copy.list.insert(member, this.list.scoreOf(n)));
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
      for (let n = this.list.first(); n !== NIL; n = this.list.next(n)) {
        bytes += listpackEntrySize(this.list.memberOf(n)) + listpackEntrySize(listpackScoreText(this.list.scoreOf(n)));
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
    for (let n = this.list.first(); n !== NIL && (samples === 0 || sampled < samples); n = this.list.next(n)) {
      // The member's sds, its dict entry, and the node sized by its own level (ours are drawn with
      // Redis's probability, so the figure varies as Redis's does).
      elementBytes += sdsAllocation(this.list.memberOf(n).length) + DICT_ENTRY + jemallocSize(24 + 16 * this.list.levelOf(n));
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
