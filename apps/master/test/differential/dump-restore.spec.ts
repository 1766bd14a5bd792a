/*
 * Differential suite: DUMP and RESTORE against redis-server 7.0.15.
 *
 * 1. Sessions, byte for byte in RESP2 and RESP3: DUMP of every value whose payload is a function of
 *    the data (strings with and without LZF, lists, listpack hashes and zsets, intsets, skiplist
 *    zsets, which 7.0 writes highest score first), every RESTORE error and option, TTLs, the
 *    encodings 7.0 gives each type id on load (payloads crafted with our encoder), keyspace events
 *    and WATCH.
 * 2. Cross-restore: a key of every type and encoding — hashtable sets and hashes included, whose
 *    payload follows Redis's hash order — is DUMPed by each server and RESTOREd into the other;
 *    both must then hold the same contents in the same encoding.
 *
 * Not compared: payloads 7.0 accepts although they are malformed (a body that reads into the
 * footer, or leaves bytes before it) — we refuse them as "Bad data format"; see commands/dump.ts.
 */
import { crc64, encodeDumpPayload, type RdbValue } from '@resplica/rdb';
import { integerWithin, parseReply, RawClient, RunningServer, Session, Step } from '@resplica/testing';
import type { ReplyNode } from '@resplica/testing';
import { startWithReference } from '../server-under-test';
import { describeDifferential } from './support';

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const BIN = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const LONG = 'v'.repeat(70);
/** Bytes LZF cannot shrink (a fixed pseudo-random sequence). */
const NOISE = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + ((i * i) >> 3)) & 0xff));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `body` with the DUMP footer: version (2 bytes LE), then the CRC-64 LE of everything before. */
function withFooter(body: Buffer, version = 10): Buffer {
  const head = Buffer.concat([body, Buffer.from([version & 0xff, version >> 8])]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(head));
  return Buffer.concat([head, crc]);
}

const HELLO = withFooter(Buffer.from([0, 5, ...Buffer.from('hello')]));
const payload = (v: RdbValue) => encodeDumpPayload(v);

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

/** Keys of the encodings session that load as hashtables (their DUMP is in Redis's hash order). */
const HASH_ORDERED = ['set-plain-mixed', 'set-intset-513', 'hash-listpack-513'];

