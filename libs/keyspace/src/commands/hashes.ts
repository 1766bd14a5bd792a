/**
 * The hash commands — HSET HMSET HSETNX HGET HMGET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS HGETALL
 * HSCAN — and `hashHandlers`, the table of every hash
 * command (HINCRBY/HINCRBYFLOAT and HRANDFIELD live in their own files) that keyspaceHandlers merges.
 *
 * Order of checks is Redis 7.0's and visible to clients: HSET's pair count before the key,
 * HSCAN's cursor before the key and its options only once the key exists with the right type.
 *
 * Invariant: a handler that empties a hash deletes the key (after its own notification, as Redis
 * emits `hdel` then `del`); an in-place change signals WATCH through db.signalModified.
 */
import { wrongArity } from '@resplica/commands';
import type { Reply } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { ERR_INVALID_CURSOR } from '../errors';
import { NOTIFY } from '../notify';
import { parseScanCursor, scanCollection, writeEmptyScan, type ScanTarget } from '../scan-cursor';
import { HashValue } from '../types/hash';
import { keyBytes, keyOf, ownBytes } from '../values';
import { getHashForWriteOrReply, getHashOrReply } from './hashes-access';
import { hincrbyCommand, hincrbyfloatCommand } from './hashes-counters';
import { hrandfieldCommand } from './hashes-random';

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

/** HSET/HMSET key field value [field value …]: sets every pair; returns how many fields were new. */
function hsetGeneric(ctx: CommandContext, argv: Buffer[], name: string): number | null {
  if (argv.length % 2 === 1) {
    ctx.reply.error(wrongArity(name));
    return null;
  }
  const key = keyOf(argv[1]);
  let h = getHashForWriteOrReply(ctx, key);
  if (h === null) return null;
  const existed = h !== undefined;
  if (h === undefined) {
    // Stored before its fields are set, as Redis creates the key first (db.set signals WATCH).
    h = new HashValue();
    ctx.db.set(key, h);
  }
  const limits = ctx.keyspace.encodingLimits;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (h.setBytes(keyOf(argv[i]), argv[i + 1], limits)) created++;
  }
  if (existed) ctx.db.signalModified(key);
  ctx.keyspace.dirty += (argv.length - 2) / 2;
  ctx.keyspace.notify(NOTIFY.hash, 'hset', key, ctx.db.index);
  return created;
}

export function hsetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const created = hsetGeneric(ctx, argv, 'hset');
  if (created !== null) ctx.reply.integer(created);
}

export function hmsetCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (hsetGeneric(ctx, argv, 'hmset') !== null) ctx.reply.ok();
}

export function hsetnxCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const field = keyOf(argv[2]);
  const h = getHashForWriteOrReply(ctx, key);
  if (h === null) return;
  if (h !== undefined && h.fields.has(field)) return ctx.reply.integer(0);
  const target = h ?? new HashValue();
  target.set(field, ownBytes(argv[3]), ctx.keyspace.encodingLimits);
  if (h === undefined) ctx.db.set(key, target);
  else ctx.db.signalModified(key);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.hash, 'hset', key, ctx.db.index);
  ctx.reply.integer(1);
}

export function hdelCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const h = getHashForWriteOrReply(ctx, key);
  if (h === null) return;
  if (h === undefined) return ctx.reply.integer(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(keyOf(argv[i]))) {
      deleted++;
      if (h.size === 0) break;
    }
  }
  if (deleted > 0) {
    ctx.keyspace.dirty += deleted;
    ctx.keyspace.notify(NOTIFY.hash, 'hdel', key, ctx.db.index);
    if (h.size === 0) {
      ctx.db.delete(key);
      ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
    } else {
      ctx.db.signalModified(key);
    }
  }
  ctx.reply.integer(deleted);
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export function hgetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  ctx.reply.bulk(h === undefined ? null : (h.get(keyOf(argv[2])) ?? null));
}

/** HMGET: a null per missing field; a missing key answers all nulls. */
export function hmgetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  ctx.reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) ctx.reply.bulk(h === undefined ? null : (h.get(keyOf(argv[i])) ?? null));
}

export function hlenCommand(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h !== null) ctx.reply.integer(h === undefined ? 0 : h.size);
}

export function hstrlenCommand(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  const v = h === undefined ? undefined : h.get(keyOf(argv[2]));
  ctx.reply.integer(v === undefined ? 0 : v.length);
}

export function hexistsCommand(ctx: CommandContext, argv: Buffer[]): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h !== null) ctx.reply.integer(h !== undefined && h.fields.has(keyOf(argv[2])) ? 1 : 0);
}

const FIELDS = 1;
const VALUES = 2;

/** HKEYS/HVALS/HGETALL: every field and/or value in storage order; HGETALL is a map in RESP3. */
function getallGeneric(ctx: CommandContext, argv: Buffer[], what: number): void {
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  const n = h === undefined ? 0 : h.size;
  if (what === (FIELDS | VALUES)) ctx.reply.mapHeader(n);
  else ctx.reply.arrayHeader(n);
  if (h === undefined) return;
  for (const [f, v] of h.fields) {
    if ((what & FIELDS) !== 0) ctx.reply.bulkLatin1(f);
    if ((what & VALUES) !== 0) ctx.reply.bulk(v);
  }
}

export function hkeysCommand(ctx: CommandContext, argv: Buffer[]): void {
  getallGeneric(ctx, argv, FIELDS);
}

export function hvalsCommand(ctx: CommandContext, argv: Buffer[]): void {
  getallGeneric(ctx, argv, VALUES);
}

export function hgetallCommand(ctx: CommandContext, argv: Buffer[]): void {
  getallGeneric(ctx, argv, FIELDS | VALUES);
}

/** HSCAN key cursor [MATCH pattern] [COUNT n]: field, value pairs (see scan-cursor.ts). */
export function hscanCommand(ctx: CommandContext, argv: Buffer[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return ctx.reply.error(ERR_INVALID_CURSOR);
  const h = getHashOrReply(ctx, keyOf(argv[1]));
  if (h === null) return;
  if (h === undefined) return writeEmptyScan(ctx.reply);
  const target: ScanTarget<[string, Buffer]> = {
    source: h.fields,
    deletions: h.deletions,
    compact: h.isCompact(),
    width: 2,
    matchBytes: fieldBytes,
    write: writeFieldValue,
  };
  scanCollection(ctx, argv, cursor, target);
}

function fieldBytes(entry: [string, Buffer]): Buffer {
  return keyBytes(entry[0]);
}

function writeFieldValue(reply: Reply, entry: [string, Buffer]): void {
  reply.bulkLatin1(entry[0]);
  reply.bulk(entry[1]);
}

export const hashHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['hset', hsetCommand],
  ['hmset', hmsetCommand],
  ['hsetnx', hsetnxCommand],
  ['hget', hgetCommand],
  ['hmget', hmgetCommand],
  ['hdel', hdelCommand],
  ['hlen', hlenCommand],
  ['hstrlen', hstrlenCommand],
  ['hexists', hexistsCommand],
  ['hkeys', hkeysCommand],
  ['hvals', hvalsCommand],
  ['hgetall', hgetallCommand],
  ['hincrby', hincrbyCommand],
  ['hincrbyfloat', hincrbyfloatCommand],
  ['hrandfield', hrandfieldCommand],
  ['hscan', hscanCommand],
];
