/**
 * BITFIELD and BITFIELD_RO: GET, SET and INCRBY on integer fields of 1..64 bits at any bit offset,
 * with OVERFLOW WRAP|SAT|FAIL applying to the SET/INCRBY operations that follow it.
 *
 * The whole argument list is parsed before anything is touched, so a bad operation anywhere leaves
 * the key as it was. Then, if any operation writes, the string is created or zero-extended to reach
 * the farthest written bit — even when every write is then refused by FAIL. That growth is not
 * counted as a change (Redis 7.0 behaves the same way, and so does not propagate it).
 *
 * Invariant: `dirty` grows by the number of fields actually written, so a BITFIELD of GETs only, or
 * whose writes all failed, is never propagated; otherwise it is propagated as sent (deterministic).
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { NOTIFY } from '../notify';
import { keyOf, markRaw } from '../values';
import { ERR_BITFIELD_OVERFLOW, ERR_BITFIELD_RO, ERR_BITFIELD_TYPE, ERR_BIT_OFFSET } from '../bits/errors';
import {
  OVERFLOW_FAIL,
  OVERFLOW_SAT,
  OVERFLOW_WRAP,
  type FieldType,
  type OverflowPolicy,
  applyBig,
  applySmall,
  isSmall,
  readBig,
  readSmall,
  toSignedBig,
  toSignedSmall,
  writeBig,
  writeSmall,
} from '../bits/field';
import { growString } from '../bits/grow';
import { BAD_OFFSET, parseBitOffset } from '../bits/offset';
import { getStringForWriteOrReply as writeString, getStringOrReply as readString } from '../access';

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;

const CH_I = 0x69;
const CH_U = 0x75;

/** One parsed GET/SET/INCRBY; it is its own FieldType (signed, bits). */
interface FieldOp extends FieldType {
  kind: number;
  offset: number;
  /** SET's value or INCRBY's increment; 0 for GET. */
  operand: number | bigint;
  policy: OverflowPolicy;
}

/**
 * Parsed operations, reused from call to call (one event loop, handlers never re-enter), so a
 * BITFIELD allocates no per-operation objects after warm-up. Only the first `opCount` are valid.
 */
const ops: FieldOp[] = [];
let opCount = 0;

/** What a missing key reads as. */
const EMPTY = Buffer.alloc(0);

function nextOp(): FieldOp {
  if (opCount === ops.length) ops.push({ kind: OP_GET, signed: false, bits: 0, offset: 0, operand: 0, policy: OVERFLOW_WRAP });
  return ops[opCount++];
}

/** Field width of `i<n>` (1..64) or `u<n>` (1..63), negated for signed types; 0 when invalid. */
function parseType(arg: Buffer): number {
  if (arg.length < 2 || (arg[0] !== CH_I && arg[0] !== CH_U)) return 0;
  const bits = parseLongLong(arg.subarray(1));
  const signed = arg[0] === CH_I;
  if (typeof bits !== 'number' || bits < 1 || bits > (signed ? 64 : 63)) return 0;
  return signed ? -bits : bits;
}

/** The overflow policy named by arg, or -1. */
function parsePolicy(arg: Buffer): number {
  if (argIs(arg, 'wrap')) return OVERFLOW_WRAP;
  if (argIs(arg, 'sat')) return OVERFLOW_SAT;
  if (argIs(arg, 'fail')) return OVERFLOW_FAIL;
  return -1;
}

/** Set by parseOps: the farthest bit a SET/INCRBY of the current command touches, -1 when none. */
let lastWriteBit = -1;

/** Parses argv[2..] into `ops` (and lastWriteBit). Returns null on success, else the error to reply. */
function parseOps(argv: Buffer[]): string | null {
  opCount = 0;
  lastWriteBit = -1;
  let policy: OverflowPolicy = OVERFLOW_WRAP;
  const argc = argv.length;
  for (let j = 2; j < argc; ) {
    const sub = argv[j];
    const left = argc - j - 1;
    let kind: number;
    if (argIs(sub, 'get') && left >= 2) kind = OP_GET;
    else if (argIs(sub, 'set') && left >= 3) kind = OP_SET;
    else if (argIs(sub, 'incrby') && left >= 3) kind = OP_INCRBY;
    else if (argIs(sub, 'overflow') && left >= 1) {
      const p = parsePolicy(argv[j + 1]);
      if (p === -1) return ERR_BITFIELD_OVERFLOW;
      policy = p as OverflowPolicy;
      j += 2;
      continue;
    } else return ERR_SYNTAX;
    const width = parseType(argv[j + 1]);
    if (width === 0) return ERR_BITFIELD_TYPE;
    const bits = width < 0 ? -width : width;
    const offset = parseBitOffset(argv[j + 2], bits);
    if (offset === BAD_OFFSET) return ERR_BIT_OFFSET;
    const op = nextOp();
    op.kind = kind;
    op.signed = width < 0;
    op.bits = bits;
    op.offset = offset;
    op.policy = policy;
    op.operand = 0;
    if (kind !== OP_GET) {
      const operand = parseLongLong(argv[j + 3]);
      if (operand === null) return ERR_NOT_INTEGER;
      op.operand = operand;
      if (offset + bits - 1 > lastWriteBit) lastWriteBit = offset + bits - 1;
      j += 4;
    } else {
      j += 3;
    }
  }
  return null;
}

