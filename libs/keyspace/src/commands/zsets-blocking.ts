/**
 * The multi-key and blocking sorted-set pops: ZMPOP, BZPOPMIN, BZPOPMAX, BZMPOP; `zsetBlockingHandlers`
 * is their table for keyspaceHandlers. The removal itself (dirty, `zpopmin`/`zpopmax` then `del`
 * events, deleting an emptied key) is popFromZset in zsets-pop.ts.
 *
 * Each scans its keys in order and serves the first that exists: a key of another type answers
 * WRONGTYPE only when no earlier key held a sorted set. When none exists, ZMPOP answers a null
 * array; the blocking forms park the client with ctx.block — the server runs the command again when
 * a key is ready, so a wake-up goes through this same code — or, where blocking is not allowed
 * (inside MULTI/EXEC), answer the timeout's null array at once.
 *
 * Propagation (what a real 7.0 master sends its replicas): BZPOPMIN/BZPOPMAX as `ZPOPMIN key` /
 * `ZPOPMAX key`; ZMPOP and BZMPOP as `ZPOPMIN|ZPOPMAX key <number popped>`.
 */
import { ERR_WRONGTYPE } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { ZSet } from '../types/zset';
import { keyBytes, keyOf, ownBytes } from '../values';
import { blockTimeoutOrReply } from './lists-timeout';
import { parseMpop, type MpopArgs } from './zsets-blocking-args';
import { popFromZset } from './zsets-pop';

/** The key a pop serves: its argument index and its sorted set. */
interface Found {
  index: number;
  zset: ZSet;
}

/**
 * The key to serve among argv[first .. first+count-1]: the first that exists, if it holds a sorted
 * set; 'none' when no key exists; 'error' after WRONGTYPE was replied (another type came first).
 * On a wake-up (ctx.readyKey set) only the ready key may serve, as in Redis 7.0; when it cannot
 * (emptied again, replaced by another type) the answer is 'none' and the client blocks again.
 */
function servingKey(ctx: CommandContext, argv: Buffer[], first: number, count: number): Found | 'none' | 'error' {
  const ready = ctx.readyKey;
  if (ready !== undefined) {
    const v = ctx.db.lookupWrite(ready, ctx.now);
    if (!(v instanceof ZSet)) return 'none';
    for (let i = first; i < first + count; i++) if (keyOf(argv[i]) === ready) return { index: i, zset: v };
    return 'none';
  }
  for (let i = first; i < first + count; i++) {
    const v = ctx.db.lookupWrite(keyOf(argv[i]), ctx.now);
    if (v === undefined) continue;
    if (v instanceof ZSet) return { index: i, zset: v };
    ctx.reply.error(ERR_WRONGTYPE);
    return 'error';
  }
  return 'none';
}

/** Owned copies of the keys to block on: the parked command outlives the parser's buffers. */
function ownedKeys(argv: Buffer[], first: number, count: number): Buffer[] {
  const keys = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) keys[i] = ownBytes(argv[first + i]);
  return keys;
}

// ---------------------------------------------------------------------------------------------
// ZMPOP / BZMPOP
// ---------------------------------------------------------------------------------------------

/**
 * Pops from the first existing key and replies `[key, [[member, score], …]]` (nested in both
 * protocols). 'none' when no key exists (nothing replied), 'error' after WRONGTYPE was replied.
 */
function mpopServe(ctx: CommandContext, argv: Buffer[], p: MpopArgs): 'served' | 'none' | 'error' {
  const found = servingKey(ctx, argv, p.first, p.numkeys);
  if (typeof found === 'string') return found;
  const i = found.index;
  const popped = popFromZset(ctx, keyOf(argv[i]), found.zset, p.max, p.count);
  const reply = ctx.reply;
  reply.arrayHeader(2);
  reply.bulk(argv[i]);
  reply.arrayHeader(popped.length);
  for (const [member, score] of popped) {
    reply.arrayHeader(2);
    reply.bulkLatin1(member);
    reply.double(score);
  }
  ctx.rewrite([p.max ? 'ZPOPMAX' : 'ZPOPMIN', argv[i], String(popped.length)]);
  return 'served';
}

/** ZMPOP numkeys key… MIN|MAX [COUNT n]. */
function zmpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  const p = parseMpop(ctx, argv, 1);
  if (p !== null && mpopServe(ctx, argv, p) === 'none') ctx.reply.nullArray();
}

/** BZMPOP timeout numkeys key… MIN|MAX [COUNT n]. */
function bzmpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  // Redis checks numkeys, MIN|MAX and COUNT before the timeout.
  const p = parseMpop(ctx, argv, 2);
  if (p === null) return;
  const timeoutMs = blockTimeoutOrReply(ctx, argv[1]);
  if (timeoutMs < 0 || mpopServe(ctx, argv, p) !== 'none') return;
  if (!ctx.mayBlock) return ctx.reply.nullArray();
  ctx.block(ownedKeys(argv, p.first, p.numkeys), timeoutMs, 'null-array');
}

// ---------------------------------------------------------------------------------------------
// BZPOPMIN / BZPOPMAX
// ---------------------------------------------------------------------------------------------

/** BZPOPMIN|BZPOPMAX key… timeout: replies `[key, member, score]` from the first non-empty key. */
function bzpopGeneric(ctx: CommandContext, argv: Buffer[], max: boolean): void {
  const last = argv.length - 1;
  const timeoutMs = blockTimeoutOrReply(ctx, argv[last]);
  if (timeoutMs < 0) return;
  const found = servingKey(ctx, argv, 1, last - 1);
  if (found === 'error') return;
  if (found === 'none') {
    if (!ctx.mayBlock) return ctx.reply.nullArray();
    return ctx.block(ownedKeys(argv, 1, last - 1), timeoutMs, 'null-array');
  }
  const i = found.index;
  const [[member, score]] = popFromZset(ctx, keyOf(argv[i]), found.zset, max, 1);
  const reply = ctx.reply;
  reply.arrayHeader(3);
  reply.bulk(argv[i]);
  reply.bulkLatin1(member);
  reply.double(score);
  ctx.rewrite([max ? 'ZPOPMAX' : 'ZPOPMIN', argv[i]]);
}

function bzpopminCommand(ctx: CommandContext, argv: Buffer[]): void {
  bzpopGeneric(ctx, argv, false);
}

function bzpopmaxCommand(ctx: CommandContext, argv: Buffer[]): void {
  bzpopGeneric(ctx, argv, true);
}

export const zsetBlockingHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['zmpop', zmpopCommand],
  ['bzmpop', bzmpopCommand],
  ['bzpopmin', bzpopminCommand],
  ['bzpopmax', bzpopmaxCommand],
];
