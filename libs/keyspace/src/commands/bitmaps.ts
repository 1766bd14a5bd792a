/**
 * The single-bit commands — SETBIT, GETBIT, BITCOUNT, BITPOS — and `bitmapHandlers`, the table of
 * every bitmap command (BITOP and BITFIELD live in their own files) that keyspaceHandlers merges.
 *
 * Argument errors come before the key lookup for SETBIT, GETBIT and BITPOS's bit argument, but
 * after it for BITCOUNT and BITPOS's range (a missing key answers 0 / -1 whatever the range says):
 * this is Redis 7.0's order and it is visible to clients, so keep it.
 *
 * Invariant: SETBIT counts one change, and is propagated as sent (it is deterministic), exactly when
 * it changed the bit or grew the string; setting a bit to the value it holds within the string is
 * no change at all (no dirty, no propagation, no event), as Redis 7.0.15 behaves.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { keyOf, markRaw } from '../values';
import { ERR_BITPOS_BIT, ERR_BIT_OFFSET, ERR_BIT_VALUE } from '../bits/errors';
import { growString } from '../bits/grow';
import { BAD_OFFSET, parseBitOffset, parseRangeBound } from '../bits/offset';
import { type BitRange, countBits, findBit, resolveRange } from '../bits/scan';
import { getStringForWriteOrReply as writeString, getStringOrReply as readString } from '../access';
import { bitopCommand } from './bitmaps-bitop';
import { bitfieldCommand, bitfieldRoCommand } from './bitmaps-bitfield';

const CH_0 = 0x30;
const CH_1 = 0x31;

/** Scratch range reused by every BITCOUNT/BITPOS (one event loop, no re-entrancy). */
const range: BitRange = { from: 0, to: -1 };

/** SETBIT key offset 0|1 → the bit's previous value; grows the string with zero bytes as needed. */
function setbitCommand(ctx: CommandContext, argv: Buffer[]): void {
  const offset = parseBitOffset(argv[2]);
  if (offset === BAD_OFFSET) return ctx.reply.error(ERR_BIT_OFFSET);
  const bitArg = argv[3];
  if (bitArg.length !== 1 || (bitArg[0] !== CH_0 && bitArg[0] !== CH_1)) return ctx.reply.error(ERR_BIT_VALUE);
  const key = keyOf(argv[1]);
  const current = writeString(ctx, key);
  if (current === null) return;
  const byte = Math.floor(offset / 8);
  // Bit 0 is the most significant bit of byte 0.
  const mask = 0x80 >> offset % 8;
  const wanted = bitArg[0] === CH_1 ? 1 : 0;
  if (current !== undefined && byte < current.length && ((current[byte] & mask) !== 0 ? 1 : 0) === wanted) {
    // Redis unshares the string before looking at the bit: `raw` even when nothing changes.
    markRaw(current);
    return ctx.reply.integer(wanted);
  }
  const value = growString(current, byte + 1);
  markRaw(value);
  const old = (value[byte] & mask) !== 0 ? 1 : 0;
  if (bitArg[0] === CH_1) value[byte] |= mask;
  else value[byte] &= ~mask;
  ctx.db.set(key, value, true);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'setbit', key, ctx.db.index);
  ctx.reply.integer(old);
}

/** GETBIT key offset → 0 or 1; bits past the end of the string (or of a missing key) are 0. */
function getbitCommand(ctx: CommandContext, argv: Buffer[]): void {
  const offset = parseBitOffset(argv[2]);
  if (offset === BAD_OFFSET) return ctx.reply.error(ERR_BIT_OFFSET);
  const value = readString(ctx, keyOf(argv[1]));
  if (value === null) return;
  const byte = Math.floor(offset / 8);
  if (value === undefined || byte >= value.length) return ctx.reply.integer(0);
  ctx.reply.integer((value[byte] >> (7 - (offset % 8))) & 1);
}

/** BITCOUNT key [start end [BYTE|BIT]] → number of set bits in the range. */
function bitcountCommand(ctx: CommandContext, argv: Buffer[]): void {
  const value = readString(ctx, keyOf(argv[1]));
  if (value === null) return;
  if (value === undefined) return ctx.reply.integer(0);
  const argc = argv.length;
  if (argc === 2) return ctx.reply.integer(countBits(value, 0, value.length * 8 - 1));
  if (argc !== 4 && argc !== 5) return ctx.reply.error(ERR_SYNTAX);
  const start = parseRangeBound(argv[2]);
  const end = parseRangeBound(argv[3]);
  if (Number.isNaN(start) || Number.isNaN(end)) return ctx.reply.error(ERR_NOT_INTEGER);
  let isBit = false;
  if (argc === 5) {
    if (argIs(argv[4], 'bit')) isBit = true;
    else if (!argIs(argv[4], 'byte')) return ctx.reply.error(ERR_SYNTAX);
  }
  resolveRange(start, end, value.length, isBit, true, range);
  ctx.reply.integer(countBits(value, range.from, range.to));
}

/**
 * BITPOS key 0|1 [start [end [BYTE|BIT]]] → first position of that bit, or -1. Looking for 0
 * without an explicit end treats the string as followed by zeros, so an all-ones string answers
 * its length in bits; with an explicit end it answers -1.
 */
function bitposCommand(ctx: CommandContext, argv: Buffer[]): void {
  const bit = parseLongLong(argv[2]);
  if (bit === null) return ctx.reply.error(ERR_NOT_INTEGER);
  if (bit !== 0 && bit !== 1) return ctx.reply.error(ERR_BITPOS_BIT);
  const value = readString(ctx, keyOf(argv[1]));
  if (value === null) return;
  if (value === undefined) return ctx.reply.integer(bit === 1 ? -1 : 0);
  const argc = argv.length;
  if (argc > 6) return ctx.reply.error(ERR_SYNTAX);
  let start = 0;
  let end = -1;
  let isBit = false;
  if (argc >= 4) {
    start = parseRangeBound(argv[3]);
    if (Number.isNaN(start)) return ctx.reply.error(ERR_NOT_INTEGER);
    // Redis reads the unit before the end bound, so `BITPOS k 1 0 x foo` is a syntax error.
    if (argc === 6) {
      if (argIs(argv[5], 'bit')) isBit = true;
      else if (!argIs(argv[5], 'byte')) return ctx.reply.error(ERR_SYNTAX);
    }
    if (argc >= 5) {
      end = parseRangeBound(argv[4]);
      if (Number.isNaN(end)) return ctx.reply.error(ERR_NOT_INTEGER);
    }
  }
  resolveRange(start, end, value.length, isBit, false, range);
  if (range.to < range.from) return ctx.reply.integer(-1);
  const pos = findBit(value, bit, range.from, range.to);
  // No explicit end: the string continues with zero bits, so the first 0 is just past the range.
  if (pos === -1 && bit === 0 && argc < 5) return ctx.reply.integer(range.to + 1);
  ctx.reply.integer(pos);
}

/** Every bitmap command, by lower-case name, for keyspaceHandlers. */
export const bitmapHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['setbit', setbitCommand],
  ['getbit', getbitCommand],
  ['bitcount', bitcountCommand],
  ['bitpos', bitposCommand],
  ['bitop', bitopCommand],
  ['bitfield', bitfieldCommand],
  ['bitfield_ro', bitfieldRoCommand],
];
