/**
 * Generic key commands: DEL UNLINK EXISTS TYPE TOUCH RENAME RENAMENX KEYS SCAN RANDOMKEY DBSIZE
 * FLUSHDB FLUSHALL SWAPDB MOVE COPY.
 *
 * UNLINK and FLUSH… ASYNC free synchronously: the GC reclaims memory off the event loop anyway.
 * Not supported: a uniformly random RANDOMKEY (a Map has no random access; we pick among the first
 * entries after a random skip bounded by RANDOM_SKIP_MAX).
 */
import { ERR_DB_INDEX, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, ERR_SYNTAX, argIs, parseLongLong, stringMatch } from '@resplica/commands';
import { parseScanCursor, parseScanOptions } from '../scan-cursor';
import type { CommandContext } from '../context';
import { type Database, isTombstone } from '../database';
import { ERR_FIRST_DB, ERR_INVALID_CURSOR, ERR_SAME_OBJECT, ERR_SECOND_DB } from '../errors';
import { NOTIFY } from '../notify';
import { dupString, isString, keyBytes, keyOf, typeName } from '../values';

/** DEL/UNLINK: the number of keys removed (expired ones count as absent). */
export function delCommand(ctx: CommandContext, argv: Buffer[]): void {
  const db = ctx.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = keyOf(argv[i]);
    if (db.lookupWrite(key, ctx.now) !== undefined && db.delete(key)) {
      ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
      n++;
    }
  }
  ctx.keyspace.dirty += n;
  ctx.reply.integer(n);
}

/** EXISTS: counts repeated keys each time, as Redis does. */
export function existsCommand(ctx: CommandContext, argv: Buffer[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.lookupRead(keyOf(argv[i]), ctx.now) !== undefined) n++;
  ctx.reply.integer(n);
}

export const touchCommand = existsCommand;

export function typeCommand(ctx: CommandContext, argv: Buffer[]): void {
  const v = ctx.db.lookupRead(keyOf(argv[1]), ctx.now);
  ctx.reply.status(v === undefined ? 'none' : typeName(v));
}

function renameGeneric(ctx: CommandContext, argv: Buffer[], nx: boolean): void {
  const db = ctx.db;
  const src = keyOf(argv[1]);
  const dst = keyOf(argv[2]);
  const v = db.lookupWrite(src, ctx.now);
  if (v === undefined) return ctx.reply.error(ERR_NO_SUCH_KEY);
  if (src === dst) return nx ? ctx.reply.integer(0) : ctx.reply.ok();
  if (db.lookupWrite(dst, ctx.now) !== undefined) {
    if (nx) return ctx.reply.integer(0);
    db.delete(dst);
  }
  const ttl = db.getExpire(src);
  db.delete(src);
  db.set(dst, v);
  if (ttl !== -1) db.setExpire(dst, ttl);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.generic, 'rename_from', src, db.index);
  ctx.keyspace.notify(NOTIFY.generic, 'rename_to', dst, db.index);
  if (nx) ctx.reply.integer(1);
  else ctx.reply.ok();
}

export function renameCommand(ctx: CommandContext, argv: Buffer[]): void {
  renameGeneric(ctx, argv, false);
}

export function renamenxCommand(ctx: CommandContext, argv: Buffer[]): void {
  renameGeneric(ctx, argv, true);
}

/** KEYS pattern: logically expired keys are left out (not deleted), as Redis does. */
export function keysCommand(ctx: CommandContext, argv: Buffer[]): void {
  const db = ctx.db;
  const pattern = argv[1];
  const all = pattern.length === 1 && pattern[0] === 0x2a;
  const out = ctx.reply.deferredArray();
  let n = 0;
  for (const [key, value] of db.dict) {
    if (isTombstone(value)) continue;
    if (!all && !stringMatch(pattern, keyBytes(key))) continue;
    if (db.expires.size !== 0 && db.isExpired(key, ctx.now)) continue;
    ctx.reply.bulkLatin1(key);
    n++;
  }
  out.setLength(n);
}

/** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type] — see scan-cursor.ts for the guarantee. */
export function scanCommand(ctx: CommandContext, argv: Buffer[]): void {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) return ctx.reply.error(ERR_INVALID_CURSOR);
  const options = parseScanOptions(argv, 2, true);
  if (typeof options === 'string') return ctx.reply.error(options);
  const { pattern, type } = options;
  const db = ctx.db;
  // The deletion count from before this page: lazy expiry below may delete entries we pass.
  const page = db.scans.page(cursor, db.dict, db.deletions, options.count, ([key, value]) => {
    if (isTombstone(value)) return false;
    if (db.expires.size !== 0 && db.isExpired(key, ctx.now)) {
      if (!ctx.keyspace.replicaMode) db.expireNow(key);
      return false;
    }
    if (pattern !== null && !stringMatch(pattern, keyBytes(key))) return false;
    return type === null || typeName(value) === type;
  });
  ctx.reply.arrayHeader(2);
  ctx.reply.bulk(page.cursor);
  ctx.reply.arrayHeader(page.items.length);
  for (const [key] of page.items) ctx.reply.bulkLatin1(key);
}

/** How far RANDOMKEY may skip into the Map (bounds its cost on huge databases). */
const RANDOM_SKIP_MAX = 1024;

