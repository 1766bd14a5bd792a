/**
 * List commands, part 2: everything that pops — LPOP RPOP (with count), LMOVE RPOPLPUSH LMPOP, and
 * the blocking forms BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP.
 *
 * Blocking: when no key can serve, a blocking handler calls ctx.block (or, inside MULTI where
 * ctx.mayBlock is false, answers its timeout reply at once). The server re-runs the same handler
 * with ctx.readyKey set once that key was signalled ready; the handler then serves from that key
 * only (Redis 7.0 serves the key that became ready, not the first of its list) or blocks again,
 * which keeps its place in the queue.
 *
 * Propagation, as a Redis 7.0 master sends it to replicas (checked with MONITOR on a replica):
 * BLPOP/BRPOP → `LPOP|RPOP key`; LMPOP/BLMPOP → `LPOP|RPOP key <popped>`; BLMOVE → `LMOVE src dst
 * <wherefrom> <whereto>` (the client's words when served at once, lower case when served after
 * blocking); BRPOPLPUSH → `RPOPLPUSH src dst`. LPOP/RPOP/LMOVE/RPOPLPUSH propagate as sent.
 */
import { argIs, ERR_COUNT_POSITIVE, ERR_NOT_POSITIVE, ERR_NUMKEYS, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { ListValue } from '../types/list';
import { keyOf } from '../values';
import { deleteIfEmpty, listOrReply, pushValues } from './lists';
import { blockTimeoutOrReply } from './lists-timeout';


/** LEFT → true, RIGHT → false, anything else → null (a syntax error). */
function whereArg(arg: Buffer): boolean | null {
  if (argIs(arg, 'left')) return true;
  if (argIs(arg, 'right')) return false;
  return null;
}

/**
 * Pops up to `count` elements from one end of a non-empty list, with the pop event, the deletion
 * of an emptied key and WATCH signalling. Returns the popped elements.
 */
function popElements(ctx: CommandContext, key: string, list: ListValue, left: boolean, count: number): Buffer[] {
  const n = Math.min(count, list.size);
  const out = new Array<Buffer>(n);
  for (let i = 0; i < n; i++) out[i] = left ? list.popLeft() : list.popRight();
  ctx.keyspace.dirty += n;
  ctx.keyspace.notify(NOTIFY.list, left ? 'lpop' : 'rpop', key, ctx.db.index);
  if (list.size === 0) deleteIfEmpty(ctx, key, list);
  else ctx.db.signalModified(key);
  return out;
}

/* ------------------------------------------------------------------------------------------------
 * LPOP / RPOP
 * --------------------------------------------------------------------------------------------- */

function popGeneric(ctx: CommandContext, argv: Buffer[], left: boolean): void {
  if (argv.length > 3) return ctx.reply.error(`ERR wrong number of arguments for '${left ? 'lpop' : 'rpop'}' command`);
  let count = -1;
  if (argv.length === 3) {
    const v = parseLongLong(argv[2]);
    if (v === null || v < 0) return ctx.reply.error(ERR_NOT_POSITIVE);
    count = Number(v);
  }
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined) return count === -1 ? ctx.reply.bulk(null) : ctx.reply.nullArray();
  if (count === -1) return ctx.reply.bulk(popElements(ctx, key, list, left, 1)[0]);
  if (count === 0) return ctx.reply.arrayHeader(0);
  const popped = popElements(ctx, key, list, left, count);
  ctx.reply.arrayHeader(popped.length);
  for (const v of popped) ctx.reply.bulk(v);
}

export function lpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  popGeneric(ctx, argv, true);
}

export function rpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  popGeneric(ctx, argv, false);
}

/* ------------------------------------------------------------------------------------------------
 * LMOVE / RPOPLPUSH and their blocking forms
 * --------------------------------------------------------------------------------------------- */

/**
 * Moves one element from `src` to `dst`. Returns false (nothing replied) when src is missing or
 * empty; true when it replied (the element, or WRONGTYPE for the destination).
 */
