/**
 * encodeDumpPayload against a real redis-server 7.0:
 * - where the server's DUMP is a function of the value alone (strings, listpack hashes and zsets,
 *   intsets, quicklists built by RPUSH, skiplist zsets written highest score first), our payload
 *   must equal its DUMP byte for byte — LZF output included;
 * - every payload we produce, plain encodings and compression off included, must RESTORE to the
 *   same contents with the encoding 7.0 gives that value.
 */
import { RawClient, startRedisServer, type RunningServer } from '@resplica/testing';
import { ChunkWriter } from '../src/chunk-writer';
import { RDB_VERSION } from '../src/constants';
import type { RdbBytes, RdbValue } from '../src/model';
import { encodeDumpPayload } from '../src/payload-encode';
import { ValueWriter, typeIdOf } from '../src/value-write';
import { HAVE_REDIS, Random, ask, comparableOf, latin1, readBack } from './interop-encode-support';

const describeWithRedis = HAVE_REDIS ? describe : describe.skip;

interface Case {
  name: string;
  value: RdbValue;
  /** The command that builds the same value in a real server, when its DUMP is deterministic. */
  build: (string | Buffer)[] | null;
  /** OBJECT ENCODING after RESTORE. */
  encoding: string;
}

const bytes = (b: RdbBytes) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
/** A score as ZADD accepts it and parses back to the same double. */
const scoreArg = (s: number) => (s === Infinity ? 'inf' : s === -Infinity ? '-inf' : String(s));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Redis's sorted-set order: score, then member bytes. */
const zsetOrder = (a: [RdbBytes, number], b: [RdbBytes, number]) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : byText(latin1(a[0]), latin1(b[0])));

function stringCase(name: string, value: RdbBytes): Case {
  return { name, value: { kind: 'string', value }, build: ['SET', 'k', bytes(value)], encoding: '' };
}

function listCase(name: string, items: RdbBytes[]): Case {
  return { name, value: { kind: 'list', length: items.length, items }, build: ['RPUSH', 'k', ...items.map(bytes)], encoding: 'quicklist' };
}

function hashCase(name: string, entries: [RdbBytes, RdbBytes][], listpack: boolean): Case {
  return {
    name,
    value: { kind: 'hash', size: entries.length, entries, listpack },
    build: listpack ? ['HSET', 'k', ...entries.flatMap(([f, v]) => [bytes(f), bytes(v)])] : null,
    encoding: listpack ? 'listpack' : 'hashtable',
  };
}

function zsetCase(name: string, entries: [RdbBytes, number][], listpack: boolean): Case {
  const sorted = [...entries].sort(zsetOrder);
  // A skiplist is written from its tail: highest score first, so that order is deterministic too.
  const ordered = listpack ? sorted : sorted.reverse();
  return {
    name,
    value: { kind: 'zset', size: entries.length, entries: ordered, listpack },
    build: ['ZADD', 'k', ...entries.flatMap(([m, s]) => [scoreArg(s), bytes(m)])],
    encoding: listpack ? 'listpack' : 'skiplist',
  };
}

