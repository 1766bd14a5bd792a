/**
 * String commands, part 3: byte ranges — APPEND STRLEN GETRANGE SUBSTR SETRANGE. Edits keep the
 * key's TTL and mark the result `raw` (OBJECT ENCODING), as Redis's in-place sds edits do.
 *
 * Not done yet: Redis grows an appended string's buffer greedily; here APPEND copies the whole value,
 * so appending many small pieces to one large value is quadratic.
 */
import { ERR_NOT_INTEGER, parseLongLong } from '@resplica/commands';
import { getStringForWriteOrReply, getStringOrReply } from '../access';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { ERR_OFFSET_RANGE, ERR_STRING_TOO_LONG } from '../errors';
import { keyOf, markRaw, ownBytes } from '../values';

/** proto-max-bulk-len's default: the largest string APPEND/SETRANGE may build. */
export const MAX_STRING_BYTES = 512 * 1024 * 1024;

export function appendCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const cur = getStringForWriteOrReply(ctx, key);
  if (cur === null) return;
  let next: Buffer;
  if (cur === undefined) {
    next = ownBytes(argv[2]);
  } else {
    if (cur.length + argv[2].length > MAX_STRING_BYTES) return ctx.reply.error(ERR_STRING_TOO_LONG);
    next = Buffer.concat([cur, argv[2]]);
    markRaw(next);
  }
  ctx.db.set(key, next, true);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'append', key, ctx.db.index);
  ctx.reply.integer(next.length);
}

export function strlenCommand(ctx: CommandContext, argv: Buffer[]): void {
  const v = getStringOrReply(ctx, keyOf(argv[1]));
  if (v !== null) ctx.reply.integer(v === undefined ? 0 : v.length);
}

/** GETRANGE/SUBSTR key start end: inclusive, negative from the end, clamped; "" when empty. */
export function getrangeCommand(ctx: CommandContext, argv: Buffer[]): void {
  const s = parseLongLong(argv[2]);
  const e = parseLongLong(argv[3]);
  if (s === null || e === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const v = getStringOrReply(ctx, keyOf(argv[1]));
  if (v === null) return;
  const len = v === undefined ? 0 : v.length;
  let start = Number(s);
  let end = Number(e);
  if (start < 0 && end < 0 && start > end) return ctx.reply.bulk(EMPTY);
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (v === undefined || len === 0 || start > end) return ctx.reply.bulk(EMPTY);
  // A view is enough: the reply is written before the value can change.
  ctx.reply.bulk(v.subarray(start, end + 1));
}

const EMPTY = Buffer.alloc(0);

/** SETRANGE key offset value: zero-pads as needed; returns the new length. */
export function setrangeCommand(ctx: CommandContext, argv: Buffer[]): void {
  const off = parseLongLong(argv[2]);
  if (off === null) return ctx.reply.error(ERR_NOT_INTEGER);
  if (off < 0) return ctx.reply.error(ERR_OFFSET_RANGE);
  const key = keyOf(argv[1]);
  const patch = argv[3];
  const cur = getStringForWriteOrReply(ctx, key);
  if (cur === null) return;
  const curLen = cur === undefined ? 0 : cur.length;
  // Nothing to write: report the length without creating the key.
  if (patch.length === 0) return ctx.reply.integer(curLen);
  const offset = Number(off);
  if (offset + patch.length > MAX_STRING_BYTES) return ctx.reply.error(ERR_STRING_TOO_LONG);
  const next = Buffer.alloc(Math.max(curLen, offset + patch.length));
  if (cur !== undefined) cur.copy(next, 0);
  patch.copy(next, offset);
  markRaw(next);
  ctx.db.set(key, next, true);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'setrange', key, ctx.db.index);
  ctx.reply.integer(next.length);
}