function moveOne(ctx: CommandContext, argv: Buffer[], src: ListValue, from: boolean, to: boolean): boolean {
  const srcKey = keyOf(argv[1]);
  const dstKey = keyOf(argv[2]);
  const dst = listOrReply(ctx, dstKey, true);
  if (dst === null) return true;
  const value = from ? src.popLeft() : src.popRight();
  // The popped element is a view of the list's memory: reply before the push writes to the list
  // (a reply copies a small element; a huge one lives in a block no push writes to).
  ctx.reply.bulk(value);
  // Same key (a rotation): the pop above already changed the list the push goes to.
  pushValues(ctx, dstKey, dst, [value], 0, to);
  ctx.keyspace.notify(NOTIFY.list, from ? 'lpop' : 'rpop', srcKey, ctx.db.index);
  if (src.size === 0) deleteIfEmpty(ctx, srcKey, src);
  else ctx.db.signalModified(srcKey);
  return true;
}

/** LMOVE, RPOPLPUSH and (block = true) BLMOVE, BRPOPLPUSH; `rewrite` gives the propagated form. */
function moveGeneric(ctx: CommandContext, argv: Buffer[], from: boolean, to: boolean, block: boolean, timeoutArg: Buffer | null): void {
  let timeoutMs = 0;
  if (timeoutArg !== null) {
    timeoutMs = blockTimeoutOrReply(ctx, timeoutArg);
    if (timeoutMs < 0) return;
  }
  const srcKey = keyOf(argv[1]);
  const src = ctx.readyKey === undefined ? listOrReply(ctx, srcKey, true) : listIfType(ctx.db.lookupWrite(srcKey, ctx.now));
  if (src === null) return;
  if (src !== undefined) {
    const dirty = ctx.keyspace.dirty;
    moveOne(ctx, argv, src, from, to);
    if (block && ctx.keyspace.dirty !== dirty) rewriteMove(ctx, argv, from, to);
    return;
  }
  if (!block || !ctx.mayBlock) return ctx.reply.bulk(null);
  // A timed-out BLMOVE answers a null array, not the null bulk of its immediate form (7.0.15).
  ctx.block([argv[1]], timeoutMs, 'null-array');
}

/** BLMOVE → LMOVE, BRPOPLPUSH → RPOPLPUSH (see the file comment for the words used). */
function rewriteMove(ctx: CommandContext, argv: Buffer[], from: boolean, to: boolean): void {
  if (argv.length === 4) return ctx.rewrite(['RPOPLPUSH', argv[1], argv[2]]);
  if (ctx.readyKey !== undefined) return ctx.rewrite(['LMOVE', argv[1], argv[2], from ? 'left' : 'right', to ? 'left' : 'right']);
  ctx.rewrite(['LMOVE', argv[1], argv[2], argv[3], argv[4]]);
}

/** Parses LMOVE's LEFT|RIGHT pair; null after replying a syntax error. */
function directionsOrReply(ctx: CommandContext, argv: Buffer[]): [boolean, boolean] | null {
  const from = whereArg(argv[3]);
  const to = whereArg(argv[4]);
  if (from === null || to === null) {
    ctx.reply.error(ERR_SYNTAX);
    return null;
  }
  return [from, to];
}

export function lmoveCommand(ctx: CommandContext, argv: Buffer[]): void {
  const dirs = directionsOrReply(ctx, argv);
  if (dirs !== null) moveGeneric(ctx, argv, dirs[0], dirs[1], false, null);
}

export function rpoplpushCommand(ctx: CommandContext, argv: Buffer[]): void {
  moveGeneric(ctx, argv, false, true, false, null);
}

export function blmoveCommand(ctx: CommandContext, argv: Buffer[]): void {
  const dirs = directionsOrReply(ctx, argv);
  if (dirs !== null) moveGeneric(ctx, argv, dirs[0], dirs[1], true, argv[5]);
}

export function brpoplpushCommand(ctx: CommandContext, argv: Buffer[]): void {
  moveGeneric(ctx, argv, false, true, true, argv[3]);
}

/* ------------------------------------------------------------------------------------------------
 * BLPOP / BRPOP
 * --------------------------------------------------------------------------------------------- */

/** Pops one element of `key` and replies [key, element], propagated as LPOP/RPOP key. */
function serveBlockingPop(ctx: CommandContext, keyArg: Buffer, key: string, list: ListValue, left: boolean): void {
  const value = popElements(ctx, key, list, left, 1)[0];
  ctx.rewrite([left ? 'LPOP' : 'RPOP', keyArg]);
  ctx.reply.arrayHeader(2);
  ctx.reply.bulk(keyArg);
  ctx.reply.bulk(value);
}

