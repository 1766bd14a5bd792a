/** readZipmap: the pair forms and every check it makes. */
import { readZipmap, type ZipmapPairs } from './zipmap-read';
import { cat, zipmap } from '../test/decode-fixtures';

const text = ({ fields, values }: ZipmapPairs): string[][] => fields.map((f, i) => [f, values[i].toString('latin1')]);

describe('readZipmap', () => {
  it('reads pairs with free bytes and 5-byte lengths', () => {
    expect(text(readZipmap(zipmap([['a', 'x'.repeat(254)], ['', '']], { free: 2 })))).toEqual([['a', 'x'.repeat(254)], ['', '']]);
  });

  it('takes a count of 254 or more as "count by scanning"', () => {
    expect(text(readZipmap(zipmap([['a', 'b']], { count: 255 })))).toEqual([['a', 'b']]);
  });

  it.each([
    ['a one-byte blob', Buffer.from([0xff]), 'zipmap: 1 bytes is shorter than a header and terminator'],
    ['no terminator', Buffer.from([1, 1, 0x61, 1, 0, 0x62]), 'zipmap: the last byte is not the 0xFF terminator'],
    ['no pair', Buffer.from([0, 0xff]), 'zipmap: empty (a zipmap always has a pair)'],
    ['a count that does not match', zipmap([['a', 'b']], { count: 2 }), 'zipmap: header says 2 pairs but it holds 1'],
    ['a field running past the end', cat([1, 5, 0x61], [0xff]), 'zipmap: field at offset 1 runs past the end'],
    ['a value length cut by the end', cat([1, 1, 0x61], [0xff]), 'zipmap: length at offset 3 runs past the end'],
    ['free bytes running past the end', cat([1, 1, 0x61, 1, 9, 0x62], [0xff]), 'zipmap: value at offset 3 runs past the end'],
    ['a 5-byte length cut by the end', cat([1, 0xfe, 1, 0], [0xff]), 'zipmap: length at offset 1 runs past the end'],
    ['a terminator where a value length belongs', cat([1, 1, 0x61, 0xff, 0], [0xff]), 'zipmap: terminator at offset 3 inside a pair'],
  ])('rejects %s', (_name, blob, message) => {
    expect(() => readZipmap(blob)).toThrow(message);
  });
});