/** Reads op's field as the client sees it (signed or not). */
function readField(buf: Buffer, op: FieldOp): number | bigint {
  if (op.bits <= 32) return toSignedSmall(op, readSmall(buf, op.offset, op.bits));
  return toSignedBig(op, readBig(buf, op.offset, op.bits));
}

/**
 * Runs one SET/INCRBY on buf (already long enough): replies with the old value (SET) or the new
 * one (INCRBY), or null when FAIL refuses. Returns 1 when the field's value changed, else 0.
 */
function applyWrite(ctx: CommandContext, buf: Buffer, op: FieldOp): number {
  const isSet = op.kind === OP_SET;
  if (isSmall(op, op.operand)) {
    const old = toSignedSmall(op, readSmall(buf, op.offset, op.bits));
    const next = applySmall(op, old, op.operand, isSet, op.policy);
    if (next === null) {
      ctx.reply.bulk(null);
      return 0;
    }
    // Store the two's complement bit pattern of a negative value.
    writeSmall(buf, op.offset, op.bits, next < 0 ? next + 2 ** op.bits : next);
    ctx.reply.integer(isSet ? old : next);
    // Rewriting a field with the value it holds is no change: Redis 7.0 then neither counts,
    // propagates nor notifies it.
    return next === old ? 0 : 1;
  }
  const old = toSignedBig(op, readBig(buf, op.offset, op.bits));
  const next = applyBig(op, old, BigInt(op.operand), isSet, op.policy);
  if (next === null) {
    ctx.reply.bulk(null);
    return 0;
  }
  writeBig(buf, op.offset, op.bits, BigInt.asUintN(op.bits, next));
  ctx.reply.integer(isSet ? old : next);
  return old === next ? 0 : 1;
}

/** BITFIELD and BITFIELD_RO share everything but the refusal of writes. */
function bitfieldGeneric(ctx: CommandContext, argv: Buffer[], readOnly: boolean): void {
  const error = parseOps(argv);
  if (error !== null) return ctx.reply.error(error);
  const writes = lastWriteBit >= 0;
  if (readOnly && writes) return ctx.reply.error(ERR_BITFIELD_RO);
  const key = keyOf(argv[1]);
  let buf: Buffer;
  if (!writes) {
    const value = readString(ctx, key);
    if (value === null) return;
    buf = value === undefined ? EMPTY : value;
  } else {
    const value = writeString(ctx, key);
    if (value === null) return;
    buf = growString(value, Math.floor(lastWriteBit / 8) + 1);
    // A bit write leaves the string `raw` in Redis, whatever the fields' outcome.
    markRaw(buf);
    if (buf !== value) ctx.db.set(key, buf, true);
  }
  ctx.reply.arrayHeader(opCount);
  let changes = 0;
  for (let i = 0; i < opCount; i++) {
    const op = ops[i];
    if (op.kind === OP_GET) ctx.reply.integer(readField(buf, op));
    else changes += applyWrite(ctx, buf, op);
  }
  if (changes > 0) {
    ctx.db.set(key, buf, true);
    ctx.keyspace.dirty += changes;
    // One `setbit` event per command that wrote a field, as Redis does.
    ctx.keyspace.notify(NOTIFY.string, 'setbit', key, ctx.db.index);
  }
}

/** BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment] [OVERFLOW …]… */
export function bitfieldCommand(ctx: CommandContext, argv: Buffer[]): void {
  bitfieldGeneric(ctx, argv, false);
}

/** BITFIELD_RO key [GET type offset]… — read-only, so it may run on replicas. */
export function bitfieldRoCommand(ctx: CommandContext, argv: Buffer[]): void {
  bitfieldGeneric(ctx, argv, true);
}
