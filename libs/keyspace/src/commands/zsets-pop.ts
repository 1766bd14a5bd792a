/**
 * ZPOPMIN / ZPOPMAX, and `popFromZset`, the removal step the multi-key and blocking pops (ZMPOP,
 * BZPOPMIN, BZPOPMAX, BZMPOP in zsets-blocking) share: it pops, accounts the write, emits the
 * events and deletes an emptied key; each command then shapes its own reply.
 *
 * Reply shapes of Redis 7.0: without COUNT a flat [member, score] in both protocols; with COUNT a
 * flat list of pairs in RESP2 and an array of [member, score] arrays in RESP3.
 *
 * Propagation: ZPOPMIN/ZPOPMAX are deterministic and go to replicas as sent.
 */
import { ERR_NOT_POSITIVE, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { NIL, type ZSet } from '../types/zset';
import { keyBytes, keyOf } from '../values';
import { deleteIfEmpty, getZsetForWriteOrReply } from './zsets-access';


/**
 * Pops up to `count` members from the low end (or the high end when `max`) of the set at `key`,
 * lowest (highest) first, with the write's accounting: dirty, the `zpopmin`/`zpopmax` event, then
 * `del` and the key's deletion when the set emptied, else a WATCH signal.
 */
export function popFromZset(ctx: CommandContext, key: string, z: ZSet, max: boolean, count: number): [string, number][] {
  const popped: [string, number][] = [];
  while (popped.length < count) {
    const node = max ? z.last() : z.first();
    if (node === NIL) break;
    const member = z.memberOf(node);
    popped.push([member, z.scoreOf(node)]);
    z.remove(member);
  }
  if (popped.length > 0) {
    ctx.keyspace.dirty += popped.length;
    ctx.keyspace.notify(NOTIFY.zset, max ? 'zpopmax' : 'zpopmin', key, ctx.db.index);
    deleteIfEmpty(ctx, key, z);
  }
  return popped;
}

function zpopGeneric(ctx: CommandContext, argv: Buffer[], max: boolean): void {
  if (argv.length > 3) return ctx.reply.error(ERR_SYNTAX);
  const hasCount = argv.length === 3;
  let count = 1;
  if (hasCount) {
    const n = parseLongLong(argv[2]);
    if (n === null || n < 0) return ctx.reply.error(ERR_NOT_POSITIVE);
    count = Number(n);
  }
  const key = keyOf(argv[1]);
  const z = getZsetForWriteOrReply(ctx, key);
  if (z === null) return;
  if (z === undefined || count === 0) return ctx.reply.arrayHeader(0);
  const popped = popFromZset(ctx, key, z, max, count);
  const reply = ctx.reply;
  const nested = hasCount && reply.protocol === 3;
  reply.arrayHeader(nested ? popped.length : popped.length * 2);
  for (const [member, score] of popped) {
    if (nested) reply.arrayHeader(2);
    reply.bulkLatin1(member);
    reply.double(score);
  }
}

export function zpopminCommand(ctx: CommandContext, argv: Buffer[]): void {
  zpopGeneric(ctx, argv, false);
}

export function zpopmaxCommand(ctx: CommandContext, argv: Buffer[]): void {
  zpopGeneric(ctx, argv, true);
}
