/**
 * String commands, part 2: the counters INCR DECR INCRBY DECRBY (int64, overflow-checked) and
 * INCRBYFLOAT (exact long double, see long-double.ts). A counter keeps the key's TTL.
 *
 * Hot path (INCR): a value and delta that are safe integers are added as JS numbers; only values
 * near the int64 limits take the bigint path.
 */
import { addLongLong, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, parseLongLong } from '@resplica/commands';
import { getStringForWriteOrReply } from '../access';
import type { CommandContext } from '../context';
import { ERR_DECR_OVERFLOW, ERR_NAN_OR_INF } from '../errors';
import { NOTIFY } from '../notify';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../long-double';
import { keyOf, markNotInt, reusableString } from '../values';

/** DECRBY of this delta cannot be negated into an INCRBY. */
const INT64_MIN = -(2n ** 63n);

/** Decimal length of a safe integer, its sign included. */
function safeIntLength(n: number): number {
  const abs = n < 0 ? -n : n;
  let digits = 1;
  for (let t = abs; t >= 10; t = Math.floor(t / 10)) digits++;
  return n < 0 ? digits + 1 : digits;
}

/**
 * Writes the `len` decimal bytes of a safe integer into `out`: INCR's result, built without the
 * intermediate string and the native latin1 write that `Buffer.from(String(n))` costs.
 */
function writeSafeInt(out: Buffer, n: number, len: number): void {
  let v = n < 0 ? -n : n;
  let p = len;
  do {
    const q = Math.floor(v / 10);
    out[--p] = 0x30 + (v - q * 10);
    v = q;
  } while (v > 0);
  if (n < 0) out[0] = 0x2d;
}

/**
 * Stores a safe-integer result. With as many digits as the current value, the value is rewritten in
 * place (as SET's same-length overwrite, see reusableString): no dict write, and no new Buffer for
 * V8 to promote. `current` came from lookupWrite, which already told a running snapshot.
 */
function storeSafeInt(ctx: CommandContext, key: string, current: Buffer | undefined, n: number): void {
  const len = safeIntLength(n);
  if (reusableString(current, len)) {
    writeSafeInt(current, n, len);
    ctx.db.signalModified(key);
    return;
  }
  // allocUnsafe takes small sizes from Node's shared pool, as Buffer.from(string) did.
  const out = Buffer.allocUnsafe(len);
  writeSafeInt(out, n, len);
  ctx.db.set(key, out, true);
}

/** Adds `delta` to the integer at argv[1]; replies the new value or an error. */
function incrGeneric(ctx: CommandContext, argv: Buffer[], delta: number | bigint): void {
  const key = keyOf(argv[1]);
  const cur = getStringForWriteOrReply(ctx, key);
  if (cur === null) return;
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseLongLong(cur);
    if (parsed === null) return ctx.reply.error(ERR_NOT_INTEGER);
    value = parsed;
  }
  const result = addLongLong(value, delta);
  if (result === null) return ctx.reply.error(ERR_OVERFLOW);
  if (typeof result === 'number') storeSafeInt(ctx, key, cur, result);
  else ctx.db.set(key, Buffer.from(String(result), 'latin1'), true);
  ctx.keyspace.dirty++;
  // INCR, DECR and DECRBY all report `incrby`, as Redis does.
  ctx.keyspace.notify(NOTIFY.string, 'incrby', key, ctx.db.index);
  ctx.reply.integer(result);
}

export function incrCommand(ctx: CommandContext, argv: Buffer[]): void {
  incrGeneric(ctx, argv, 1);
}

export function decrCommand(ctx: CommandContext, argv: Buffer[]): void {
  incrGeneric(ctx, argv, -1);
}

export function incrbyCommand(ctx: CommandContext, argv: Buffer[]): void {
  const delta = parseLongLong(argv[2]);
  if (delta === null) return ctx.reply.error(ERR_NOT_INTEGER);
  incrGeneric(ctx, argv, delta);
}

export function decrbyCommand(ctx: CommandContext, argv: Buffer[]): void {
  const delta = parseLongLong(argv[2]);
  if (delta === null) return ctx.reply.error(ERR_NOT_INTEGER);
  // -LLONG_MIN does not exist; Redis refuses it with its own message.
  if (delta === INT64_MIN) return ctx.reply.error(ERR_DECR_OVERFLOW);
  incrGeneric(ctx, argv, typeof delta === 'number' ? -delta : -delta);
}

/** INCRBYFLOAT key incr: propagated as `SET key <result> KEEPTTL`. */
export function incrbyfloatCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const cur = getStringForWriteOrReply(ctx, key);
  if (cur === null) return;
  const value = cur === undefined ? { neg: false, m: 0n, e: 0 } : parseLongDouble(cur);
  const incr = parseLongDouble(argv[2]);
  if (value === null || incr === null) return ctx.reply.error(ERR_NOT_FLOAT);
  if (typeof value === 'number' || typeof incr === 'number') return ctx.reply.error(ERR_NAN_OR_INF);
  const sum = addLongDouble(value, incr);
  if (sum === null) return ctx.reply.error(ERR_NAN_OR_INF);
  const text = Buffer.from(formatLongDouble(sum), 'latin1');
  markNotInt(text);
  ctx.db.set(key, text, true);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'incrbyfloat', key, ctx.db.index);
  ctx.rewrite(['SET', argv[1], text, 'KEEPTTL']);
  ctx.reply.bulk(text);
}
