/**
 * Interop: a real redis-server 7.0 fills a dump.rdb with every encoding it writes — int-encoded,
 * raw and LZF strings, binary keys and values, listpack lists and quicklists with LZF-compressed
 * nodes (list-compress-depth 1), a > 8 KB element and PLAIN nodes, listpack and hashtable hashes,
 * 16/32/64-bit intsets and hashtable sets, listpack and skiplist sorted sets with ±inf, expiries,
 * several databases, a stream with a consumer group and a function library — and RdbDecoder must
 * report exactly what the server reports over RESP for every key, whole and in small chunks.
 * A real DUMP of each key decodes with decodeDumpPayload to the same content, and a flipped bit
 * in a payload is a checksum error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, parseReply, startRedisServer, type ReplyNode, type RunningServer } from '@resplica/testing';
import { ReadCursor } from '../src/cursor-read';
import { RdbError } from '../src/errors';
import { decodeDumpPayload } from '../src/payload-decode';
import type { DecodedValue } from '../src/model';
import { str } from './decode-fixtures';
import { decodeChunks, plain, type DecodeEvent, type PlainValue } from './decode-runner';

/** A key as the server describes it, or as the decoder delivered it, in one comparable shape. */
interface KeyState {
  value: PlainValue;
  expireAt: number;
}

type Snapshot = Record<string, KeyState>;

const DATABASES = [0, 1, 5, 15];
const EXPIRE_A = 4102444800123;
const EXPIRE_B = 4102444800456;
const EXPIRE_C = 4102444899999;

/** 2000 printable bytes LZF cannot shrink, so the PLAIN node holding it is stored raw. */
const PLAIN_ELEMENT = (() => {
  let state = 12345;
  let out = '';
  for (let i = 0; i < 2000; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += String.fromCharCode(33 + ((state >>> 16) % 94));
  }
  return out;
})();

/** OBJECT ENCODING → the `encoding` the decoder names for the type id 7.0 writes for it. */
const DECODED_ENCODING: Record<string, string> = {
  listpack: 'listpack',
  quicklist: 'quicklist',
  intset: 'intset',
  hashtable: 'plain',
  skiplist: 'plain',
};

let server: RunningServer;
let client: RawClient;
let dump: Buffer;
let serverView: Snapshot;
const payloads: Record<string, Buffer> = {};

const bytes = (node: ReplyNode): Buffer => Buffer.from(node.text ?? '', 'latin1');

async function call(...argv: Array<string | Buffer>): Promise<ReplyNode> {
  const reply = parseReply(await client.call(...argv));
  if (reply.type === '-') throw new Error(`${argv.map(String).join(' ')}: ${reply.text}`);
  return reply;
}

