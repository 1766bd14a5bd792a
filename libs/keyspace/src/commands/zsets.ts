/**
 * The sorted-set commands on single members — ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK
 * ZCOUNT ZLEXCOUNT ZSCAN — and `zsetHandlers`, the table of every sorted-set command of the core
 * files (ranges in zsets-range.ts, pops in zsets-pop.ts, ZRANDMEMBER in zsets-random.ts) that
 * keyspaceHandlers merges.
 *
 * Order of checks is Redis 7.0's and visible to clients: ZADD validates its options and every
 * score before it looks the key up; ZCOUNT/ZLEXCOUNT parse the range before the key.
 *
 * Invariant: a handler that empties a sorted set deletes the key (after its own notification, as
 * Redis emits `zrem` then `del`); an in-place change signals WATCH through db.signalModified.
 */
import { ERR_NOT_FLOAT, ERR_SYNTAX, argIs, parseDouble } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { ERR_INVALID_CURSOR } from '../errors';
import { NOTIFY } from '../notify';
import { parseScanCursor, scanCollection, writeEmptyScan, type ScanTarget } from '../scan-cursor';
import { NIL, ZSet, type ZNode } from '../types/zset';
import { formatScore, listpackScoreText } from '../types/zset-score';
import { keyBytes, keyOf } from '../values';
import {
  ERR_LEX_RANGE,
  ERR_NAN_SCORE,
  ERR_SCORE_RANGE,
  deleteIfEmpty,
  getZsetForWriteOrReply,
  getZsetOrReply,
  parseLexRange,
  parseScoreRange,
} from './zsets-access';
import { zpopmaxCommand, zpopminCommand } from './zsets-pop';
import { zrandmemberCommand } from './zsets-random';
import { zrangeHandlers, zremrangeHandlers } from './zsets-range';

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY
// ---------------------------------------------------------------------------------------------

const ERR_XX_NX = 'ERR XX and NX options at the same time are not compatible';
const ERR_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
const ERR_INCR_PAIRS = 'ERR INCR option supports a single increment-element pair';

/** ZADD's option flags (ZINCRBY is ZADD with `incr` alone). */
interface ZaddFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
}

/**
 * Applies score/member pairs from argv[first] on, with the flags already validated, and replies.
 * Scores are all parsed before the key is touched, so a bad one changes nothing.
 */
function zaddGeneric(ctx: CommandContext, argv: Buffer[], first: number, f: ZaddFlags): void {
  const pairs = (argv.length - first) / 2;
  const scores = new Array<number>(pairs);
  for (let i = 0; i < pairs; i++) {
    const s = parseDouble(argv[first + 2 * i]);
    if (s === null) return ctx.reply.error(ERR_NOT_FLOAT);
    scores[i] = s;
  }
  const key = keyOf(argv[1]);
  let z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined) {
    if (f.xx) return f.incr ? ctx.reply.bulk(null) : ctx.reply.integer(0);
    z = new ZSet();
    ctx.db.set(key, z);
  }
  const limits = ctx.keyspace.encodingLimits;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let result = 0;
  for (let i = 0; i < pairs; i++) {
    const member = keyOf(argv[first + 2 * i + 1]);
    const node = z.node(member);
    let score = scores[i];
    if (node === undefined) {
      if (f.xx) continue;
      z.add(member, score, limits);
      added++;
    } else {
      if (f.nx) continue;
      const current = z.scoreOf(node);
      if (f.incr) {
        score += current;
        if (Number.isNaN(score)) {
          ctx.reply.error(ERR_NAN_SCORE);
          return finishZadd(ctx, key, f, added, updated);
        }
      }
      if ((f.gt && score <= current) || (f.lt && score >= current)) continue;
      if (score !== current) {
        z.rescore(node, score);
        updated++;
      }
    }
    processed++;
    result = score;
  }
  if (f.incr) {
    if (processed > 0) ctx.reply.double(result);
    else ctx.reply.bulk(null);
  } else {
    ctx.reply.integer(f.ch ? added + updated : added);
  }
  finishZadd(ctx, key, f, added, updated);
}

/** Accounting after ZADD, also reached after a NaN error (earlier pairs stay applied, as Redis). */
function finishZadd(ctx: CommandContext, key: string, f: ZaddFlags, added: number, updated: number): void {
  if (added + updated === 0) return;
  ctx.keyspace.dirty += added + updated;
  ctx.db.signalModified(key);
  ctx.keyspace.notify(NOTIFY.zset, f.incr ? 'zincr' : 'zadd', key, ctx.db.index);
}

export function zaddCommand(ctx: CommandContext, argv: Buffer[]): void {
  const f: ZaddFlags = { nx: false, xx: false, gt: false, lt: false, ch: false, incr: false };
  let i = 2;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (argIs(a, 'nx')) f.nx = true;
    else if (argIs(a, 'xx')) f.xx = true;
    else if (argIs(a, 'gt')) f.gt = true;
    else if (argIs(a, 'lt')) f.lt = true;
    else if (argIs(a, 'ch')) f.ch = true;
    else if (argIs(a, 'incr')) f.incr = true;
    else break;
  }
  const elements = argv.length - i;
  if (elements === 0 || elements % 2 === 1) return ctx.reply.error(ERR_SYNTAX);
  if (f.nx && f.xx) return ctx.reply.error(ERR_XX_NX);
  if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) return ctx.reply.error(ERR_GT_LT_NX);
  if (f.incr && elements > 2) return ctx.reply.error(ERR_INCR_PAIRS);
  zaddGeneric(ctx, argv, i, f);
}

