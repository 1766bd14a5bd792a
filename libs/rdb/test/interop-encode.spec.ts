/**
 * Files written by RdbEncoder, checked by the real thing: `redis-check-rdb` must pass them and a real
 * redis-server 7.0 must load them with every key's type, contents, expiry and OBJECT ENCODING as
 * written. The data covers every type id and inner encoding the encoder writes: int-encoded, LZF,
 * empty and binary strings; small lists, lists spanning nodes and a 20 KB element; listpack and
 * plain hashes; intsets of 16/32/64-bit members and plain sets; listpack and ZSET_2 sorted sets with
 * ±inf scores; expiries; three databases. Both with compression on and off.
 */
import { RawClient, startRedisServer, type RunningServer } from '@resplica/testing';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RdbEncoder } from '../src/encoder';
import type { RdbBytes, RdbValue } from '../src/model';
import { HAVE_REDIS, Random, ask, comparableOf, latin1, readBack } from './interop-encode-support';

const describeWithRedis = HAVE_REDIS ? describe : describe.skip;

interface Key {
  db: number;
  key: RdbBytes;
  value: RdbValue;
  /** Absolute unix ms, or -1. */
  expireAt: number;
  /** OBJECT ENCODING a 7.0 server reports for this value. */
  encoding: string;
}

/** Pseudo-random bytes, the same on every run; they do not compress. */
const noise = (length: number, seed: number) => new Random(seed).bytes(length);

const str = (value: RdbBytes): RdbValue => ({ kind: 'string', value });
const list = (items: RdbBytes[]): RdbValue => ({ kind: 'list', length: items.length, items });
const set = (members: RdbBytes[], intset: boolean): RdbValue => ({ kind: 'set', size: members.length, members, intset });
const hash = (entries: [RdbBytes, RdbBytes][], listpack: boolean): RdbValue => ({ kind: 'hash', size: entries.length, entries, listpack });
const zset = (entries: [RdbBytes, number][], listpack: boolean): RdbValue => ({ kind: 'zset', size: entries.length, entries, listpack });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function dataset(now: number): Key[] {
  const inADay = now + 86_400_000;
  const keys: Key[] = [
    { db: 0, key: 'str:plain', value: str('hello world'), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'str:int', value: str('12345'), expireAt: -1, encoding: 'int' },
    { db: 0, key: 'str:negative', value: str('-2147483648'), expireAt: -1, encoding: 'int' },
    { db: 0, key: 'str:int64', value: str('9223372036854775807'), expireAt: -1, encoding: 'int' },
    { db: 0, key: 'str:not-canonical', value: str('007'), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'str:lzf', value: str('abc'.repeat(100)), expireAt: -1, encoding: 'raw' },
    { db: 0, key: 'str:lzf-short', value: str('x'.repeat(40)), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'str:empty', value: str(''), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: Buffer.from([0, 1, 0xff, 13, 10]), value: str(Buffer.from([0xfe, 0, 13, 10, 0x80])), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'str:20k', value: str(noise(20_000, 1)), expireAt: -1, encoding: 'raw' },
    { db: 0, key: 'str:expiring', value: str('soon'), expireAt: inADay, encoding: 'embstr' },
    { db: 0, key: '42', value: str('a key that is an integer'), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'k'.repeat(50), value: str('a key that LZF compresses'), expireAt: -1, encoding: 'embstr' },
    { db: 0, key: 'list:small', value: list(['1', '2', 'hello']), expireAt: -1, encoding: 'quicklist' },
    { db: 0, key: 'list:nodes', value: list(range(300).map((i) => `element-${i}-`.padEnd(100, '.'))), expireAt: -1, encoding: 'quicklist' },
    {
      db: 0,
      key: 'list:big-element',
      value: list(['head', noise(20_000, 2), 'tail', '12345', '-9223372036854775808', '']),
      expireAt: inADay + 1,
      encoding: 'quicklist',
    },
    { db: 0, key: 'list:ints', value: list(range(5000).map((i) => String(i * 7919 - 20_000_000))), expireAt: -1, encoding: 'quicklist' },
    {
      db: 0,
      key: 'hash:listpack',
      value: hash([['name', 'resplica'], ['1', '2'], ['count', '-4097'], ['empty', ''], [Buffer.from([0xff]), Buffer.from([0, 13, 10])]], true),
      expireAt: -1,
      encoding: 'listpack',
    },
    // 7.0's compiled default hash-max-listpack-entries is 512 (redis.conf's example says 128).
    { db: 0, key: 'hash:plain', value: hash(range(600).map((i): [string, string] => [`field:${i}`, `value:${i * 3}`]), false), expireAt: -1, encoding: 'hashtable' },
    { db: 0, key: 'hash:long-value', value: hash([['a', '1'], ['b', 'v'.repeat(100)], ['c', '']], false), expireAt: -1, encoding: 'hashtable' },
    { db: 0, key: 'set:int16', value: set(['5', '-3', '32767', '-32768', '0'], true), expireAt: -1, encoding: 'intset' },
    { db: 0, key: 'set:int32', value: set(['1', '100000', '-2147483648'], true), expireAt: -1, encoding: 'intset' },
    {
      db: 0,
      key: 'set:int64',
      value: set(['9223372036854775807', '-9223372036854775808', '4294967296', '9007199254740993', '7'], true),
      expireAt: -1,
      encoding: 'intset',
    },
    { db: 0, key: 'set:strings', value: set(['a', 'b', 'c', '', Buffer.from([0, 0xff])], false), expireAt: -1, encoding: 'hashtable' },
    { db: 0, key: 'set:many-ints', value: set(range(600).map((i) => String(i * 3)), false), expireAt: -1, encoding: 'hashtable' },
    {
      db: 0,
      key: 'zset:listpack',
      value: zset([['neg', -Infinity], ['a', -2.5], ['zero', -0], ['d', 0.1], ['b', 1], ['c', 1], ['e', 2 ** 62], ['f', 1e20], ['pos', Infinity]], true),
      expireAt: -1,
      encoding: 'listpack',
    },
    {
      db: 0,
      key: 'zset:plain',
      value: zset([['top', Infinity], ...range(198).map((i): [string, number] => [`m${i}`, (i * 37) % 101 - 50.25]), ['bottom', -Infinity]], false),
      expireAt: -1,
      encoding: 'skiplist',
    },
    { db: 0, key: 'zset:long-member', value: zset([['m'.repeat(100), 3.5]], false), expireAt: -1, encoding: 'skiplist' },
    { db: 1, key: 'str:plain', value: str('in db 1'), expireAt: inADay + 2, encoding: 'embstr' },
    { db: 1, key: 'list:small', value: list(['x']), expireAt: -1, encoding: 'quicklist' },
    { db: 15, key: 'last', value: hash([['f', 'v']], true), expireAt: inADay + 3, encoding: 'listpack' },
  ];
  return keys;
}

