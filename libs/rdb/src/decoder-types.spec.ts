/**
 * RdbDecoder: every value type id a 7.0 server reads, and every inner encoding (listpack entry
 * forms and backlens, ziplist entry forms and prevlens, intset widths, zipmap lengths, quicklist
 * containers, LZF-compressed blobs), from bytes built by hand (test/decode-fixtures.ts). Each file
 * is decoded whole, byte by byte and split at every boundary, with the same events every way.
 */
import { TYPE } from './constants';
import {
  cat,
  int16,
  int32,
  int8,
  intset,
  len,
  listpack,
  lp,
  lzfLiterals,
  lzfStr,
  rdbFile,
  record,
  str,
  ziplist,
  zipmap,
  zl,
  type Part,
} from '../test/decode-fixtures';
import { expectEveryChunking, type DecodeEvent, type PlainValue } from '../test/decode-runner';

const file = (...records: Part[]): Buffer => rdbFile(records);
const key = (name: string, value: PlainValue, expireAt: number | bigint = -1, db = 0): DecodeEvent => [
  'key',
  db,
  name,
  value,
  expireAt,
];
const ok = (...events: DecodeEvent[]) => ({ events, error: null });
const list = (items: string[], encoding: string): PlainValue => ({ kind: 'list', items, encoding });
const set = (members: string[], encoding: string): PlainValue => ({ kind: 'set', members, encoding });
const hash = (entries: Array<[string, string]>, encoding: string): PlainValue => ({ kind: 'hash', entries, encoding });
const zset = (entries: Array<[string, number]>, encoding: string): PlainValue => ({ kind: 'zset', entries, encoding });
const f64 = (v: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
};

/** Spec §8.5's LZF example: 30 × "a" as a real 7.0 dump compresses it. */
const LZF_30A = lzfStr([0x01, 0x61, 0x61, 0xe0, 0x11, 0x00, 0x01, 0x61, 0x61], 30);

describe('STRING (type 0)', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['6-bit length', str('bar'), 'bar'],
    ['empty', str(''), ''],
    ['14-bit length', str('x'.repeat(100)), 'x'.repeat(100)],
    ['14-bit form of a short length', str('abc', 14), 'abc'],
    ['32-bit form', str('abc', 32), 'abc'],
    ['64-bit form', str('abc', 64), 'abc'],
    ['binary bytes', str('\x00\r\n\xff'), '\x00\r\n\xff'],
    ['INT8 0', int8(0), '0'],
    ['INT8 -128', int8(-128), '-128'],
    ['INT8 127', int8(127), '127'],
    ['INT16 -32768', int16(-32768), '-32768'],
    ['INT16 12345 (spec: C1 39 30)', Buffer.from([0xc1, 0x39, 0x30]), '12345'],
    ['INT32 min', int32(-2147483648), '-2147483648'],
    ['INT32 max', int32(2147483647), '2147483647'],
    ['LZF (spec example)', LZF_30A, 'a'.repeat(30)],
    ['LZF of literal runs', lzfStr(lzfLiterals(Buffer.from('0123456789'.repeat(7), 'latin1')), 70), '0123456789'.repeat(7)],
  ];
  it.each(cases)('%s', (_name, body, value) => {
    expectEveryChunking(file(record(TYPE.string, 'k', body)), ok(key('k', { kind: 'string', value })));
  });

  it('keys in every string encoding', () => {
    expectEveryChunking(
      file(cat([TYPE.string], int16(1000), str('v')), cat([TYPE.string], LZF_30A, str('w')), cat([TYPE.string], str(''), str('e'))),
      ok(key('1000', { kind: 'string', value: 'v' }), key('a'.repeat(30), { kind: 'string', value: 'w' }), key('', { kind: 'string', value: 'e' })),
    );
  });
});