function setCase(name: string, members: RdbBytes[], intset: boolean): Case {
  return {
    name,
    value: { kind: 'set', size: members.length, members, intset },
    build: intset ? ['SADD', 'k', ...members.map(bytes)] : null,
    encoding: intset ? 'intset' : 'hashtable',
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function fixedCases(): Case[] {
  return [
    ...['', '0', '-1', '127', '-128', '32768', '12345', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808', '-0', '007', '+1', '1.5', 'hello'].map(
      (s) => stringCase(`string ${JSON.stringify(s)}`, s),
    ),
    stringCase('30 × a (LZF)', 'a'.repeat(30)),
    stringCase('21 bytes saving 3 with LZF (raw)', 'aaaaaaaaabcdefghijklm'),
    stringCase('21 bytes saving 5 with LZF', 'aaaaaaaaaaaabcdefghij'),
    stringCase('binary', Buffer.from([0, 0xff, 13, 10, 0x80])),
    stringCase('20 KB of noise', new Random(7).bytes(20_000)),
    stringCase('20 KB of text', 'lorem ipsum dolor sit amet '.repeat(750)),
    listCase('list 1 2 hello', ['1', '2', 'hello']),
    listCase('list of every integer width', ['0', '127', '-4096', '4095', '32767', '-8388608', '2147483647', '-9223372036854775808', '9223372036854775807', '-0', '01']),
    listCase('list over 3 nodes', range(300).map((i) => `element-${i}-`.padEnd(100, '.'))),
    listCase('list of 5000 integers', range(5000).map((i) => String(i * 7919 - 20_000_000))),
    listCase('list with a 20 KB element', ['head', new Random(8).bytes(20_000), 'tail', '']),
    listCase('list of 64-byte and 4 KB strings', ['s'.repeat(63), 's'.repeat(64), 't'.repeat(4095), 't'.repeat(4096)]),
    hashCase('listpack hash', [['name', 'resplica'], ['1', '2'], ['count', '-4097'], ['empty', ''], [Buffer.from([0xff]), Buffer.from([0, 13, 10])]], true),
    hashCase('listpack hash of 500 fields', range(500).map((i): [string, string] => [`f${i}`, String(i * i)]), true),
    hashCase('plain hash (600 fields)', range(600).map((i): [string, string] => [`field:${i}`, `value:${i}`]), false),
    hashCase('plain hash (a 100-byte value)', [['a', '1'], ['b', 'v'.repeat(100)]], false),
    zsetCase('listpack zset', [['neg', -Infinity], ['pos', Infinity], ['a', -2.5], ['zero', -0], ['b', 1], ['c', 1], ['d', 0.1], ['e', 2 ** 62], ['f', 1e20], ['g', 2 ** 63], ['h', -1e-300]], true),
    zsetCase('listpack zset of 128 members', range(128).map((i): [string, number] => [`m${i}`, (i * 37) % 101 - 50.25]), true),
    zsetCase('skiplist zset (200 members)', [['top', Infinity], ['bottom', -Infinity], ...range(198).map((i): [string, number] => [`m${i}`, (i * 37) % 101 - 50.25])], false),
    zsetCase('skiplist zset (a 100-byte member)', [['m'.repeat(100), 3.5], ['x', -1]], false),
    setCase('intset 16-bit', ['5', '-3', '32767', '-32768', '0'], true),
    setCase('intset 32-bit', ['1', '100000', '-2147483648'], true),
    setCase('intset 64-bit', ['9223372036854775807', '-9223372036854775808', '4294967296', '9007199254740993', '7'], true),
    setCase('intset of 512 members', range(512).map((i) => String(i * 1_000_003 - 250_000_000)), true),
    setCase('plain set', ['a', 'b', '', Buffer.from([0, 0xff]), '12'], false),
    setCase('plain set of 600 integers', range(600).map((i) => String(i)), false),
  ];
}

/** Random values of every deterministic kind, different sizes and alphabets (so LZF sometimes pays). */
function randomCases(count: number): Case[] {
  const random = new Random(20240607);
  const alphabets = ['a', 'ab', 'abc ', '0123456789', 'abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'];
  const element = (maxLength: number) => {
    const roll = random.below(4);
    if (roll === 0) return String(random.next() - 0x80000000);
    return random.text(random.below(maxLength + 1), alphabets[random.below(alphabets.length)]);
  };
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 5) {
      case 0:
        cases.push(stringCase(`random string ${i}`, random.text(random.below(3000), alphabets[random.below(alphabets.length)])));
        break;
      case 1:
        cases.push(listCase(`random list ${i}`, range(1 + random.below(400)).map(() => element(200))));
        break;
      case 2: {
        const fields = new Map<string, string>();
        const size = 1 + random.below(300);
        while (fields.size < size) fields.set(element(64), element(64));
        cases.push(hashCase(`random listpack hash ${i}`, [...fields], true));
        break;
      }
      case 3: {
        const members = new Map<string, number>();
        const size = 1 + random.below(128);
        while (members.size < size) members.set(element(64), (random.below(2000) - 1000) / (1 + random.below(8)));
        cases.push(zsetCase(`random listpack zset ${i}`, [...members], true));
        break;
      }
      case 4: {
        const members = new Set<string>();
        const size = 1 + random.below(512);
        const bits = [15, 31, 62][random.below(3)];
        while (members.size < size) members.add(String(Math.floor((random.next() / 0x100000000 - 0.5) * 2 ** bits)));
        cases.push(setCase(`random intset ${i}`, [...members], true));
        break;
      }
    }
  }
  return cases;
}

