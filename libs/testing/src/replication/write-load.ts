/*
 * A deterministic mixed write load for replication tests: every data type and the commands a
 * master rewrites before propagating them (SET with relative TTLs, EXPIRE, INCRBYFLOAT, SPOP,
 * GETDEL), short TTLs that expire while the load runs (so the master's expiry DELs interleave with
 * client writes), long TTLs that survive it, several databases via SELECT, and MULTI/EXEC blocks.
 * The command sequence depends only on the seed; what the server does with it (which keys have
 * expired, which members SPOP picks) depends on timing, which is fine: the tests compare a master
 * with its replicas, not with a model.
 *
 * Keys are typed by prefix (s: strings, c: integer counters, f: floats, l: lists, h: hashes,
 * st: sets of words, si: sets of integers, z: sorted sets) and only same-prefix RENAMEs are made, so
 * no command meets a key of the wrong type. The only error a well-behaved server returns is
 * `ERR no such key` (RENAME of a missing or expired key); anything else is reported in `errors`.
 */
import { Arg } from '../resp-frame';
import { RawClient } from '../raw-client';
import { pipelineCalls } from './pipeline';
import { Rng } from './rng';
import { DEFAULT_DBS } from './dataset';

export interface WriteLoadOptions {
  /** Databases written to. @default DEFAULT_DBS */
  dbs?: readonly number[];
  /** Commands per pipelined batch. @default 100 */
  batch?: number;
  /** Called (and awaited) after each batch's replies arrived, with the commands sent so far. */
  onBatch?: (sent: number) => void | Promise<void>;
}

export interface WriteLoadResult {
  /** Commands sent, SELECT, MULTI and EXEC included. */
  commands: number;
  /** Top-level error replies by their text, e.g. `{ 'ERR no such key': 3 }`. */
  errors: Record<string, number>;
  /** The database the client has selected at the end. */
  db: number;
}

const KEYS_PER_TYPE = 24;
const PREFIXES = ['s', 'c', 'f', 'l', 'h', 'st', 'si', 'z'] as const;
const FLOAT_STEPS = ['1.5', '-0.25', '10', '0.1', '3.0e2', '-7'];
const ZSET_STEPS = ['1', '-2', '0.5', '2.5', '-0.75'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];

function key(rng: Rng, prefix: string): string {
  return `${prefix}:${rng.below(KEYS_PER_TYPE)}`;
}

/** Mostly short text; sometimes binary (NUL, CR LF, high bytes) or a longer run. */
function value(rng: Rng): Arg {
  const roll = rng.below(10);
  if (roll === 0) return Buffer.from([0, 13, 10, 0xff, rng.below(256), 0x80, 10]);
  if (roll === 1) return `${rng.pick(WORDS)}-`.repeat(rng.between(3, 8));
  return `v${rng.below(100000)}`;
}

function word(rng: Rng): string {
  return `${rng.pick(WORDS)}${rng.below(5)}`;
}