/** Writes `keys` as an RDB file at `path`, chunk by chunk as a snapshot would. */
function writeFile(path: string, keys: Key[], compression: boolean): number {
  const fd = openSync(path, 'w');
  try {
    const encoder = new RdbEncoder({ write: (chunk) => writeSync(fd, chunk) }, { compression, chunkBytes: 4096 });
    encoder.header([
      ['redis-ver', '7.0.15'],
      ['redis-bits', 64],
      ['ctime', Math.floor(Date.now() / 1000)],
      ['used-mem', 1_000_000],
      ['aof-base', 0],
    ]);
    for (const db of [...new Set(keys.map((k) => k.db))]) {
      const inDb = keys.filter((k) => k.db === db);
      encoder.selectDb(db, { keys: inDb.length, expires: inDb.filter((k) => k.expireAt !== -1).length });
      for (const k of inDb) encoder.key(k.key, k.value, k.expireAt);
    }
    encoder.finish();
    return encoder.bytesWritten;
  } finally {
    closeSync(fd);
  }
}

describeWithRedis.each([true, false])('RDB files from RdbEncoder (compression %s) in a real 7.0', (compression) => {
  const keys = dataset(Date.now());
  let dir: string;
  let path: string;
  let bytes: number;
  let server: RunningServer | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdb-encode-'));
    path = join(dir, 'dump.rdb');
    bytes = writeFile(path, keys, compression);
    server = await startRedisServer(['--dir', dir, '--dbfilename', 'dump.rdb']);
    client = await RawClient.connect(server.port);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes redis-check-rdb', () => {
    const check = spawnSync('redis-check-rdb', [path], { encoding: 'latin1', timeout: 20_000 });
    expect(check.stdout).toContain('RDB looks OK');
    expect(check.stdout).toContain(`[offset ${bytes}]`);
    expect(check.status).toBe(0);
  });

  it('fails redis-check-rdb once one byte is flipped (the check above can fail)', () => {
    const corrupt = join(dir, 'corrupt.rdb');
    const file = readFileSync(path);
    file[Math.floor(file.length / 2)] ^= 0x01;
    writeFileSync(corrupt, file);
    const check = spawnSync('redis-check-rdb', [corrupt], { encoding: 'latin1', timeout: 20_000 });
    expect(check.stdout).not.toContain('RDB looks OK');
    expect(check.status).not.toBe(0);
  });

  it('is loaded with every key in its database', async () => {
    expect(server!.output()).toContain(`DB loaded from disk`);
    for (const db of [0, 1, 15]) {
      await ask(client!, 'SELECT', String(db));
      expect((await ask(client!, 'DBSIZE')).text).toBe(String(keys.filter((k) => k.db === db).length));
    }
  });

  it.each(keys.map((k) => [`db ${k.db} ${JSON.stringify(latin1(k.key))}`, k] as const))('%s has its type, contents, expiry and encoding', async (_name, k) => {
    const key = typeof k.key === 'string' ? Buffer.from(k.key, 'latin1') : k.key;
    await ask(client!, 'SELECT', String(k.db));
    expect((await ask(client!, 'TYPE', key)).text).toBe(k.value.kind);
    expect(await readBack(client!, k.key, k.value.kind)).toEqual(comparableOf(k.value));
    expect((await ask(client!, 'PEXPIRETIME', key)).text).toBe(String(k.expireAt));
    expect((await ask(client!, 'OBJECT', 'ENCODING', key)).text).toBe(k.encoding);
  });
});
