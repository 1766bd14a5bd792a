/**
 * ReadCursor: the "try" contract every reader relies on — a read either consumes a whole unit or
 * leaves `pos` where it was and sets `need` to exactly the bytes the unit takes — and ownership of
 * the Buffers it returns.
 */
import { NEED, ReadCursor } from './cursor-read';
import { cat, int16, len, lzfLiterals, lzfStr, str } from '../test/decode-fixtures';

function cursorOver(bytes: Buffer, owns = false): ReadCursor {
  const c = new ReadCursor();
  c.reset(bytes, 100, owns);
  return c;
}

describe('ReadCursor', () => {
  it.each([
    ['6-bit', len(5), 5],
    ['14-bit', len(300), 300],
    ['32-bit', len(70000), 70000],
    ['64-bit', len(2n ** 40n, 64), 2 ** 40],
    ['14-bit form of 1', len(1, 14), 1],
  ])('tryLength, %s form: needs exactly its bytes, prefix by prefix', (_name, bytes, value) => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const c = cursorOver(bytes.subarray(0, cut));
      expect(c.tryLength()).toBe(NEED);
      expect({ cut, pos: c.pos, need: c.need }).toEqual({ cut, pos: 0, need: cut === 0 ? 1 : bytes.length });
    }
    const c = cursorOver(bytes);
    expect(c.tryLength()).toBe(value);
    expect(c.pos).toBe(bytes.length);
  });

  it.each([
    ['a short raw string', str('hello')],
    ['a 14-bit raw string', str('x'.repeat(200))],
    ['a 32-bit-form raw string', str('abc', 32)],
    ['an INT16 string', int16(-5)],
    ['an LZF string', lzfStr(lzfLiterals(Buffer.from('y'.repeat(40))), 40)],
  ])('tryString, %s: NEED until the whole unit is there, then all of it', (_name, bytes) => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const c = cursorOver(bytes.subarray(0, cut));
      expect(c.tryString()).toBeNull();
      expect(c.pos).toBe(0);
      expect(c.need).toBeGreaterThan(cut);
      expect(c.need).toBeLessThanOrEqual(bytes.length);
      // Given `need` bytes, the read succeeds and consumes no more than the unit.
      const grown = cursorOver(bytes.subarray(0, c.need));
      if (c.need === bytes.length) {
        expect(grown.tryString()).not.toBeNull();
        expect(grown.pos).toBe(bytes.length);
      }
    }
  });

  it.each([
    ['a short raw string', str('hello'), 'hello'],
    ['a 14-bit raw string of every byte value', str(Buffer.from(Array.from({ length: 256 }, (_, i) => i))), Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('')],
    ['a 32-bit-form raw string', str('abc', 32), 'abc'],
    ['an INT16 string', int16(-5), '-5'],
    ['an LZF string', lzfStr(lzfLiterals(Buffer.from('y'.repeat(40))), 40), 'y'.repeat(40)],
  ])('tryLatin1, %s: the same unit as tryString, one char per byte', (_name, bytes, expected) => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const c = cursorOver(bytes.subarray(0, cut));
      expect(c.tryLatin1()).toBeNull();
      const t = cursorOver(bytes.subarray(0, cut));
      t.tryString();
      expect({ cut, pos: c.pos, need: c.need }).toEqual({ cut, pos: 0, need: t.need });
    }
    const c = cursorOver(bytes);
    expect(c.tryLatin1()).toBe(expected);
    expect(c.pos).toBe(bytes.length);
  });

  it('tryFixed and the absolute offset', () => {
    const c = cursorOver(Buffer.from([1, 2, 3]));
    expect(c.tryFixed(2)).toBe(0);
    expect(c.offset()).toBe(102);
    expect(c.tryFixed(2)).toBe(NEED);
    expect(c.need).toBe(2);
    expect(c.pos).toBe(2);
  });

  it('strings are copies, except large ones from a private buffer', () => {
    const small = cat(str('abc'));
    const c = cursorOver(small, true);
    const got = c.tryString()!;
    got[0] = 0x7a;
    expect(small.toString('latin1', 1)).toBe('abc');

    const large = str('L'.repeat(5000));
    const shared = cursorOver(large, false).tryString()!;
    expect(shared.buffer === large.buffer && shared.byteOffset >= large.byteOffset).toBe(false);
    const view = cursorOver(large, true).tryString()!;
    expect(view.buffer).toBe(large.buffer);
  });

  it('tryLengthLoose accepts 64-bit values beyond 2^53; tryLength refuses them', () => {
    const bytes = len(2n ** 64n - 1n, 64);
    expect(cursorOver(bytes).tryLengthLoose()).toBe(2 ** 64);
    expect(() => cursorOver(bytes).tryLength()).toThrow('64-bit length 0xffffffffffffffff is beyond any real size at byte 100');
    expect(cursorOver(bytes).tryLengthBig()).toBe(2n ** 64n - 1n);
  });
});
