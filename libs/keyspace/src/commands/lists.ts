/**
 * List commands, part 1: pushes, reads and in-place edits (LPUSH RPUSH LPUSHX RPUSHX LLEN LRANGE
 * LINDEX LSET LREM LTRIM LINSERT LPOS) and the access helpers every list file shares. Pops and
 * moves (blocking ones included) are in lists-pop.ts.
 *
 * Every write adds its changes to ctx.keyspace.dirty, emits Redis 7.0's list event, and either goes
 * through db.set/db.delete (new or emptied key) or calls db.signalModified (in-place edit) so WATCH
 * sees it. A list emptied by a command is deleted by that command, with `del` notified after the
 * command's own event.
 */
import { ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { ListValue } from '../types/list';
import { keyOf } from '../values';

/* ------------------------------------------------------------------------------------------------
 * Shared helpers
 * --------------------------------------------------------------------------------------------- */

/**
 * Looks a list up (write lookup when `write`): the list, `undefined` when the key is missing
 * (nothing replied), or `null` after replying WRONGTYPE.
 */
export function listOrReply(ctx: CommandContext, key: string, write: boolean): ListValue | null | undefined {
  const v = write ? ctx.db.lookupWrite(key, ctx.now) : ctx.db.lookupRead(key, ctx.now);
  if (v === undefined) return undefined;
  if (!(v instanceof ListValue)) {
    ctx.reply.error(ERR_WRONGTYPE);
    return null;
  }
  return v;
}

/**
 * An index argument as Redis's getLongFromObjectOrReply reads it. Values past 2^53 become inexact
 * numbers, which is harmless: every comparison is against a list length far below that.
 */
export function indexArg(arg: Buffer): number | null {
  const v = parseLongLong(arg);
  return v === null ? null : Number(v);
}

/** Deletes a list the command emptied, notifying `del` (after the command's own event). */
export function deleteIfEmpty(ctx: CommandContext, key: string, list: ListValue): void {
  if (list.size !== 0) return;
  ctx.db.delete(key);
  ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
}

/**
 * Pushes `values[from]` … the last value at one end of the list at `key`, creating it when missing
 * (db.set then signals clients blocked on the key). The list copies the bytes in. Returns the new
 * length.
 */
export function pushValues(ctx: CommandContext, key: string, list: ListValue | undefined, values: readonly Buffer[], from: number, left: boolean): number {
  const target = list ?? new ListValue();
  for (let i = from; i < values.length; i++) {
    if (left) target.pushLeft(values[i]);
    else target.pushRight(values[i]);
  }
  if (list === undefined) ctx.db.set(key, target);
  else ctx.db.signalModified(key);
  ctx.keyspace.dirty += values.length - from;
  ctx.keyspace.notify(NOTIFY.list, left ? 'lpush' : 'rpush', key, ctx.db.index);
  return target.size;
}

/* ------------------------------------------------------------------------------------------------
 * Pushes
 * --------------------------------------------------------------------------------------------- */

function pushGeneric(ctx: CommandContext, argv: Buffer[], left: boolean, onlyIfExists: boolean): void {
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined && onlyIfExists) return ctx.reply.integer(0);
  ctx.reply.integer(pushValues(ctx, key, list, argv, 2, left));
}

export function lpushCommand(ctx: CommandContext, argv: Buffer[]): void {
  pushGeneric(ctx, argv, true, false);
}

export function rpushCommand(ctx: CommandContext, argv: Buffer[]): void {
  pushGeneric(ctx, argv, false, false);
}

export function lpushxCommand(ctx: CommandContext, argv: Buffer[]): void {
  pushGeneric(ctx, argv, true, true);
}

export function rpushxCommand(ctx: CommandContext, argv: Buffer[]): void {
  pushGeneric(ctx, argv, false, true);
}

/* ------------------------------------------------------------------------------------------------
 * Reads
 * --------------------------------------------------------------------------------------------- */

