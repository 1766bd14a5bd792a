/**
 * ZiplistReader: what it rejects (every check of Redis's deep ziplist validation) and the edge
 * forms it accepts. The entry forms decoded inside whole files are in decoder-types.spec.ts.
 */
import { ZiplistReader } from './ziplist-read';
import { RdbError } from './errors';
import { cat, ziplist, zl } from '../test/decode-fixtures';

function read(blob: Buffer): string[] {
  const reader = new ZiplistReader();
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

/** A ziplist header over raw entry bytes (prevlens included), with the given tail and count. */
function raw(entries: number[], tail: number, count: number): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32LE(10 + entries.length + 1, 0);
  head.writeUInt32LE(tail, 4);
  head.writeUInt16LE(count, 8);
  return cat(head, entries, [0xff]);
}

describe('ZiplistReader', () => {
  it('reads an empty ziplist', () => {
    expect(read(ziplist([]))).toEqual([]);
  });

  it('reads 32-bit string lengths whatever the low bits of their encoding byte', () => {
    // Redis masks string encodings to the top two bits: 0x81 is the 32-bit form too.
    expect(read(raw([0x00, 0x81, 0, 0, 0, 2, 0x61, 0x62], 10, 1))).toEqual(['ab']);
  });

  it.each([
    ['shorter than a header and terminator', Buffer.alloc(10), '10 bytes is shorter than a header and terminator'],
    ['zlbytes not the blob size', cat(ziplist([zl.imm(1)]), [0]), 'header says 13 bytes but the blob has 14'],
    ['no terminator', (() => { const b = ziplist([zl.imm(1)]); b[b.length - 1] = 0; return b; })(), 'the last byte is not the 0xFF terminator'],
    ['a tail offset outside the blob', raw([0x00, 0xf2], 20, 1), 'tail offset 20 is outside the blob'],
    ['a tail offset not at the last entry', raw([0x00, 0xf2, 0x02, 0xf3], 10, 2), 'tail offset 10 is not the last entry (12)'],
    ['a wrong prevlen', raw([0x00, 0xf2, 0x05, 0xf3], 12, 2), 'entry at offset 12 says the previous entry has 5 bytes, not 2'],
    ['a first entry with a nonzero prevlen', raw([0x01, 0xf2], 10, 1), 'entry at offset 10 says the previous entry has 1 bytes, not 0'],
    ['a count that does not match', raw([0x00, 0xf2], 10, 2), 'header says 2 entries but it holds 1'],
    ['a string running past the end', raw([0x00, 0x05, 0x61], 10, 1), 'entry at offset 10 runs past the end'],
    ['an int64 running past the end', raw([0x00, 0xe0, 1, 2], 10, 1), 'entry at offset 10 runs past the end'],
    ['a 5-byte prevlen running past the end', raw([0xfe, 0, 0], 10, 1), 'entry at offset 10 runs past the end'],
    ['an invalid encoding', raw([0x00, 0xc5], 10, 1), 'invalid entry encoding 0xc5 at offset 11'],
    ['a terminator byte in the middle', raw([0x00, 0xf2, 0xff, 0x00], 10, 1), 'terminator at offset 12 before the end (14)'],
  ])('rejects %s', (_name, blob, message) => {
    expect(failure(blob)).toBe(`test ziplist: ${message}`);
  });
});
