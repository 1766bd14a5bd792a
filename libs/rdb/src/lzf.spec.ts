/**
 * LZF: the real 7.0 dump bytes of spec §8.5, hand-built streams for every token form, round trips
 * of random and repetitive data, liblzf's output limits, and every way a stream can be corrupt.
 * (Byte equality with a real server's compressor is checked in test/encode-dump-interop.spec.ts.)
 */
import fc from 'fast-check';
import { RdbError } from './errors';
import { lzfCompress, lzfCompressInto, lzfDecompress } from './lzf';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function corruptError(run: () => unknown): RdbError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RdbError);
    expect((err as RdbError).code).toBe('corrupt');
    return err as RdbError;
  }
  throw new Error('expected an RdbError');
}

/** Data with repeats at short and long distances, so both back-reference forms appear. */
const repetitive = fc
  .array(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 20 }),
      fc.record({ byte: fc.integer({ min: 0, max: 255 }), count: fc.integer({ min: 1, max: 600 }) }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => {
    const chunks: Buffer[] = [];
    for (const part of parts) {
      if (part instanceof Uint8Array) chunks.push(Buffer.from(part), Buffer.from(part));
      else chunks.push(Buffer.alloc(part.count, part.byte));
    }
    return Buffer.concat(chunks);
  });

describe('lzfCompress', () => {
  it('compresses 30 × "a" to the bytes a real 7.0 dump holds (spec §8.5)', () => {
    expect(lzfCompress(Buffer.alloc(30, 'a'))?.toString('hex')).toBe('016161e01100016161');
  });

  it('returns null when the output would not be shorter (or within the given limit)', () => {
    expect(lzfCompress(Buffer.from('abcdefghijklmnopqrstuvwxyz'))).toBeNull();
    expect(lzfCompress(Buffer.alloc(0))).toBeNull();
    // liblzf wants room for 3 more bytes before copying the last two literals, so a 9-byte
    // result needs a limit of 10; Redis's limit (length − 4) hits the same checks.
    expect(lzfCompress(Buffer.alloc(30, 'a'), 10)?.length).toBe(9);
    expect(lzfCompress(Buffer.alloc(30, 'a'), 9)).toBeNull();
  });

  it('splits literals into runs of at most 32 bytes', () => {
    const text = Buffer.from(Array.from({ length: 40 }, (_, i) => i));
    const packed = lzfCompress(text, 100)!;
    expect(packed.toString('hex')).toBe('1f' + text.subarray(0, 32).toString('hex') + '07' + text.subarray(32).toString('hex'));
  });

  it('never writes at or past its limit', () => {
    const text = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 31) & 0xff));
    for (let limit = 1; limit < 210; limit++) {
      const out = Buffer.alloc(limit + 8, 0xee);
      const written = lzfCompressInto(text, 0, text.length, out, 4, limit);
      expect(out.subarray(0, 4).toString('hex')).toBe('eeeeeeee');
      expect(out.subarray(4 + limit).toString('hex')).toBe('ee'.repeat(4));
      if (written > 0) expect(lzfDecompress(out.subarray(4, 4 + written), text.length)).toEqual(text);
    }
  });

  it('compresses a region of a larger buffer like the region alone', () => {
    const whole = Buffer.from('xxxxhello hello hello hello hello!yyyy');
    const region = whole.subarray(4, whole.length - 4);
    const out = Buffer.alloc(64);
    const written = lzfCompressInto(whole, 4, whole.length - 4, out, 0, 64);
    expect(out.subarray(0, written)).toEqual(lzfCompress(region, 64));
  });

  it('round-trips random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const packed = lzfCompress(bytes, bytes.length + 64);
        if (bytes.length === 0) return;
        expect(lzfDecompress(packed!, bytes.length)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('round-trips repetitive data, including matches longer than 264 bytes and at 8 KiB distances', () => {
    fc.assert(
      fc.property(repetitive, (bytes) => {
        if (bytes.length === 0) return;
        const packed = lzfCompress(bytes, bytes.length + 64)!;
        expect(lzfDecompress(packed, bytes.length)).toEqual(bytes);
      }),
    );
    const far = Buffer.concat([Buffer.from('0123456789abcdef'), Buffer.alloc(8200, 1), Buffer.from('0123456789abcdef')]);
    expect(lzfDecompress(lzfCompress(far)!, far.length)).toEqual(far);
  });

  it('is deterministic across calls (the hash table keeps no state that changes the output)', () => {
    const text = Buffer.from('the quick brown fox jumps over the lazy dog; the quick brown fox jumps again');
    const first = lzfCompress(text);
    lzfCompress(Buffer.alloc(5000, 'q'));
    expect(lzfCompress(text)).toEqual(first);
  });
});

