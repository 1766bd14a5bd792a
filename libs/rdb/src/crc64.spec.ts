/**
 * CRC-64/Jones: the check value, values taken from real 7.0.15 files (spec §8.12's trailer), a
 * bit-at-a-time reference on random inputs, and streaming in any split equal to one shot.
 */
import fc from 'fast-check';
import { Crc64, crc64 } from './crc64';

/** Bit-at-a-time definition (reflected, reversed polynomial), independent of the table code. */
function referenceCrc64(buf: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of buf) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('crc64', () => {
  it('gives the CRC-64/Jones check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('is 0 for no bytes', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  it('matches the trailer of the 85-byte file of spec §8.12', () => {
    const file = Buffer.from(
      '524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040' +
        'fe00fb02010003666f6f03626172fc00d8c32cbb030000000474656d700568656c6c6fff',
      'hex',
    );
    expect(file.length).toBe(77);
    expect(crc64(file)).toBe(0x142a42f74f89f97fn);
    const state = new Crc64();
    state.update(file);
    expect(state.digestBytes().toString('hex')).toBe('7ff9894ff7422a14');
  });

  it('matches the bit-at-a-time definition on random inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(crc64(bytes)).toBe(referenceCrc64(bytes));
      }),
    );
  });

  it('continues from a previous value as crc64(crc, p, len) does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const whole = Buffer.concat([a, b]);
        expect(crc64(b, crc64(a))).toBe(crc64(whole));
      }),
    );
  });

  it('gives the one-shot value when fed in pieces, at every split and byte by byte', () => {
    const data = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 97 + 13) & 0xff));
    const expected = crc64(data);
    for (let cut = 0; cut <= data.length; cut++) {
      const state = new Crc64();
      state.update(data, 0, cut);
      state.update(data, cut);
      expect(state.digest()).toBe(expected);
    }
    const byteByByte = new Crc64();
    for (let i = 0; i < data.length; i++) byteByByte.update(data, i, i + 1);
    expect(byteByByte.digest()).toBe(expected);
  });

  it('gives the one-shot value for random splits of random inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const points = cuts.map((c) => c % (bytes.length + 1)).sort((x, y) => x - y);
        const state = new Crc64();
        let from = 0;
        for (const point of points) {
          state.update(bytes, from, point);
          from = point;
        }
        state.update(bytes, from);
        expect(state.digest()).toBe(crc64(bytes));
      }),
    );
  });

  it('writes the digest little-endian at an offset', () => {
    const state = new Crc64();
    state.update(Buffer.from('123456789'));
    const target = Buffer.alloc(10);
    state.writeDigest(target, 1);
    expect(target.toString('hex')).toBe('00cad9b8c414d9c6e900');
    expect(state.digestBytes().readBigUInt64LE(0)).toBe(0xe9c6d914c4b8d9can);
  });

  it('starts from a given 64-bit value', () => {
    const state = new Crc64(0xffffffffffffffffn);
    expect(state.digest()).toBe(0xffffffffffffffffn);
    state.update(Buffer.from('x'));
    expect(state.digest()).toBe(crc64(Buffer.from('x'), 0xffffffffffffffffn));
  });
});