function blockingPopGeneric(ctx: CommandContext, argv: Buffer[], left: boolean): void {
  const last = argv.length - 1;
  const timeoutMs = blockTimeoutOrReply(ctx, argv[last]);
  if (timeoutMs < 0) return;
  const keys = argv.slice(1, last);
  const ready = ctx.readyKey;
  for (const keyArg of keys) {
    const key = keyOf(keyArg);
    if (ready !== undefined && key !== ready) continue;
    const v = ctx.db.lookupWrite(key, ctx.now);
    if (v === undefined) continue;
    const list = ready === undefined ? listOrReply(ctx, key, true) : listIfType(v);
    if (list === null) return;
    if (list !== undefined) return serveBlockingPop(ctx, keyArg, key, list, left);
  }
  if (!ctx.mayBlock) return ctx.reply.nullArray();
  ctx.block(keys, timeoutMs, 'null-array');
}

/** On a re-run, a ready key of another type does not serve and is no error (Redis 7.0 skips it). */
function listIfType(v: unknown): ListValue | undefined {
  return v instanceof ListValue ? v : undefined;
}

export function blpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  blockingPopGeneric(ctx, argv, true);
}

export function brpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  blockingPopGeneric(ctx, argv, false);
}

/* ------------------------------------------------------------------------------------------------
 * LMPOP / BLMPOP
 * --------------------------------------------------------------------------------------------- */

/**
 * LMPOP numkeys key... LEFT|RIGHT [COUNT n] and BLMPOP timeout numkeys …, checked in Redis's
 * order: numkeys, direction, options, then the timeout.
 */
function mpopGeneric(ctx: CommandContext, argv: Buffer[], numkeysIndex: number, block: boolean): void {
  const nk = parseLongLong(argv[numkeysIndex]);
  if (nk === null || nk < 1) return ctx.reply.error(ERR_NUMKEYS);
  const whereIndex = numkeysIndex + 1 + Number(nk);
  if (whereIndex >= argv.length) return ctx.reply.error(ERR_SYNTAX);
  const left = whereArg(argv[whereIndex]);
  if (left === null) return ctx.reply.error(ERR_SYNTAX);
  let count = -1;
  for (let i = whereIndex + 1; i < argv.length; i++) {
    if (argIs(argv[i], 'count') && i + 1 < argv.length && count === -1) {
      const v = parseLongLong(argv[++i]);
      if (v === null || v < 1) return ctx.reply.error(ERR_COUNT_POSITIVE);
      count = Number(v);
    } else {
      return ctx.reply.error(ERR_SYNTAX);
    }
  }
  if (count === -1) count = 1;
  let timeoutMs = 0;
  if (block) {
    timeoutMs = blockTimeoutOrReply(ctx, argv[1]);
    if (timeoutMs < 0) return;
  }
  const ready = ctx.readyKey;
  for (let i = numkeysIndex + 1; i < whereIndex; i++) {
    const key = keyOf(argv[i]);
    if (ready !== undefined && key !== ready) continue;
    const v = ctx.db.lookupWrite(key, ctx.now);
    if (v === undefined) continue;
    const list = ready === undefined ? listOrReply(ctx, key, true) : listIfType(v);
    if (list === null) return;
    if (list === undefined) continue;
    const popped = popElements(ctx, key, list, left, count);
    ctx.rewrite([left ? 'LPOP' : 'RPOP', argv[i], String(popped.length)]);
    ctx.reply.arrayHeader(2);
    ctx.reply.bulk(argv[i]);
    ctx.reply.arrayHeader(popped.length);
    for (const e of popped) ctx.reply.bulk(e);
    return;
  }
  if (!block || !ctx.mayBlock) return ctx.reply.nullArray();
  ctx.block(argv.slice(numkeysIndex + 1, whereIndex), timeoutMs, 'null-array');
}

export function lmpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  mpopGeneric(ctx, argv, 1, false);
}

export function blmpopCommand(ctx: CommandContext, argv: Buffer[]): void {
  mpopGeneric(ctx, argv, 2, true);
}

/** The pop family's handlers by lower-case name (lists-handlers.ts joins the list families). */
export const listPopHandlers: readonly (readonly [string, Handler])[] = [
  ['lpop', lpopCommand],
  ['rpop', rpopCommand],
  ['lmove', lmoveCommand],
  ['rpoplpush', rpoplpushCommand],
  ['blmove', blmoveCommand],
  ['brpoplpush', brpoplpushCommand],
  ['blpop', blpopCommand],
  ['brpop', brpopCommand],
  ['lmpop', lmpopCommand],
  ['blmpop', blmpopCommand],
];
