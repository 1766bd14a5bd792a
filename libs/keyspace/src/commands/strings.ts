/**
 * String commands, part 1: GET/SET and their variants (SETNX SETEX PSETEX MGET MSET MSETNX GETSET
 * GETDEL GETEX). Counters are in strings-counters.ts, byte-range edits in strings-ranges.ts.
 *
 * Every write adds to ctx.keyspace.dirty and, when its argv is not deterministic, rewrites what is
 * propagated (relative TTL → `SET k v PXAT <ms>` / `PEXPIREAT`, GETDEL → DEL, GETSET → SET).
 * Hot path: GET and SET allocate nothing but the stored copy of the value; SET parses its options
 * with one loop over the arguments and integer flags.
 */
import { ERR_SYNTAX, argIs } from '@resplica/commands';
import { getStringOrReply } from '../access';
import type { CommandContext } from '../context';
import type { Database } from '../database';
import type { Deadline } from '../deadline';
import { NOTIFY } from '../notify';
import { isString, keyOf, ownBytes, reusableString, type Value } from '../values';
import { UNIT_MS, UNIT_SECONDS, deadlineOrReply } from './expire-args';

const F_NX = 1;
const F_XX = 2;
const F_GET = 4;
const F_KEEPTTL = 8;
const F_EX = 16;
const F_PX = 32;
const F_EXAT = 64;
const F_PXAT = 128;
const F_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

export function getCommand(ctx: CommandContext, argv: Buffer[]): void {
  const v = getStringOrReply(ctx, keyOf(argv[1]));
  if (v !== null) ctx.reply.bulk(v === undefined ? null : v);
}

/** Maps an option argument to its flag, 0 when it is not a SET option. */
function setOption(arg: Buffer): number {
  if (arg.length === 2) {
    if (argIs(arg, 'nx')) return F_NX;
    if (argIs(arg, 'xx')) return F_XX;
    if (argIs(arg, 'ex')) return F_EX;
    if (argIs(arg, 'px')) return F_PX;
  } else if (arg.length === 3) {
    if (argIs(arg, 'get')) return F_GET;
  } else if (arg.length === 4) {
    if (argIs(arg, 'exat')) return F_EXAT;
    if (argIs(arg, 'pxat')) return F_PXAT;
  } else if (arg.length === 7 && argIs(arg, 'keepttl')) {
    return F_KEEPTTL;
  }
  return 0;
}

/** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
export function setCommand(ctx: CommandContext, argv: Buffer[]): void {
  let flags = 0;
  let expireArg: Buffer | undefined;
  for (let i = 3; i < argv.length; i++) {
    const f = setOption(argv[i]);
    // Conflicts are a syntax error, as is a TTL option without its value. Repeating the same
    // option is accepted (the last TTL value wins), as Redis does.
    if (f === 0) return ctx.reply.error(ERR_SYNTAX);
    if ((f === F_NX && (flags & F_XX) !== 0) || (f === F_XX && (flags & F_NX) !== 0)) {
      return ctx.reply.error(ERR_SYNTAX);
    }
    if ((f & (F_EXPIRE | F_KEEPTTL)) !== 0 && (flags & (F_EXPIRE | F_KEEPTTL) & ~f) !== 0) {
      return ctx.reply.error(ERR_SYNTAX);
    }
    if ((f & F_EXPIRE) !== 0) {
      if (i + 1 >= argv.length) return ctx.reply.error(ERR_SYNTAX);
      expireArg = argv[++i];
    }
    flags |= f;
  }
  let at: Deadline = -1;
  if (expireArg !== undefined) {
    const unit = (flags & (F_EX | F_EXAT)) !== 0 ? UNIT_SECONDS : UNIT_MS;
    at = deadlineOrReply(ctx, expireArg, unit, (flags & (F_EXAT | F_PXAT)) !== 0, 'set');
    if (at < 0) return;
  }
  const key = keyOf(argv[1]);
  const db = ctx.db;
  let old: Value | null | undefined;
  if ((flags & (F_GET | F_NX | F_XX)) !== 0) {
    old = (flags & F_GET) !== 0 ? getStringOrReply(ctx, key) : db.lookupWrite(key, ctx.now);
    if (old === null) return;
    if (((flags & F_NX) !== 0 && old !== undefined) || ((flags & F_XX) !== 0 && old === undefined)) {
      return ctx.reply.bulk((flags & F_GET) !== 0 && old !== undefined && isString(old) ? old : null);
    }
  }
  // SET … GET still replies with the old bytes, so only a SET without GET may overwrite them.
  const value = (flags & F_GET) === 0 ? ownedValue(db, key, argv[2]) : ownBytes(argv[2]);
  db.set(key, value, (flags & F_KEEPTTL) !== 0);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'set', key, db.index);
  if (at >= 0) {
    db.setExpire(key, at);
    ctx.keyspace.notify(NOTIFY.generic, 'expire', key, db.index);
    ctx.rewrite([argv[0], argv[1], argv[2], 'PXAT', String(at)]);
  } else if ((flags & F_GET) !== 0) {
    ctx.rewrite(withoutGet(argv));
  }
  if ((flags & F_GET) !== 0) ctx.reply.bulk(old !== undefined && old !== null && isString(old) ? old : null);
  else ctx.reply.ok();
}

/**
 * The Buffer to store for a new value: the key's current string when it can be overwritten in place
 * (same length, see reusableString), else an owned copy. The raw peek (no expiry) is enough: the
 * value is replaced either way, and set() clears the TTL as for a fresh Buffer. The old bytes are
 * overwritten before set() runs, so a running snapshot is told first (willModify).
 */
function ownedValue(db: Database, key: string, bytes: Buffer): Buffer {
  const current = db.dict.get(key);
  if (!reusableString(current, bytes.length)) return ownBytes(bytes);
  db.willModify(key);
  current.set(bytes, 0);
  return current;
}

/** The argv of a SET with its GET option removed (what Redis propagates for SET … GET). */
function withoutGet(argv: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < argv.length; i++) if (i < 3 || !argIs(argv[i], 'get')) out.push(argv[i]);
  return out;
}

export function setnxCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  if (ctx.db.lookupWrite(key, ctx.now) !== undefined) return ctx.reply.integer(0);
  ctx.db.set(key, ownBytes(argv[2]));
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'set', key, ctx.db.index);
  ctx.reply.integer(1);
}

/** SETEX/PSETEX key ttl value → propagated as SET key value PXAT <ms>. */
function setexGeneric(ctx: CommandContext, argv: Buffer[], unit: number, name: string): void {
  const at = deadlineOrReply(ctx, argv[2], unit, false, name);
  if (at < 0) return;
  const key = keyOf(argv[1]);
  ctx.db.set(key, ownBytes(argv[3]));
  ctx.db.setExpire(key, at);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'set', key, ctx.db.index);
  ctx.keyspace.notify(NOTIFY.generic, 'expire', key, ctx.db.index);
  ctx.rewrite(['SET', argv[1], argv[3], 'PXAT', String(at)]);
  ctx.reply.ok();
}

export function setexCommand(ctx: CommandContext, argv: Buffer[]): void {
  setexGeneric(ctx, argv, UNIT_SECONDS, 'setex');
}

export function psetexCommand(ctx: CommandContext, argv: Buffer[]): void {
  setexGeneric(ctx, argv, UNIT_MS, 'psetex');
}

/** MGET: a wrong-type key reads as nil, as in Redis. */
export function mgetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const db = ctx.db;
  ctx.reply.arrayHeader(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = db.lookupRead(keyOf(argv[i]), ctx.now);
    ctx.reply.bulk(v === undefined || !(v instanceof Uint8Array) ? null : v);
  }
}

