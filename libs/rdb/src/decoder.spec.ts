/**
 * RdbDecoder: the file level — header and versions, every opcode, the CRC-64 trailer, databases,
 * what push() returns when bytes follow the file, failures (truncation at every offset, corrupt
 * framing, unsupported constructs) and the handler contract. Files decoding to events are checked
 * whole, byte by byte and split at every boundary. Value types: decoder-types.spec.ts.
 */
import { TYPE } from './constants';
import { RdbDecoder } from './decoder';
import { RdbError } from './errors';
import type { DecodedValue } from './model';
import { SLAB_BYTES } from './value-slab';
import { cat, int8, len, listpack, lp, lzfLiterals, lzfStr, op, rdbFile, record, str, intset, type Part } from '../test/decode-fixtures';
import { decodeChunks, expectEveryChunking, expectFailure, type DecodeEvent, type PlainValue } from '../test/decode-runner';

const file = (...records: Part[]): Buffer => rdbFile(records);
const s = (value: string): PlainValue => ({ kind: 'string', value });
const key = (name: string, value: string, expireAt: number | bigint = -1, db = 0): DecodeEvent => ['key', db, name, s(value), expireAt];
const ok = (...events: DecodeEvent[]) => ({ events, error: null });
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Spec §8.12: one plain key and one with an expiry, 85 bytes, accepted by redis-check-rdb 7.0.15. */
const SPEC_EXAMPLE = hex(`
  52 45 44 49 53 30 30 31 30
  FA 09 72 65 64 69 73 2D 76 65 72 06 37 2E 30 2E 31 35
  FA 0A 72 65 64 69 73 2D 62 69 74 73 C0 40
  FE 00 FB 02 01
  00 03 66 6F 6F 03 62 61 72
  FC 00 D8 C3 2C BB 03 00 00 00 04 74 65 6D 70 05 68 65 6C 6C 6F
  FF 7F F9 89 4F F7 42 2A 14`);

describe('files', () => {
  it('spec §8.12 worked example (85 bytes, real checksum)', () => {
    expect(SPEC_EXAMPLE.length).toBe(85);
    expectEveryChunking(
      SPEC_EXAMPLE,
      ok(['aux', 'redis-ver', '7.0.15'], ['aux', 'redis-bits', '64'], ['selectDb', 0], ['resizeDb', 2, 1], key('foo', 'bar'), key('temp', 'hello', 4102444800000)),
    );
  });

  it('a file with no keys: header, aux, EOF, checksum', () => {
    expectEveryChunking(file(op.aux(str('redis-ver'), str('7.0.15'))), ok(['aux', 'redis-ver', '7.0.15']));
  });

  it('an empty file body: header, EOF, checksum', () => {
    expectEveryChunking(file(), ok());
  });

  it('decodes the version and the bytes consumed', () => {
    const decoder = new RdbDecoder({ key: () => undefined });
    expect(decoder.version).toBe(0);
    decoder.push(SPEC_EXAMPLE.subarray(0, 9));
    expect(decoder.version).toBe(10);
    expect(decoder.bytesConsumed).toBe(9);
    expect(decoder.done).toBe(false);
    decoder.push(SPEC_EXAMPLE.subarray(9));
    expect(decoder.done).toBe(true);
    expect(decoder.bytesConsumed).toBe(85);
    decoder.end();
  });
});