describe('lzfDecompress', () => {
  it('inflates the real 7.0 dump bytes of 30 × "a"', () => {
    expect(lzfDecompress(hex('01 61 61 e0 11 00 01 61 61'), 30).toString()).toBe('a'.repeat(30));
  });

  it('reads the short back-reference form and overlapping copies', () => {
    // "ab", then 3 bytes from 2 behind ("aba"), then 8 bytes (L=6) from 1 behind.
    expect(lzfDecompress(hex('01 61 62  20 01  c0 00'), 13).toString()).toBe('ababa' + 'a'.repeat(8));
  });

  it('copies long non-overlapping references', () => {
    const text = Buffer.from(Array.from({ length: 32 }, (_, i) => 65 + i));
    // 32 literal bytes, then 40 bytes (7 + 31 + 2) from 32 behind.
    const stream = Buffer.concat([hex('1f'), text, hex('e0 1f 1f')]);
    const out = lzfDecompress(stream, 72);
    expect(out.subarray(0, 32)).toEqual(text);
    expect(out.subarray(32, 64)).toEqual(text);
    expect(out.subarray(64)).toEqual(text.subarray(0, 8));
  });

  it('repeats a pattern of every distance 1..32 through long overlapping references', () => {
    for (let distance = 1; distance <= 32; distance++) {
      const pattern = Buffer.from(Array.from({ length: distance }, (_, i) => 97 + ((i * 7) % 26)));
      // The pattern as literals, then 264 bytes (7 + 255 + 2) from `distance` behind, then 33 more.
      const stream = Buffer.concat([Buffer.from([distance - 1]), pattern, Buffer.from([0xe0, 255, distance - 1, 0xe0, 24, distance - 1])]);
      const length = distance + 264 + 33;
      const expected = Buffer.from(Array.from({ length }, (_, i) => pattern[i % distance]));
      expect({ distance, out: lzfDecompress(stream, length).toString('latin1') }).toEqual({ distance, out: expected.toString('latin1') });
    }
  });

  it('rejects a back-reference before the start of the output', () => {
    expect(corruptError(() => lzfDecompress(hex('00 61  20 01'), 4)).message).toMatch(/before the start/);
  });

  it('rejects a literal run cut short', () => {
    expect(corruptError(() => lzfDecompress(hex('04 61 62'), 5)).message).toMatch(/passes the end/);
  });

  it('rejects back-references cut short', () => {
    expect(corruptError(() => lzfDecompress(hex('00 61 20'), 4)).message).toMatch(/cut short/);
    expect(corruptError(() => lzfDecompress(hex('00 61 e0'), 12)).message).toMatch(/cut short/);
    expect(corruptError(() => lzfDecompress(hex('00 61 e0 00'), 12)).message).toMatch(/cut short/);
  });

  it('rejects output longer or shorter than expected', () => {
    expect(corruptError(() => lzfDecompress(hex('01 61 61'), 1)).message).toMatch(/longer than/);
    expect(corruptError(() => lzfDecompress(hex('01 61 61 e0 11 00'), 27)).message).toMatch(/longer than/);
    expect(corruptError(() => lzfDecompress(hex('01 61 61'), 3)).message).toMatch(/inflated to 2 bytes, expected 3/);
    expect(corruptError(() => lzfDecompress(Buffer.alloc(0), 1)).message).toMatch(/cannot inflate/);
  });

  it('rejects a length no stream of that size can inflate to, before allocating it', () => {
    expect(corruptError(() => lzfDecompress(hex('00 61 e0 ff 00'), 0xffffffff)).message).toMatch(/cannot inflate/);
  });
});