function msetGeneric(ctx: CommandContext, argv: Buffer[], nx: boolean): boolean {
  if ((argv.length & 1) === 0) {
    ctx.reply.error(`ERR wrong number of arguments for '${nx ? 'msetnx' : 'mset'}' command`);
    return false;
  }
  const db = ctx.db;
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) {
      if (db.lookupWrite(keyOf(argv[i]), ctx.now) !== undefined) return false;
    }
  }
  for (let i = 1; i < argv.length; i += 2) {
    const key = keyOf(argv[i]);
    db.set(key, ownBytes(argv[i + 1]));
    ctx.keyspace.notify(NOTIFY.string, 'set', key, db.index);
  }
  ctx.keyspace.dirty += (argv.length - 1) / 2;
  return true;
}

export function msetCommand(ctx: CommandContext, argv: Buffer[]): void {
  if (msetGeneric(ctx, argv, false)) ctx.reply.ok();
}

export function msetnxCommand(ctx: CommandContext, argv: Buffer[]): void {
  if ((argv.length & 1) === 0) {
    msetGeneric(ctx, argv, true);
    return;
  }
  ctx.reply.integer(msetGeneric(ctx, argv, true) ? 1 : 0);
}

/** GETSET key value: SET that returns the old value; the TTL is cleared. Propagated as SET. */
export function getsetCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const old = getStringOrReply(ctx, key);
  if (old === null) return;
  ctx.db.set(key, ownBytes(argv[2]));
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.string, 'set', key, ctx.db.index);
  ctx.rewrite(['SET', argv[1], argv[2]]);
  ctx.reply.bulk(old === undefined ? null : old);
}

/** GETDEL key: propagated as DEL. */
export function getdelCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  const v = getStringOrReply(ctx, key);
  if (v === null) return;
  if (v === undefined) return ctx.reply.bulk(null);
  ctx.db.delete(key);
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.generic, 'del', key, ctx.db.index);
  ctx.rewrite(['DEL', argv[1]]);
  ctx.reply.bulk(v);
}

/** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]: propagated as PEXPIREAT, PERSIST or DEL. */
export function getexCommand(ctx: CommandContext, argv: Buffer[]): void {
  let flags = 0;
  let persist = false;
  let expireArg: Buffer | undefined;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const f = setOption(a);
    if ((f & F_EXPIRE) !== 0 && (flags & ~f) === 0 && !persist && i + 1 < argv.length) {
      flags = f;
      expireArg = argv[++i];
    } else if (a.length === 7 && argIs(a, 'persist') && flags === 0) {
      persist = true;
    } else {
      return ctx.reply.error(ERR_SYNTAX);
    }
  }
  const key = keyOf(argv[1]);
  const v = getStringOrReply(ctx, key);
  if (v === null) return;
  if (v === undefined) return ctx.reply.bulk(null);
  // Redis validates the TTL only once the key is known to exist.
  let at: Deadline = -1;
  if (expireArg !== undefined) {
    const unit = (flags & (F_EX | F_EXAT)) !== 0 ? UNIT_SECONDS : UNIT_MS;
    at = deadlineOrReply(ctx, expireArg, unit, (flags & (F_EXAT | F_PXAT)) !== 0, 'getex');
    if (at < 0) return;
  }
  const db = ctx.db;
  if (at >= 0) {
    if (at < ctx.now && !ctx.keyspace.replicaMode) {
      db.delete(key);
      ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
      ctx.rewrite(['DEL', argv[1]]);
    } else {
      db.setExpire(key, at);
      ctx.keyspace.notify(NOTIFY.generic, 'expire', key, db.index);
      ctx.rewrite(['PEXPIREAT', argv[1], String(at)]);
    }
    ctx.keyspace.dirty++;
  } else if (persist && db.removeExpire(key)) {
    ctx.keyspace.notify(NOTIFY.generic, 'persist', key, db.index);
    ctx.rewrite(['PERSIST', argv[1]]);
    ctx.keyspace.dirty++;
  }
  ctx.reply.bulk(v);
}