describe('opcodes', () => {
  it('AUX with int-encoded and LZF values', () => {
    expectEveryChunking(
      file(op.aux(str('redis-bits'), int8(64)), op.aux(str('blob'), lzfStr(lzfLiterals(Buffer.from('z'.repeat(40))), 40))),
      ok(['aux', 'redis-bits', '64'], ['aux', 'blob', 'z'.repeat(40)]),
    );
  });

  it('SELECTDB in every length form, and keys in each database', () => {
    expectEveryChunking(
      file(op.selectDb(0), record(TYPE.string, 'a', str('1')), op.selectDb(15, 14), record(TYPE.string, 'b', str('2')), op.selectDb(3, 32), record(TYPE.string, 'c', str('3'))),
      ok(['selectDb', 0], key('a', '1'), ['selectDb', 15], key('b', '2', -1, 15), ['selectDb', 3], key('c', '3', -1, 3)),
    );
  });

  it('keys before any SELECTDB belong to db 0', () => {
    expectEveryChunking(file(record(TYPE.string, 'a', str('1'))), ok(key('a', '1')));
  });

  it('RESIZEDB', () => {
    expectEveryChunking(file(op.selectDb(0), op.resizeDb(100000, 3)), ok(['selectDb', 0], ['resizeDb', 100000, 3]));
  });

  it('EXPIRETIME_MS applies to the next key only; beyond 2^53 it is a bigint', () => {
    expectEveryChunking(
      file(
        op.expireMs(1700000000123),
        record(TYPE.string, 'a', str('1')),
        record(TYPE.string, 'b', str('2')),
        op.expireMs(2n ** 60n),
        record(TYPE.string, 'c', str('3')),
        op.expireMs(0),
        record(TYPE.string, 'd', str('4')),
      ),
      ok(key('a', '1', 1700000000123), key('b', '2'), key('c', '3', 2n ** 60n), key('d', '4', 0)),
    );
  });

  it('EXPIRETIME (seconds, pre-3.0) is read as milliseconds', () => {
    expectEveryChunking(file(op.expireSeconds(1700000000), record(TYPE.string, 'a', str('1'))), ok(key('a', '1', 1700000000000)));
  });

  it('FREQ and IDLE are read and ignored, and do not stop an expiry applying', () => {
    expectEveryChunking(
      file(op.expireMs(5000), op.freq(200), record(TYPE.string, 'a', str('1')), op.idle(2n ** 40n), record(TYPE.string, 'b', str('2')), op.idle(2n ** 63n), record(TYPE.string, 'c', str('3'))),
      ok(key('a', '1', 5000), key('b', '2'), key('c', '3')),
    );
  });

  it('FUNCTION2 and the 7.0-rc FUNCTION record are skipped as a function library', () => {
    expectEveryChunking(
      file(
        cat([0xf5], str("#!lua name=mylib\nredis.register_function('f', function() return 1 end)")),
        cat([0xf6], str('lib'), str('LUA'), len(1), str('a description'), str('code')),
        cat([0xf6], str('lib2'), str('LUA'), len(0), str('code')),
        record(TYPE.string, 'a', str('1')),
      ),
      ok(['skipped', 'function library', null], ['skipped', 'function library', null], ['skipped', 'function library', null], key('a', '1')),
    );
  });

  it('MODULE_AUX is skipped, named by its module', () => {
    // Module id of type name "scripter1", encoding version 1.
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = 0n;
    for (const ch of 'scripter1') id = (id << 6n) | BigInt(chars.indexOf(ch));
    id = (id << 10n) | 1n;
    expectEveryChunking(
      file(cat([0xf7], len(id, 64), len(2), len(1), len(5), str('state'), len(2), len(7), len(0)), record(TYPE.string, 'a', str('1'))),
      ok(['skipped', 'module aux scripter1', null], key('a', '1')),
    );
  });
});

