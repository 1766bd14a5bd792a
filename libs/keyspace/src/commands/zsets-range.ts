/**
 * Range queries of sorted sets: ZRANGE (BYSCORE BYLEX REV LIMIT WITHSCORES) and its older forms
 * ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX, and the removals
 * ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX.
 *
 * `zrangeGeneric` writes its result to a RangeSink, so ZRANGESTORE (zsets-setops) reuses the same
 * parsing and walking with a sink that builds the destination set; `replySink` answers the client.
 *
 * Every range is located in O(log n) (first node by score, lex or rank; the count from the ranks of
 * both ends), so the reply length is known before the first element and LIMIT's offset costs no walk.
 *
 * Order of checks is Redis 7.0's: options, then their conflicts, then the range, then the key.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { NIL, type LexRange, type ScoreRange, type ZNode, type ZSet } from '../types/zset';
import { keyOf } from '../values';
import { ERR_LEX_RANGE, ERR_SCORE_RANGE, deleteIfEmpty, getZsetForWriteOrReply, getZsetOrReply, parseLexRange, parseScoreRange } from './zsets-access';

const ERR_LIMIT_RANK = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
const ERR_WITHSCORES_LEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';

/** How the min/max arguments are read: ranks, scores or lex bounds; AUTO until an option says. */
export const RANGE_AUTO = 0;
export const RANGE_RANK = 1;
export const RANGE_SCORE = 2;
export const RANGE_LEX = 3;
export type RangeKind = typeof RANGE_AUTO | typeof RANGE_RANK | typeof RANGE_SCORE | typeof RANGE_LEX;

/** The direction: AUTO (ZRANGE, ZRANGESTORE) accepts the REV option; the legacy commands fix it. */
export const DIRECTION_AUTO = 0;
export const DIRECTION_FORWARD = 1;
export const DIRECTION_REVERSE = 2;
export type Direction = typeof DIRECTION_AUTO | typeof DIRECTION_FORWARD | typeof DIRECTION_REVERSE;

/** Where a range's elements go: the client's reply, or a destination set (ZRANGESTORE). */
export interface RangeSink {
  /**
   * Called once with the number of elements that follow (0 also for a missing key). `byRank`: the
   * range is by rank, whose size Redis knows before emitting (ZRANGESTORE then sizes the
   * destination's encoding from it; for score and lex ranges it starts from a listpack).
   */
  begin(count: number, withScores: boolean, byRank?: boolean): void;
  /** One element, in result order. */
  emit(member: string, score: number): void;
}

/** A RangeSink that replies to the client: flat pairs in RESP2, [member, score] arrays in RESP3. */
export class ReplySink implements RangeSink {
  private ctx: CommandContext | null = null;
  private withScores = false;

  /** Points the (reusable) sink at this command's context. */
  for(ctx: CommandContext): this {
    this.ctx = ctx;
    return this;
  }

  begin(count: number, withScores: boolean): void {
    this.withScores = withScores;
    const reply = this.ctx!.reply;
    reply.arrayHeader(withScores && reply.protocol === 2 ? count * 2 : count);
  }

  emit(member: string, score: number): void {
    const reply = this.ctx!.reply;
    if (!this.withScores) return reply.bulkLatin1(member);
    if (reply.protocol === 3) reply.arrayHeader(2);
    reply.bulkLatin1(member);
    reply.double(score);
  }
}

/** One sink for every client reply: a command runs to completion before the next starts. */
const replySink = new ReplySink();

/** A long argument (Redis's getLongFromObjectOrReply), as a number; null after replying. */
function longOrReply(ctx: CommandContext, arg: Buffer): number | null {
  const v = parseLongLong(arg);
  if (v === null) {
    ctx.reply.error(ERR_NOT_INTEGER);
    return null;
  }
  // Past 2^53 only the sign and magnitude matter (they clamp to the set's size).
  return Number(v);
}

/**
 * The ZRANGE family: the source key is argv[first], min and max follow, options after them. `kind`
 * and `direction` are fixed by the legacy commands (ZRANGEBYSCORE …) and AUTO for ZRANGE and
 * ZRANGESTORE; `store` refuses WITHSCORES (ZRANGESTORE). Errors are replied here; results go to
 * `sink`.
 */
