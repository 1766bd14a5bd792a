/**
 * Argument parsing of ZMPOP and BZMPOP after the timeout: `numkeys key… MIN|MAX [COUNT n]`, with
 * Redis 7.0.15's rules and error texts. (The blocking timeout is lists-timeout.ts, shared by every
 * blocking command.)
 *
 * Invariant: a parse either returns complete MpopArgs or has replied exactly one error, and it
 * never looks a key up (Redis checks every option before the first key).
 */
import { argIs, ERR_COUNT_POSITIVE, ERR_NUMKEYS, ERR_SYNTAX, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';


/** A parsed `numkeys key… MIN|MAX [COUNT n]`: keys are argv[first] .. argv[first + numkeys - 1]. */
export interface MpopArgs {
  first: number;
  numkeys: number;
  max: boolean;
  count: number;
}

/** Parses from `numkeysIndex` on (1 for ZMPOP, 2 for BZMPOP); null after an error was replied. */
export function parseMpop(ctx: CommandContext, argv: Buffer[], numkeysIndex: number): MpopArgs | null {
  const n = parseLongLong(argv[numkeysIndex]);
  if (n === null || n < 1) {
    ctx.reply.error(ERR_NUMKEYS);
    return null;
  }
  const whereIndex = numkeysIndex + 1 + Number(n);
  if (whereIndex >= argv.length) {
    ctx.reply.error(ERR_SYNTAX);
    return null;
  }
  const where = argv[whereIndex];
  const max = argIs(where, 'max');
  if (!max && !argIs(where, 'min')) {
    ctx.reply.error(ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIndex + 1; j < argv.length; j++) {
    // COUNT once only: a second COUNT is a syntax error, unlike most options.
    if (count === -1 && j + 1 < argv.length && argIs(argv[j], 'count')) {
      const c = parseLongLong(argv[++j]);
      if (c === null || c < 1) {
        ctx.reply.error(ERR_COUNT_POSITIVE);
        return null;
      }
      // Past 2^53 the count is larger than any set: popping stops at the set's size.
      count = Number(c);
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { first: numkeysIndex + 1, numkeys: Number(n), max, count: count === -1 ? 1 : count };
}