describe('versions and the checksum', () => {
  it.each([1, 2, 3, 4])('version %i has no checksum after EOF', (version) => {
    const bytes = rdbFile([record(TYPE.string, 'a', str('1'))], { version });
    expect(bytes[bytes.length - 1]).toBe(0xff);
    expectEveryChunking(bytes, ok(key('a', '1')));
  });

  it.each([5, 6, 7, 8, 9, 10])('version %i is read', (version) => {
    expectEveryChunking(rdbFile([record(TYPE.string, 'a', str('1'))], { version }), ok(key('a', '1')));
  });

  it.each([
    ['REDIS0011', "Can't handle RDB format version 11"],
    ['REDIS0000', "Can't handle RDB format version 0"],
    ['REDIS00x1', 'Can\'t handle RDB format version "00x1"'],
    ['REDIX0010', 'Wrong signature trying to load DB from file'],
  ])('%s is refused', (header, message) => {
    const bytes = cat(header, [0xff], Buffer.alloc(8));
    expectEveryChunking(bytes, { events: [], error: `version: ${message}` });
  });

  it('a wrong checksum fails, naming both values', () => {
    const bytes = Buffer.from(SPEC_EXAMPLE);
    bytes[bytes.length - 1] ^= 1;
    expectEveryChunking(bytes, {
      events: [['aux', 'redis-ver', '7.0.15'], ['aux', 'redis-bits', '64'], ['selectDb', 0], ['resizeDb', 2, 1], key('foo', 'bar'), key('temp', 'hello', 4102444800000)],
      error: 'checksum: Wrong RDB checksum expected: (142a42f74f89f97f) but got (152a42f74f89f97f)',
    });
  });

  it('a flipped bit anywhere before the checksum fails (as checksum or corruption)', () => {
    for (let at = 9; at < SPEC_EXAMPLE.length - 8; at++) {
      const bytes = Buffer.from(SPEC_EXAMPLE);
      bytes[at] ^= 0x10;
      const got = decodeChunks([bytes]);
      expect({ at, failed: got.error !== null }).toEqual({ at, failed: true });
    }
  });

  it('a stored checksum of 0 means "not computed"', () => {
    expectEveryChunking(rdbFile([record(TYPE.string, 'a', str('1'))], { checksum: 'zero' }), ok(key('a', '1')));
  });

  it('verifyChecksum: false reads past a wrong checksum', () => {
    const bytes = rdbFile([record(TYPE.string, 'a', str('1'))], { checksum: Buffer.alloc(8, 7) });
    expectEveryChunking(bytes, ok(key('a', '1')), { verifyChecksum: false });
    expectFailure(bytes, 'checksum');
  });
});

describe('bytes after the file', () => {
  it('push returns how much of its chunk belongs to the file', () => {
    const tail = Buffer.from('*1\r\n$4\r\nPING\r\n');
    const bytes = cat(SPEC_EXAMPLE, tail);
    for (let at = 1; at < bytes.length; at++) {
      const decoder = new RdbDecoder({ key: () => undefined });
      const first = decoder.push(bytes.subarray(0, at));
      const second = decoder.push(bytes.subarray(at));
      expect({ at, first, second }).toEqual({ at, first: Math.min(at, 85), second: Math.max(0, 85 - at) });
      expect(decoder.done).toBe(true);
      expect(decoder.bytesConsumed).toBe(85);
      expect(decoder.push(tail)).toBe(0);
      decoder.end();
    }
  });

  it('with a version below 5, the file ends at EOF', () => {
    const decoder = new RdbDecoder({ key: () => undefined });
    expect(decoder.push(cat(rdbFile([], { version: 4 }), 'more'))).toBe(10);
    expect(decoder.done).toBe(true);
  });
});

