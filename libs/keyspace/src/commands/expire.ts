/**
 * TTL commands: EXPIRE PEXPIRE EXPIREAT PEXPIREAT (with NX/XX/GT/LT), TTL PTTL EXPIRETIME
 * PEXPIRETIME PERSIST.
 *
 * Propagation (Redis 7.0): the EXPIRE family goes out as `PEXPIREAT key <abs-ms> [flag]`, and a
 * deadline already past on a master deletes the key and goes out as `DEL key`. A replica stores a
 * past deadline as it is (it waits for the master's DEL).
 */
import { ERR_NOT_INTEGER, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { msUntil, roundToSeconds, scaleDeadline } from '../deadline';
import { ERR_EXPIRE_FLAGS, ERR_GT_LT, invalidExpire, unsupportedOption } from '../errors';
import { NOTIFY } from '../notify';
import { keyOf } from '../values';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** EXPIRE-family: `scale` 1000 for seconds, `relative` adds now. */
function expireGeneric(ctx: CommandContext, argv: Buffer[], scale: 1 | 1000, relative: boolean, name: string): void {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i];
    if (argIs(a, 'nx')) flags |= NX;
    else if (argIs(a, 'xx')) flags |= XX;
    else if (argIs(a, 'gt')) flags |= GT;
    else if (argIs(a, 'lt')) flags |= LT;
    else return ctx.reply.error(unsupportedOption(a));
  }
  if ((flags & NX) !== 0 && (flags & (XX | GT | LT)) !== 0) return ctx.reply.error(ERR_EXPIRE_FLAGS);
  if ((flags & GT) !== 0 && (flags & LT) !== 0) return ctx.reply.error(ERR_GT_LT);
  const parsed = parseLongLong(argv[2]);
  if (parsed === null) return ctx.reply.error(ERR_NOT_INTEGER);
  const when = scaleDeadline(parsed, scale, relative ? ctx.now : 0);
  if (when === null) return ctx.reply.error(invalidExpire(name));
  const key = keyOf(argv[1]);
  const db = ctx.db;
  if (db.lookupWrite(key, ctx.now) === undefined) return ctx.reply.integer(0);
  const current = db.getExpire(key);
  if ((flags & NX) !== 0 && current !== -1) return ctx.reply.integer(0);
  if ((flags & XX) !== 0 && current === -1) return ctx.reply.integer(0);
  if ((flags & GT) !== 0 && (current === -1 || when <= current)) return ctx.reply.integer(0);
  if ((flags & LT) !== 0 && current !== -1 && when >= current) return ctx.reply.integer(0);
  ctx.keyspace.dirty++;
  if (when <= ctx.now && !ctx.keyspace.replicaMode) {
    db.delete(key);
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
    ctx.rewrite(['DEL', argv[1]]);
    return ctx.reply.integer(1);
  }
  db.setExpire(key, when);
  ctx.keyspace.notify(NOTIFY.generic, 'expire', key, db.index);
  const out: (Buffer | string)[] = ['PEXPIREAT', argv[1], String(when)];
  for (let i = 3; i < argv.length; i++) out.push(argv[i]);
  ctx.rewrite(out);
  ctx.reply.integer(1);
}

export function expireCommand(ctx: CommandContext, argv: Buffer[]): void {
  expireGeneric(ctx, argv, 1000, true, 'expire');
}

export function pexpireCommand(ctx: CommandContext, argv: Buffer[]): void {
  expireGeneric(ctx, argv, 1, true, 'pexpire');
}

export function expireatCommand(ctx: CommandContext, argv: Buffer[]): void {
  expireGeneric(ctx, argv, 1000, false, 'expireat');
}

export function pexpireatCommand(ctx: CommandContext, argv: Buffer[]): void {
  expireGeneric(ctx, argv, 1, false, 'pexpireat');
}

/** TTL-family reply: -2 missing, -1 no TTL, else the remaining (or absolute) time in the unit. */
function ttlGeneric(ctx: CommandContext, argv: Buffer[], ms: boolean, absolute: boolean): void {
  const key = keyOf(argv[1]);
  if (ctx.db.lookupRead(key, ctx.now) === undefined) return ctx.reply.integer(-2);
  const at = ctx.db.getExpire(key);
  if (at === -1) return ctx.reply.integer(-1);
  if (absolute) return ctx.reply.integer(ms ? at : roundToSeconds(at));
  const left = at < ctx.now ? 0 : msUntil(at, ctx.now);
  ctx.reply.integer(ms ? left : roundToSeconds(left));
}

export function ttlCommand(ctx: CommandContext, argv: Buffer[]): void {
  ttlGeneric(ctx, argv, false, false);
}

export function pttlCommand(ctx: CommandContext, argv: Buffer[]): void {
  ttlGeneric(ctx, argv, true, false);
}

export function expiretimeCommand(ctx: CommandContext, argv: Buffer[]): void {
  ttlGeneric(ctx, argv, false, true);
}

export function pexpiretimeCommand(ctx: CommandContext, argv: Buffer[]): void {
  ttlGeneric(ctx, argv, true, true);
}

export function persistCommand(ctx: CommandContext, argv: Buffer[]): void {
  const key = keyOf(argv[1]);
  if (ctx.db.lookupWrite(key, ctx.now) === undefined || !ctx.db.removeExpire(key)) {
    return ctx.reply.integer(0);
  }
  ctx.keyspace.dirty++;
  ctx.keyspace.notify(NOTIFY.generic, 'persist', key, ctx.db.index);
  ctx.reply.integer(1);
}
