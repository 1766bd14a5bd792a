/**
 * The set commands — SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SMOVE SSCAN — and `setHandlers`,
 * the table of every set command (SPOP/SRANDMEMBER live in sets-random.ts, the algebra in
 * sets-algebra.ts) that keyspaceHandlers merges.
 *
 * Order of checks is Redis 7.0's and visible to clients: SMOVE answers 0 for a missing source
 * before it looks at the destination's type; SSCAN checks its cursor before the key and its options
 * only once the key exists with the right type.
 *
 * Invariant: a handler that empties a set deletes the key, after its own notification (Redis emits
 * `srem` then `del`); an in-place change signals WATCH through db.signalModified. Every command
 * here propagates as sent (SADD/SREM/SMOVE are deterministic; no-ops add nothing to dirty).
 */
import { ERR_WRONGTYPE, type Reply } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { ERR_INVALID_CURSOR } from '../errors';
import { NOTIFY } from '../notify';
import { parseScanCursor, scanCollection, writeEmptyScan, type ScanTarget } from '../scan-cursor';
import { SetValue } from '../types/set';
import { keyBytes, keyOf } from '../values';
import { getSetForWriteOrReply, getSetOrReply, replyMembers } from './sets-access';
import {
  sdiffCommand,
  sdiffstoreCommand,
  sinterCommand,
  sintercardCommand,
  sinterstoreCommand,
  sunionCommand,
  sunionstoreCommand,
} from './sets-algebra';
import { spopCommand, srandmemberCommand } from './sets-random';

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

/** SADD key member [member …]: how many members were new. */
export function saddCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  let s = getSetForWriteOrReply(ctx, key);
  if (s === null) return;
  const existed = s !== undefined;
  if (s === undefined) {
    // Stored before its members are added, as Redis creates the key first (db.set signals WATCH).
    s = new SetValue();
    ctx.db.set(key, s);
  }
  const limits = ctx.keyspace.encodingLimits;
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(keyOf(argv[i]), limits)) added++;
  if (added > 0) {
    if (existed) ctx.db.signalModified(key);
    ctx.keyspace.dirty += added;
    ctx.keyspace.notify(NOTIFY.set, 'sadd', key, ctx.db.index);
  }
  ctx.reply.integer(added);
}

/** SREM key member [member …]: how many members were removed; the emptied set is deleted. */
export function sremCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const s = getSetForWriteOrReply(ctx, key);
  if (s === null) return;
  if (s === undefined) return ctx.reply.integer(0);
  let removed = 0;
  for (let i = 2; i < argv.length && s.size > 0; i++) if (s.delete(keyOf(argv[i]))) removed++;
  if (removed > 0) {
    ctx.keyspace.dirty += removed;
    ctx.keyspace.notify(NOTIFY.set, 'srem', key, ctx.db.index);
    if (s.size === 0) {
      ctx.db.delete(key);
      ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
    } else {
      ctx.db.signalModified(key);
    }
  }
  ctx.reply.integer(removed);
}

/** SMOVE source destination member: 1 when the member left the source. */
export function smoveCommand(ctx: CommandContext, argv: Buffer[]): void {
  const srcKey = keyOf(argv[1]);
  const dstKey = keyOf(argv[2]);
  const db = ctx.db;
  const src = db.lookupWrite(srcKey, ctx.now);
  const dst = db.lookupWrite(dstKey, ctx.now);
  if (src === undefined) return ctx.reply.integer(0);
  if (!(src instanceof SetValue) || (dst !== undefined && !(dst instanceof SetValue))) {
    return ctx.reply.error(ERR_WRONGTYPE);
  }
  const from = src;
  const member = keyOf(argv[3]);
  // Same key: nothing moves, the reply only says whether the member is there.
  if (src === dst) return ctx.reply.integer(from.has(member) ? 1 : 0);
  if (!from.delete(member)) return ctx.reply.integer(0);
  const index = db.index;
  ctx.keyspace.notify(NOTIFY.set, 'srem', srcKey, index);
  if (from.size === 0) {
    db.delete(srcKey);
    ctx.keyspace.notify(NOTIFY.generic, 'del', srcKey, index);
  } else {
    db.signalModified(srcKey);
  }
  ctx.keyspace.dirty++;
  let to = dst;
  if (to === undefined) {
    to = new SetValue();
    db.set(dstKey, to);
  }
  if (to.add(member, ctx.keyspace.encodingLimits)) {
    ctx.keyspace.dirty++;
    db.signalModified(dstKey);
    ctx.keyspace.notify(NOTIFY.set, 'sadd', dstKey, index);
  }
  ctx.reply.integer(1);
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export function scardCommand(ctx: CommandContext, argv: Buffer[]): void {
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s !== null) ctx.reply.integer(s === undefined ? 0 : s.size);
}

export function sismemberCommand(ctx: CommandContext, argv: Buffer[]): void {
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s !== null) ctx.reply.integer(s !== undefined && s.has(keyOf(argv[2])) ? 1 : 0);
}

/** SMISMEMBER key member [member …]: 1 or 0 per member (all 0 for a missing key). */
export function smismemberCommand(ctx: CommandContext, argv: Buffer[]): void {
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s === null) return;
  ctx.reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) ctx.reply.integer(s !== undefined && s.has(keyOf(argv[i])) ? 1 : 0);
}

/** SMEMBERS key: a set reply, in numeric order for an intset (as Redis). */
export function smembersCommand(ctx: CommandContext, argv: Buffer[]): void {
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s === null) return;
  if (s === undefined) return ctx.reply.setHeader(0);
  replyMembers(ctx, s, s.size);
}

/** SSCAN key cursor [MATCH pattern] [COUNT n]: members (see scan-cursor.ts). */
export function sscanCommand(ctx: CommandContext, argv: Buffer[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return ctx.reply.error(ERR_INVALID_CURSOR);
  const s = getSetOrReply(ctx, keyOf(argv[1]));
  if (s === null) return;
  if (s === undefined) return writeEmptyScan(ctx.reply);
  const target: ScanTarget<string> = {
    source: s,
    deletions: s.deletions,
    compact: s.isCompact(),
    width: 1,
    matchBytes: keyBytes,
    write: writeMember,
  };
  scanCollection(ctx, argv, cursor, target);
}

function writeMember(reply: Reply, member: string): void {
  reply.bulkLatin1(member);
}

export const setHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['sadd', saddCommand],
  ['srem', sremCommand],
  ['scard', scardCommand],
  ['sismember', sismemberCommand],
  ['smismember', smismemberCommand],
  ['smembers', smembersCommand],
  ['srandmember', srandmemberCommand],
  ['spop', spopCommand],
  ['smove', smoveCommand],
  ['sinter', sinterCommand],
  ['sintercard', sintercardCommand],
  ['sinterstore', sinterstoreCommand],
  ['sunion', sunionCommand],
  ['sunionstore', sunionstoreCommand],
  ['sdiff', sdiffCommand],
  ['sdiffstore', sdiffstoreCommand],
  ['sscan', sscanCommand],
];