export function llenCommand(ctx: CommandContext, argv: Buffer[]): void {
  const list = listOrReply(ctx, keyOf(argv[1]), false);
  if (list !== null) ctx.reply.integer(list === undefined ? 0 : list.size);
}

/** LRANGE key start stop: both indexes may be negative (from the end); out of range clamps. */
export function lrangeCommand(ctx: CommandContext, argv: Buffer[]): void {
  let start = indexArg(argv[2]);
  let stop = indexArg(argv[3]);
  if (start === null || stop === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const list = listOrReply(ctx, keyOf(argv[1]), false);
  if (list === null) return;
  const n = list === undefined ? 0 : list.size;
  if (start < 0) start = Math.max(0, n + start);
  if (stop < 0) stop = n + stop;
  if (stop >= n) stop = n - 1;
  if (list === undefined || start > stop || start >= n) return ctx.reply.arrayHeader(0);
  ctx.reply.arrayHeader(stop - start + 1);
  for (let i = start; i <= stop; i++) ctx.reply.bulk(list.at(i));
}

export function lindexCommand(ctx: CommandContext, argv: Buffer[]): void {
  const index = indexArg(argv[2]);
  const list = listOrReply(ctx, keyOf(argv[1]), false);
  if (list === null) return;
  // Redis looks the key up first: a missing key answers nil even for a bad index.
  if (list === undefined) return ctx.reply.bulk(null);
  if (index === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const i = index < 0 ? list.size + index : index;
  ctx.reply.bulk(i < 0 || i >= list.size ? null : list.at(i));
}

/**
 * LPOS key element [RANK r] [COUNT c] [MAXLEN m]: options are read in order, each checked as it is
 * read. RANK -2^63 matches the first hit from the tail, as 7.0's unguarded negation does.
 */
export function lposCommand(ctx: CommandContext, argv: Buffer[]): void {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i];
    const more = i + 1 < argv.length;
    if (argIs(opt, 'rank') && more) {
      const v = parseLongLong(argv[++i]);
      if (v === null) return ctx.reply.error(ERR_NOT_INTEGER);
      if (v === 0) {
        return ctx.reply.error(
          "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
        );
      }
      rank = v === -(2n ** 63n) ? -1 : Number(v);
    } else if (argIs(opt, 'count') && more) {
      const v = parseLongLong(argv[++i]);
      if (v === null || v < 0) return ctx.reply.error("ERR COUNT can't be negative");
      count = Number(v);
    } else if (argIs(opt, 'maxlen') && more) {
      const v = parseLongLong(argv[++i]);
      if (v === null || v < 0) return ctx.reply.error("ERR MAXLEN can't be negative");
      maxlen = Number(v);
    } else {
      return ctx.reply.error(ERR_SYNTAX);
    }
  }
  const list = listOrReply(ctx, keyOf(argv[1]), false);
  if (list === null) return;
  if (list === undefined) return count === -1 ? ctx.reply.bulk(null) : ctx.reply.arrayHeader(0);
  const element = argv[2];
  const fromTail = rank < 0;
  const skip = Math.abs(rank) - 1;
  const n = list.size;
  const limit = maxlen === 0 ? n : Math.min(n, maxlen);
  const want = count === -1 ? 1 : count === 0 ? Infinity : count;
  const found: number[] = [];
  let matches = 0;
  for (let step = 0; step < limit && found.length < want; step++) {
    const index = fromTail ? n - 1 - step : step;
    if (list.at(index).equals(element) && matches++ >= skip) found.push(index);
  }
  if (count === -1) return found.length === 0 ? ctx.reply.bulk(null) : ctx.reply.integer(found[0]);
  ctx.reply.arrayHeader(found.length);
  for (const index of found) ctx.reply.integer(index);
}

/* ------------------------------------------------------------------------------------------------
 * In-place edits
 * --------------------------------------------------------------------------------------------- */