export function zrangeGeneric(
  ctx: CommandContext,
  argv: Buffer[],
  first: number,
  kind: RangeKind,
  direction: Direction,
  store: boolean,
  sink: RangeSink,
): void {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let dir = direction;
  let k = kind;
  for (let j = first + 3; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (!store && argIs(a, 'withscores')) withScores = true;
    else if (argIs(a, 'limit') && left >= 2) {
      const o = longOrReply(ctx, argv[j + 1]);
      if (o === null) return;
      const l = longOrReply(ctx, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === DIRECTION_AUTO && argIs(a, 'rev')) {
      dir = DIRECTION_REVERSE;
    } else if (k === RANGE_AUTO && argIs(a, 'bylex')) k = RANGE_LEX;
    else if (k === RANGE_AUTO && argIs(a, 'byscore')) k = RANGE_SCORE;
    else return ctx.reply.error(ERR_SYNTAX);
  }
  if (k === RANGE_AUTO) k = RANGE_RANK;
  const rev = dir === DIRECTION_REVERSE;
  if (limit !== -1 && k === RANGE_RANK) return ctx.reply.error(ERR_LIMIT_RANK);
  if (withScores && k === RANGE_LEX) return ctx.reply.error(ERR_WITHSCORES_LEX);
  // BYSCORE/BYLEX with REV take the range as max then min.
  const swap = rev && k !== RANGE_RANK;
  const minArg = argv[swap ? first + 2 : first + 1];
  const maxArg = argv[swap ? first + 1 : first + 2];
  let start = 0;
  let end = 0;
  let scores: ScoreRange | null = null;
  let lex: LexRange | null = null;
  if (k === RANGE_RANK) {
    const s = longOrReply(ctx, minArg);
    if (s === null) return;
    const e = longOrReply(ctx, maxArg);
    if (e === null) return;
    start = s;
    end = e;
  } else if (k === RANGE_SCORE) {
    scores = parseScoreRange(minArg, maxArg);
    if (scores === null) return ctx.reply.error(ERR_SCORE_RANGE);
  } else {
    lex = parseLexRange(minArg, maxArg);
    if (lex === null) return ctx.reply.error(ERR_LEX_RANGE);
  }
  const z = getZsetOrReply(ctx, keyOf(argv[first]));
  if (z === null) return;
  if (z === undefined) return sink.begin(0, withScores);
  if (k === RANGE_RANK) return rangeByRank(z, start, end, rev, withScores || store, sink);
  let lo: ZNode;
  let hi: ZNode;
  if (scores !== null) {
    lo = z.firstInScoreRange(scores);
    hi = lo === NIL ? NIL : z.lastInScoreRange(scores);
  } else {
    lo = z.firstInLexRange(lex!);
    hi = lo === NIL ? NIL : z.lastInLexRange(lex!);
  }
  emitSpan(z, lo, hi, offset, limit, rev, withScores || store, sink);
}

/** Z[REV]RANGE by rank with Redis's index rules (negative from the end, clamped, empty if crossed). */
function rangeByRank(z: ZSet, start: number, end: number, rev: boolean, withScores: boolean, sink: RangeSink): void {
  const size = z.size;
  if (start < 0) start += size;
  if (end < 0) end += size;
  if (start < 0) start = 0;
  if (start > end || start >= size) return sink.begin(0, withScores);
  if (end >= size) end = size - 1;
  const count = end - start + 1;
  sink.begin(count, withScores, true);
  let node = z.atRank(rev ? size - 1 - start : start);
  for (let i = 0; i < count && node !== NIL; i++) {
    sink.emit(z.memberOf(node), z.scoreOf(node));
    node = rev ? z.prev(node) : z.next(node);
  }
}

/**
 * Emits the nodes lo..hi (an inclusive run of the set, or none when either is NIL) after skipping
 * `offset` and at most `limit` of them (negative = all), walking down from hi when `rev`. A
 * negative offset gives nothing, as in Redis.
 */
function emitSpan(z: ZSet, lo: ZNode, hi: ZNode, offset: number, limit: number, rev: boolean, withScores: boolean, sink: RangeSink): void {
  if (lo === NIL || hi === NIL || offset < 0) return sink.begin(0, withScores);
  const loRank = z.rankOf(lo);
  const hiRank = z.rankOf(hi);
  const total = hiRank - loRank + 1;
  const available = total - offset;
  const count = available <= 0 ? 0 : limit < 0 ? available : Math.min(limit, available);
  sink.begin(count, withScores);
  if (count === 0) return;
  let node = offset === 0 ? (rev ? hi : lo) : z.atRank(rev ? hiRank - offset : loRank + offset);
  for (let i = 0; i < count && node !== NIL; i++) {
    sink.emit(z.memberOf(node), z.scoreOf(node));
    node = rev ? z.prev(node) : z.next(node);
  }
}

function zrangeCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_AUTO, DIRECTION_AUTO, false, replySink.for(ctx));
}

function zrevrangeCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_RANK, DIRECTION_REVERSE, false, replySink.for(ctx));
}

function zrangebyscoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_SCORE, DIRECTION_FORWARD, false, replySink.for(ctx));
}

function zrevrangebyscoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_SCORE, DIRECTION_REVERSE, false, replySink.for(ctx));
}

function zrangebylexCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_LEX, DIRECTION_FORWARD, false, replySink.for(ctx));
}

function zrevrangebylexCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrangeGeneric(ctx, argv, 1, RANGE_LEX, DIRECTION_REVERSE, false, replySink.for(ctx));
}

export const zrangeHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['zrange', zrangeCommand],
  ['zrevrange', zrevrangeCommand],
  ['zrangebyscore', zrangebyscoreCommand],
  ['zrevrangebyscore', zrevrangebyscoreCommand],
  ['zrangebylex', zrangebylexCommand],
  ['zrevrangebylex', zrevrangebylexCommand],
];

// ---------------------------------------------------------------------------------------------
// ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX
// ---------------------------------------------------------------------------------------------

/**
 * Removes the run lo..hi (inclusive, ascending) and does the write's accounting; replies the count.
 * The members are collected first: removing while walking would unlink the node we stand on.
 */
function removeRun(ctx: CommandContext, key: string, z: ZSet, lo: ZNode, count: number, event: string): void {
  const doomed: string[] = [];
  for (let node = lo; node !== NIL && doomed.length < count; node = z.next(node)) doomed.push(z.memberOf(node));
  for (const m of doomed) z.remove(m);
  if (doomed.length > 0) {
    ctx.keyspace.dirty += doomed.length;
    ctx.keyspace.notify(NOTIFY.zset, event, key, ctx.db.index);
    deleteIfEmpty(ctx, key, z);
  }
  ctx.reply.integer(doomed.length);
}

function zremrangebyrankCommand(ctx: CommandContext, argv: Buffer[]): void {
  let start = longOrReply(ctx, argv[2]);
  if (start === null) return;
  let end = longOrReply(ctx, argv[3]);
  if (end === null) return;
  const key = keyOf(argv[1]);
  const z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined) return ctx.reply.integer(0);
  const size = z.size;
  if (start < 0) start += size;
  if (end < 0) end += size;
  if (start < 0) start = 0;
  if (start > end || start >= size) return ctx.reply.integer(0);
  if (end >= size) end = size - 1;
  removeRun(ctx, key, z, z.atRank(start), end - start + 1, 'zremrangebyrank');
}

function zremrangebyscoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (range === null) return ctx.reply.error(ERR_SCORE_RANGE);
  const key = keyOf(argv[1]);
  const z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined) return ctx.reply.integer(0);
  removeRun(ctx, key, z, z.firstInScoreRange(range), z.countInScoreRange(range), 'zremrangebyscore');
}

function zremrangebylexCommand(ctx: CommandContext, argv: Buffer[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (range === null) return ctx.reply.error(ERR_LEX_RANGE);
  const key = keyOf(argv[1]);
  const z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined) return ctx.reply.integer(0);
  removeRun(ctx, key, z, z.firstInLexRange(range), z.countInLexRange(range), 'zremrangebylex');
}

export const zremrangeHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['zremrangebyrank', zremrangebyrankCommand],
  ['zremrangebyscore', zremrangebyscoreCommand],
  ['zremrangebylex', zremrangebylexCommand],
];
