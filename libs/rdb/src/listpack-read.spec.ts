/**
 * ListpackReader: what it rejects (every check in its header comment) and the edge forms it
 * accepts. The entry forms decoded inside whole files are in decoder-types.spec.ts.
 */
import { ListpackReader } from './listpack-read';
import { RdbError } from './errors';
import { cat, listpack, lp } from '../test/decode-fixtures';

function read(blob: Buffer): string[] {
  const reader = new ListpackReader();
  reader.open(blob, 'test');
  const out: string[] = [];
  while (reader.next()) out.push(reader.bytes().toString('latin1'));
  return out;
}

function failure(blob: Buffer): string {
  try {
    read(blob);
  } catch (err) {
    expect(err).toBeInstanceOf(RdbError);
    expect((err as RdbError).code).toBe('corrupt');
    return (err as RdbError).message;
  }
  throw new Error('expected a failure');
}

/** `blob` with its total_bytes header rewritten to its length (after an edit). */
function fixTotal(blob: Buffer): Buffer {
  const out = Buffer.from(blob);
  out.writeUInt32LE(out.length, 0);
  return out;
}

describe('ListpackReader', () => {
  it('reads every entry form', () => {
    const entries = [lp.uint7(5), lp.int13(-1), lp.int16(1000), lp.int24(-100000), lp.int32(1 << 30), lp.int64(-(2n ** 40n)), lp.str6('a'), lp.str12('b'.repeat(100)), lp.str32('c')];
    expect(read(listpack(entries))).toEqual(['5', '-1', '1000', '-100000', String(1 << 30), String(-(2 ** 40)), 'a', 'b'.repeat(100), 'c']);
  });

  it('reads scores from integers and text', () => {
    const reader = new ListpackReader();
    reader.open(listpack([lp.int64(2n ** 63n - 1n), lp.str6('-2.5e-3'), lp.str6('+inf')]), 'test');
    const scores: number[] = [];
    while (reader.next()) scores.push(reader.score());
    expect(scores).toEqual([2 ** 63, -0.0025, Infinity]);
  });

  it.each([
    ['shorter than a header and terminator', Buffer.from([6, 0, 0, 0, 0, 0]), '6 bytes is shorter than a header and terminator'],
    ['total bytes not the blob size', cat(listpack([lp.uint7(1)]), [0]), 'header says 9 bytes but the blob has 10'],
    ['no terminator', fixTotal(listpack([lp.uint7(1)]).subarray(0, 8)), 'the last byte is not the 0xFF terminator'],
    ['an early terminator', fixTotal(cat(listpack([]).subarray(0, 6), [0xff, 0x01, 0x01, 0xff])), 'terminator at offset 6 before the end (9)'],
    ['more elements than the header says', listpack([lp.uint7(1), lp.uint7(2)], 1), 'header says 1 elements but it holds 2'],
    ['fewer elements than the header says', listpack([lp.uint7(1)], 2), 'header says 2 elements but it holds 1'],
    ['a wrong 1-byte backlen', fixTotal(cat(listpack([]).subarray(0, 6), [0x81, 0x61, 0x03, 0xff])), 'entry at offset 6 has a backlen that does not encode its size 2'],
    ['a wrong 2-byte backlen', fixTotal(cat(listpack([]).subarray(0, 6), lp.str12('x'.repeat(200)).subarray(0, 202), [0x01, 0x80 | 0x4b], [0xff])), 'entry at offset 6 has a backlen that does not encode its size 202'],
    ['a string running past the end', fixTotal(cat(listpack([]).subarray(0, 6), [0x85, 0x61, 0xff])), 'entry at offset 6 runs past the end'],
    ['a 12-bit string running past the end', fixTotal(cat(listpack([]).subarray(0, 6), [0xe1, 0x00, 0x61, 0xff])), 'entry at offset 6 runs past the end'],
    ['a 32-bit string running past the end', fixTotal(cat(listpack([]).subarray(0, 6), [0xf0, 0xff, 0xff, 0xff, 0x7f, 0x61, 0xff])), 'entry at offset 6 runs past the end'],
    ['an int64 cut by the terminator', fixTotal(cat(listpack([]).subarray(0, 6), [0xf4, 1, 2, 3, 0xff])), 'entry at offset 6 runs past the end'],
    ['an entry whose backlen would pass the terminator', fixTotal(cat(listpack([]).subarray(0, 6), [0x01, 0xff])), 'entry at offset 6 runs past the end'],
    ['encoding 0xF5', fixTotal(cat(listpack([]).subarray(0, 6), [0xf5, 0x01, 0xff])), 'invalid entry encoding 0xf5 at offset 6'],
    ['encoding 0xFE', fixTotal(cat(listpack([]).subarray(0, 6), [0xfe, 0x01, 0xff])), 'invalid entry encoding 0xfe at offset 6'],
  ])('rejects %s', (_name, blob, message) => {
    expect(failure(blob)).toBe(`test listpack: ${message}`);
  });

  it('rejects a text score that is not a number', () => {
    const reader = new ListpackReader();
    reader.open(listpack([lp.str6('nan')]), 'sorted set');
    reader.next();
    expect(() => reader.score()).toThrow('sorted set listpack: score "nan" is not a number');
  });
});