export function lsetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined) return ctx.reply.error(ERR_NO_SUCH_KEY);
  const index = indexArg(argv[2]);
  if (index === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const i = index < 0 ? list.size + index : index;
  if (i < 0 || i >= list.size) return ctx.reply.error('ERR index out of range');
  list.setAt(i, argv[3]);
  ctx.db.signalModified(key);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.list, 'lset', key, ctx.db.index);
  ctx.reply.ok();
}

/** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
export function lremCommand(ctx: CommandContext, argv: Buffer[]): void {
  const count = indexArg(argv[2]);
  if (count === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined) return ctx.reply.integer(0);
  const element = argv[3];
  const n = list.size;
  const limit = count === 0 ? Infinity : Math.abs(count);
  // Mark the indexes to drop first (scanning from the chosen end), then compact once.
  const drop = new Set<number>();
  for (let step = 0; step < n && drop.size < limit; step++) {
    const index = count < 0 ? n - 1 - step : step;
    if (list.at(index).equals(element)) drop.add(index);
  }
  if (drop.size === 0) return ctx.reply.integer(0);
  list.retain((_v, index) => !drop.has(index));
  ctx.keyspace.dirty += drop.size;
  ctx.keyspace.notify(NOTIFY.list, 'lrem', key, ctx.db.index);
  if (list.size === 0) deleteIfEmpty(ctx, key, list);
  else ctx.db.signalModified(key);
  ctx.reply.integer(drop.size);
}

/** LTRIM key start stop: a range that selects nothing deletes the key. */
export function ltrimCommand(ctx: CommandContext, argv: Buffer[]): void {
  let start = indexArg(argv[2]);
  let stop = indexArg(argv[3]);
  if (start === null || stop === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined) return ctx.reply.ok();
  const n = list.size;
  if (start < 0) start = Math.max(0, n + start);
  if (stop < 0) stop = n + stop;
  let left: number;
  let right: number;
  if (start > stop || start >= n) {
    left = n;
    right = 0;
  } else {
    if (stop >= n) stop = n - 1;
    left = start;
    right = n - 1 - stop;
  }
  list.trim(left, right);
  ctx.keyspace.notify(NOTIFY.list, 'ltrim', key, ctx.db.index);
  if (list.size === 0) deleteIfEmpty(ctx, key, list);
  else ctx.db.signalModified(key);
  // Redis counts the removed elements as changes; a no-op LTRIM is then not propagated.
  ctx.keyspace.dirty += left + right;
  ctx.reply.ok();
}

/** LINSERT key BEFORE|AFTER pivot element: -1 when the pivot is absent, 0 when the key is. */
export function linsertCommand(ctx: CommandContext, argv: Buffer[]): void {
  let after: boolean;
  if (argIs(argv[2], 'after')) after = true;
  else if (argIs(argv[2], 'before')) after = false;
  else return ctx.reply.error(ERR_SYNTAX);
  const key = keyOf(argv[1]);
  const list = listOrReply(ctx, key, true);
  if (list === null) return;
  if (list === undefined) return ctx.reply.integer(0);
  const pivot = argv[3];
  const n = list.size;
  let at = -1;
  for (let i = 0; i < n; i++) {
    if (list.at(i).equals(pivot)) {
      at = i;
      break;
    }
  }
  if (at < 0) return ctx.reply.integer(-1);
  list.insertAt(after ? at + 1 : at, argv[4]);
  ctx.db.signalModified(key);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.list, 'linsert', key, ctx.db.index);
  ctx.reply.integer(list.size);
}

/** This file's handlers by lower-case name (lists-handlers.ts joins the list families). */
export const listEditHandlers: readonly (readonly [string, Handler])[] = [
  ['lpush', lpushCommand],
  ['rpush', rpushCommand],
  ['lpushx', lpushxCommand],
  ['rpushx', rpushxCommand],
  ['llen', llenCommand],
  ['lrange', lrangeCommand],
  ['lindex', lindexCommand],
  ['lpos', lposCommand],
  ['lset', lsetCommand],
  ['lrem', lremCommand],
  ['ltrim', ltrimCommand],
  ['linsert', linsertCommand],
];
