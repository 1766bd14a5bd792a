/**
 * Typed lookups and argument parsers shared by the sorted-set command files (zsets*.ts, including
 * the set-operation and blocking files): find a key holding a sorted set, parse score and lex
 * ranges with Redis 7.0's rules and error texts.
 *
 * Return convention of the lookups (as access.ts): the set, `undefined` when the key does not exist
 * (nothing replied), `null` when an error was already replied — the handler then returns at once.
 */
import { ERR_WRONGTYPE, type Reply } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { parseRangeScore } from '../types/zset-score';
import { ZSet, type LexBound, type LexRange, type ScoreRange } from '../types/zset';
import { keyBytes, type Value } from '../values';

export const ERR_SCORE_RANGE = 'ERR min or max is not a float';
export const ERR_LEX_RANGE = 'ERR min or max not valid string range item';
export const ERR_NAN_SCORE = 'ERR resulting score is not a number (NaN)';

function asZset(ctx: CommandContext, v: Value | undefined): ZSet | null | undefined {
  if (v === undefined || v instanceof ZSet) return v;
  ctx.reply.error(ERR_WRONGTYPE);
  return null;
}

/** Reads a sorted-set key (lazy expiry, hit/miss stats), replying WRONGTYPE for another type. */
export function getZsetOrReply(ctx: CommandContext, key: string): ZSet | null | undefined {
  return asZset(ctx, ctx.db.lookupRead(key, ctx.now));
}

/** Looks a sorted-set key up before modifying it (lazy expiry, no stats). */
export function getZsetForWriteOrReply(ctx: CommandContext, key: string): ZSet | null | undefined {
  return asZset(ctx, ctx.db.lookupWrite(key, ctx.now));
}

const OPEN_PAREN = 0x28;
const OPEN_BRACKET = 0x5b;
const MINUS = 0x2d;
const PLUS = 0x2b;

/** `1.5`, `(1.5`, `-inf`, `+inf` … → a score range; null → reply ERR_SCORE_RANGE. */
export function parseScoreRange(minArg: Buffer, maxArg: Buffer): ScoreRange | null {
  const minex = minArg.length > 0 && minArg[0] === OPEN_PAREN;
  const maxex = maxArg.length > 0 && maxArg[0] === OPEN_PAREN;
  const min = parseRangeScore(minex ? minArg.subarray(1) : minArg);
  const max = parseRangeScore(maxex ? maxArg.subarray(1) : maxArg);
  if (min === null || max === null) return null;
  return { min, max, minex, maxex };
}

/** One lex bound: `-`, `+`, `[member` or `(member`; null when malformed. */
function parseLexBound(arg: Buffer): LexBound | null {
  if (arg.length === 0) return null;
  const c = arg[0];
  if (c === MINUS || c === PLUS) {
    if (arg.length !== 1) return null;
    return { infinite: c === MINUS ? -1 : 1, value: '', exclusive: false };
  }
  if (c !== OPEN_PAREN && c !== OPEN_BRACKET) return null;
  return { infinite: 0, value: arg.toString('latin1', 1), exclusive: c === OPEN_PAREN };
}

/** `[a`, `(b`, `-`, `+` pairs → a lex range; null → reply ERR_LEX_RANGE. */
export function parseLexRange(minArg: Buffer, maxArg: Buffer): LexRange | null {
  const min = parseLexBound(minArg);
  const max = parseLexBound(maxArg);
  return min === null || max === null ? null : { min, max };
}

/**
 * After a removal that changed `z`: deletes the key when the set is empty (with the `del` event,
 * which Redis emits after the command's own), else signals the in-place change to WATCH.
 */
export function deleteIfEmpty(ctx: CommandContext, key: string, z: ZSet): void {
  if (z.size === 0) {
    ctx.db.delete(key);
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
  } else {
    ctx.db.signalModified(key);
  }
}
