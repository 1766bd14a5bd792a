/**
 * The pure helpers under bits/: offsets, field read/write at every alignment, overflow policies
 * on both paths, scans, and the LCS walk. (Command-level behaviour, checked against redis-server,
 * is in commands/bitmaps-sessions.spec.ts.)
 */
import { OVERFLOW_FAIL, OVERFLOW_SAT, OVERFLOW_WRAP, applyBig, applySmall, readBig, readSmall, writeBig, writeSmall } from './field';
import { computeLcs, walkLcs } from './lcs';
import { BAD_OFFSET, parseBitOffset } from './offset';
import { countBits, findBit } from './scan';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('parseBitOffset', () => {
  it.each([
    ['0', 0, 0],
    ['4294967295', 0, 4294967295],
    ['4294967296', 0, BAD_OFFSET],
    ['-1', 0, BAD_OFFSET],
    ['#3', 8, 24],
    ['#3', 0, BAD_OFFSET],
    ['#536870911', 8, 4294967288],
    ['#536870912', 8, BAD_OFFSET],
    ['#2305843009213693952', 8, 0],
    ['#', 8, BAD_OFFSET],
    ['', 0, BAD_OFFSET],
  ])('%j with width %d → %d', (text, width, expected) => {
    expect(parseBitOffset(b(text), width)).toBe(expected);
  });
});

describe('field read/write', () => {
  it('writes then reads back every width 1..32 at every alignment 0..7, leaving neighbours intact', () => {
    for (let bits = 1; bits <= 32; bits++) {
      for (let lead = 0; lead < 8; lead++) {
        const buf = Buffer.alloc(6, 0xa5);
        const value = (2 ** bits - 1) * 0.37 - ((2 ** bits - 1) * 0.37) % 1;
        writeSmall(buf, lead, bits, value);
        expect(readSmall(buf, lead, bits)).toBe(value);
        expect(readSmall(buf, 0, lead)).toBe(readSmall(Buffer.alloc(6, 0xa5), 0, lead));
        const after = lead + bits;
        expect(readSmall(buf, after, 48 - after > 32 ? 32 : 48 - after)).toBe(
          readSmall(Buffer.alloc(6, 0xa5), after, 48 - after > 32 ? 32 : 48 - after),
        );
      }
    }
  });

  it('reads bits past the end of the buffer as zero', () => {
    expect(readSmall(b('\xff'), 4, 8)).toBe(0xf0);
    expect(readBig(b('\xff'), 0, 64)).toBe(0xff00000000000000n);
  });

  it('round-trips 64-bit fields at an odd offset', () => {
    const buf = Buffer.alloc(10);
    writeBig(buf, 3, 64, 0xfedcba9876543210n);
    expect(readBig(buf, 3, 64)).toBe(0xfedcba9876543210n);
    expect(buf[0] >> 5).toBe(0);
  });
});

describe('overflow policies', () => {
  const u8 = { signed: false, bits: 8 };
  const i8 = { signed: true, bits: 8 };
  const i64 = { signed: true, bits: 64 };
  it('small path', () => {
    expect(applySmall(u8, 250, 10, false, OVERFLOW_WRAP)).toBe(4);
    expect(applySmall(u8, 250, 10, false, OVERFLOW_SAT)).toBe(255);
    expect(applySmall(u8, 250, 10, false, OVERFLOW_FAIL)).toBeNull();
    expect(applySmall(u8, 5, -10, false, OVERFLOW_SAT)).toBe(0);
    // Unsigned SET of a negative value saturates upwards, as Redis compares it unsigned.
    expect(applySmall(u8, 0, -1000, true, OVERFLOW_SAT)).toBe(255);
    expect(applySmall(i8, 0, 1000, true, OVERFLOW_WRAP)).toBe(-24);
    expect(applySmall(i8, -100, -100, false, OVERFLOW_SAT)).toBe(-128);
  });
  it('big path', () => {
    expect(applyBig(i64, 2n ** 63n - 1n, 1n, false, OVERFLOW_WRAP)).toBe(-(2n ** 63n));
    expect(applyBig(i64, -(2n ** 63n), -1n, false, OVERFLOW_SAT)).toBe(-(2n ** 63n));
    expect(applyBig({ signed: false, bits: 63 }, 0n, -1n, true, OVERFLOW_SAT)).toBe(2n ** 63n - 1n);
    expect(applyBig(i64, 0n, 5n, true, OVERFLOW_FAIL)).toBe(5n);
  });
});

describe('scans', () => {
  const s = b('\x00\xff\x0f\xf0\x01');
  it('countBits over bit ranges, including partial edge bytes and the 4-byte loop', () => {
    expect(countBits(s, 0, 39)).toBe(17);
    expect(countBits(s, 4, 11)).toBe(4);
    expect(countBits(s, 20, 27)).toBe(8);
    expect(countBits(s, 39, 39)).toBe(1);
    expect(countBits(s, 5, 4)).toBe(0);
    expect(countBits(Buffer.alloc(4096, 0xff), 3, 4096 * 8 - 4)).toBe(4096 * 8 - 6);
  });
  it('findBit for 1 and 0 within ranges', () => {
    expect(findBit(s, 1, 0, 39)).toBe(8);
    expect(findBit(s, 0, 8, 39)).toBe(16);
    expect(findBit(s, 1, 16, 19)).toBe(-1);
    expect(findBit(s, 1, 33, 39)).toBe(39);
    expect(findBit(s, 0, 8, 15)).toBe(-1);
  });
});

describe('LCS walk', () => {
  it('picks the same subsequence as Redis and reports runs from the end', () => {
    const table = computeLcs(b('ohmytext'), b('mynewtext'));
    const out = Buffer.alloc(table.length);
    expect(walkLcs(table, out, true, 0)).toEqual([
      { aStart: 4, aEnd: 7, bStart: 5, bEnd: 8 },
      { aStart: 2, aEnd: 3, bStart: 0, bEnd: 1 },
    ]);
    expect(out.toString()).toBe('mytext');
    expect(walkLcs(table, null, true, 3)).toHaveLength(1);
    expect(computeLcs(b(''), b('abc')).length).toBe(0);
  });
});