/** OBJECT ENCODING of a string value after RESTORE: what createStringObject picks for its bytes. */
function stringEncoding(value: RdbBytes): string {
  const text = latin1(value);
  if (/^(0|-?[1-9][0-9]{0,18})$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n) return 'int';
  return text.length <= 44 ? 'embstr' : 'raw';
}

describeWithRedis('DUMP payloads from encodeDumpPayload vs a real 7.0', () => {
  let server: RunningServer | undefined;
  let client: RawClient;

  beforeAll(async () => {
    server = await startRedisServer(['--enable-debug-command', 'yes']);
    client = await RawClient.connect(server.port);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  /** The server's DUMP of the value `build` creates. */
  async function realDump(build: (string | Buffer)[]): Promise<Buffer> {
    await ask(client, 'DEL', 'k');
    const reply = await ask(client, ...build);
    expect(reply.type).not.toBe('-');
    return Buffer.from((await ask(client, 'DUMP', 'k')).text!, 'latin1');
  }

  /** RESTOREs `payload` and checks what the server then holds. */
  async function expectRestores(payload: Buffer, c: Case): Promise<void> {
    const restored = await ask(client, 'RESTORE', 'r', '0', payload, 'REPLACE');
    expect(restored.text).toBe('OK');
    expect((await ask(client, 'TYPE', 'r')).text).toBe(c.value.kind);
    expect(await readBack(client, 'r', c.value.kind)).toEqual(comparableOf(c.value));
    const encoding = c.value.kind === 'string' ? stringEncoding(c.value.value) : c.encoding;
    expect((await ask(client, 'OBJECT', 'ENCODING', 'r')).text).toBe(encoding);
  }

  const deterministic = [...fixedCases(), ...randomCases(100)].filter((c) => c.build !== null);

  it.each(deterministic.map((c) => [c.name, c] as const))('%s: our payload is the server DUMP', async (_name, c) => {
    const ours = encodeDumpPayload(c.value);
    const theirs = await realDump(c.build!);
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it.each([...fixedCases(), ...randomCases(20)].map((c) => [c.name, c] as const))('%s: the server RESTOREs our payload, compressed or not', async (_name, c) => {
    await expectRestores(encodeDumpPayload(c.value), c);
    await expectRestores(encodeDumpPayload(c.value, { compression: false }), c);
  });

  it('refuses a payload with one byte flipped (the RESTORE checks above can fail)', async () => {
    const payload = encodeDumpPayload({ kind: 'string', value: 'hello' });
    payload[2] ^= 1;
    expect((await ask(client, 'RESTORE', 'r', '0', payload, 'REPLACE')).text).toBe('ERR DUMP payload version or checksum are wrong');
  });

  it('writes PLAIN quicklist nodes as the server does for elements over its packed threshold', async () => {
    const threshold = 1000;
    expect((await ask(client, 'DEBUG', 'QUICKLIST-PACKED-THRESHOLD', String(threshold))).text).toBe('OK');
    try {
      const items: RdbBytes[] = ['a', 'p'.repeat(2000), new Random(9).bytes(1500), 'b', 'c', 'q'.repeat(threshold)];
      const value: RdbValue = { kind: 'list', length: items.length, items };
      const theirs = await realDump(['RPUSH', 'k', ...items.map(bytes)]);
      // encodeDumpPayload always uses 7.0's default threshold (1 GiB); build this one by hand.
      const chunks: Buffer[] = [];
      const out = new ChunkWriter({ write: (chunk) => chunks.push(chunk) }, 4096);
      out.writeByte(typeIdOf(value));
      new ValueWriter(out, true, threshold).writeBody(value);
      out.writeByte(RDB_VERSION);
      out.writeByte(0);
      out.writeCrc();
      out.flush();
      const ours = Buffer.concat(chunks);
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
      await expectRestores(ours, { name: 'plain nodes', value, build: null, encoding: 'quicklist' });
    } finally {
      await ask(client, 'DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0');
    }
  });
});