/** One write command (never MULTI/EXEC/SELECT). */
function writeCommand(rng: Rng): Arg[] {
  const k = rng.below(46);
  if (k < 3) return ['SET', key(rng, 's'), value(rng)];
  if (k < 5) return ['SET', key(rng, 's'), value(rng), 'PX', String(rng.between(20, 400))];
  if (k < 6) return ['SET', key(rng, 's'), value(rng), 'EX', String(rng.between(3000, 4000))];
  if (k < 8) return ['APPEND', key(rng, 's'), value(rng)];
  if (k < 9) return ['SETRANGE', key(rng, 's'), String(rng.below(40)), value(rng)];
  if (k < 10) return ['GETDEL', key(rng, 's')];
  if (k < 12) return ['INCR', key(rng, 'c')];
  if (k < 13) return ['INCRBY', key(rng, 'c'), String(rng.between(-50, 50))];
  if (k < 15) return ['INCRBYFLOAT', key(rng, 'f'), rng.pick(FLOAT_STEPS)];
  if (k < 17) return ['RPUSH', key(rng, 'l'), value(rng), value(rng)];
  if (k < 18) return ['LPUSH', key(rng, 'l'), value(rng)];
  if (k < 19) return rng.chance(0.5) ? ['LPOP', key(rng, 'l')] : ['RPOP', key(rng, 'l'), '2'];
  if (k < 20) return ['LTRIM', key(rng, 'l'), '0', String(rng.between(5, 20))];
  if (k < 21) return ['LMOVE', key(rng, 'l'), key(rng, 'l'), rng.pick(['LEFT', 'RIGHT']), rng.pick(['LEFT', 'RIGHT'])];
  if (k < 22) return ['LINSERT', key(rng, 'l'), 'BEFORE', value(rng), value(rng)];
  if (k < 25) return ['HSET', key(rng, 'h'), `f${rng.below(20)}`, value(rng), `f${rng.below(20)}`, value(rng)];
  if (k < 26) return ['HDEL', key(rng, 'h'), `f${rng.below(20)}`];
  if (k < 27) return ['HINCRBY', key(rng, 'h'), `n${rng.below(4)}`, String(rng.between(-9, 9))];
  if (k < 28) return ['HINCRBYFLOAT', key(rng, 'h'), `x${rng.below(3)}`, rng.pick(FLOAT_STEPS)];
  if (k < 30) return ['SADD', key(rng, 'st'), word(rng), word(rng), word(rng)];
  if (k < 31) return ['SREM', key(rng, 'st'), word(rng)];
  if (k < 32) return rng.chance(0.5) ? ['SPOP', key(rng, 'st')] : ['SPOP', key(rng, 'st'), '2'];
  if (k < 33) return ['SMOVE', key(rng, 'st'), key(rng, 'st'), word(rng)];
  if (k < 34) return [rng.pick(['SUNIONSTORE', 'SINTERSTORE']), key(rng, 'st'), key(rng, 'st'), key(rng, 'st')];
  if (k < 35) return ['SADD', key(rng, 'si'), String(rng.below(1000)), String(-rng.below(1000))];
  if (k < 36) return rng.chance(0.5) ? ['SPOP', key(rng, 'si')] : ['SREM', key(rng, 'si'), String(rng.below(1000))];
  if (k < 38) return ['ZADD', key(rng, 'z'), String(rng.between(-20, 20)), word(rng), String(rng.below(100) / 4), word(rng)];
  if (k < 39) return ['ZINCRBY', key(rng, 'z'), rng.pick(ZSET_STEPS), word(rng)];
  if (k < 40) return rng.chance(0.5) ? ['ZPOPMIN', key(rng, 'z')] : ['ZPOPMAX', key(rng, 'z'), '2'];
  if (k < 41) return ['ZREM', key(rng, 'z'), word(rng)];
  const prefix = rng.pick(PREFIXES);
  if (k < 42) return [rng.pick(['DEL', 'UNLINK']), key(rng, prefix)];
  if (k < 43) return ['RENAME', key(rng, prefix), key(rng, prefix)];
  if (k < 44) return ['PEXPIRE', key(rng, prefix), String(rng.between(20, 400))];
  if (k < 45) return ['EXPIRE', key(rng, prefix), String(rng.between(3000, 4000))];
  return ['PERSIST', key(rng, prefix)];
}

/**
 * Sends `n` commands (about: a MULTI block is never split) of the load for `seed` on `client`,
 * pipelined in batches. Resolves when every reply has arrived.
 */
export async function mixedWrites(
  client: RawClient,
  n: number,
  seed: number,
  options: WriteLoadOptions = {},
): Promise<WriteLoadResult> {
  const rng = new Rng(seed);
  const dbs = options.dbs ?? DEFAULT_DBS;
  const batchSize = options.batch ?? 100;
  let db = rng.pick(dbs);
  const commands: Arg[][] = [['SELECT', String(db)]];
  while (commands.length < n) {
    const roll = rng.below(40);
    if (roll === 0) {
      db = rng.pick(dbs);
      commands.push(['SELECT', String(db)]);
    } else if (roll < 3) {
      const size = rng.between(2, 4);
      commands.push(['MULTI']);
      for (let i = 0; i < size; i++) commands.push(writeCommand(rng));
      commands.push(['EXEC']);
    } else {
      commands.push(writeCommand(rng));
    }
  }
  const errors: Record<string, number> = {};
  let sent = 0;
  while (sent < commands.length) {
    // A batch ends after an EXEC or outside a block, so onBatch never runs mid-transaction.
    let end = Math.min(sent + batchSize, commands.length);
    while (end < commands.length && !isOutsideBlock(commands, end)) end++;
    const replies = await pipelineCalls(client, commands.slice(sent, end), end - sent);
    for (const reply of replies) {
      if (reply[0] !== 0x2d) continue;
      const text = reply.toString('latin1', 1, reply.length - 2);
      errors[text] = (errors[text] ?? 0) + 1;
    }
    sent = end;
    await options.onBatch?.(sent);
  }
  return { commands: commands.length, errors, db };
}

/** True when position `at` of the command list is not inside a MULTI … EXEC block. */
function isOutsideBlock(commands: readonly Arg[][], at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    if (commands[i][0] === 'EXEC') return true;
    if (commands[i][0] === 'MULTI') return false;
  }
  return true;
}
