/**
 * DUMP and RESTORE (Redis 7.0's dumpCommand / restoreCommand).
 *
 * DUMP key: the value in the DUMP payload format (type byte, RDB body, RDB version 10 as 2 bytes
 * LE, CRC-64 LE), or nil for a missing key. Strings are LZF-compressed where 7.0's default
 * `rdbcompression yes` would compress them (this server does not honour changing that setting).
 *
 * RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in 7.0's
 * order: options (syntax first, then each IDLETIME/FREQ value as it is met), BUSYKEY, ttl, the
 * payload's version and checksum, then its body. A ttl is relative ms (0 = no expiry) unless
 * ABSTTL; relative + now wraps like 7.0's int64 sum, so a ttl near 2^63 lands in the past.
 * - The deadline is already past (on a master): the key is not created; with REPLACE the old key is
 *   deleted, and that is propagated as DEL. The reply is OK either way.
 * - Otherwise the key is created ('new' event if it was absent), then 'restore'; a relative ttl is
 *   propagated as the absolute deadline with ABSTTL appended, so replicas get the same instant.
 * IDLETIME and FREQ (mutually exclusive) are validated and have no effect: this server keeps no
 * per-key LRU clock or LFU counter (OBJECT IDLETIME/FREQ are constant here).
 *
 * Stricter than 7.0 (which reads the body without bounds and checks listpacks shallowly): a body
 * that ends inside the footer or leaves bytes before it, and duplicate fields in a hash that 7.0
 * would keep as a corrupt listpack, are "Bad data format" here.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import { RdbError, decodeDumpPayload, encodeDumpPayload } from '@resplica/rdb';
import type { CommandContext } from '../context';
import { deadlineOf, type Deadline } from '../deadline';
import { NOTIFY } from '../notify';
import { fromRdbValue } from '../rdb/from-rdb';
import { toRdbValue } from '../rdb/to-rdb';
import { keyOf, type Value } from '../values';

const ERR_BUSYKEY = 'BUSYKEY Target key name already exists.';
const ERR_BAD_PAYLOAD_FOOTER = 'ERR DUMP payload version or checksum are wrong';
const ERR_BAD_DATA_FORMAT = 'ERR Bad data format';
const ERR_INVALID_TTL = 'ERR Invalid TTL value, must be >= 0';
const ERR_INVALID_IDLETIME = 'ERR Invalid IDLETIME value, must be >= 0';
const ERR_INVALID_FREQ = 'ERR Invalid FREQ value, must be >= 0 and <= 255';

const TWO_POW_64 = 2n ** 64n;
const INT64_MAX = 2n ** 63n - 1n;

export function dumpCommand(ctx: CommandContext, argv: Buffer[]): void {
  const v = ctx.db.lookupRead(keyOf(argv[1]), ctx.now);
  ctx.reply.bulk(v === undefined ? null : encodeDumpPayload(toRdbValue(v), { compression: true }));
}

export function restoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const options = parseRestoreOptions(ctx, argv);
  if (options === null) return;
  const db = ctx.db;
  const key = keyOf(argv[1]);
  if (!options.replace && db.lookupWrite(key, ctx.now) !== undefined) return ctx.reply.error(ERR_BUSYKEY);
  const ttl = parseLongLong(argv[2]);
  if (ttl === null) return ctx.reply.error(ERR_NOT_INTEGER);
  if (ttl < 0) return ctx.reply.error(ERR_INVALID_TTL);
  const value = loadPayloadOrReply(ctx, argv[3]);
  if (value === null) return;

  // As dbDelete: no event of its own, and a logically expired key counts as deleted too.
  const deleted = options.replace && db.delete(key);
  const hasTtl = ttl !== 0;
  // parseLongLong gives a bigint only beyond 2^53: already a Deadline in its canonical form.
  const at: Deadline = !hasTtl ? -1 : options.absttl ? ttl : relativeDeadline(ttl, ctx.now);
  if (hasTtl && at <= ctx.now && !ctx.keyspace.replicaMode) {
    if (deleted) {
      ctx.keyspace.dirty++;
      ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
      ctx.rewrite(['DEL', argv[1]]);
    }
    return ctx.reply.ok();
  }
  db.set(key, value);
  if (hasTtl) {
    db.setExpire(key, at);
    if (!options.absttl) ctx.rewrite(withAbsoluteTtl(argv, at));
  }
  ctx.keyspace.notify(NOTIFY.generic, 'restore', key, db.index);
  ctx.keyspace.dirty++;
  ctx.reply.ok();
}

interface RestoreOptions {
  replace: boolean;
  absttl: boolean;
}

/**
 * The options after the payload, or null after replying. IDLETIME and FREQ exclude each other the
 * way 7.0 does it: the second one is not recognised, hence a syntax error (IDLETIME twice is fine).
 */
function parseRestoreOptions(ctx: CommandContext, argv: Buffer[]): RestoreOptions | null {
  let replace = false;
  let absttl = false;
  let idle = false;
  let freq = false;
  for (let i = 4; i < argv.length; i++) {
    const a = argv[i];
    const hasValue = i + 1 < argv.length;
    if (argIs(a, 'replace')) {
      replace = true;
    } else if (argIs(a, 'absttl')) {
      absttl = true;
    } else if (argIs(a, 'idletime') && hasValue && !freq) {
      const seconds = parseLongLong(argv[++i]);
      if (seconds === null) return replyNull(ctx, ERR_NOT_INTEGER);
      if (seconds < 0) return replyNull(ctx, ERR_INVALID_IDLETIME);
      idle = true;
    } else if (argIs(a, 'freq') && hasValue && !idle) {
      const counter = parseLongLong(argv[++i]);
      if (counter === null) return replyNull(ctx, ERR_NOT_INTEGER);
      if (counter < 0 || counter > 255) return replyNull(ctx, ERR_INVALID_FREQ);
      freq = true;
    } else {
      return replyNull(ctx, ERR_SYNTAX);
    }
  }
  return { replace, absttl };
}

function replyNull(ctx: CommandContext, error: string): null {
  ctx.reply.error(error);
  return null;
}

/**
 * The payload's value, or null after replying: a bad footer (too short, a version above 10, a
 * wrong CRC) and a bad body (anything else the decoder or the value builder refuses, empty values
 * included) get 7.0's two distinct errors.
 */
function loadPayloadOrReply(ctx: CommandContext, payload: Buffer): Value | null {
  try {
    return fromRdbValue(decodeDumpPayload(payload), ctx.keyspace.encodingLimits);
  } catch (e) {
    if (!(e instanceof RdbError)) throw e;
    return replyNull(ctx, e.code === 'version' || e.code === 'checksum' ? ERR_BAD_PAYLOAD_FOOTER : ERR_BAD_DATA_FORMAT);
  }
}

/** ttl + now as 7.0 computes it in int64: a sum past 2^63 − 1 wraps to a negative deadline. */
function relativeDeadline(ttl: number | bigint, now: number): Deadline {
  if (typeof ttl === 'number' && Number.isSafeInteger(ttl + now)) return ttl + now;
  let sum = BigInt(ttl) + BigInt(now);
  if (sum > INT64_MAX) sum -= TWO_POW_64;
  return deadlineOf(sum);
}

/** RESTORE as propagated: the ttl argument replaced by the absolute deadline, ABSTTL appended. */
function withAbsoluteTtl(argv: Buffer[], at: Deadline): (Buffer | string)[] {
  const out: (Buffer | string)[] = argv.slice();
  out[2] = String(at);
  out.push('ABSTTL');
  return out;
}