/** ZINCRBY key increment member: ZADD INCR with the same argument layout after the key. */
export function zincrbyCommand(ctx: CommandContext, argv: Buffer[]): void {
  zaddGeneric(ctx, argv, 2, { nx: false, xx: false, gt: false, lt: false, ch: false, incr: true });
}

// ---------------------------------------------------------------------------------------------
// ZREM
// ---------------------------------------------------------------------------------------------

export function zremCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined) return ctx.reply.integer(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (z.remove(keyOf(argv[i]))) {
      deleted++;
      if (z.size === 0) break;
    }
  }
  if (deleted > 0) {
    ctx.keyspace.dirty += deleted;
    ctx.keyspace.notify(NOTIFY.zset, 'zrem', key, ctx.db.index);
    deleteIfEmpty(ctx, key, z);
  }
  ctx.reply.integer(deleted);
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export function zcardCommand(ctx: CommandContext, argv: Buffer[]): void {
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  ctx.reply.integer(z === undefined ? 0 : z.size);
}

export function zscoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  const score = z === undefined ? undefined : z.score(keyOf(argv[2]));
  if (score === undefined) ctx.reply.bulk(null);
  else ctx.reply.double(score);
}

/** ZMSCORE: a null per missing member; a missing key answers all nulls. */
export function zmscoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  ctx.reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const score = z === undefined ? undefined : z.score(keyOf(argv[i]));
    if (score === undefined) ctx.reply.bulk(null);
    else ctx.reply.double(score);
  }
}

function zrankGeneric(ctx: CommandContext, argv: Buffer[], reverse: boolean): void {
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  const rank = z === undefined ? -1 : z.rank(keyOf(argv[2]), reverse);
  if (rank < 0) ctx.reply.bulk(null);
  else ctx.reply.integer(rank);
}

export function zrankCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrankGeneric(ctx, argv, false);
}

export function zrevrankCommand(ctx: CommandContext, argv: Buffer[]): void {
  zrankGeneric(ctx, argv, true);
}

export function zcountCommand(ctx: CommandContext, argv: Buffer[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (range === null) return ctx.reply.error(ERR_SCORE_RANGE);
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  ctx.reply.integer(z === undefined ? 0 : z.countInScoreRange(range));
}

export function zlexcountCommand(ctx: CommandContext, argv: Buffer[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (range === null) return ctx.reply.error(ERR_LEX_RANGE);
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  ctx.reply.integer(z === undefined ? 0 : z.countInLexRange(range));
}

// ---------------------------------------------------------------------------------------------
// ZSCAN
// ---------------------------------------------------------------------------------------------

/**
 * ZSCAN key cursor [MATCH p] [COUNT n]: a listpack-encoded set is answered whole in score order
 * (Redis walks the listpack) with the scores' stored text; a larger one pages through the member
 * Map in insertion order with the shared cursor (Redis walks its dict), scores as `%.17g`. Scores
 * are bulk strings in both protocols.
 */
export function zscanCommand(ctx: CommandContext, argv: Buffer[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return ctx.reply.error(ERR_INVALID_CURSOR);
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  if (z === undefined) return writeEmptyScan(ctx.reply);
  const compact = z.isCompact();
  const target: ScanTarget<[string, ZNode]> = {
    source: compact ? sortedEntries(z) : z.nodes,
    deletions: z.deletions,
    compact,
    width: 2,
    matchBytes: entryBytes,
    // The score is read through the set (a node is a handle into it); ZSCAN is not a hot path.
    write: (reply, entry) => {
      reply.bulkLatin1(entry[0]);
      // A listpack scan replies the stored score text (integers in full, see zset-score.ts).
      reply.bulk(compact ? listpackScoreText(z.scoreOf(entry[1])) : formatScore(z.scoreOf(entry[1])));
    },
  };
  scanCollection(ctx, argv, cursor, target);
}

/** The set's pairs in score order, as an iterable with a size (what a listpack scan walks). */
function sortedEntries(z: ZSet): { size: number; [Symbol.iterator](): Iterator<[string, ZNode]> } {
  return { size: z.size, [Symbol.iterator]: () => sortedNodes(z) };
}

function* sortedNodes(z: ZSet): IterableIterator<[string, ZNode]> {
  for (let n = z.first(); n !== NIL; n = z.next(n)) yield [z.memberOf(n), n];
}

/** Scans convert members without caching their bytes: a full ZSCAN must not grow every node. */
function entryBytes(entry: [string, ZNode]): Buffer {
  return keyBytes(entry[0]);
}

export const zsetHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['zadd', zaddCommand],
  ['zincrby', zincrbyCommand],
  ['zrem', zremCommand],
  ['zcard', zcardCommand],
  ['zscore', zscoreCommand],
  ['zmscore', zmscoreCommand],
  ['zrank', zrankCommand],
  ['zrevrank', zrevrankCommand],
  ['zcount', zcountCommand],
  ['zlexcount', zlexcountCommand],
  ['zscan', zscanCommand],
  ['zpopmin', zpopminCommand],
  ['zpopmax', zpopmaxCommand],
  ['zrandmember', zrandmemberCommand],
  ...zrangeHandlers,
  ...zremrangeHandlers,
];
