/**
 * RdbEncoder: the 85-byte file of spec §8.12 byte for byte, the file framing (magic, AUX, SELECTDB,
 * RESIZEDB, EXPIRETIME_MS, EOF, CRC), call-order checks, and output that does not depend on how it
 * is chunked. Value bodies are covered by value-write.spec.ts; loading by a real server by
 * test/interop-encode.spec.ts.
 */
import { crc64 } from './crc64';
import { RdbEncoder } from './encoder';
import type { RdbEncoderOptions } from './encoder';
import type { RdbValue } from './model';

const hex = (s: string) => s.replace(/\s+/g, '');
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');

function collect(options?: RdbEncoderOptions) {
  const chunks: Buffer[] = [];
  const encoder = new RdbEncoder({ write: (chunk) => chunks.push(chunk) }, options);
  return { encoder, chunks, bytes: () => Buffer.concat(chunks) };
}

/** Checks the trailer and returns the file without it. */
function withoutTrailer(file: Buffer): Buffer {
  const body = file.subarray(0, file.length - 8);
  expect(file.readBigUInt64LE(file.length - 8)).toBe(crc64(body));
  expect(body[body.length - 1]).toBe(0xff);
  return body;
}

describe('RdbEncoder', () => {
  it('writes the 85-byte file of spec §8.12 exactly', () => {
    const { encoder, bytes } = collect();
    encoder.header([
      ['redis-ver', '7.0.15'],
      ['redis-bits', 64],
    ]);
    encoder.selectDb(0, { keys: 2, expires: 1 });
    encoder.key('foo', { kind: 'string', value: 'bar' }, -1);
    encoder.key('temp', { kind: 'string', value: 'hello' }, 4102444800000);
    encoder.finish();
    expect(bytes().toString('hex')).toBe(
      hex(`
        524544495330303130
        fa 0972656469732d766572 06372e302e3135
        fa 0a72656469732d62697473 c040
        fe00 fb0201
        00 03666f6f 03626172
        fc 00d8c32cbb030000 00 0474656d70 0568656c6c6f
        ff 7ff9894ff7422a14`),
    );
    expect(encoder.bytesWritten).toBe(85);
  });

  it('writes a file without keys as header, EOF and CRC', () => {
    const { encoder, bytes } = collect();
    encoder.header([]);
    encoder.finish();
    const file = bytes();
    expect(withoutTrailer(file).toString('hex')).toBe(ascii('REDIS0010') + 'ff');
  });

  it('writes numeric AUX values as their decimal text, int-encoded where 7.0 does', () => {
    const { encoder, bytes } = collect();
    encoder.header([
      ['ctime', 1700000000],
      ['used-mem', 3000000000],
      ['aof-base', 0],
      ['repl-id', 'c'.repeat(40)],
    ]);
    encoder.finish();
    expect(withoutTrailer(bytes()).toString('hex')).toBe(
      ascii('REDIS0010') +
        hex(`
          fa 056374696d65 c2 00f15365
          fa 08${ascii('used-mem')} 0a${ascii('3000000000')}
          fa 08${ascii('aof-base')} c000
          fa 07${ascii('repl-id')} c3 09 28 016363e01b00016363
          ff`),
    );
  });

  it('writes SELECTDB with and without RESIZEDB, lengths in their smallest forms', () => {
    const { encoder, bytes } = collect();
    encoder.header([]);
    encoder.selectDb(3);
    encoder.key('a', { kind: 'string', value: 'b' }, -1);
    encoder.selectDb(15, { keys: 70000, expires: 100 });
    encoder.key('a', { kind: 'string', value: 'b' }, -1);
    encoder.finish();
    expect(withoutTrailer(bytes()).toString('hex')).toBe(
      ascii('REDIS0010') + hex('fe03 00 0161 0162  fe0f fb 8000011170 4064 00 0161 0162 ff'),
    );
  });

  it('writes expiries as EXPIRETIME_MS with a signed 64-bit little-endian deadline', () => {
    const { encoder, bytes } = collect();
    encoder.header([]);
    encoder.key('n', { kind: 'string', value: 'v' }, 1);
    encoder.key('b', { kind: 'string', value: 'v' }, 2n ** 62n);
    encoder.key('x', { kind: 'string', value: 'v' }, -1n);
    encoder.finish();
    expect(withoutTrailer(bytes()).toString('hex')).toBe(
      ascii('REDIS0010') +
        hex('fc 0100000000000000 00 016e 0176  fc 0000000000000040 00 0162 0176  00 0178 0176  ff'),
    );
  });

  it('encodes keys as RDB strings: binary, int-encoded and LZF like values', () => {
    const { encoder, bytes } = collect();
    encoder.header([]);
    encoder.key(Buffer.from([0, 0xff]), { kind: 'string', value: '' }, -1);
    encoder.key('1000', { kind: 'string', value: 'x' }, -1);
    encoder.key('k'.repeat(30), { kind: 'string', value: 'x' }, -1);
    encoder.finish();
    expect(withoutTrailer(bytes()).toString('hex')).toBe(
      ascii('REDIS0010') + hex('00 0200ff 00  00 c1e803 0178  00 c3 09 1e 016b6be011 00016b6b 0178  ff'),
    );
  });

  it('writes the type id of each value before its key', () => {
    const values: [RdbValue, number][] = [
      [{ kind: 'list', length: 1, items: ['a'] }, 18],
      [{ kind: 'set', size: 1, members: ['1'], intset: true }, 11],
      [{ kind: 'set', size: 1, members: ['a'], intset: false }, 2],
      [{ kind: 'hash', size: 1, entries: [['f', 'v']], listpack: true }, 16],
      [{ kind: 'hash', size: 1, entries: [['f', 'v']], listpack: false }, 4],
      [{ kind: 'zset', size: 1, entries: [['m', 1]], listpack: true }, 17],
      [{ kind: 'zset', size: 1, entries: [['m', 1]], listpack: false }, 5],
    ];
    for (const [value, type] of values) {
      const { encoder, bytes } = collect();
      encoder.header([]);
      encoder.key('k', value, -1);
      encoder.finish();
      expect(bytes().subarray(9, 12).toString('hex')).toBe(type.toString(16).padStart(2, '0') + '016b');
    }
  });

  it('refuses calls out of file order', () => {
    const { encoder } = collect();
    expect(() => encoder.key('k', { kind: 'string', value: 'v' }, -1)).toThrow(/key\(\) called before header/);
    expect(() => encoder.selectDb(0)).toThrow(/before header/);
    expect(() => encoder.finish()).toThrow(/before header/);
    encoder.header([]);
    expect(() => encoder.header([])).toThrow(/header\(\) called after header/);
    encoder.finish();
    expect(() => encoder.key('k', { kind: 'string', value: 'v' }, -1)).toThrow(/after finish/);
    expect(() => encoder.finish()).toThrow(/after finish/);
  });

  it('refuses a database index that is not a non-negative integer', () => {
    const { encoder } = collect();
    encoder.header([]);
    expect(() => encoder.selectDb(-1)).toThrow(/invalid database index -1/);
    expect(() => encoder.selectDb(1.5)).toThrow(/invalid database index 1.5/);
  });

  it('refuses an empty collection before writing any of the key', () => {
    const { encoder } = collect();
    encoder.header([]);
    const before = encoder.bytesWritten;
    expect(() => encoder.key('k', { kind: 'hash', size: 0, entries: [], listpack: true }, 5)).toThrow(/empty hash/);
    expect(encoder.bytesWritten).toBe(before);
  });

  it('gives the same bytes whatever the chunk size, in chunks no longer than it', () => {
    function encodeMany(options: RdbEncoderOptions): { file: Buffer; chunks: Buffer[] } {
      const { encoder, chunks, bytes } = collect(options);
      encoder.header([['redis-ver', '7.0.15']]);
      for (let db = 0; db < 3; db++) {
        encoder.selectDb(db, { keys: 50, expires: 10 });
        for (let i = 0; i < 50; i++) {
          const expireAt = i % 5 === 0 ? 1700000000000 + i : -1;
          encoder.key(`key:${db}:${i}`, { kind: 'string', value: 'v'.repeat(i * 13) + i }, expireAt);
          encoder.key(`list:${db}:${i}`, { kind: 'list', length: i + 1, items: Array.from({ length: i + 1 }, (_, k) => `item-${k}`.repeat(k)) }, -1);
        }
        // Encoded bytes are counted while still buffered.
        expect(encoder.bytesWritten).toBeGreaterThan(chunks.reduce((n, c) => n + c.length, 0) - 1);
      }
      encoder.finish();
      return { file: bytes(), chunks };
    }
    const reference = encodeMany({ chunkBytes: 1 << 24 });
    expect(reference.chunks).toHaveLength(1);
    withoutTrailer(reference.file);
    for (const chunkBytes of [64, 1000, 65536]) {
      const { file, chunks } = encodeMany({ chunkBytes });
      expect(file).toEqual(reference.file);
      for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(chunkBytes);
    }
  });

  it('hands every buffered byte to the sink on flush', () => {
    const { encoder, chunks } = collect();
    encoder.header([]);
    expect(chunks).toHaveLength(0);
    encoder.flush();
    expect(Buffer.concat(chunks).toString()).toBe('REDIS0010');
    encoder.key('k', { kind: 'string', value: 'v' }, -1);
    encoder.flush();
    expect(Buffer.concat(chunks).subarray(9).toString('hex')).toBe('00016b0176');
  });

  it('writes raw strings and blobs with compression off', () => {
    const { encoder, bytes } = collect({ compression: false });
    encoder.header([]);
    encoder.key('k', { kind: 'string', value: 'a'.repeat(30) }, -1);
    encoder.finish();
    expect(withoutTrailer(bytes()).subarray(9).toString('hex')).toBe(hex('00 016b 1e') + '61'.repeat(30) + 'ff');
  });
});
