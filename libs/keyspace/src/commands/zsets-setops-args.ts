/**
 * Argument parsing of the sorted-set algebra commands (ZUNION ZINTER ZDIFF, their *STORE forms and
 * ZINTERCARD): numkeys, the input keys and the options WEIGHTS, AGGREGATE, WITHSCORES and LIMIT.
 *
 * The order of checks is Redis 7.0's and visible to clients: numkeys (not an integer, below 1, more
 * than the arguments left), then every input key's type (WRONGTYPE even when an option after the
 * keys is malformed), then the options left to right. Which options a command accepts depends on
 * its kind: DIFF takes neither WEIGHTS nor AGGREGATE, the STORE forms no WITHSCORES, ZINTERCARD
 * only LIMIT; anything else is a syntax error.
 *
 * Invariant: a parse either returns a complete SetOpRequest or has replied exactly one error.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE, argIs, parseDouble, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { SetValue } from '../types/set';
import { ZSet } from '../types/zset';
import { keyOf } from '../values';

export const ERR_WEIGHT = 'ERR weight value is not a float';
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

/** The three operations; ZINTERCARD is INTER with `cardinalityOnly`. */
export const OP_UNION = 0;
export const OP_INTER = 1;
export const OP_DIFF = 2;
export type SetOp = typeof OP_UNION | typeof OP_INTER | typeof OP_DIFF;

export const AGG_SUM = 0;
export const AGG_MIN = 1;
export const AGG_MAX = 2;
export type Aggregate = typeof AGG_SUM | typeof AGG_MIN | typeof AGG_MAX;

/**
 * One input: a sorted set, a plain set's members (each scores 1) or a missing key (both null:
 * empty). `weight` multiplies its scores (1 unless WEIGHTS says otherwise).
 */
export interface SetOpSource {
  zset: ZSet | null;
  set: SetValue | null;
  size: number;
  weight: number;
}

export interface SetOpRequest {
  sources: SetOpSource[];
  aggregate: Aggregate;
  withScores: boolean;
  /** ZINTERCARD's LIMIT; 0 means no limit. */
  limit: number;
}

/** What the command is: its name for the numkeys error, its operation, and its output form. */
export interface SetOpCommand {
  readonly name: string;
  readonly op: SetOp;
  /** The *STORE forms: keys are looked up for writing and WITHSCORES is refused. */
  readonly store: boolean;
  readonly cardinalityOnly: boolean;
}

/**
 * Parses argv from its numkeys argument at `numkeysIndex` on; null after an error was replied.
 */
export function parseSetOp(ctx: CommandContext, argv: Buffer[], numkeysIndex: number, cmd: SetOpCommand): SetOpRequest | null {
  const n = parseLongLong(argv[numkeysIndex]);
  if (n === null) {
    ctx.reply.error(ERR_NOT_INTEGER);
    return null;
  }
  if (n < 1) {
    ctx.reply.error(`ERR at least 1 input key is needed for '${cmd.name}' command`);
    return null;
  }
  if (n > argv.length - numkeysIndex - 1) {
    ctx.reply.error(ERR_SYNTAX);
    return null;
  }
  const numkeys = Number(n);
  const sources = lookupSources(ctx, argv, numkeysIndex + 1, numkeys, cmd.store);
  if (sources === null) return null;
  const req: SetOpRequest = { sources, aggregate: AGG_SUM, withScores: false, limit: 0 };
  return parseOptions(ctx, argv, numkeysIndex + 1 + numkeys, cmd, req) ? req : null;
}

/** Looks every input key up (all of them, before any option is read); null after WRONGTYPE. */
function lookupSources(ctx: CommandContext, argv: Buffer[], first: number, numkeys: number, forWrite: boolean): SetOpSource[] | null {
  const sources: SetOpSource[] = new Array<SetOpSource>(numkeys);
  for (let i = 0; i < numkeys; i++) {
    const key = keyOf(argv[first + i]);
    const v = forWrite ? ctx.db.lookupWriteSource(key, ctx.now) : ctx.db.lookupRead(key, ctx.now);
    if (v === undefined) sources[i] = { zset: null, set: null, size: 0, weight: 1 };
    else if (v instanceof ZSet) sources[i] = { zset: v, set: null, size: v.size, weight: 1 };
    else if (v instanceof SetValue) sources[i] = { zset: null, set: v, size: v.size, weight: 1 };
    else {
      ctx.reply.error(ERR_WRONGTYPE);
      return null;
    }
  }
  return sources;
}

/** Reads the options from argv[j] on into req; false after an error was replied. */
function parseOptions(ctx: CommandContext, argv: Buffer[], start: number, cmd: SetOpCommand, req: SetOpRequest): boolean {
  const numkeys = req.sources.length;
  const algebra = cmd.op !== OP_DIFF && !cmd.cardinalityOnly;
  for (let j = start; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (algebra && left >= numkeys && argIs(a, 'weights')) {
      for (let i = 0; i < numkeys; i++) {
        const w = parseDouble(argv[++j]);
        if (w === null) {
          ctx.reply.error(ERR_WEIGHT);
          return false;
        }
        req.sources[i].weight = w;
      }
    } else if (algebra && left >= 1 && argIs(a, 'aggregate')) {
      const agg = argv[++j];
      if (argIs(agg, 'sum')) req.aggregate = AGG_SUM;
      else if (argIs(agg, 'min')) req.aggregate = AGG_MIN;
      else if (argIs(agg, 'max')) req.aggregate = AGG_MAX;
      else {
        ctx.reply.error(ERR_SYNTAX);
        return false;
      }
    } else if (!cmd.store && !cmd.cardinalityOnly && argIs(a, 'withscores')) {
      req.withScores = true;
    } else if (cmd.cardinalityOnly && left >= 1 && argIs(a, 'limit')) {
      const limit = parseLongLong(argv[++j]);
      // Redis answers the same text for a negative and for a non-integer LIMIT.
      if (limit === null || limit < 0) {
        ctx.reply.error(ERR_LIMIT_NEGATIVE);
        return false;
      }
      // A limit past 2^53 cannot be reached by any real intersection: it means "no limit".
      req.limit = typeof limit === 'bigint' ? 0 : limit;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return false;
    }
  }
  return true;
}
