/**
 * Typed lookups shared by the hash command files: find a key and check that it holds a hash,
 * replying WRONGTYPE otherwise (Redis's lookupKey…OrReply + checkType pair).
 *
 * Return convention (as access.ts): the hash, `undefined` when the key does not exist (nothing
 * replied), `null` when an error was already replied — the handler then returns at once.
 */
import { ERR_WRONGTYPE } from '@resplica/commands';
import type { CommandContext } from '../context';
import { HashValue } from '../types/hash';
import type { Value } from '../values';

function asHash(ctx: CommandContext, v: Value | undefined): HashValue | null | undefined {
  if (v === undefined || v instanceof HashValue) return v;
  ctx.reply.error(ERR_WRONGTYPE);
  return null;
}

/** Reads a hash key (lazy expiry, hit/miss stats), replying WRONGTYPE for another type. */
export function getHashOrReply(ctx: CommandContext, key: string): HashValue | null | undefined {
  return asHash(ctx, ctx.db.lookupRead(key, ctx.now));
}

/** Looks a hash key up before modifying it (lazy expiry, no stats). */
export function getHashForWriteOrReply(ctx: CommandContext, key: string): HashValue | null | undefined {
  return asHash(ctx, ctx.db.lookupWrite(key, ctx.now));
}