export function randomkeyCommand(ctx: CommandContext): void {
  const db = ctx.db;
  for (let tries = 0; tries < 100 && db.size() > 0; tries++) {
    const skip = Math.floor(Math.random() * Math.min(db.dict.size, RANDOM_SKIP_MAX));
    let i = 0;
    for (const [key, value] of db.dict) {
      if (i++ < skip || isTombstone(value)) continue;
      if (db.expires.size !== 0 && db.isExpired(key, ctx.now)) {
        // On a replica an expired key is still returned after some tries, as Redis does.
        if (ctx.keyspace.replicaMode && tries > 50) return ctx.reply.bulkLatin1(key);
        if (!ctx.keyspace.replicaMode) db.expireNow(key);
        break;
      }
      return ctx.reply.bulkLatin1(key);
    }
  }
  ctx.reply.bulk(null);
}

export function dbsizeCommand(ctx: CommandContext): void {
  ctx.reply.integer(ctx.db.size());
}

/** Checks an optional ASYNC|SYNC argument; false after replying a syntax error. */
function flushModeOk(ctx: CommandContext, argv: Buffer[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length === 2 && (argIs(argv[1], 'async') || argIs(argv[1], 'sync'))) return true;
  ctx.reply.error(ERR_SYNTAX);
  return false;
}

/** FLUSHDB: always propagated (dirty grows even when the db was empty, as Redis forces it). */
export function flushdbCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (!flushModeOk(ctx, argv)) return;
  ctx.keyspace.dirty += ctx.db.flush() + 1;
  ctx.reply.ok();
}

export function flushallCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (!flushModeOk(ctx, argv)) return;
  ctx.keyspace.dirty += ctx.keyspace.flushAll() + 1;
  ctx.reply.ok();
}

/** A database number argument; -1 after replying (`notInteger` is the error for a non-number). */
function dbIndexOrReply(ctx: CommandContext, arg: Buffer, notInteger: string): number {
  const v = parseLongLong(arg);
  if (v === null || typeof v === 'bigint' || v < -2147483648 || v > 2147483647) {
    ctx.reply.error(notInteger);
    return -1;
  }
  if (v < 0 || v >= ctx.keyspace.databases.length) {
    ctx.reply.error(ERR_DB_INDEX);
    return -1;
  }
  return v;
}

export function swapdbCommand(ctx: CommandContext, argv: Buffer[]): void {
  const a = dbIndexOrReply(ctx, argv[1], ERR_FIRST_DB);
  if (a < 0) return;
  const b = dbIndexOrReply(ctx, argv[2], ERR_SECOND_DB);
  if (b < 0) return;
  ctx.keyspace.swap(a, b);
  ctx.keyspace.dirty++;
  ctx.reply.ok();
}

/** Moves or copies key `src` of `from` to `dst` of `to` with its TTL. */
function transfer(from: Database, to: Database, src: string, dst: string, copy: boolean, now: number): boolean {
  const v = copy ? from.lookupWriteSource(src, now) : from.lookupWrite(src, now);
  if (v === undefined) return false;
  const ttl = from.getExpire(src);
  // A copy shares nothing with the original: values may be edited in place (SETBIT, LPUSH) later.
  to.set(dst, copy ? (isString(v) ? dupString(v) : v.clone()) : v);
  if (ttl !== -1) to.setExpire(dst, ttl);
  if (!copy) from.delete(src);
  return true;
}

export function moveCommand(ctx: CommandContext, argv: Buffer[]): void {
  const to = dbIndexOrReply(ctx, argv[2], ERR_NOT_INTEGER);
  if (to < 0) return;
  const target = ctx.keyspace.databases[to];
  if (target === ctx.db) return ctx.reply.error(ERR_SAME_OBJECT);
  const key = keyOf(argv[1]);
  if (ctx.db.lookupWrite(key, ctx.now) === undefined || target.lookupWriteSource(key, ctx.now) !== undefined) {
    return ctx.reply.integer(0);
  }
  transfer(ctx.db, target, key, key, false, ctx.now);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.generic, 'move_from', key, ctx.db.index);
  ctx.keyspace.notify(NOTIFY.generic, 'move_to', key, target.index);
  ctx.reply.integer(1);
}

/** COPY source destination [DB n] [REPLACE]. */
export function copyCommand(ctx: CommandContext, argv: Buffer[]): void {
  let target = ctx.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    if (argIs(argv[i], 'replace')) {
      replace = true;
    } else if (argIs(argv[i], 'db') && i + 1 < argv.length) {
      const d = dbIndexOrReply(ctx, argv[++i], ERR_NOT_INTEGER);
      if (d < 0) return;
      target = ctx.keyspace.databases[d];
    } else {
      return ctx.reply.error(ERR_SYNTAX);
    }
  }
  const src = keyOf(argv[1]);
  const dst = keyOf(argv[2]);
  if (target === ctx.db && src === dst) return ctx.reply.error(ERR_SAME_OBJECT);
  if (ctx.db.lookupWriteSource(src, ctx.now) === undefined) return ctx.reply.integer(0);
  if (target.lookupWrite(dst, ctx.now) !== undefined) {
    if (!replace) return ctx.reply.integer(0);
    target.delete(dst);
  }
  transfer(ctx.db, target, src, dst, true, ctx.now);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.generic, 'copy_to', dst, target.index);
  ctx.reply.integer(1);
}