function scoreOf(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** Sets and hashes have no order, sorted sets are compared by score then member. */
function normalised(value: PlainValue): PlainValue {
  switch (value.kind) {
    case 'set':
      return { ...value, members: [...value.members].sort() };
    case 'hash':
      return { ...value, entries: [...value.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
    case 'zset':
      return { ...value, entries: [...value.entries].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
    default:
      return value;
  }
}

async function fill(): Promise<void> {
  const binaryKey = Buffer.from('bin\x00key\r\n\xff', 'latin1');
  await call('SET', 'plain', 'hello');
  await call('SET', 'int', '12345');
  await call('SET', 'negative', '-7');
  await call('SET', 'int32max', '2147483647');
  await call('SET', 'beyond-int32', '2147483648');
  await call('SET', 'padded', '007');
  await call('SET', 'empty', '');
  await call('SET', 'lzf', 'a'.repeat(100));
  await call('SET', 'lzf-text', 'The quick brown fox jumps over the lazy dog. '.repeat(100));
  await call('SET', binaryKey, Buffer.from('\x00\x01\xff\r\nvalue', 'latin1'));
  await call('SET', '99', 'an int-encoded key');
  await call('RPUSH', 'list-small', '1', '2', 'hello', '-70000');
  const many = Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? String(i * 1000) : `element-${i}-padding-padding`));
  await call('RPUSH', 'list-big', ...many);
  await call('RPUSH', 'list-huge-element', 'head', 'x'.repeat(10000), 'tail');
  // Elements of 1000 bytes or more now go to PLAIN nodes, as elements of 1 GB do by default.
  await call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1000');
  await call('RPUSH', 'list-plain-nodes', 'a', PLAIN_ELEMENT, 'b', 'Q'.repeat(1500));
  await call('HSET', 'hash-small', 'f1', 'v1', 'f2', '2', 'f3', '');
  await call('HSET', 'hash-big', ...Array.from({ length: 200 }, (_, i) => [`field:${i}`, `value:${i}`]).flat());
  await call('HSET', 'hash-long-value', 'f', 'v'.repeat(100), 'g', '1');
  await call('SADD', 'intset16', '1', '2', '3', '-5');
  await call('SADD', 'intset32', '100000', '-100000', '7');
  await call('SADD', 'intset64', '1099511627776', '-4611686018427387904', '9223372036854775807', '-9223372036854775808');
  await call('SADD', 'set-strings', 'a', 'b', 'c', '');
  await call('SADD', 'set-many-ints', ...Array.from({ length: 600 }, (_, i) => String(i)));
  await call('ZADD', 'zset-small', '1.5', 'a', '-inf', 'b', '+inf', 'c', '0', 'd', '3', 'e', '-2.25', 'f');
  await call('ZADD', 'zset-big', '-inf', 'low', '+inf', 'high', ...Array.from({ length: 200 }, (_, i) => [String(i / 8 - 5), `member:${i}`]).flat());
  await call('ZADD', 'zset-long-member', '1', 'm'.repeat(100));
  await call('PEXPIREAT', 'plain', String(EXPIRE_A));
  await call('PEXPIREAT', 'hash-small', String(EXPIRE_B));
  await call('PEXPIREAT', 'list-big', String(EXPIRE_C));
  await call('XADD', 'stream', '*', 'field', 'value');
  await call('XGROUP', 'CREATE', 'stream', 'group', '0');
  await call('XREADGROUP', 'GROUP', 'group', 'consumer', 'COUNT', '1', 'STREAMS', 'stream', '>');
  await call('FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)");
  await call('SELECT', '1');
  await call('SET', 'db1-key', 'one');
  await call('SELECT', '5');
  await call('HSET', 'db5-hash', 'f', 'v');
  await call('SELECT', '15');
  await call('SADD', 'db15-set', '1', '2');
  await call('PEXPIREAT', 'db15-set', String(EXPIRE_A));
  await call('SELECT', '0');
}

/** What the server says each key holds (every db), with a DUMP of each kept for later. */
async function describeServer(): Promise<Snapshot> {
  const view: Snapshot = {};
  for (const db of DATABASES) {
    await call('SELECT', String(db));
    for (const keyNode of (await call('KEYS', '*')).items) {
      const key = bytes(keyNode);
      const name = `${db}/${key.toString('latin1')}`;
      const type = (await call('TYPE', key)).text;
      const expireAt = Number((await call('PEXPIRETIME', key)).text);
      payloads[name] = bytes(await call('DUMP', key));
      if (type === 'stream') continue;
      const encoding = DECODED_ENCODING[(await call('OBJECT', 'ENCODING', key)).text ?? ''];
      let value: PlainValue;
      if (type === 'string') value = { kind: 'string', value: (await call('GET', key)).text ?? '' };
      else if (type === 'list') value = { kind: 'list', items: (await call('LRANGE', key, '0', '-1')).items.map((n) => n.text ?? ''), encoding };
      else if (type === 'set') value = { kind: 'set', members: (await call('SMEMBERS', key)).items.map((n) => n.text ?? ''), encoding };
      else if (type === 'hash') {
        const flat = (await call('HGETALL', key)).items.map((n) => n.text ?? '');
        value = { kind: 'hash', entries: flat.flatMap((f, i) => (i % 2 === 0 ? [[f, flat[i + 1]] as [string, string]] : [])), encoding };
      } else {
        const flat = (await call('ZRANGE', key, '0', '-1', 'WITHSCORES')).items.map((n) => n.text ?? '');
        value = { kind: 'zset', entries: flat.flatMap((m, i) => (i % 2 === 0 ? [[m, scoreOf(flat[i + 1])] as [string, number]] : [])), encoding };
      }
      view[name] = { value: normalised(value), expireAt };
    }
  }
  await call('SELECT', '0');
  return view;
}

/** The keys of a decode, in the same shape. */
function decodedView(events: DecodeEvent[]): Snapshot {
  const view: Snapshot = {};
  for (const event of events) {
    if (event[0] !== 'key') continue;
    const [, db, key, value, expireAt] = event;
    view[`${db}/${key}`] = { value: normalised(value), expireAt: Number(expireAt) };
  }
  return view;
}

function chunked(input: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const size = sizes[i % sizes.length];
    chunks.push(input.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

beforeAll(async () => {
  server = await startRedisServer(['--enable-debug-command', 'yes', '--list-compress-depth', '1']);
  client = await RawClient.connect(server.port);
  await fill();
  serverView = await describeServer();
  await call('SAVE');
  const dir = (await call('CONFIG', 'GET', 'dir')).items[1].text ?? '';
  dump = readFileSync(join(dir, 'dump.rdb'));
}, 60000);

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('decoding a real 7.0 dump.rdb', () => {
  it('covers every encoding the fill meant to produce', () => {
    const encodings = new Set(Object.values(serverView).map((k) => `${k.value.kind}/${'encoding' in k.value ? k.value.encoding : ''}`));
    expect([...encodings].sort()).toEqual(['hash/listpack', 'hash/plain', 'list/quicklist', 'set/intset', 'set/plain', 'string/', 'zset/listpack', 'zset/plain']);
    expect(Object.keys(serverView).length).toBe(29);
  });

  it('holds the rarer forms: an LZF string, an LZF-compressed quicklist node, PLAIN nodes', () => {
    expect(dump.includes(Buffer.concat([Buffer.from([0x00]), str('lzf'), Buffer.from([0xc3])]))).toBe(true);
    expect(dump.includes(Buffer.concat([Buffer.from([0x01]), str(PLAIN_ELEMENT)]))).toBe(true);
    // list-big: node count, the head node, then an interior node (kept compressed in memory at
    // depth 1, written as its LZF blob).
    const at = dump.indexOf(Buffer.concat([Buffer.from([0x12]), str('list-big')])) + 10;
    const cursor = new ReadCursor();
    cursor.reset(dump.subarray(at), 0, false);
    expect(cursor.tryLength()).toBeGreaterThan(2);
    expect(cursor.tryLength()).toBe(2);
    expect(cursor.tryBlob()).not.toBeNull();
    expect(cursor.tryLength()).toBe(2);
    expect(cursor.buf[cursor.pos]).toBe(0xc3);
  });

  it.each([
    ['whole', [1 << 30]],
    ['in 64 KB chunks', [65536]],
    ['in 7-byte chunks', [7]],
    ['byte by byte', [1]],
    ['in uneven chunks', [1, 3, 8, 13, 100, 2, 4096, 5]],
  ])('%s: every key, type, value and deadline as the server reports them', (_way, sizes) => {
    const got = decodeChunks(chunked(dump, sizes));
    expect(got.error).toBeNull();
    expect(got.consumed).toBe(dump.length);
    expect(decodedView(got.events)).toEqual(serverView);
    const others = got.events.filter((e) => e[0] !== 'key');
    expect(others).toEqual(
      expect.arrayContaining([
        ['aux', 'redis-ver', '7.0.15'],
        ['aux', 'redis-bits', '64'],
        ['skipped', 'function library', null],
        ['skipped', 'stream', 'stream'],
        ...DATABASES.map((db) => ['selectDb', db]),
      ]),
    );
  });

  it('a real DUMP of every key decodes to the same content', () => {
    for (const [name, payload] of Object.entries(payloads)) {
      if (name === '0/stream') {
        expect(() => decodeDumpPayload(payload)).toThrow(expect.objectContaining({ code: 'unsupported' }));
        continue;
      }
      const value: DecodedValue = decodeDumpPayload(payload);
      expect({ name, value: normalised(plain(value)) }).toEqual({ name, value: serverView[name].value });
    }
  });

  it('a flipped bit in a real DUMP payload is a checksum error', () => {
    for (const [name, payload] of Object.entries(payloads)) {
      for (const at of [0, 1, payload.length - 11, payload.length - 1]) {
        const flipped = Buffer.from(payload);
        flipped[at] ^= 0x04;
        let code = '';
        try {
          decodeDumpPayload(flipped);
        } catch (err) {
          code = err instanceof RdbError ? err.code : String(err);
        }
        expect({ name, at, code }).toEqual({ name, at, code: 'checksum' });
      }
    }
  });
});
