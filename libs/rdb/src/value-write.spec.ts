/**
 * ValueWriter against bytes computed by hand from spec §8.5–8.7: every string form (INT8/16/32 at
 * their boundaries, LZF by 7.0's rule, raw), each type id and body, zset listpack score texts,
 * quicklist node splitting under list-max-listpack-size -2, and PLAIN nodes.
 */
import { ChunkWriter } from './chunk-writer';
import { TYPE } from './constants';
import { lzfCompress } from './lzf';
import type { RdbBytes, RdbValue } from './model';
import { ValueWriter, typeIdOf } from './value-write';

const hex = (s: string) => s.replace(/\s+/g, '');
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');

interface Options {
  compression?: boolean;
  plainNodeMinBytes?: number;
}

function writeWith(options: Options, write: (values: ValueWriter) => void): Buffer {
  const chunks: Buffer[] = [];
  const out = new ChunkWriter({ write: (chunk) => chunks.push(chunk) }, 4096);
  write(new ValueWriter(out, options.compression ?? true, options.plainNodeMinBytes));
  out.flush();
  return Buffer.concat(chunks);
}

const stringHex = (value: RdbBytes, options: Options = {}) => writeWith(options, (v) => v.writeString(value)).toString('hex');
const bodyHex = (value: RdbValue, options: Options = {}) => writeWith(options, (v) => v.writeBody(value)).toString('hex');

const list = (items: RdbBytes[]): RdbValue => ({ kind: 'list', length: items.length, items });
const hash = (entries: [RdbBytes, RdbBytes][], listpack: boolean): RdbValue => ({ kind: 'hash', size: entries.length, entries, listpack });
const zset = (entries: [RdbBytes, number][], listpack: boolean): RdbValue => ({ kind: 'zset', size: entries.length, entries, listpack });
const set = (members: RdbBytes[], intset: boolean): RdbValue => ({ kind: 'set', size: members.length, members, intset });

describe('ValueWriter strings', () => {
  it.each([
    ['0', 'c0 00'],
    ['127', 'c0 7f'],
    ['-128', 'c0 80'],
    ['128', 'c1 80 00'],
    ['-129', 'c1 7f ff'],
    ['32767', 'c1 ff 7f'],
    ['-32768', 'c1 00 80'],
    ['32768', 'c2 00 80 00 00'],
    ['12345678', 'c2 4e 61 bc 00'],
    ['2147483647', 'c2 ff ff ff 7f'],
    ['-2147483648', 'c2 00 00 00 80'],
  ])('%s is integer-encoded as %s', (text, bytes) => {
    expect(stringHex(text)).toBe(hex(bytes));
    expect(stringHex(Buffer.from(text))).toBe(hex(bytes));
  });

  it.each(['2147483648', '-2147483649', '-0', '007', '+1', ' 1', '1.0', '99999999999'])('%j is stored raw', (text) => {
    expect(stringHex(text)).toBe(hex('0' + text.length.toString(16)) + ascii(text));
  });

  it('stores the empty string as a zero length', () => {
    expect(stringHex('')).toBe('00');
    expect(stringHex(Buffer.alloc(0))).toBe('00');
  });

  it('stores binary bytes as they are', () => {
    expect(stringHex('\x00\xff\r\n')).toBe('0400ff0d0a');
    expect(stringHex(Buffer.from([0, 0xff, 13, 10]))).toBe('0400ff0d0a');
  });

  it('LZF-compresses 30 × "a" to the bytes of the real dump in spec §8.5', () => {
    expect(stringHex('a'.repeat(30))).toBe(hex('c3 09 1e 016161e01100016161'));
    expect(stringHex(Buffer.alloc(30, 'a'))).toBe(hex('c3 09 1e 016161e01100016161'));
  });

  it('does not try LZF on 20 bytes or fewer, nor with compression off', () => {
    expect(stringHex('a'.repeat(20))).toBe('14' + '61'.repeat(20));
    expect(stringHex('a'.repeat(21))).toBe(hex('c3 06 15 016161e00a00'));
    expect(stringHex('a'.repeat(30), { compression: false })).toBe('1e' + '61'.repeat(30));
  });

  it('keeps LZF only where liblzf fits it in length − 4 bytes', () => {
    const saves5 = 'aaaaaaaaaaaabcdefghij';
    expect(stringHex(saves5)).toBe(hex('c3 10 15') + lzfCompress(Buffer.from(saves5))!.toString('hex'));
    const saves3 = 'aaaaaaaaabcdefghijklm';
    expect(lzfCompress(Buffer.from(saves3))).not.toBeNull();
    expect(stringHex(saves3)).toBe('15' + ascii(saves3));
  });

  it('writes long strings with the 14-bit and 32-bit length forms', () => {
    const text = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) & 0xff));
    const raw = writeWith({ compression: false }, (v) => v.writeString(text));
    expect(raw.subarray(0, 5).toString('hex')).toBe(hex('80 00004e20'));
    expect(raw.subarray(5)).toEqual(text);
    const medium = writeWith({ compression: false }, (v) => v.writeString('q'.repeat(100)));
    expect(medium.subarray(0, 2).toString('hex')).toBe('4064');
  });
});