describe('failures', () => {
  it('end() on every strict prefix of a file is "truncated"', () => {
    for (let at = 0; at < SPEC_EXAMPLE.length; at++) {
      const got = decodeChunks(at === 0 ? [] : [SPEC_EXAMPLE.subarray(0, at)]);
      expect({ at, code: got.error?.split(':')[0] }).toEqual({ at, code: 'truncated' });
    }
  });

  it('a truncated value is named in the message', () => {
    const bytes = file(record(TYPE.set, 'myset', cat(len(3), str('a'), str('b'), str('c'))));
    expectFailure(bytes.subarray(0, bytes.length - 12), 'truncated', /RDB ended after \d+ bytes, inside the unit at byte \d+ in the value of key "myset"/);
  });

  it('every push and end after a failure throws the same error', () => {
    const decoder = new RdbDecoder({ key: () => undefined });
    let first: unknown = null;
    try {
      decoder.push(Buffer.from('NOTREDIS0'));
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(RdbError);
    expect(() => decoder.push(Buffer.from('x'))).toThrow(first as Error);
    expect(() => decoder.end()).toThrow(first as Error);
  });

  it('an error the handler throws propagates and ends decoding', () => {
    const boom = new Error('handler failed');
    const decoder = new RdbDecoder({ key: () => { throw boom; } });
    expect(() => decoder.push(SPEC_EXAMPLE)).toThrow(boom);
    expect(() => decoder.end()).toThrow(boom);
  });

  it.each([
    ['SELECTDB 16 with 16 databases', file(op.selectDb(16)), /corrupt: SELECTDB 16 is beyond the 16 databases this server has at byte 11/],
    ['unknown value type 8', file(record(8, 'k', str('v'))), /corrupt: unknown value type 8 at byte 9$/],
    ['unknown value type 20', file(record(20, 'k', str('v'))), /corrupt: unknown value type 20/],
    ['unknown value type 0xF4', file(record(0xf4, 'k', str('v'))), /corrupt: unknown value type 244/],
    ['length form 0x82', file(op.selectDb(0), cat([TYPE.set, 1, 0x6b, 0x82])), /corrupt: invalid length encoding 0x82 at byte 14/],
    ['length form 0xBF', file(cat([TYPE.string, 0xbf])), /corrupt: invalid length encoding 0xbf/],
    ['a length beyond 2^53', file(cat([TYPE.set], str('k'), len(2n ** 60n, 64))), /corrupt: 64-bit length 0x1000000000000000 is beyond any real size/],
    ['string encoding 0xC4', file(cat([TYPE.string], str('k'), [0xc4])), /corrupt: unknown string encoding 0xc4/],
    ['an LZF string that does not inflate to its length', file(record(TYPE.string, 'k', lzfStr([0x01, 0x61, 0x61], 3))), /corrupt: invalid LZF data/],
    ['an LZF length beyond what its bytes can inflate to', file(record(TYPE.string, 'k', lzfStr([0x00, 0x61], 1_000_000_000))), /corrupt: invalid LZF data/],
    ['a NaN score (ZSET_2)', file(record(TYPE.zset2, 'z', cat(len(1), str('m'), Buffer.from([0, 0, 0, 0, 0, 0, 0xf8, 0x7f])))), /corrupt: sorted set score is NaN/],
    ['a NaN score (ZSET)', file(record(TYPE.zset, 'z', cat(len(1), str('m'), [253]))), /corrupt: sorted set score is NaN/],
    ['a text score that is not a number', file(record(TYPE.zset, 'z', cat(len(1), str('m'), [3], 'abc'))), /score "abc" is not a number in the value of key "z"/],
    ['a quicklist container of 3', file(record(TYPE.listQuicklist2, 'l', cat(len(1), len(3), str('x')))), /quicklist node container 3 is neither 1/],
    ['an empty quicklist node blob', file(record(TYPE.listQuicklist2, 'l', cat(len(1), len(2), str('')))), /quicklist node is empty/],
    ['an empty intset', file(record(TYPE.setIntset, 's', str(intset(2, [])))), /intset: empty/],
    ['MODULE (6) even with skipped()', file(record(TYPE.module, 'm', len(1))), /unsupported: module value \(type 6\) at byte 9 in db 0/],
    ['an unknown module opcode', file(record(TYPE.module2, 'm', cat(len(1), len(9)))), /corrupt: unknown module opcode 9/],
    ['a module aux "when" opcode other than 2', file(cat([0xf7], len(1), len(1), len(1), len(0))), /module aux "when" opcode is 1, not 2/],
    ['a stream node key that is not 16 bytes', file(record(TYPE.streamListpacks2, 'st', cat(len(1), str('short')))), /stream node key of 5 bytes is not a stream id/],
  ])('%s', (_name, bytes, message) => {
    const got = decodeChunks([bytes]);
    expect(got.error).toMatch(message);
  });

  it('the databases option sets the SELECTDB limit', () => {
    expectEveryChunking(file(op.selectDb(31)), ok(['selectDb', 31]), { databases: 32 });
    expectFailure(file(op.selectDb(2)), 'corrupt', /beyond the 2 databases/, { databases: 2 });
  });

  it('without skipped(), streams, modules and functions are unsupported', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [file(record(TYPE.streamListpacks2, 'st', len(0))), /unsupported: stream value \(type 19\) at byte 9 in db 0/],
      [file(record(TYPE.streamListpacks, 'st', len(0))), /unsupported: stream value \(type 15\)/],
      [file(record(TYPE.module2, 'm', len(0))), /unsupported: module value \(type 7\)/],
      [file(cat([0xf5], str('code'))), /unsupported: function library at byte 9/],
      [file(cat([0xf7], len(1))), /unsupported: module AUX data at byte 9/],
    ];
    for (const [bytes, message] of cases) expect(decodeChunks([bytes], { withSkipped: false }).error).toMatch(message);
  });

  it('inner-structure errors name the key and where its record starts', () => {
    const blob = Buffer.from([11, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]);
    expectFailure(
      file(record(TYPE.hashListpack, 'my\x00hash', str(blob))),
      'corrupt',
      /^corrupt: hash listpack: header says 11 bytes but the blob has 10 in the value of key "my\\x00hash" \(value type at byte 9\)$/,
    );
  });
});

