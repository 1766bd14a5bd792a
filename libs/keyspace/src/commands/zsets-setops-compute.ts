/**
 * The sorted-set algebra itself: union, intersection, difference and intersection cardinality over
 * parsed inputs (zsets-setops-args.ts), with Redis 7.0's arithmetic so that sums round the same way.
 *
 * Rules a reader must not break (each is visible in replies):
 * - UNION and INTER visit the inputs from the smallest to the largest (a stable sort by size), so a
 *   member's SUM adds its weighted scores in that order; DIFF keeps the order given (the first input
 *   is the one subtracted from).
 * - A weighted score that is NaN (`inf * 0`) counts as 0 where an element enters the result; a SUM
 *   that becomes NaN (`inf + -inf`) is 0; MIN and MAX ignore a NaN operand (C's `<`/`>` are false).
 * - INTER walks the smallest input and looks members up in the others; an empty smallest input
 *   ends it at once. Members of plain sets score 1.
 *
 * Results are (member, score) entries in any order; `sortEntries` puts them in sorted-set order
 * (score, then member bytes).
 */
import { AGG_MIN, AGG_SUM, type Aggregate, type SetOpSource } from './zsets-setops-args';

/** One result element: a member (latin1 string) and its score. */
export interface ScoredMember {
  member: string;
  score: number;
}

/** The score of `member` in a source, or undefined when it is not a member. */
function scoreIn(src: SetOpSource, member: string): number | undefined {
  if (src.zset !== null) return src.zset.score(member);
  if (src.set !== null) return src.set.has(member) ? 1 : undefined;
  return undefined;
}

/**
 * Calls `visit` for every (member, score) of a source, unweighted. Plain sets give score 1. Order
 * is the source's storage order, which no result depends on.
 */
function forEachMember(src: SetOpSource, visit: (member: string, score: number) => void): void {
  if (src.zset !== null) {
    const z = src.zset;
    for (const [member, node] of z.nodes) visit(member, z.scoreOf(node));
  } else if (src.set !== null) {
    for (const member of src.set) visit(member, 1);
  }
}

/** Redis's zunionInterAggregate: combines `val` into `target`. */
function aggregate(target: number, val: number, agg: Aggregate): number {
  if (agg === AGG_SUM) {
    const sum = target + val;
    return sum !== sum ? 0 : sum; // inf + -inf
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** `weight * score`, with NaN (`0 * inf`) counted as 0 as Redis does when a member enters. */
function weighted(weight: number, score: number): number {
  const v = weight * score;
  return v !== v ? 0 : v;
}

/** The inputs of UNION/INTER in visiting order: by size, ascending, ties in argument order. */
function bySize(sources: readonly SetOpSource[]): SetOpSource[] {
  return sources.slice().sort((a, b) => a.size - b.size);
}

/** ZUNION: every member of any input, its weighted scores aggregated. */
export function union(sources: readonly SetOpSource[], agg: Aggregate): ScoredMember[] {
  const acc = new Map<string, number>();
  for (const src of bySize(sources)) {
    if (src.size === 0) continue;
    const w = src.weight;
    forEachMember(src, (member, score) => {
      const v = weighted(w, score);
      const old = acc.get(member);
      acc.set(member, old === undefined ? v : aggregate(old, v, agg));
    });
  }
  const out: ScoredMember[] = [];
  for (const [member, score] of acc) out.push({ member, score });
  return out;
}

/** ZINTER: members of every input, their weighted scores aggregated. */
export function intersection(sources: readonly SetOpSource[], agg: Aggregate): ScoredMember[] {
  const ordered = bySize(sources);
  const out: ScoredMember[] = [];
  const base = ordered[0];
  if (base.size === 0) return out;
  const w0 = base.weight;
  const each = (member: string, score: number): void => {
    let acc = weighted(w0, score);
    for (let j = 1; j < ordered.length; j++) {
      const s = scoreIn(ordered[j], member);
      if (s === undefined) return;
      acc = aggregate(acc, s * ordered[j].weight, agg);
    }
    out.push({ member, score: acc });
  };
  forEachMember(base, each);
  return out;
}

/** ZINTERCARD: the size of the intersection, stopping at `limit` when it is > 0. */
export function intersectionCard(sources: readonly SetOpSource[], limit: number): number {
  const ordered = bySize(sources);
  const base = ordered[0];
  if (base.size === 0) return 0;
  let count = 0;
  // An early exit needs a loop we can break: walk the base's members directly.
  const members: Iterable<string> = base.zset !== null ? base.zset.nodes.keys() : base.set!;
  for (const member of members) {
    let inAll = true;
    for (let j = 1; j < ordered.length && inAll; j++) inAll = scoreIn(ordered[j], member) !== undefined;
    if (inAll && ++count === limit) break;
  }
  return count;
}

/** ZDIFF: members of the first input found in none of the others, with their first scores. */
export function difference(sources: readonly SetOpSource[]): ScoredMember[] {
  const out: ScoredMember[] = [];
  const base = sources[0];
  if (base.size === 0) return out;
  forEachMember(base, (member, score) => {
    for (let j = 1; j < sources.length; j++) {
      if (sources[j].size !== 0 && scoreIn(sources[j], member) !== undefined) return;
    }
    out.push({ member, score });
  });
  return out;
}

/** Sorted-set order: score ascending, then member bytes (latin1 code units compare as bytes). */
function compareEntries(a: ScoredMember, b: ScoredMember): number {
  if (a.score < b.score) return -1;
  if (a.score > b.score) return 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** Sorts result entries in place into the order a sorted set holds them; returns them. */
export function sortEntries(entries: ScoredMember[]): ScoredMember[] {
  return entries.sort(compareEntries);
}
