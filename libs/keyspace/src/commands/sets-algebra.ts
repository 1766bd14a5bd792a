/**
 * The set algebra: SINTER SINTERCARD SUNION SDIFF and the STORE forms SINTERSTORE SUNIONSTORE
 * SDIFFSTORE.
 *
 * Redis 7.0's rules, each visible to clients:
 * - every source key is looked up first; a missing key is an empty set, any key of another type
 *   makes the command WRONGTYPE (even after a missing key);
 * - SINTER walks the smallest set (ties: the first named) and replies in its order, so the
 *   intersection of intsets comes out in numeric order; SUNION and SDIFF build the result as a new
 *   set and reply in its order (numeric when it is an intset);
 * - a STORE replaces the destination whatever its type, with a fresh encoding (intset when every
 *   member is an integer and there are few enough; for SDIFF, every member of the first set when
 *   Redis copies it, see `difference`), emitting `sinterstore`/`sunionstore`/
 *   `sdiffstore`; an empty result deletes the destination (`del`) and propagates only if it existed.
 *
 * The STORE forms propagate as sent: the result is a function of the dataset.
 */
import { argIs, ERR_NUMKEYS, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { SetValue } from '../types/set';
import { keyOf } from '../values';
import { ERR_LIMIT_NEGATIVE, ERR_NUMKEYS_ARGS, getSetsOrReply, replyMembers } from './sets-access';

// ---------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------

/**
 * Members of the intersection, in the order of the smallest set, stopping after `limit` members
 * (0 = no limit). Any missing set makes it empty.
 */
function intersection(sets: (SetValue | null)[], limit: number): string[] {
  const present: SetValue[] = [];
  for (const s of sets) {
    if (s === null) return [];
    present.push(s);
  }
  // Array.prototype.sort is stable: equal sizes keep the order the keys were named in.
  present.sort((a, b) => a.size - b.size);
  const smallest = present[0];
  const out: string[] = [];
  for (const m of smallest) {
    let everywhere = true;
    for (let j = 1; j < present.length && everywhere; j++) {
      if (present[j] !== smallest && !present[j].has(m)) everywhere = false;
    }
    if (!everywhere) continue;
    out.push(m);
    if (out.length === limit) break;
  }
  return out;
}

/** The union as a new set. */
function union(ctx: CommandContext, sets: (SetValue | null)[]): SetValue {
  const limits = ctx.keyspace.encodingLimits;
  const out = new SetValue();
  for (const s of sets) if (s !== null) for (const m of s) out.add(m, limits);
  return out;
}

/**
 * The members of the first set in none of the others, as a new set, built the way Redis 7.0 picks
 * for these sizes, because the way shows in the result's encoding. Redis estimates the work of
 * testing each member of the first set against the others (first size × sets / 2) against that of
 * copying the first set and removing every other set's members (the sum of the sizes), and takes
 * the first way when it is not more work. The second way converts the result to a hashtable when
 * the first set has a non-integer member (or too many), even if the removals take it out again.
 */
function difference(ctx: CommandContext, sets: (SetValue | null)[]): SetValue {
  const limits = ctx.keyspace.encodingLimits;
  const out = new SetValue();
  const first = sets[0];
  if (first === null) return out;
  let present = 0;
  let total = 0;
  for (const s of sets) {
    if (s === null) continue;
    present++;
    total += s.size;
  }
  if (Math.floor((first.size * present) / 2) > total) {
    for (const m of first) out.add(m, limits);
    for (let j = 1; j < sets.length && out.size > 0; j++) {
      const other = sets[j];
      if (other !== null) for (const m of other) out.delete(m);
    }
    return out;
  }
  for (const m of first) {
    let elsewhere = false;
    for (let j = 1; j < sets.length && !elsewhere; j++) {
      const other = sets[j];
      if (other !== null && other.has(m)) elsewhere = true;
    }
    if (!elsewhere) out.add(m, limits);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Replies and stores
// ---------------------------------------------------------------------------------------------

/**
 * SINTERSTORE/SUNIONSTORE/SDIFFSTORE destination: replaces argv[1] with `result` (deleting it when
 * the result is empty) and replies the result's size.
 */
function store(ctx: CommandContext, argv: Buffer[], result: SetValue, event: string): void {
  const dst = keyOf(argv[1]);
  const db = ctx.db;
  if (result.size === 0) {
    if (db.lookupWrite(dst, ctx.now) !== undefined && db.delete(dst)) {
      ctx.keyspace.dirty++;
      ctx.keyspace.notify(NOTIFY.generic, 'del', dst, db.index);
    }
    return ctx.reply.integer(0);
  }
  db.set(dst, result);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.set, event, dst, db.index);
  ctx.reply.integer(result.size);
}

/** SINTER key [key …]: a set reply. */
export function sinterCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 1, argv.length, false);
  if (sets === null) return;
  const members = intersection(sets, 0);
  replyMembers(ctx, members, members.length);
}

export function sinterstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 2, argv.length, true);
  if (sets === null) return;
  store(ctx, argv, SetValue.of(intersection(sets, 0), ctx.keyspace.encodingLimits), 'sinterstore');
}

/** SUNION key [key …]: a set reply. */
export function sunionCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 1, argv.length, false);
  if (sets === null) return;
  const result = union(ctx, sets);
  replyMembers(ctx, result, result.size);
}

export function sunionstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 2, argv.length, true);
  if (sets === null) return;
  store(ctx, argv, union(ctx, sets), 'sunionstore');
}

/** SDIFF key [key …]: a set reply. */
export function sdiffCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 1, argv.length, false);
  if (sets === null) return;
  const result = difference(ctx, sets);
  replyMembers(ctx, result, result.size);
}

export function sdiffstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sets = getSetsOrReply(ctx, argv, 2, argv.length, true);
  if (sets === null) return;
  store(ctx, argv, difference(ctx, sets), 'sdiffstore');
}

/**
 * SINTERCARD numkeys key [key …] [LIMIT limit]: the intersection's size, counting no further than
 * LIMIT (0 = no limit; the last LIMIT given wins). numkeys and the options are checked before any
 * key is looked up.
 */
export function sintercardCommand(ctx: CommandContext, argv: Buffer[]): void {
  const numkeys = parseLongLong(argv[1]);
  if (numkeys === null || numkeys < 1) return ctx.reply.error(ERR_NUMKEYS);
  if (numkeys > argv.length - 2) return ctx.reply.error(ERR_NUMKEYS_ARGS);
  const end = 2 + Number(numkeys);
  let limit = 0;
  for (let i = end; i < argv.length; i += 2) {
    if (!argIs(argv[i], 'limit') || i + 1 >= argv.length) return ctx.reply.error(ERR_SYNTAX);
    const value = parseLongLong(argv[i + 1]);
    if (value === null || value < 0) return ctx.reply.error(ERR_LIMIT_NEGATIVE);
    // A limit past any possible set size is no limit at all.
    limit = value > Number.MAX_SAFE_INTEGER ? 0 : Number(value);
  }
  const sets = getSetsOrReply(ctx, argv, 2, end, false);
  if (sets === null) return;
  ctx.reply.integer(intersection(sets, limit).length);
}
