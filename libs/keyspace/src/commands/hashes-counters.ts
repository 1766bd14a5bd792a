/**
 * HINCRBY (int64, overflow-checked) and HINCRBYFLOAT (exact long double, see long-double.ts) on a
 * hash field. The increment is checked before the key, as Redis 7.0 does; a missing key or field
 * counts as 0.
 *
 * Propagation: HINCRBYFLOAT is sent to replicas as `HSET key field <result>`, so float formatting
 * can never make a replica differ; HINCRBY is deterministic and goes as it came.
 */
import { addLongLong, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { ERR_NAN_OR_INF } from '../errors';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../long-double';
import { NOTIFY } from '../notify';
import { HashValue } from '../types/hash';
import { keyOf } from '../values';
import { getHashForWriteOrReply } from './hashes-access';

const ERR_HASH_NOT_INTEGER = 'ERR hash value is not an integer';
const ERR_HASH_NOT_FLOAT = 'ERR hash value is not a float';
const ERR_INCR_NAN_OR_INF = 'ERR value is NaN or Infinity';

/** Stores the new value of `field` (creating the hash when absent) and reports the change. */
function storeResult(ctx: CommandContext, key: string, h: HashValue | undefined, field: string, value: Buffer, event: string): void {
  const target = h ?? new HashValue();
  target.set(field, value, ctx.keyspace.encodingLimits);
  if (h === undefined) ctx.db.set(key, target);
  else ctx.db.signalModified(key);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.hash, event, key, ctx.db.index);
}

/** HINCRBY key field increment: replies the new value. */
export function hincrbyCommand(ctx: CommandContext, argv: Buffer[]): void {
  const delta = parseLongLong(argv[3]);
  if (delta === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const key = keyOf(argv[1]);
  const h = getHashForWriteOrReply(ctx, key);
  if (h === null) return;
  const field = keyOf(argv[2]);
  const cur = h?.get(field);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseLongLong(cur);
    if (parsed === null) return ctx.reply.error(ERR_HASH_NOT_INTEGER);
    value = parsed;
  }
  const result = addLongLong(value, delta);
  if (result === null) return ctx.reply.error(ERR_OVERFLOW);
  storeResult(ctx, key, h, field, Buffer.from(String(result), 'latin1'), 'hincrby');
  ctx.reply.integer(result);
}

/** HINCRBYFLOAT key field increment: replies the new value as a bulk string. */
export function hincrbyfloatCommand(ctx: CommandContext, argv: Buffer[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === null) return ctx.reply.error(ERR_NOT_FLOAT);
  if (typeof incr === 'number') return ctx.reply.error(ERR_INCR_NAN_OR_INF);
  const key = keyOf(argv[1]);
  const h = getHashForWriteOrReply(ctx, key);
  if (h === null) return;
  const field = keyOf(argv[2]);
  const cur = h?.get(field);
  const value = cur === undefined ? { neg: false, m: 0n, e: 0 } : parseLongDouble(cur);
  if (value === null) return ctx.reply.error(ERR_HASH_NOT_FLOAT);
  // A stored `inf` parses (string2ld accepts it), but any sum with it is infinite.
  if (typeof value === 'number') return ctx.reply.error(ERR_NAN_OR_INF);
  const sum = addLongDouble(value, incr);
  if (sum === null) return ctx.reply.error(ERR_NAN_OR_INF);
  const text = Buffer.from(formatLongDouble(sum), 'latin1');
  storeResult(ctx, key, h, field, text, 'hincrbyfloat');
  ctx.rewrite(['HSET', argv[1], argv[2], text]);
  ctx.reply.bulk(text);
}