describe('plain collections (types 1, 2, 3, 4, 5)', () => {
  it('LIST (1)', () => {
    expectEveryChunking(
      file(record(TYPE.list, 'l', cat(len(3), str('a'), int8(7), LZF_30A))),
      ok(key('l', list(['a', '7', 'a'.repeat(30)], 'plain'))),
    );
  });

  it('SET (2)', () => {
    expectEveryChunking(file(record(TYPE.set, 's', cat(len(2), str('x'), int16(-300)))), ok(key('s', set(['x', '-300'], 'plain'))));
  });

  it('HASH (4)', () => {
    expectEveryChunking(
      file(record(TYPE.hash, 'h', cat(len(2), str('f1'), str('v1'), int8(2), str('')))),
      ok(key('h', hash([['f1', 'v1'], ['2', '']], 'plain'))),
    );
  });

  it('ZSET_2 (5): binary doubles, ±inf, in file order', () => {
    const body = cat(len(4), str('top'), f64(Infinity), str('b'), f64(2.5), str('a'), f64(-0.125), str('bottom'), f64(-Infinity));
    expectEveryChunking(
      file(record(TYPE.zset2, 'z', body)),
      ok(key('z', zset([['top', Infinity], ['b', 2.5], ['a', -0.125], ['bottom', -Infinity]], 'plain'))),
    );
  });

  it('ZSET (3): text doubles and the 254/255 infinity lengths', () => {
    const text = (s: string) => cat([s.length], s);
    const body = cat(len(4), str('a'), text('1.5'), str('b'), text('-3'), str('c'), [254], str('d'), [255]);
    expectEveryChunking(
      file(record(TYPE.zset, 'z', body)),
      ok(key('z', zset([['a', 1.5], ['b', -3], ['c', Infinity], ['d', -Infinity]], 'plain'))),
    );
  });

  it('empty plain collections are skipped, as 7.0 does', () => {
    expectEveryChunking(
      file(
        record(TYPE.list, 'l', len(0)),
        record(TYPE.set, 's', len(0)),
        record(TYPE.hash, 'h', len(0)),
        record(TYPE.zset2, 'z', len(0)),
        record(TYPE.string, 'after', str('v')),
      ),
      ok(key('after', { kind: 'string', value: 'v' })),
    );
  });

  it('counts in every length form', () => {
    expectEveryChunking(
      file(record(TYPE.set, 'a', cat(len(1, 14), str('x'))), record(TYPE.set, 'b', cat(len(1, 32), str('y'))), record(TYPE.set, 'c', cat(len(1, 64), str('z')))),
      ok(key('a', set(['x'], 'plain')), key('b', set(['y'], 'plain')), key('c', set(['z'], 'plain'))),
    );
  });
});

