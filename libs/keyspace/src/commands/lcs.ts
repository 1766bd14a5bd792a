/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence of two
 * strings, its length, or the runs of bytes it matches in each.
 *
 * Missing keys count as empty strings; any other type is refused before the options are read.
 * The dynamic-programming table is transient memory of 4 * (|a|+1) * (|b|+1) bytes, refused above
 * proto-max-bulk-len as Redis does, so one command cannot take the process's memory.
 *
 * Invariant: read-only; the reply is the subsequence (no option), an integer (LEN), or a two-entry
 * map `matches` / `len` (IDX), a RESP3 map or a flat RESP2 array.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { isString, keyOf } from '../values';
import { ERR_LCS_LEN_AND_IDX, ERR_LCS_MEMORY, ERR_LCS_TYPES } from '../bits/errors';
import { computeLcs, lcsTableBytes, walkLcs } from '../bits/lcs';
import { DEFAULT_PROTO_MAX_BULK_LEN } from '../bits/offset';

/** What a missing key reads as. */
const EMPTY = Buffer.alloc(0);

/** The string at argv[i] (EMPTY when missing), or null when the key holds another type. */
function lcsOperand(ctx: CommandContext, arg: Buffer): Buffer | null {
  const value = ctx.db.lookupRead(keyOf(arg), ctx.now);
  if (value === undefined) return EMPTY;
  return isString(value) ? value : null;
}

/** LCS handler; see the file comment for the forms of the reply. */
function lcsCommand(ctx: CommandContext, argv: Buffer[]): void {
  const a = lcsOperand(ctx, argv[1]);
  const b = lcsOperand(ctx, argv[2]);
  if (a === null || b === null) return ctx.reply.error(ERR_LCS_TYPES);
  let wantLen = false;
  let wantIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (argIs(opt, 'idx')) wantIdx = true;
    else if (argIs(opt, 'len')) wantLen = true;
    else if (argIs(opt, 'withmatchlen')) withMatchLen = true;
    else if (argIs(opt, 'minmatchlen') && j + 1 < argv.length) {
      const n = parseLongLong(argv[++j]);
      if (n === null) return ctx.reply.error(ERR_NOT_INTEGER);
      // A negative minimum means no minimum; beyond 2^53 no run can qualify either way.
      minMatchLen = n < 0 ? 0 : Number(n);
    } else return ctx.reply.error(ERR_SYNTAX);
  }
  if (wantLen && wantIdx) return ctx.reply.error(ERR_LCS_LEN_AND_IDX);
  if (lcsTableBytes(a.length, b.length) > DEFAULT_PROTO_MAX_BULK_LEN) return ctx.reply.error(ERR_LCS_MEMORY);
  const table = computeLcs(a, b);
  if (wantLen) return ctx.reply.integer(table.length);
  if (!wantIdx) {
    const out = Buffer.allocUnsafe(table.length);
    walkLcs(table, out, false, 0);
    return ctx.reply.bulk(out);
  }
  const matches = walkLcs(table, null, true, minMatchLen);
  const reply = ctx.reply;
  reply.mapHeader(2);
  reply.bulk('matches');
  reply.arrayHeader(matches.length);
  for (const m of matches) {
    reply.arrayHeader(withMatchLen ? 3 : 2);
    reply.arrayHeader(2);
    reply.integer(m.aStart);
    reply.integer(m.aEnd);
    reply.arrayHeader(2);
    reply.integer(m.bStart);
    reply.integer(m.bEnd);
    if (withMatchLen) reply.integer(m.aEnd - m.aStart + 1);
  }
  reply.bulk('len');
  reply.integer(table.length);
}

/** The LCS command, by lower-case name, for keyspaceHandlers. */
export const lcsHandlers: ReadonlyArray<readonly [string, Handler]> = [['lcs', lcsCommand]];