describe('ValueWriter type ids', () => {
  it.each<[RdbValue, number]>([
    [{ kind: 'string', value: 'x' }, TYPE.string],
    [list(['a']), TYPE.listQuicklist2],
    [set(['1'], true), TYPE.setIntset],
    [set(['a'], false), TYPE.set],
    [hash([['f', 'v']], true), TYPE.hashListpack],
    [hash([['f', 'v']], false), TYPE.hash],
    [zset([['m', 1]], true), TYPE.zsetListpack],
    [zset([['m', 1]], false), TYPE.zset2],
  ])('%j → %d', (value, type) => {
    expect(typeIdOf(value)).toBe(type);
  });

  it('refuses empty collections (7.0 never writes one; it refuses an empty intset)', () => {
    expect(() => typeIdOf(list([]))).toThrow(/empty list/);
    expect(() => typeIdOf(set([], true))).toThrow(/empty set/);
    expect(() => typeIdOf(hash([], true))).toThrow(/empty hash/);
    expect(() => typeIdOf(zset([], false))).toThrow(/empty sorted set/);
  });
});

describe('ValueWriter plain collections', () => {
  it('writes a SET as a count and strings (integers int-encoded)', () => {
    expect(bodyHex(set(['x', '5', Buffer.from('yy')], false))).toBe(hex('03 0178 c005 027979'));
  });

  it('writes a HASH as a count and field, value pairs', () => {
    expect(bodyHex(hash([['1', 'v'], ['name', '300']], false))).toBe(hex('02 c001 0176 046e616d65 c12c01'));
  });

  it('writes ZSET_2 scores as little-endian binary doubles', () => {
    expect(bodyHex(zset([['b', -Infinity], ['a', 1.5], ['c', Infinity], ['d', -0]], false))).toBe(
      hex('04 0162 000000000000f0ff 0161 000000000000f83f 0163 000000000000f07f 0164 0000000000000080'),
    );
  });

  it('refuses a NaN score and a count that differs from the announced size', () => {
    expect(() => bodyHex(zset([['a', NaN]], false))).toThrow(/NaN/);
    expect(() => bodyHex(zset([['a', NaN]], true))).toThrow(/NaN/);
    expect(() => bodyHex({ kind: 'set', size: 2, members: ['a'], intset: false })).toThrow(/1 elements, 2 announced/);
    expect(() => bodyHex({ kind: 'hash', size: 1, entries: [['a', 'b'], ['c', 'd']], listpack: true })).toThrow(/2 elements, 1 announced/);
  });
});

describe('ValueWriter blobs', () => {
  it('writes an intset blob as a string', () => {
    expect(bodyHex(set(['2', '1'], true))).toBe(hex('0c 02000000 02000000 0100 0200'));
  });

  it('writes a hash listpack (field, value, …) as a string', () => {
    expect(bodyHex(hash([['a', '1'], ['b', 'hello']], true))).toBe(
      hex('16 16000000 0400 816102 0101 816202 8568656c6c6f06 ff'),
    );
  });

  it('writes zset listpack scores as 7.0 stores them: integers up to 2^62, else %.17g text', () => {
    const cases: [number, string][] = [
      [3, '03 01'],
      [-0, '00 01'],
      [-5, 'df fb 02'],
      [2 ** 62, 'f4 0000000000000040 09'],
      [-(2 ** 62), 'f4 00000000000000c0 09'],
      [2 ** 63, '96 ' + ascii('9.2233720368547758e+18') + ' 17'],
      [1.5, '83 312e35 04'],
      [0.1, '93 ' + ascii('0.10000000000000001') + ' 14'],
      [1e20, '85 ' + ascii('1e+20') + ' 06'],
      [Infinity, '83 ' + ascii('inf') + ' 04'],
      [-Infinity, '84 ' + ascii('-inf') + ' 05'],
    ];
    for (const [score, entry] of cases) {
      const body = writeWith({ compression: false }, (v) => v.writeBody(zset([['m', score]], true)));
      // blob length, listpack header, member "m", then the score entry, then the terminator
      expect(body.subarray(7 + 3, body.length - 1).toString('hex')).toBe(hex(entry));
      expect(body.subarray(7, 10).toString('hex')).toBe('816d02');
    }
  });

  it('LZF-compresses blobs by the same rule as strings', () => {
    const entries: [string, string][] = Array.from({ length: 20 }, (_, i) => [`field:${i}`, 'value']);
    const value = hash(entries, true);
    const compressed = writeWith({}, (v) => v.writeBody(value));
    const raw = writeWith({ compression: false }, (v) => v.writeBody(value));
    expect(compressed[0]).toBe(0xc3);
    expect(compressed.length).toBeLessThan(raw.length - 4);
    const listpack = raw.subarray(2);
    expect(raw.subarray(0, 2).toString('hex')).toBe((0x4000 | listpack.length).toString(16));
    expect(compressed.subarray(1).toString('hex')).toContain(lzfCompress(listpack)!.toString('hex'));
  });
});