describe('listpack entries (types 16, 17)', () => {
  it('HASH_LISTPACK (16): every integer width and string form', () => {
    const entries = [
      lp.uint7(0), lp.uint7(127),
      lp.int13(-4096), lp.int13(4095),
      lp.int16(-32768), lp.int16(32767),
      lp.int24(-8388608), lp.int24(8388607),
      lp.int32(-2147483648), lp.int32(2147483647),
      lp.int64(-9223372036854775808n), lp.int64(9223372036854775807n),
      lp.str6(''), lp.str6('x'.repeat(63)),
      lp.str12('y'.repeat(64)), lp.str12('z'.repeat(200)),
      lp.str32('w'.repeat(5)), lp.int64(9007199254740993n),
    ];
    expectEveryChunking(
      file(record(TYPE.hashListpack, 'h', str(listpack(entries)))),
      ok(key('h', hash([
        ['0', '127'],
        ['-4096', '4095'],
        ['-32768', '32767'],
        ['-8388608', '8388607'],
        ['-2147483648', '2147483647'],
        ['-9223372036854775808', '9223372036854775807'],
        ['', 'x'.repeat(63)],
        ['y'.repeat(64), 'z'.repeat(200)],
        ['wwwww', '9007199254740993'],
      ], 'listpack'))),
    );
  });

  it('backlens of 1, 2 and 3 bytes (entries of 127, 128 and 16383+ bytes)', () => {
    const entries = [lp.str12('a'.repeat(125)), lp.str12('b'.repeat(126)), lp.str32('c'.repeat(16378)), lp.uint7(1)];
    // 125 + 2 = 127 bytes: one backlen byte; 126 + 2 = 128: two; 16378 + 5 = 16383: three.
    expect(entries.map((e) => e.length)).toEqual([128, 130, 16386, 2]);
    expectEveryChunking(
      file(record(TYPE.hashListpack, 'h', str(listpack(entries)))),
      ok(key('h', hash([['a'.repeat(125), 'b'.repeat(126)], ['c'.repeat(16378), '1']], 'listpack'))),
    );
  });

  it('an element count of 65535 means "count by scanning"', () => {
    expectEveryChunking(
      file(record(TYPE.hashListpack, 'h', str(listpack([lp.str6('f'), lp.str6('v')], 65535)))),
      ok(key('h', hash([['f', 'v']], 'listpack'))),
    );
  });

  it('ZSET_LISTPACK (17): integer and text scores, inf', () => {
    const entries = [
      lp.str6('a'), lp.auto('-inf'),
      lp.str6('b'), lp.int13(-5),
      lp.str6('c'), lp.auto('1.5'),
      lp.str6('d'), lp.int64(2n ** 62n),
      lp.str6('e'), lp.auto('1e+20'),
      lp.str6('f'), lp.auto('inf'),
    ];
    expectEveryChunking(
      file(record(TYPE.zsetListpack, 'z', str(listpack(entries)))),
      ok(key('z', zset([['a', -Infinity], ['b', -5], ['c', 1.5], ['d', 2 ** 62], ['e', 1e20], ['f', Infinity]], 'listpack'))),
    );
  });

  it('an LZF-compressed listpack blob', () => {
    const blob = listpack([lp.str6('field'), lp.str6('value')]);
    expectEveryChunking(
      file(record(TYPE.hashListpack, 'h', lzfStr(lzfLiterals(blob), blob.length))),
      ok(key('h', hash([['field', 'value']], 'listpack'))),
    );
  });

  it('empty listpack hashes and sorted sets are skipped', () => {
    expectEveryChunking(
      file(record(TYPE.hashListpack, 'h', str(listpack([]))), record(TYPE.zsetListpack, 'z', str(listpack([]))), record(TYPE.string, 's', str('v'))),
      ok(key('s', { kind: 'string', value: 'v' })),
    );
  });
});

describe('LIST_QUICKLIST_2 (type 18)', () => {
  it('PACKED and PLAIN nodes, compressed and not', () => {
    const first = listpack([lp.uint7(1), lp.uint7(2), lp.str6('hello')]);
    const big = 'P'.repeat(300);
    const third = listpack([lp.auto('-70000'), lp.auto('x'.repeat(70))]);
    const body = cat(len(3), len(2), str(first), len(1), lzfStr(lzfLiterals(Buffer.from(big)), big.length), len(2), lzfStr(lzfLiterals(third), third.length));
    expectEveryChunking(file(record(TYPE.listQuicklist2, 'L', body)), ok(key('L', list(['1', '2', 'hello', big, '-70000', 'x'.repeat(70)], 'quicklist'))));
  });

  it('spec §8.7 worked bytes (RPUSH L 1 2 hello)', () => {
    const bytes = Buffer.from('12 014C 01 02 12 12000000 0300 0101 0201 8568656C6C6F06 FF'.replace(/ /g, ''), 'hex');
    expectEveryChunking(file(bytes), ok(key('L', list(['1', '2', 'hello'], 'quicklist'))));
  });

  it('empty nodes are skipped; a list left empty is skipped', () => {
    const empty = str(listpack([]));
    expectEveryChunking(
      file(
        record(TYPE.listQuicklist2, 'a', cat(len(2), len(2), empty, len(2), str(listpack([lp.str6('x')])))),
        record(TYPE.listQuicklist2, 'b', cat(len(1), len(2), empty)),
        record(TYPE.listQuicklist2, 'c', len(0)),
      ),
      ok(key('a', list(['x'], 'quicklist'))),
    );
  });
});

