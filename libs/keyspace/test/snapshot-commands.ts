/**
 * Random arguments for every write command of the command table (and a few reads that expire keys
 * lazily), for the snapshot consistency property. Keys come from small pools per type, with some
 * crossing between pools (WRONGTYPE paths, RENAME over another type), so commands mostly meet keys
 * that exist; values are chosen to reach every encoding change and in-place path: same-length
 * overwrites (SET's Buffer reuse), long values (listpack → hashtable/skiplist), bit offsets past
 * 64 bytes (bits/grow.ts's spare capacity), integers (intsets, INCR).
 */
import { FakeContext } from './fake-context';

/** A deterministic generator of choices (mulberry32), so a failing case replays from its seed. */
export class Pick {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  of<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type KeyKind = 'string' | 'list' | 'hash' | 'set' | 'zset';

const POOLS: Readonly<Record<KeyKind, readonly string[]>> = {
  string: ['s0', 's1', 's2', 's3', 's4'],
  list: ['l0', 'l1', 'l2', 'l3', 'l4'],
  hash: ['h0', 'h1', 'h2', 'h3', 'h4'],
  set: ['t0', 't1', 't2', 't3', 't4'],
  zset: ['z0', 'z1', 'z2', 'z3', 'z4'],
};
const KINDS: readonly KeyKind[] = ['string', 'list', 'hash', 'set', 'zset'];

/** The number of databases the property runs with (MOVE, COPY DB, SWAPDB pick among them). */
export const DATABASES = 3;

/** A key of the kind's pool, now and then of any pool. */
function key(p: Pick, kind: KeyKind): string {
  return POOLS[p.chance(0.12) ? p.of(KINDS) : kind][p.int(0, 4)];
}

function keys(p: Pick, kind: KeyKind, min: number, max: number): string[] {
  const out: string[] = [];
  for (let n = p.int(min, max); n > 0; n--) out.push(key(p, kind));
  return out;
}

const LONG = 'L'.repeat(70);

/** A string value: small integers, two-digit numbers (same length), words, long, binary. */
function value(p: Pick): string {
  const r = p.next();
  if (r < 0.3) return String(p.int(0, 30));
  if (r < 0.55) return String(p.int(10, 99));
  if (r < 0.8) return p.of(['a', 'bb', 'ccc', 'hello', 'x y']);
  if (r < 0.9) return LONG + p.int(0, 9);
  return String.fromCharCode(0, 0xff, p.int(0x80, 0xfe));
}

/** A set member: mostly integers (intset), sometimes words or long ones (hashtable). */
/** A list element: often one of a few (so LREM, LINSERT and LPOS-like pivots find matches). */
function element(p: Pick): string {
  return p.chance(0.6) ? p.of(['a', 'b', '1', '2']) : value(p);
}

function setMember(p: Pick): string {
  const r = p.next();
  if (r < 0.75) return String(p.int(-3, 20));
  if (r < 0.95) return p.of(['m', 'n', 'o']);
  return LONG;
}

function field(p: Pick): string {
  return p.chance(0.95) ? `f${p.int(0, 7)}` : LONG;
}

function member(p: Pick): string {
  return p.chance(0.95) ? `m${p.int(0, 7)}` : LONG;
}

function score(p: Pick): string {
  const r = p.next();
  if (r < 0.6) return String(p.int(-5, 5));
  if (r < 0.85) return (p.int(-50, 50) / 4).toString();
  return p.of(['-inf', '+inf', '0']);
}

function db(p: Pick): string {
  return String(p.int(0, DATABASES - 1));
}

function side(p: Pick): string {
  return p.of(['LEFT', 'RIGHT']);
}

function count(p: Pick): string[] {
  return p.chance(0.5) ? ['COUNT', String(p.int(1, 4))] : [];
}

function numkeys(list: string[]): string[] {
  return [String(list.length), ...list];
}

/** A TTL option of SET/GETEX, relative to `now`: short, so time advancing expires keys. */
function ttlOption(p: Pick, now: number): string[] {
  const r = p.next();
  if (r < 0.25) return ['EX', String(p.int(1, 2))];
  if (r < 0.5) return ['PX', String(p.int(1, 2500))];
  if (r < 0.65) return ['EXAT', String(Math.floor(now / 1000) + p.int(1, 3))];
  if (r < 0.8) return ['PXAT', String(now + p.int(-1000, 2500))];
  return [];
}

/** A score range: bounds inclusive or exclusive, infinities. */
function scoreBound(p: Pick): string {
  const s = score(p);
  return p.chance(0.3) && !s.includes('inf') ? `(${s}` : s;
}

function lexBound(p: Pick): string {
  return p.of(['-', '+', `[m${p.int(0, 7)}`, `(m${p.int(0, 7)}`]);
}

/** Arguments of one command (name first); `ctx` lets RESTORE take a DUMP of an existing key. */
export type ArgsGenerator = (p: Pick, ctx: FakeContext) => (string | Buffer)[];

/** Where RESTORE finds a payload when the key it dumps is missing (it has no snapshot running). */
const payloadSource = new FakeContext();

/** The payload of DUMP of a random key of `ctx`, or of a fresh string when that key is missing. */
function dumpPayload(p: Pick, ctx: FakeContext): Buffer {
  let reply = ctx.run('DUMP', key(p, p.of(KINDS)));
  if (reply.startsWith('$-1')) {
    payloadSource.run('SET', 'k', value(p));
    reply = payloadSource.run('DUMP', 'k');
  }
  const start = reply.indexOf('\r\n') + 2;
  return Buffer.from(reply.slice(start, start + Number(reply.slice(1, start - 2))), 'latin1');
}

/** Every write command of the table, by name. */
export const WRITE_GENERATORS: Readonly<Record<string, ArgsGenerator>> = {
  // Strings.
  set: (p, ctx) => {
    const args = ['SET', key(p, 'string'), value(p)];
    if (p.chance(0.15)) args.push(p.of(['NX', 'XX']));
    if (p.chance(0.15)) args.push('GET');
    if (p.chance(0.15)) args.push('KEEPTTL');
    else args.push(...ttlOption(p, ctx.now));
    return args;
  },
  setnx: (p) => ['SETNX', key(p, 'string'), value(p)],
  setex: (p) => ['SETEX', key(p, 'string'), String(p.int(1, 2)), value(p)],
  psetex: (p) => ['PSETEX', key(p, 'string'), String(p.int(1, 2500)), value(p)],
  mset: (p) => ['MSET', key(p, 'string'), value(p), key(p, 'string'), value(p)],
  msetnx: (p) => ['MSETNX', key(p, 'string'), value(p), key(p, 'string'), value(p)],
  getset: (p) => ['GETSET', key(p, 'string'), value(p)],
  getdel: (p) => ['GETDEL', key(p, 'string')],
  getex: (p, ctx) => {
    const option = p.chance(0.3) ? ['PERSIST'] : ttlOption(p, ctx.now);
    return ['GETEX', key(p, 'string'), ...option];
  },
  append: (p) => ['APPEND', key(p, 'string'), value(p)],
  incr: (p) => ['INCR', key(p, 'string')],
  decr: (p) => ['DECR', key(p, 'string')],
  incrby: (p) => ['INCRBY', key(p, 'string'), String(p.int(-100, 100))],
  decrby: (p) => ['DECRBY', key(p, 'string'), String(p.int(-100, 100))],
  incrbyfloat: (p) => ['INCRBYFLOAT', key(p, 'string'), String(p.int(-40, 40) / 8)],
  setrange: (p) => ['SETRANGE', key(p, 'string'), String(p.int(0, 80)), value(p)],
  setbit: (p) => ['SETBIT', key(p, 'string'), String(p.int(0, 1500)), p.of(['0', '1'])],
  bitop: (p) => {
    const op = p.of(['AND', 'OR', 'XOR', 'NOT']);
    return ['BITOP', op, key(p, 'string'), ...keys(p, 'string', 1, op === 'NOT' ? 1 : 3)];
  },
  bitfield: (p) => {
    const args = ['BITFIELD', key(p, 'string')];
    for (let n = p.int(1, 3); n > 0; n--) {
      const op = p.next();
      if (op < 0.15) args.push('OVERFLOW', p.of(['WRAP', 'SAT', 'FAIL']));
      else if (op < 0.5) args.push('SET', p.of(['u8', 'i5', 'u1']), String(p.int(0, 900)), String(p.int(-20, 300)));
      else if (op < 0.85) args.push('INCRBY', p.of(['i8', 'u4']), String(p.int(0, 900)), String(p.int(-9, 9)));
      else args.push('GET', 'u8', String(p.int(0, 900)));
    }
    return args;
  },
  // Generic.
  del: (p) => ['DEL', ...keys(p, p.of(KINDS), 1, 3)],
  unlink: (p) => ['UNLINK', ...keys(p, p.of(KINDS), 1, 3)],
  rename: (p) => {
    const kind = p.of(KINDS);
    return ['RENAME', key(p, kind), key(p, kind)];
  },
  renamenx: (p) => {
    const kind = p.of(KINDS);
    return ['RENAMENX', key(p, kind), key(p, kind)];
  },
  move: (p) => ['MOVE', key(p, p.of(KINDS)), db(p)],
  copy: (p) => {
    const kind = p.of(KINDS);
    const args = ['COPY', key(p, kind), key(p, kind)];
    if (p.chance(0.5)) args.push('DB', db(p));
    if (p.chance(0.5)) args.push('REPLACE');
    return args;
  },
  sort: (p) => {
    const args = ['SORT', key(p, p.of(['list', 'set', 'zset'] as const))];
    const r = p.next();
    if (r < 0.2) args.push('BY', 'nosort');
    else if (r < 0.3) args.push('BY', 's*');
    if (p.chance(0.7)) args.push('ALPHA');
    if (p.chance(0.3)) args.push('LIMIT', String(p.int(0, 2)), String(p.int(1, 5)));
    if (p.chance(0.3)) args.push('DESC');
    if (p.chance(0.75)) args.push('STORE', key(p, 'list'));
    return args;
  },
  expire: (p) => {
    const args = ['EXPIRE', key(p, p.of(KINDS)), String(p.int(-1, 2))];
    if (p.chance(0.3)) args.push(p.of(['NX', 'XX', 'GT', 'LT']));
    return args;
  },
  pexpire: (p) => ['PEXPIRE', key(p, p.of(KINDS)), String(p.int(-100, 2500))],
  expireat: (p, ctx) => ['EXPIREAT', key(p, p.of(KINDS)), String(Math.floor(ctx.now / 1000) + p.int(-2, 3))],
  pexpireat: (p, ctx) => ['PEXPIREAT', key(p, p.of(KINDS)), String(ctx.now + p.int(-1000, 2500))],
  persist: (p) => ['PERSIST', key(p, p.of(KINDS))],
  restore: (p, ctx) => {
    const payload = dumpPayload(p, ctx);
    const args: (string | Buffer)[] = ['RESTORE', key(p, p.of(KINDS))];
    const absolute = p.chance(0.3);
    if (absolute) args.push(String(ctx.now + p.int(-1000, 2500)), payload, 'ABSTTL');
    else args.push(p.chance(0.5) ? '0' : String(p.int(1, 2500)), payload);
    if (p.chance(0.6)) args.push('REPLACE');
    return args;
  },
  flushdb: () => ['FLUSHDB'],
  flushall: () => ['FLUSHALL'],
  swapdb: (p) => ['SWAPDB', db(p), db(p)],
  // Hashes.
  hset: (p) => ['HSET', key(p, 'hash'), field(p), value(p), field(p), value(p)],
  hsetnx: (p) => ['HSETNX', key(p, 'hash'), field(p), value(p)],
  hmset: (p) => ['HMSET', key(p, 'hash'), field(p), value(p)],
  hdel: (p) => ['HDEL', key(p, 'hash'), field(p), field(p)],
  hincrby: (p) => ['HINCRBY', key(p, 'hash'), field(p), String(p.int(-10, 10))],
  hincrbyfloat: (p) => ['HINCRBYFLOAT', key(p, 'hash'), field(p), String(p.int(-40, 40) / 8)],
  // Lists.
  lpush: (p) => ['LPUSH', key(p, 'list'), element(p), element(p)],
  rpush: (p) => ['RPUSH', key(p, 'list'), element(p)],
  lpushx: (p) => ['LPUSHX', key(p, 'list'), element(p)],
  rpushx: (p) => ['RPUSHX', key(p, 'list'), element(p), element(p)],
  lpop: (p) => ['LPOP', key(p, 'list'), ...(p.chance(0.4) ? [String(p.int(0, 3))] : [])],
  rpop: (p) => ['RPOP', key(p, 'list'), ...(p.chance(0.4) ? [String(p.int(0, 3))] : [])],
  lset: (p) => ['LSET', key(p, 'list'), String(p.int(-3, 3)), element(p)],
  lrem: (p) => ['LREM', key(p, 'list'), String(p.int(-2, 2)), element(p)],
  ltrim: (p) => ['LTRIM', key(p, 'list'), String(p.int(-3, 2)), String(p.int(-3, 4))],
  linsert: (p) => ['LINSERT', key(p, 'list'), p.of(['BEFORE', 'AFTER']), element(p), element(p)],
  lmove: (p) => ['LMOVE', key(p, 'list'), key(p, 'list'), side(p), side(p)],
  rpoplpush: (p) => ['RPOPLPUSH', key(p, 'list'), key(p, 'list')],
  lmpop: (p) => ['LMPOP', ...numkeys(keys(p, 'list', 1, 3)), side(p), ...count(p)],
  blpop: (p) => ['BLPOP', ...keys(p, 'list', 1, 3), '0'],
  brpop: (p) => ['BRPOP', ...keys(p, 'list', 1, 3), '0'],
  blmove: (p) => ['BLMOVE', key(p, 'list'), key(p, 'list'), side(p), side(p), '0'],
  brpoplpush: (p) => ['BRPOPLPUSH', key(p, 'list'), key(p, 'list'), '0'],
  blmpop: (p) => ['BLMPOP', '0', ...numkeys(keys(p, 'list', 1, 3)), side(p), ...count(p)],
  // Sorted sets.
  zadd: (p) => {
    const args = ['ZADD', key(p, 'zset')];
    if (p.chance(0.2)) args.push(p.of(['NX', 'XX']));
    if (p.chance(0.2)) args.push(p.of(['GT', 'LT']));
    if (p.chance(0.2)) args.push('CH');
    if (p.chance(0.15)) return [...args, 'INCR', score(p), member(p)];
    for (let n = p.int(1, 3); n > 0; n--) args.push(score(p), member(p));
    return args;
  },
  zincrby: (p) => ['ZINCRBY', key(p, 'zset'), score(p), member(p)],
  zrem: (p) => ['ZREM', key(p, 'zset'), member(p), member(p)],
  zrangestore: (p) => {
    const r = p.next();
    const base = ['ZRANGESTORE', key(p, 'zset'), key(p, 'zset')];
    if (r < 0.4) return [...base, String(p.int(-3, 2)), String(p.int(-2, 5))];
    if (r < 0.7) return [...base, scoreBound(p), scoreBound(p), 'BYSCORE'];
    return [...base, lexBound(p), lexBound(p), 'BYLEX'];
  },
  zremrangebyrank: (p) => ['ZREMRANGEBYRANK', key(p, 'zset'), String(p.int(-3, 2)), String(p.int(-2, 3))],
  zremrangebyscore: (p) => ['ZREMRANGEBYSCORE', key(p, 'zset'), scoreBound(p), scoreBound(p)],
  zremrangebylex: (p) => ['ZREMRANGEBYLEX', key(p, 'zset'), lexBound(p), lexBound(p)],
  zpopmin: (p) => ['ZPOPMIN', key(p, 'zset'), ...(p.chance(0.4) ? [String(p.int(0, 3))] : [])],
  zpopmax: (p) => ['ZPOPMAX', key(p, 'zset'), ...(p.chance(0.4) ? [String(p.int(0, 3))] : [])],
  bzpopmin: (p) => ['BZPOPMIN', ...keys(p, 'zset', 1, 3), '0'],
  bzpopmax: (p) => ['BZPOPMAX', ...keys(p, 'zset', 1, 3), '0'],
  zmpop: (p) => ['ZMPOP', ...numkeys(keys(p, 'zset', 1, 3)), p.of(['MIN', 'MAX']), ...count(p)],
  bzmpop: (p) => ['BZMPOP', '0', ...numkeys(keys(p, 'zset', 1, 3)), p.of(['MIN', 'MAX']), ...count(p)],
  zunionstore: (p) => {
    const sources = keys(p, 'zset', 1, 3);
    const args = ['ZUNIONSTORE', key(p, 'zset'), ...numkeys(sources)];
    if (p.chance(0.3)) args.push('AGGREGATE', p.of(['SUM', 'MIN', 'MAX']));
    return args;
  },
  zinterstore: (p) => {
    const sources = keys(p, 'zset', 1, 3);
    const args = ['ZINTERSTORE', key(p, 'zset'), ...numkeys(sources)];
    if (p.chance(0.3)) args.push('WEIGHTS', ...sources.map(() => String(p.int(-2, 3))));
    return args;
  },
  zdiffstore: (p) => ['ZDIFFSTORE', key(p, 'zset'), ...numkeys(keys(p, 'zset', 1, 3))],
  // Sets.
  sadd: (p) => ['SADD', key(p, 'set'), setMember(p), setMember(p), setMember(p)],
  srem: (p) => ['SREM', key(p, 'set'), setMember(p), setMember(p)],
  spop: (p) => ['SPOP', key(p, 'set'), ...(p.chance(0.6) ? [String(p.int(0, 12))] : [])],
  smove: (p) => ['SMOVE', key(p, 'set'), key(p, 'set'), setMember(p)],
  sinterstore: (p) => ['SINTERSTORE', key(p, 'set'), ...keys(p, 'set', 1, 3)],
  sunionstore: (p) => ['SUNIONSTORE', key(p, 'set'), ...keys(p, 'set', 1, 3)],
  sdiffstore: (p) => ['SDIFFSTORE', key(p, 'set'), ...keys(p, 'set', 1, 3)],
};

/** Reads whose lookups expire keys lazily (or, for SORT, convert a sorted set's encoding). */
export const READ_GENERATORS: readonly ArgsGenerator[] = [
  (p) => ['GET', key(p, 'string')],
  (p) => ['EXISTS', ...keys(p, p.of(KINDS), 1, 3)],
  (p) => ['TTL', key(p, p.of(KINDS))],
  (p) => ['TYPE', key(p, p.of(KINDS))],
  (p) => ['SCAN', '0', 'COUNT', String(p.int(1, 30))],
  () => ['RANDOMKEY'],
  (p) => ['LRANGE', key(p, 'list'), '0', '-1'],
  (p) => ['ZRANGE', key(p, 'zset'), '0', '-1'],
  (p) => ['SORT_RO', key(p, 'zset'), 'ALPHA'],
  (p) => ['SMEMBERS', key(p, 'set')],
  (p) => ['HGETALL', key(p, 'hash')],
];

/**
 * Commands that fill a database: each key of every pool, most with several elements, a third with
 * a TTL (some of them short enough to pass before the snapshot starts).
 */
export function fillDatabase(p: Pick, ctx: FakeContext): void {
  for (const kind of KINDS) {
    for (const k of POOLS[kind]) {
      if (p.chance(0.25)) continue;
      const n = p.int(1, p.chance(0.1) ? 140 : 6);
      if (kind === 'string') ctx.run('SET', k, value(p));
      for (let i = 0; i < n && kind !== 'string'; i++) {
        if (kind === 'list') ctx.run('RPUSH', k, element(p));
        else if (kind === 'hash') ctx.run('HSET', k, field(p) + (n > 8 ? i : ''), value(p));
        else if (kind === 'set') ctx.run('SADD', k, setMember(p) + (n > 20 && p.chance(0.5) ? i : ''));
        else ctx.run('ZADD', k, score(p), member(p) + (n > 8 ? i : ''));
      }
      if (p.chance(0.5)) ctx.run('PEXPIREAT', k, String(ctx.now + p.int(1, 3000)));
    }
  }
}
