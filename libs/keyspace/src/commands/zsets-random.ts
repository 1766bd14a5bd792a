/**
 * ZRANDMEMBER key [count [WITHSCORES]], with Redis 7.0's cases: no count → one member or null;
 * count ≥ size → the whole set, highest score first (Redis walks it from the tail); positive count
 * → that many distinct members; negative count → |count| members drawn with repetition.
 * WITHSCORES pairs are flat in RESP2 and [member, score] arrays in RESP3.
 *
 * A random pick is a random rank (O(log n) in the skip list), so no member array is built for the
 * common small counts.
 */
import { argIs, ERR_COUNT_RANGE, ERR_NOT_INTEGER, ERR_OUT_OF_RANGE, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NIL, type ZNode, type ZSet } from '../types/zset';
import { keyBytes, keyOf } from '../values';
import { getZsetOrReply } from './zsets-access';

/** LONG_MAX / 2 (C's truncating division): the bound of a WITHSCORES count. */
const HALF_LONG_MAX = 4611686018427387903n;

function randomNode(z: ZSet): ZNode {
  return z.atRank(Math.floor(Math.random() * z.size));
}

function writeOne(ctx: CommandContext, z: ZSet, node: ZNode, withScores: boolean): void {
  const reply = ctx.reply;
  if (!withScores) return reply.bulkLatin1(z.memberOf(node));
  if (reply.protocol === 3) reply.arrayHeader(2);
  reply.bulkLatin1(z.memberOf(node));
  reply.double(z.scoreOf(node));
}

function header(ctx: CommandContext, count: number, withScores: boolean): void {
  ctx.reply.arrayHeader(withScores && ctx.reply.protocol === 2 ? count * 2 : count);
}

export function zrandmemberCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (argv.length === 2) {
    const z = getZsetOrReply(ctx, keyOf(argv[1]));
    if (z === null) return;
    if (z === undefined) return ctx.reply.bulk(null);
    return ctx.reply.bulkLatin1(z.memberOf(randomNode(z)));
  }
  const parsed = parseLongLong(argv[2]);
  if (parsed === null) return ctx.reply.error(ERR_NOT_INTEGER);
  if (parsed === -(2n ** 63n)) return ctx.reply.error(ERR_COUNT_RANGE);
  if (argv.length > 4 || (argv.length === 4 && !argIs(argv[3], 'withscores'))) return ctx.reply.error(ERR_SYNTAX);
  const withScores = argv.length === 4;
  if (withScores && (BigInt(parsed) < -HALF_LONG_MAX || BigInt(parsed) > HALF_LONG_MAX)) {
    return ctx.reply.error(ERR_OUT_OF_RANGE);
  }
  const z = getZsetOrReply(ctx, keyOf(argv[1]));
  if (z === null) return;
  const count = Number(parsed);
  if (z === undefined || count === 0) return ctx.reply.arrayHeader(0);
  if (count < 0) {
    // With repetition: |count| independent draws.
    header(ctx, -count, withScores);
    for (let i = 0; i < -count; i++) writeOne(ctx, z, randomNode(z), withScores);
    return;
  }
  const size = z.size;
  if (count >= size) {
    header(ctx, size, withScores);
    for (let n = z.last(); n !== NIL; n = z.prev(n)) writeOne(ctx, z, n, withScores);
    return;
  }
  header(ctx, count, withScores);
  for (const rank of distinctRanks(size, count)) writeOne(ctx, z, z.atRank(rank), withScores);
}

/**
 * `count` distinct ranks below `size` (count < size), in random order: rejection sampling while
 * few are wanted, else a partial Fisher–Yates shuffle of all ranks (as Redis switches from random
 * picks to copying and removing when count is over a third of the set).
 */
function distinctRanks(size: number, count: number): Iterable<number> {
  if (count * 3 <= size) {
    const picked = new Set<number>();
    while (picked.size < count) picked.add(Math.floor(Math.random() * size));
    return picked;
  }
  const ranks = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const t = ranks[i];
    ranks[i] = ranks[j];
    ranks[j] = t;
  }
  return ranks.slice(0, count);
}