describe('ziplist types (10, 12, 13, 14)', () => {
  const every = [
    zl.str6(''), zl.str6('abc'), zl.str14('m'.repeat(300)), zl.str32('n'.repeat(5)),
    zl.int8(-128), zl.int16(-32768), zl.int24(8388607), zl.int32(-2147483648), zl.int64(-9223372036854775808n),
    zl.imm(0), zl.imm(12),
  ];
  const everyText = ['', 'abc', 'm'.repeat(300), 'nnnnn', '-128', '-32768', '8388607', '-2147483648', '-9223372036854775808', '0', '12'];

  it('LIST_ZIPLIST (10): every entry form; the entry after a 300-byte one has a 5-byte prevlen', () => {
    expectEveryChunking(file(record(TYPE.listZiplist, 'l', str(ziplist(every)))), ok(key('l', list(everyText, 'ziplist'))));
  });

  it('LIST_ZIPLIST (10): 5-byte prevlens holding small sizes, and a count of 65535', () => {
    const blob = ziplist([zl.str6('a'), zl.str6('b'), zl.imm(3)], { widePrevlen: [1, 2], count: 65535 });
    expectEveryChunking(file(record(TYPE.listZiplist, 'l', str(blob))), ok(key('l', list(['a', 'b', '3'], 'ziplist'))));
  });

  it('ZSET_ZIPLIST (12): integer and text scores', () => {
    const blob = ziplist([zl.str6('a'), zl.imm(1), zl.str6('b'), zl.str6('2.5'), zl.str6('c'), zl.int16(-1000)]);
    expectEveryChunking(file(record(TYPE.zsetZiplist, 'z', str(blob))), ok(key('z', zset([['a', 1], ['b', 2.5], ['c', -1000]], 'ziplist'))));
  });

  it('HASH_ZIPLIST (13)', () => {
    const blob = ziplist([zl.str6('f'), zl.str6('v'), zl.int32(100000), zl.str6('')]);
    expectEveryChunking(file(record(TYPE.hashZiplist, 'h', str(blob))), ok(key('h', hash([['f', 'v'], ['100000', '']], 'ziplist'))));
  });

  it('LIST_QUICKLIST (14): ziplist nodes, one empty, one compressed', () => {
    const second = ziplist([zl.str6('c'.repeat(40))]);
    const body = cat(len(3), str(ziplist([zl.str6('a'), zl.imm(2)])), str(ziplist([])), lzfStr(lzfLiterals(second), second.length));
    expectEveryChunking(file(record(TYPE.listQuicklist, 'l', body)), ok(key('l', list(['a', '2', 'c'.repeat(40)], 'quicklist'))));
  });

  it('empty ziplists are skipped', () => {
    const empty = str(ziplist([]));
    expectEveryChunking(
      file(record(TYPE.listZiplist, 'l', empty), record(TYPE.zsetZiplist, 'z', empty), record(TYPE.hashZiplist, 'h', empty), record(TYPE.listQuicklist, 'q', cat(len(1), empty))),
      ok(),
    );
  });
});

