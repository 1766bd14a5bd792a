/**
 * HRANDFIELD key [count [WITHVALUES]].
 *
 * Redis 7.0's cases, which clients can tell apart by shape and order:
 * - no count: one random field (null for a missing key);
 * - negative count: |count| picks with repetition, in pick order;
 * - count ≥ size: the whole hash in storage order;
 * - 0 < count < size: `count` distinct fields; listpack hashes answer them in storage order (Redis
 *   samples the listpack front to back), we do the same for every hash.
 * With WITHVALUES, RESP3 answers an array of [field, value] pairs, RESP2 a flat array.
 *
 * Not supported: O(1) picks. A Map has no random access, so a pick walks to its index: O(size)
 * per call (one pass for a whole count), where Redis picks a hashtable bucket directly.
 */
import { argIs, ERR_NOT_INTEGER, ERR_OUT_OF_RANGE, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import type { HashValue } from '../types/hash';
import { keyBytes, keyOf } from '../values';
import { getHashOrReply } from './hashes-access';

/** Redis's LONG_MAX: counts are accepted in [-LONG_MAX, LONG_MAX]. */
const LONG_MAX = 2n ** 63n - 1n;
const ERR_COUNT_RANGE = `ERR value is out of range, value must between -${LONG_MAX} and ${LONG_MAX}`;

export function hrandfieldCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (argv.length === 2) return randomField(ctx, argv);
  const parsed = parseLongLong(argv[2]);
  if (parsed === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const count = BigInt(parsed);
  if (count < -LONG_MAX) return ctx.reply.error(ERR_COUNT_RANGE);
  let withValues = false;
  if (argv.length > 4 || (argv.length === 4 && !argIs(argv[3], 'withvalues'))) return ctx.reply.error(ERR_SYNTAX);
  if (argv.length === 4) {
    withValues = true;
    // Twice as many reply elements must still fit a long.
    if (count < -LONG_MAX / 2n || count > LONG_MAX / 2n) return ctx.reply.error(ERR_OUT_OF_RANGE);
  }
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  if (h === undefined || count === 0n) return ctx.reply.arrayHeader(0);
  if (count < 0n) return withRepetition(ctx, h, Number(-count), withValues);
  if (count >= BigInt(h.size)) return whole(ctx, h, withValues);
  distinct(ctx, h, Number(count), withValues);
}

/** HRANDFIELD key: one field, or null. */
function randomField(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  if (h === undefined) return ctx.reply.bulk(null);
  let skip = Math.floor(Math.random() * h.size);
  for (const f of h.fields.keys()) {
    if (skip-- === 0) return ctx.reply.bulkLatin1(f);
  }
}

/** The reply header for `n` picks: pairs are nested arrays in RESP3, flattened in RESP2. */
function header(ctx: CommandContext, n: number, withValues: boolean): void {
  ctx.reply.arrayHeader(withValues && ctx.reply.protocol === 2 ? n * 2 : n);
}

function pick(ctx: CommandContext, field: string, value: Buffer, withValues: boolean): void {
  if (!withValues) return ctx.reply.bulkLatin1(field);
  if (ctx.reply.protocol !== 2) ctx.reply.arrayHeader(2);
  ctx.reply.bulkLatin1(field);
  ctx.reply.bulk(value);
}

function withRepetition(ctx: CommandContext, h: HashValue, n: number, withValues: boolean): void {
  const entries = [...h.fields];
  header(ctx, n, withValues);
  for (let i = 0; i < n; i++) {
    const [f, v] = entries[Math.floor(Math.random() * entries.length)];
    pick(ctx, f, v, withValues);
  }
}

function whole(ctx: CommandContext, h: HashValue, withValues: boolean): void {
  header(ctx, h.size, withValues);
  for (const [f, v] of h.fields) pick(ctx, f, v, withValues);
}

/** `n` distinct fields (0 < n < size), in storage order: selection sampling in one pass. */
function distinct(ctx: CommandContext, h: HashValue, n: number, withValues: boolean): void {
  header(ctx, n, withValues);
  let needed = n;
  let left = h.size;
  for (const [f, v] of h.fields) {
    if (needed === 0) break;
    // Keep this entry with probability needed/left: every n-subset is equally likely.
    if (Math.random() * left < needed) {
      pick(ctx, f, v, withValues);
      needed--;
    }
    left--;
  }
}
