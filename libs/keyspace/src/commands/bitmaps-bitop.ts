/**
 * BITOP AND|OR|XOR|NOT destkey srckey...: combines strings byte by byte into destkey.
 *
 * Shorter sources (and missing keys) count as zero bytes up to the longest source. An empty result
 * deletes destkey instead of storing an empty string. The destination is overwritten whatever it
 * held (even another type) and loses its TTL, as with SET.
 *
 * Invariant: every BITOP counts one change and is propagated as sent, even when nothing was stored
 * or deleted — Redis 7.0 does the same, so replicas see identical streams.
 */
import { ERR_SYNTAX, argIs } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { keyOf, markRaw } from '../values';
import { ERR_BITOP_NOT } from '../bits/errors';
import { getStringOrReply as readString } from '../access';

/** What a missing source key reads as. */
const EMPTY = Buffer.alloc(0);

const OP_AND = 0;
const OP_OR = 1;
const OP_XOR = 2;
const OP_NOT = 3;

/** The operation named by argv[1], or -1. */
function parseOp(name: Buffer): number {
  if (argIs(name, 'and')) return OP_AND;
  if (argIs(name, 'or')) return OP_OR;
  if (argIs(name, 'xor')) return OP_XOR;
  if (argIs(name, 'not')) return OP_NOT;
  return -1;
}

/** Folds `src` into `acc` (acc already holds the first source, zero-padded to its full length). */
function fold(op: number, acc: Buffer, src: Buffer): void {
  const n = src.length;
  if (op === OP_AND) {
    for (let i = 0; i < n; i++) acc[i] &= src[i];
    // Past the end of a source its bytes are zero, and x AND 0 is 0.
    acc.fill(0, n);
  } else if (op === OP_OR) {
    for (let i = 0; i < n; i++) acc[i] |= src[i];
  } else {
    for (let i = 0; i < n; i++) acc[i] ^= src[i];
  }
}

/** BITOP op destkey srckey [srckey ...] → length of the stored string. */
export function bitopCommand(ctx: CommandContext, argv: Buffer[]): void {
  const op = parseOp(argv[1]);
  if (op === -1) return ctx.reply.error(ERR_SYNTAX);
  if (op === OP_NOT && argv.length !== 4) return ctx.reply.error(ERR_BITOP_NOT);
  const sources: Buffer[] = [];
  let maxLen = 0;
  for (let i = 3; i < argv.length; i++) {
    const value = readString(ctx, keyOf(argv[i]));
    if (value === null) return;
    const bytes = value === undefined ? EMPTY : value;
    if (bytes.length > maxLen) maxLen = bytes.length;
    sources.push(bytes);
  }
  const dest = keyOf(argv[2]);
  ctx.keyspace.dirty++;
  if (maxLen === 0) {
    if (ctx.db.delete(dest)) ctx.keyspace.notify(NOTIFY.generic, 'del', dest, ctx.db.index);
    return ctx.reply.integer(0);
  }
  const result = Buffer.alloc(maxLen);
  sources[0].copy(result);
  if (op === OP_NOT) {
    for (let i = 0; i < maxLen; i++) result[i] = ~result[i];
  } else {
    for (let s = 1; s < sources.length; s++) fold(op, result, sources[s]);
  }
  // Redis stores the result as a fresh `raw` string object, short or numeric as it may be.
  markRaw(result);
  ctx.db.set(dest, result);
  ctx.keyspace.notify(NOTIFY.string, 'set', dest, ctx.db.index);
  ctx.reply.integer(maxLen);
}