describe('SET_INTSET (11) and HASH_ZIPMAP (9)', () => {
  it.each([
    [2, [-32768, -1, 0, 32767]],
    [4, [-2147483648, 65536, 2147483647]],
    [8, [-9223372036854775808n, -1n, 9007199254740993n, 9223372036854775807n]],
  ] as const)('intset of %i-byte members', (width, values) => {
    expectEveryChunking(
      file(record(TYPE.setIntset, 's', str(intset(width, [...values])))),
      ok(key('s', set(values.map(String), 'intset'))),
    );
  });

  it('an LZF-compressed intset', () => {
    const blob = intset(2, Array.from({ length: 20 }, (_, i) => i));
    expectEveryChunking(
      file(record(TYPE.setIntset, 's', lzfStr(lzfLiterals(blob), blob.length))),
      ok(key('s', set(Array.from({ length: 20 }, (_, i) => String(i)), 'intset'))),
    );
  });

  it('zipmap: free bytes after values, 5-byte lengths, a count of 254 ("count by scanning")', () => {
    const long = 'L'.repeat(300);
    expectEveryChunking(
      file(
        record(TYPE.hashZipmap, 'a', str(zipmap([['f', 'v'], ['g', '']], { free: 3 }))),
        record(TYPE.hashZipmap, 'b', str(zipmap([['k', long]], { count: 254 }))),
      ),
      ok(key('a', hash([['f', 'v'], ['g', '']], 'zipmap')), key('b', hash([['k', long]], 'zipmap'))),
    );
  });
});

/** A module id: the 9-character type name, 6 bits per character, above a 10-bit encoding version. */
function moduleId(name: string, encver: number): bigint {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of name) id = (id << 6n) | BigInt(chars.indexOf(ch));
  return (id << 10n) | BigInt(encver);
}

/** A STREAM_LISTPACKS(_2) body: one node, one group with one pending entry owned by one consumer. */
function streamBody(v2: boolean): Buffer {
  const id = Buffer.alloc(16);
  id.writeBigUInt64BE(1700000000000n, 0);
  const node = listpack([
    lp.uint7(1), lp.uint7(0), lp.uint7(1), lp.str6('field'), lp.uint7(0),
    lp.uint7(2), lp.uint7(0), lp.uint7(0), lp.str6('value'), lp.uint7(4),
  ]);
  const maxId = cat(len(2n ** 64n - 1n, 64), len(2n ** 64n - 1n, 64));
  return cat(
    len(1), str(id), str(node),
    len(1), len(1700000000000), len(0),
    v2 ? cat(len(1700000000000), len(0), maxId, len(1)) : [],
    len(1), str('group'), len(1700000000000), len(0), v2 ? len(1) : [],
    len(1), id, Buffer.alloc(8), len(1),
    len(1), str('alice'), Buffer.alloc(8), len(1), id,
  );
}

describe('streams and modules: skipped with a handler that takes skips', () => {
  it.each([
    ['STREAM_LISTPACKS (15)', TYPE.streamListpacks, false],
    ['STREAM_LISTPACKS_2 (19)', TYPE.streamListpacks2, true],
  ] as const)('%s', (_name, type, v2) => {
    expectEveryChunking(
      file(record(type, 'st', streamBody(v2)), record(TYPE.string, 'after', str('v'))),
      ok(['skipped', 'stream', 'st'], key('after', { kind: 'string', value: 'v' })),
    );
  });

  it('a stream with no nodes (XGROUP CREATE … MKSTREAM)', () => {
    const body = cat(len(0), len(0), len(0), len(0), len(0), len(0), len(0), len(0), len(0), len(0));
    expectEveryChunking(file(record(TYPE.streamListpacks2, 'st', body)), ok(['skipped', 'stream', 'st']));
  });

  it('MODULE_2 (7): every module opcode up to EOF', () => {
    const body = cat(
      len(moduleId('mymodule1', 3), 64),
      len(1), len(5), len(2), len(2n ** 63n, 64), len(3), Buffer.alloc(4), len(4), f64(1.5), len(5), str('payload'), len(5), int8(3),
      len(0),
    );
    expectEveryChunking(
      file(record(TYPE.module2, 'm', body), record(TYPE.string, 'after', str('v'))),
      ok(['skipped', 'module mymodule1', 'm'], key('after', { kind: 'string', value: 'v' })),
    );
  });
});
