/**
 * The random set commands: SPOP (one member, or `count` of them) and SRANDMEMBER (one member, or
 * `count` distinct ones, or with repetition for a negative count).
 *
 * Reply shapes are Redis 7.0's: SPOP with a count answers a set (`~` in RESP3), SRANDMEMBER with a
 * count an array; when the count covers the whole set both answer every member in the set's own
 * order (numeric for an intset). Counts are parsed before the key is looked up.
 *
 * Propagation: SPOP is not deterministic, so it is rewritten into the removals it made — one
 * `SREM key member` per popped member (the server wraps several in MULTI/EXEC), or `DEL key` when
 * the count took every member — exactly what a 7.0.15 master sends its replicas.
 *
 * Not supported: a negative SRANDMEMBER count below -MAX_REPEATED; Redis would try to build that
 * reply and exhaust its memory, we refuse it with ERR_REPEAT_RANGE.
 */
import { ERR_COUNT_RANGE, ERR_NOT_INTEGER, ERR_NOT_POSITIVE, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import type { SetValue } from '../types/set';
import { keyBytes, keyOf } from '../values';
import { getSetForWriteOrReply, getSetOrReply, replyMembers } from './sets-access';

/** Largest number of members SRANDMEMBER returns with repetition (see the file comment). */
const MAX_REPEATED = 1 << 24;
const ERR_REPEAT_RANGE = `ERR value is out of range, value must between -${MAX_REPEATED} and 9223372036854775807`;

/**
 * SPOP keeps the members it does not pop and rebuilds the set from them (a fresh encoding, so a
 * hashtable of integers can become an intset again) when the remainder times this is at most the
 * count — Redis 7.0's SPOP_MOVE_STRATEGY_MUL.
 */
const SPOP_MOVE_STRATEGY_MUL = 5;

// ---------------------------------------------------------------------------------------------
// SPOP
// ---------------------------------------------------------------------------------------------

/** SPOP key [count]. */
export function spopCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (argv.length > 3) return ctx.reply.error(ERR_SYNTAX);
  if (argv.length === 3) return spopWithCount(ctx, argv);
  const key = keyOf(argv[1]);
  const s = getSetForWriteOrReply(ctx, key);
  if (s === null) return;
  if (s === undefined) return ctx.reply.bulk(null);
  const member = s.random();
  s.delete(member);
  const bytes = keyBytes(member);
  ctx.keyspace.notify(NOTIFY.set, 'spop', key, ctx.db.index);
  ctx.rewrite(['SREM', argv[1], bytes]);
  removedFrom(ctx, key, s);
  ctx.keyspace.dirty++;
  ctx.reply.bulk(bytes);
}

/** SPOP key count: a set reply of up to `count` distinct members, removed. */
function spopWithCount(ctx: CommandContext, argv: Buffer[]): void {
  const count = parseLongLong(argv[2]);
  if (count === null || count < 0) return ctx.reply.error(ERR_NOT_POSITIVE);
  const key = keyOf(argv[1]);
  const s = getSetForWriteOrReply(ctx, key);
  if (s === null) return;
  if (s === undefined || count === 0) return ctx.reply.setHeader(0);
  const size = s.size;
  ctx.keyspace.notify(NOTIFY.set, 'spop', key, ctx.db.index);
  if (count >= size) {
    // Everything goes: reply the members in the set's order, then drop the key as one DEL.
    replyMembers(ctx, s, size);
    ctx.db.delete(key);
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
    ctx.rewrite(['DEL', argv[1]]);
    ctx.keyspace.dirty += size;
    return;
  }
  const n = Number(count);
  ctx.reply.setHeader(n);
  for (let i = 0; i < n; i++) {
    const member = s.random();
    s.delete(member);
    const bytes = keyBytes(member);
    ctx.rewrite(['SREM', argv[1], bytes]);
    ctx.reply.bulk(bytes);
  }
  if ((size - n) * SPOP_MOVE_STRATEGY_MUL <= n) s.reencode(ctx.keyspace.encodingLimits);
  ctx.db.signalModified(key);
  ctx.keyspace.dirty += n;
}

/** After a single pop: the emptied set is deleted (after the `spop` event), else WATCH is told. */
function removedFrom(ctx: CommandContext, key: string, s: SetValue): void {
  if (s.size === 0) {
    ctx.db.delete(key);
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
  } else {
    ctx.db.signalModified(key);
  }
}

// ---------------------------------------------------------------------------------------------
// SRANDMEMBER
// ---------------------------------------------------------------------------------------------

/** SRANDMEMBER key [count]. */
export function srandmemberCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (argv.length > 3) return ctx.reply.error(ERR_SYNTAX);
  if (argv.length === 3) return srandmemberWithCount(ctx, argv);
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s === null) return;
  ctx.reply.bulk(s === undefined ? null : keyBytes(s.random()));
}

/**
 * SRANDMEMBER key count: `count` distinct members (all of them, in order, when count ≥ size), or
 * |count| members with repetition when count is negative. Always an array, also in RESP3.
 */
function srandmemberWithCount(ctx: CommandContext, argv: Buffer[]): void {
  const count = parseLongLong(argv[2]);
  if (count === null) return ctx.reply.error(ERR_NOT_INTEGER);
  if (count === -(2n ** 63n)) return ctx.reply.error(ERR_COUNT_RANGE);
  if (count < -MAX_REPEATED) return ctx.reply.error(ERR_REPEAT_RANGE);
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s === null) return;
  if (s === undefined || count === 0) return ctx.reply.arrayHeader(0);
  const reply = ctx.reply;
  if (count < 0) {
    const n = -Number(count);
    reply.arrayHeader(n);
    for (let i = 0; i < n; i++) reply.bulkLatin1(s.random());
    return;
  }
  const size = s.size;
  if (count >= size) {
    reply.arrayHeader(size);
    for (const m of s) reply.bulkLatin1(m);
    return;
  }
  const n = Number(count);
  reply.arrayHeader(n);
  for (const slot of distinctSlots(size, n)) reply.bulkLatin1(s.at(slot));
}

/**
 * `n` distinct random slots out of `size` (n < size), in random order: a partial Fisher-Yates
 * shuffle when n is a large share of the set (O(size)), else rejection of repeats (O(n)).
 */
function distinctSlots(size: number, n: number): Iterable<number> {
  if (n * 3 > size) {
    const slots = new Array<number>(size);
    for (let i = 0; i < size; i++) slots[i] = i;
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = slots[i];
      slots[i] = slots[j];
      slots[j] = t;
    }
    slots.length = n;
    return slots;
  }
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(Math.random() * size));
  return picked;
}
