/**
 * Typed access helpers for handlers: look a key up and check its type in one call, replying
 * WRONGTYPE when it is of another type (Redis's lookupKeyReadOrReply + checkType pair).
 *
 * Return convention of the `…OrReply` helpers: the value when it is of the wanted type, `undefined`
 * when the key does not exist (nothing replied), `null` when an error was already replied — the
 * handler then returns at once.
 */
import { ERR_WRONGTYPE } from '@resplica/commands';
import type { CommandContext } from './context';
import { isString, type StringValue } from './values';

/** Reads a string key (lazy expiry, hit/miss stats). */
export function getStringOrReply(ctx: CommandContext, key: string): StringValue | null | undefined {
  const v = ctx.db.lookupRead(key, ctx.now);
  if (v === undefined) return undefined;
  if (!isString(v)) {
    ctx.reply.error(ERR_WRONGTYPE);
    return null;
  }
  return v;
}

/** Looks a string key up before modifying it (lazy expiry, no stats). */
export function getStringForWriteOrReply(ctx: CommandContext, key: string): StringValue | null | undefined {
  const v = ctx.db.lookupWrite(key, ctx.now);
  if (v === undefined) return undefined;
  if (!isString(v)) {
    ctx.reply.error(ERR_WRONGTYPE);
    return null;
  }
  return v;
}