describe('ownership of the decoded Buffers', () => {
  /** Every kind of Buffer a value can arrive as: raw short and long, LZF, int-encoded, hash values. */
  const values = [
    record(TYPE.string, 'short', str('a short value')),
    record(TYPE.string, 'long', str('L'.repeat(5000))),
    record(TYPE.string, 'lzf', lzfStr(lzfLiterals(Buffer.from('y'.repeat(30))), 30)),
    record(TYPE.string, 'int', int8(-7)),
    record(TYPE.hash, 'h', cat(len(2), str('f1'), str('v1'), str('f2'), str('V'.repeat(3000)))),
    record(TYPE.hashListpack, 'hl', str(listpack([lp.str6('f'), lp.str6('listpack value'), lp.str6('g'), lp.uint7(5)]))),
  ];
  const expected = ['a short value', 'L'.repeat(5000), 'y'.repeat(30), '-7', 'v1', 'V'.repeat(3000), 'listpack value', '5'];
  const bytesOf = (value: DecodedValue): Buffer[] => (value.kind === 'string' ? [value.value] : value.kind === 'hash' ? value.values : []);

  it('none is a view into an input chunk: overwriting every chunk after decoding changes no value (whole, by bytes, split)', () => {
    const input = file(...values);
    for (const cut of [input.length, 1, 7, 64, 1000, 4097]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < input.length; at += cut) {
        // Each chunk in memory of its own (not Node's shared pool), so sharing memory with one is telling.
        const piece = input.subarray(at, at + cut);
        const chunk = Buffer.allocUnsafeSlow(piece.length);
        piece.copy(chunk);
        chunks.push(chunk);
      }
      const got: Buffer[] = [];
      const decoder = new RdbDecoder({ key: (_db, _key, value) => got.push(...bytesOf(value)) });
      for (const chunk of chunks) decoder.push(chunk);
      decoder.end();
      for (const chunk of chunks) chunk.fill(0xee);
      expect({ cut, values: got.map((b) => b.toString('latin1')) }).toEqual({ cut, values: expected });
      for (const b of got) expect(chunks.some((chunk) => chunk.buffer === b.buffer)).toBe(false);
    }
  });

  it('short string and hash values share a 64 KiB slab; long ones have their own memory', () => {
    const got: Buffer[] = [];
    const decoder = new RdbDecoder({ key: (_db, _key, value) => got.push(...bytesOf(value)) });
    decoder.push(file(...values));
    decoder.end();
    const [short, long, lzf, int, v1, longHashValue, listpackValue, five] = got;
    for (const b of [lzf, int, v1, listpackValue, five]) expect(b.buffer).toBe(short.buffer);
    expect(short.buffer.byteLength).toBe(SLAB_BYTES);
    expect(long.buffer).not.toBe(short.buffer);
    expect(longHashValue.buffer).not.toBe(short.buffer);
  });
});