describe('ValueWriter quicklists', () => {
  it('writes the list of the spec worked example (RPUSH L 1 2 hello)', () => {
    expect(bodyHex(list(['1', '2', 'hello']))).toBe(hex('01 02 12 12000000 0300 0101 0201 8568656c6c6f06 ff'));
  });

  /** Node element counts of a written quicklist (compression off, PACKED nodes only). */
  function nodeCounts(items: RdbBytes[]): number[] {
    const body = writeWith({ compression: false }, (v) => v.writeBody(list(items)));
    const counts: number[] = [];
    let p = 1;
    expect(body[0]).toBeLessThan(64);
    for (let n = 0; n < body[0]; n++) {
      expect(body[p]).toBe(2);
      const first = body[p + 1];
      const lengthBytes = first < 0x40 ? 1 : first < 0x80 ? 2 : 5;
      const blobLength = lengthBytes === 1 ? first : lengthBytes === 2 ? ((first & 0x3f) << 8) | body[p + 2] : body.readUInt32BE(p + 2);
      const lp = body.subarray(p + 1 + lengthBytes, p + 1 + lengthBytes + blobLength);
      expect(lp.readUInt32LE(0)).toBe(blobLength);
      expect(blobLength).toBeLessThanOrEqual(Math.max(8192, 7 + 20000 + 10));
      counts.push(lp.readUInt16LE(4));
      p += 1 + lengthBytes + blobLength;
    }
    expect(p).toBe(body.length);
    return counts;
  }

  it('fills a node while its size + the element + 8 stays within 8192 bytes', () => {
    // A 100-byte string entry takes 103 bytes: 7 + 103 × 78 + 100 + 8 = 8149 fits, one more does not.
    const items = Array.from({ length: 200 }, (_, i) => String(i).padStart(100, '-'));
    expect(nodeCounts(items)).toEqual([79, 79, 42]);
  });

  it('counts the raw element length, not its listpack entry, when deciding', () => {
    // 10000..12999 are 4-byte int16 entries but count as their text length (5) in the estimate:
    // a node of k takes one more while 7 + 4k + 5 + 8 ≤ 8192, so it ends at 2044.
    const items = Array.from({ length: 3000 }, (_, i) => String(10000 + i));
    expect(nodeCounts(items)).toEqual([2044, 956]);
  });

  it('puts an element larger than a node in a node of its own', () => {
    const big = 'B'.repeat(20000);
    expect(nodeCounts(['a', 'b', big, 'c'])).toEqual([2, 1, 1]);
  });

  it('puts elements of at least the plain threshold in PLAIN nodes', () => {
    const big = 'x'.repeat(12);
    expect(bodyHex(list(['a', big, big, 'b']), { plainNodeMinBytes: 12, compression: false })).toBe(
      hex(
        '04  02 0a 0a000000 0100 816102 ff  01 0c' + ascii(big) + '  01 0c' + ascii(big) + '  02 0a 0a000000 0100 816202 ff',
      ),
    );
    // A PLAIN node's element is an RDB string, so it is LZF-compressed when that pays.
    const long = 'y'.repeat(40);
    expect(bodyHex(list([long]), { plainNodeMinBytes: 12 })).toBe('0101' + stringHex(long));
  });

  it('refuses a list whose item count differs from its length', () => {
    expect(() => bodyHex({ kind: 'list', length: 2, items: ['a'] })).toThrow(/1 elements, 2 announced/);
  });
});
