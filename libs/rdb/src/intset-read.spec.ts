/** readIntset: each width, and every check it makes (Redis's deep intset validation). */
import { readIntset } from './intset-read';
import { intset } from '../test/decode-fixtures';

describe('readIntset', () => {
  it('reads 2-, 4- and 8-byte members', () => {
    expect(readIntset(intset(2, [-2, 7]))).toEqual(['-2', '7']);
    expect(readIntset(intset(4, [-70000, 70000]))).toEqual(['-70000', '70000']);
    expect(readIntset(intset(8, [-(2n ** 63n), 2n ** 63n - 1n]))).toEqual(['-9223372036854775808', '9223372036854775807']);
  });

  it.each([
    ['a short header', Buffer.from([2, 0, 0, 0]), 'intset: 4 bytes is shorter than its header'],
    ['width 3', (() => { const b = intset(4, [1]); b.writeUInt32LE(3, 0); return b; })(), 'intset: invalid encoding 3 (must be 2, 4 or 8)'],
    ['a size that is not 8 + length × width', intset(2, [1, 2]).subarray(0, 11), 'intset: 2 members of 2 bytes do not fill its 11 bytes'],
    ['no member', intset(8, []), 'intset: empty (an intset always has a member)'],
    ['a duplicate', intset(2, [1, 1]), 'intset: member 1 is not greater than the one before it'],
    ['descending 32-bit members', intset(4, [5, 100000, 3]), 'intset: member 2 is not greater than the one before it'],
    ['descending 64-bit members', intset(8, [5n, -(2n ** 40n)]), 'intset: member 1 is not greater than the one before it'],
  ])('rejects %s', (_name, blob, message) => {
    expect(() => readIntset(blob)).toThrow(message);
  });
});
