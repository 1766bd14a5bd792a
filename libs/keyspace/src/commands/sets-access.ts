/**
 * What the set command files share: typed lookups that reply WRONGTYPE for another type (Redis's
 * lookupKey…OrReply + checkType pair), the multi-key lookup of the set algebra, the reply of a
 * member list, and the set-specific error texts of Redis 7.0.15.
 *
 * Return convention (as access.ts): the set, `undefined` when the key does not exist (nothing
 * replied), `null` when an error was already replied — the handler then returns at once.
 */
import { ERR_WRONGTYPE } from '@resplica/commands';
import type { CommandContext } from '../context';
import { SetValue } from '../types/set';
import { keyBytes, keyOf, type Value } from '../values';

export const ERR_NUMKEYS_ARGS = "ERR Number of keys can't be greater than number of args";
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

function asSet(ctx: CommandContext, v: Value | undefined): SetValue | null | undefined {
  if (v === undefined || v instanceof SetValue) return v;
  ctx.reply.error(ERR_WRONGTYPE);
  return null;
}

/** Reads a set key (lazy expiry, hit/miss stats), replying WRONGTYPE for another type. */
export function getSetOrReply(ctx: CommandContext, key: string): SetValue | null | undefined {
  return asSet(ctx, ctx.db.lookupRead(key, ctx.now));
}

/** Looks a set key up before modifying it (lazy expiry, no stats). */
export function getSetForWriteOrReply(ctx: CommandContext, key: string): SetValue | null | undefined {
  return asSet(ctx, ctx.db.lookupWrite(key, ctx.now));
}

/**
 * The sets named by argv[from..to) for SINTER/SUNION/SDIFF and their STORE forms: a missing key
 * is null (an empty set). Every key is looked up before any is judged, and any key of another type
 * makes the whole command WRONGTYPE (returns null), as Redis 7.0 does. The STORE forms look their
 * sources up as writes (no hit/miss stats), as Redis does.
 */
export function getSetsOrReply(ctx: CommandContext, argv: Buffer[], from: number, to: number, forWrite: boolean): (SetValue | null)[] | null {
  const sets: (SetValue | null)[] = [];
  for (let i = from; i < to; i++) {
    const key = keyOf(argv[i]);
    const v = forWrite ? ctx.db.lookupWriteSource(key, ctx.now) : ctx.db.lookupRead(key, ctx.now);
    if (v === undefined) {
      sets.push(null);
    } else if (v instanceof SetValue) {
      sets.push(v);
    } else {
      ctx.reply.error(ERR_WRONGTYPE);
      return null;
    }
  }
  return sets;
}

/** Replies `members` as a set (`~n` in RESP3, `*n` in RESP2), in the order given. */
export function replyMembers(ctx: CommandContext, members: Iterable<string>, size: number): void {
  const reply = ctx.reply;
  reply.setHeader(size);
  for (const m of members) reply.bulkLatin1(m);
}