const sessions: Session[] = [
  {
    name: 'DUMP of strings: int-encoded, plain, LZF-compressed, incompressible, binary',
    steps: [
      ['DUMP', 'missing'],
      ...[
        ['n1', '12'],
        ['n2', '-128'],
        ['n3', '32767'],
        ['n4', '-2147483648'],
        ['n5', '2147483648'],
        ['n6', '12345678901234567890'],
        ['z1', '007'],
        ['z2', '-0'],
        ['z3', ''],
        ['s1', 'hello'],
        ['s2', 'a'.repeat(20)],
        ['s3', 'a'.repeat(21)],
        ['s4', 'a'.repeat(30)],
        ['s5', 'abc'.repeat(4000)],
      ].flatMap(([k, v]): Step[] => [['SET', k, v], ['DUMP', k]]),
      ['SET', 'noise', NOISE],
      ['DUMP', 'noise'],
      ['SET', 'bin', BIN],
      ['DUMP', 'bin'],
      ['SET', 'raw', '1'],
      ['APPEND', 'raw', '2'],
      ['DUMP', 'raw'],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['DUMP', 'f'],
    ],
  },
  {
    name: 'DUMP of lists (quicklist nodes, LZF-compressed nodes, a node per huge element)',
    steps: [
      ['RPUSH', 'l1', 'a', '1', '-70000', BIN, LONG],
      ['DUMP', 'l1'],
      ['RPUSH', 'l2', ...range(3000).map((i) => `element-${i}`)],
      ['DUMP', 'l2'],
      ['RPUSH', 'l3', 'head', 'x'.repeat(9000), 'tail'],
      ['DUMP', 'l3'],
      ['RPUSH', 'l4', ...range(600).map((i) => String(i * 1000))],
      ['DUMP', 'l4'],
    ],
  },
  {
    name: 'DUMP of listpack hashes and intsets of every width',
    steps: [
      ['HSET', 'h1', 'f', 'v', 'n', '12', 'neg', '-5000', 'big', '9223372036854775807', 'b', BIN.subarray(0, 60)],
      ['DUMP', 'h1'],
      ['HSET', 'h2', ...range(100).flatMap((i) => [`field:${i}`, `value:${i}`])],
      ['DUMP', 'h2'],
      ['SADD', 'i16', '5', '-3', '32767'],
      ['DUMP', 'i16'],
      ['SADD', 'i32', '5', '-2147483648', '70000'],
      ['DUMP', 'i32'],
      ['SADD', 'i64', '1', '9223372036854775807', '-9223372036854775808'],
      ['DUMP', 'i64'],
      ['SADD', 'i512', ...range(512).map((i) => String(i * 3))],
      ['DUMP', 'i512'],
    ],
  },
  {
    name: 'DUMP of sorted sets: listpack (scores as text) and skiplist (binary, highest first)',
    steps: [
      ['ZADD', 'z1', '1', 'a', '1.5', 'b', '-inf', 'c', 'inf', 'd', '0.1', 'e', '1e300', 'f', '-0', 'g', '3', BIN.subarray(0, 40)],
      ['DUMP', 'z1'],
      ['ZADD', 'z2', '5e-324', 'tiny', '-2.5', 'neg', '9007199254740993', 'huge', '123456789012', 'int'],
      ['DUMP', 'z2'],
      ['ZADD', 'z3', '1', LONG, '2', 'b', '-inf', 'c', '-0', 'zero'],
      ['DUMP', 'z3'],
      ['ZADD', 'z4', ...range(300).flatMap((i) => [String((i * 37) % 101), `m${i}`])],
      ['DUMP', 'z4'],
    ],
  },
  {
    name: 'RESTORE of DUMPs on the same server: contents, encodings and TTLs',
    steps: [
      ['RESTORE', 's', '0', HELLO],
      ['GET', 's'],
      ['OBJECT', 'ENCODING', 's'],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([0, 0xc1, 0x39, 0x30]))],
      ['GET', 'n'],
      ['OBJECT', 'ENCODING', 'n'],
      ['RESTORE', 's', '0', HELLO],
      ['RESTORE', 's', '0', HELLO, 'REPLACE'],
      ['RESTORE', 't', '100000', HELLO],
      { cmd: ['PTTL', 't'], compare: integerWithin(1000) },
      ['RESTORE', 'abs', '4102444800000', HELLO, 'ABSTTL'],
      ['PEXPIRETIME', 'abs'],
      ['RESTORE', 'max', '9223372036854775807', HELLO, 'ABSTTL'],
      ['PEXPIRETIME', 'max'],
      ['RESTORE', 'wrap', '9223372036854775807', HELLO],
      ['EXISTS', 'wrap'],
      ['RESTORE', 'past', '1', HELLO, 'ABSTTL'],
      ['EXISTS', 'past'],
      ['RESTORE', 's', '1', HELLO, 'ABSTTL', 'REPLACE'],
      ['EXISTS', 's'],
      ['RESTORE', 'old', '0', withFooter(Buffer.from([0, 5, ...Buffer.from('hello')]), 6)],
      ['GET', 'old'],
      ['RESTORE', 'idle', '0', HELLO, 'IDLETIME', '100'],
      ['RESTORE', 'freq', '0', HELLO, 'FREQ', '200'],
      ['RESTORE', 'both', '0', HELLO, 'IDLETIME', '1', 'IDLETIME', '2', 'REPLACE', 'ABSTTL', 'replace'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'RESTORE errors, in 7.0 order: syntax, option values, BUSYKEY, TTL, footer, body',
    steps: [
      ['SET', 'k', 'v'],
      ['RESTORE', 'k', '-1', 'junk', 'BOGUS'],
      ['RESTORE', 'k', '-1', 'junk', 'IDLETIME'],
      ['RESTORE', 'k', '-1', 'junk', 'IDLETIME', '1', 'FREQ', '1'],
      ['RESTORE', 'k', '-1', 'junk', 'FREQ', '1', 'IDLETIME', '1'],
      ['RESTORE', 'k', '-1', 'junk', 'IDLETIME', 'x'],
      ['RESTORE', 'k', '-1', 'junk', 'IDLETIME', '-1'],
      ['RESTORE', 'k', '-1', 'junk', 'FREQ', '256'],
      ['RESTORE', 'k', '-1', 'junk', 'FREQ', '-1'],
      ['RESTORE', 'k', '-1', 'junk', 'FREQ', '1e2'],
      ['RESTORE', 'k', '-1', 'junk'],
      ['RESTORE', 'n', '-1', 'junk'],
      ['RESTORE', 'n', '1.5', 'junk'],
      ['RESTORE', 'n', '99999999999999999999', 'junk'],
      ['RESTORE', 'n', '0', 'junk'],
      ['RESTORE', 'n', '0', '123456789'],
      ['RESTORE', 'n', '0', HELLO.subarray(0, HELLO.length - 1)],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([0, 5, ...Buffer.from('hello')]), 11)],
      ['RESTORE', 'n', '0', Buffer.concat([HELLO.subarray(0, 7), Buffer.from('J'), HELLO.subarray(8)])],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([8, 0]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([0xff]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([2, 0]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([2, 2, 1, 0x61, 1, 0x61]))],
      ['RESTORE', 'n', '0', payload({ kind: 'zset', size: 2, entries: [['m', 1], ['m', 2]], listpack: false })],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([5, 1, 1, 0x6d, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([0, 0xc4]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([18, 1, 3, 1, 0x61]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([18, 1, 2, 0]))],
      ['RESTORE', 'n', '0', withFooter(Buffer.from([11, 0]))],
      ['DBSIZE'],
    ],
  },
  {
    name: 'RESTORE gives each type id the encoding 7.0 loads it in',
    steps: [
      ...(
        [
          ['set-plain-ints', { kind: 'set', size: 3, members: ['3', '1', '2'], intset: false }],
          ['set-plain-mixed', { kind: 'set', size: 2, members: ['1', 'a'], intset: false }],
          ['set-intset-513', { kind: 'set', size: 513, members: range(513).map(String), intset: true }],
          ['hash-plain-small', { kind: 'hash', size: 2, entries: [['a', '1'], ['b', '2']], listpack: false }],
          ['hash-plain-long', { kind: 'hash', size: 1, entries: [['a', LONG]], listpack: false }],
          ['hash-listpack-long', { kind: 'hash', size: 2, entries: [['a', LONG], [LONG, 'b']], listpack: true }],
          [
            'hash-listpack-513',
            { kind: 'hash', size: 513, entries: range(513).map((i): [string, string] => [`f${i}`, 'v']), listpack: true },
          ],
          ['zset-2-small', { kind: 'zset', size: 2, entries: [['b', 2], ['a', 1]], listpack: false }],
          ['zset-2-long', { kind: 'zset', size: 2, entries: [['b', 2], [LONG, 1]], listpack: false }],
          ['zset-2-negzero', { kind: 'zset', size: 1, entries: [['z', -0]], listpack: false }],
          ['zset-listpack-long', { kind: 'zset', size: 2, entries: [['a', 1], [LONG, 2]], listpack: true }],
          [
            'zset-listpack-129',
            { kind: 'zset', size: 129, entries: range(129).map((i): [string, number] => [`m${String(i).padStart(3, '0')}`, 1]), listpack: true },
          ],
        ] as [string, RdbValue][]
      ).flatMap(([key, value]): Step[] => [
        ['RESTORE', key, '0', payload(value)],
        ['OBJECT', 'ENCODING', key],
        // A hashtable's DUMP follows Redis's hash order; the others are functions of the data.
        ...(HASH_ORDERED.includes(key) ? [] : [['DUMP', key] as Step]),
      ]),
      ['ZSCORE', 'zset-2-negzero', 'z'],
      ['HGETALL', 'hash-listpack-long'],
      ['ZRANGE', 'zset-listpack-long', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'RESTORE keyspace events: new + restore (also over a replaced key), del when REPLACE meets a past TTL',
    steps: [
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEAn'],
      { client: 1, cmd: ['PSUBSCRIBE', '__key*__:*'] },
      ['RESTORE', 'k', '0', HELLO],
      ['RESTORE', 'k', '0', HELLO, 'REPLACE'],
      ['RESTORE', 'k', '0', HELLO],
      ['RESTORE', 'k', '1', HELLO, 'ABSTTL', 'REPLACE'],
      ['RESTORE', 'p', '1', HELLO, 'ABSTTL'],
      ['RESTORE', 't', '100000', HELLO],
      // new + restore, new + restore, nothing (BUSYKEY), del, nothing, new + restore: 2 messages each.
      { client: 1, cmd: ['PING'], replies: 15 },
    ],
  },
  {
    name: 'RESTORE invalidates a WATCH on its key (created, replaced, or deleted by a past TTL)',
    steps: [
      ['WATCH', 'k'],
      { client: 1, cmd: ['RESTORE', 'k', '0', HELLO] },
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'k'],
      { client: 1, cmd: ['RESTORE', 'k', '1', HELLO, 'ABSTTL', 'REPLACE'] },
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'k'],
      { client: 1, cmd: ['RESTORE', 'k', '1', HELLO, 'ABSTTL'] },
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ],
  },
];

describeDifferential('DUMP and RESTORE', sessions);

// ---------------------------------------------------------------------------------------------
// Cross-restore
// ---------------------------------------------------------------------------------------------

/** A key of one type and encoding, built by `writes` under the name `src`. */
interface Fixture {
  name: string;
  writes: (string | Buffer)[][];
}

const fixtures: Fixture[] = [
  { name: 'int string', writes: [['SET', 'src', '-123456']] },
  { name: 'embstr string', writes: [['SET', 'src', 'hello']] },
  { name: 'compressible raw string', writes: [['SET', 'src', 'ab'.repeat(5000)]] },
  { name: 'binary string', writes: [['SET', 'src', Buffer.concat([BIN, NOISE])]] },
  { name: 'small list', writes: [['RPUSH', 'src', 'a', '1', BIN]] },
  { name: 'list of many nodes, built from both ends', writes: [['RPUSH', 'src', ...range(2000).map((i) => `r${i}`)], ['LPUSH', 'src', ...range(2000).map((i) => `l${i}`)]] },
  { name: 'list with a huge element', writes: [['RPUSH', 'src', 'a', 'H'.repeat(70000), 'b']] },
  { name: 'intset', writes: [['SADD', 'src', '1', '-70000', '9223372036854775807']] },
  { name: 'hashtable set', writes: [['SADD', 'src', 'x', 'y', BIN, ...range(50).map(String)]] },
  { name: 'hashtable set of 1000 integers', writes: [['SADD', 'src', ...range(1000).map(String)]] },
  { name: 'hashtable set of integers after a removal', writes: [['SADD', 'src', '1', '2', 'x'], ['SREM', 'src', 'x']] },
  { name: 'listpack hash', writes: [['HSET', 'src', 'f', 'v', 'n', '42', 'b', BIN.subarray(0, 64)]] },
  { name: 'hashtable hash (long value)', writes: [['HSET', 'src', 'f', 'v', 'long', LONG]] },
  { name: 'hashtable hash (1000 fields)', writes: [['HSET', 'src', ...range(1000).flatMap((i) => [`f${i}`, `v${i}`])]] },
  { name: 'listpack zset', writes: [['ZADD', 'src', '1', 'a', '-inf', 'b', '2.5', 'c', '0.1', 'd']] },
  { name: 'skiplist zset (long member)', writes: [['ZADD', 'src', '1', LONG, '-0', 'z', 'inf', 'i']] },
  { name: 'skiplist zset (1000 members)', writes: [['ZADD', 'src', ...range(1000).flatMap((i) => [String(i / 7), `m${i}`])]] },
];

/** What `key` holds: TYPE, OBJECT ENCODING and the contents in an order both servers share. */
async function inspect(client: RawClient, key: string): Promise<{ type: string; encoding: string; contents: unknown }> {
  const ask = async (...argv: string[]) => parseReply(await client.call(...argv));
  const texts = (node: ReplyNode) => node.items.map((n) => n.text ?? '');
  const type = (await ask('TYPE', key)).text ?? '';
  const encoding = (await ask('OBJECT', 'ENCODING', key)).text ?? '';
  let contents: unknown;
  if (type === 'string') contents = (await ask('GET', key)).text;
  else if (type === 'list') contents = texts(await ask('LRANGE', key, '0', '-1'));
  else if (type === 'set') contents = texts(await ask('SMEMBERS', key)).sort();
  else if (type === 'hash') {
    const flat = texts(await ask('HGETALL', key));
    contents = range(flat.length / 2).map((i) => [flat[2 * i], flat[2 * i + 1]]).sort();
  } else contents = texts(await ask('ZRANGE', key, '0', '-1', 'WITHSCORES'));
  return { type, encoding, contents };
}

describe('differential: DUMP on one server, RESTORE on the other', () => {
  let ours: RunningServer | undefined;
  let reference: RunningServer | undefined;
  let oursClient: RawClient;
  let referenceClient: RawClient;

  beforeAll(async () => {
    [ours, reference] = await startWithReference();
    oursClient = await RawClient.connect(ours.port);
    referenceClient = await RawClient.connect(reference.port);
  }, 30000);

  afterAll(async () => {
    await Promise.all([oursClient?.close(), referenceClient?.close()]);
    await Promise.all([ours?.stop(), reference?.stop()]);
  });

  /** DUMP of `key` as raw bytes. */
  async function dump(client: RawClient, key: string): Promise<Buffer> {
    const reply = parseReply(await client.call('DUMP', key));
    expect(reply.type).toBe('$');
    return Buffer.from(reply.text ?? '', 'latin1');
  }

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    for (const client of [oursClient, referenceClient]) {
      expect((await client.call('FLUSHALL')).toString()).toBe('+OK\r\n');
      for (const write of fixture.writes) expect((await client.call(...write)).toString()).not.toMatch(/^-/);
    }
    const source = await inspect(referenceClient, 'src');
    expect(await inspect(oursClient, 'src')).toEqual(source);

    const theirs = await dump(referenceClient, 'src');
    const ourPayload = await dump(oursClient, 'src');
    expect((await oursClient.call('RESTORE', 'dst', '0', theirs)).toString()).toBe('+OK\r\n');
    expect((await referenceClient.call('RESTORE', 'dst', '0', ourPayload)).toString()).toBe('+OK\r\n');

    // Each server loads the other's payload as it loads its own: same contents, same encoding
    // (which may differ from the source's: a hashtable set of integers comes back an intset).
    const restored = await inspect(referenceClient, 'dst');
    expect({ ...restored, encoding: '' }).toEqual({ ...source, encoding: '' });
    expect(await inspect(oursClient, 'dst')).toEqual(restored);
    expect((await referenceClient.call('RESTORE', 'own', '0', theirs)).toString()).toBe('+OK\r\n');
    expect(await inspect(referenceClient, 'own')).toEqual(restored);
  });
});
