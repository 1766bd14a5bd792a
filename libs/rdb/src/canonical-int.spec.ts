/**
 * The integer checks behind RDB INT encodings and listpack integer entries: canonical decimal only
 * (Redis's string2ll / lpStringToInt64 rules), with the range of each use.
 */
import { canonicalInt32, canonicalInt64 } from './canonical-int';

describe('canonicalInt32', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['-1', -1],
    ['127', 127],
    ['12345', 12345],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
  ])('%s is %d', (text, value) => {
    expect(canonicalInt32(text)).toBe(value);
    expect(canonicalInt32(Buffer.from(text))).toBe(value);
  });

  it.each(['', '-', '-0', '00', '01', '+1', ' 1', '1 ', '1a', '0x10', '1.0', '2147483648', '-2147483649', '99999999999', '-9999999999', '1e3'])(
    '%j is not stored as an int32',
    (text) => {
      expect(canonicalInt32(text)).toBeNaN();
      expect(canonicalInt32(Buffer.from(text))).toBeNaN();
    },
  );
});

describe('canonicalInt64', () => {
  it.each([
    ['0', 0],
    ['-4096', -4096],
    ['999999999999999', 999999999999999],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
  ])('%s is the number %d', (text, value) => {
    expect(canonicalInt64(text)).toBe(value);
    expect(canonicalInt64(Buffer.from(text))).toBe(value);
  });

  it.each([
    ['9007199254740992', 9007199254740992n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('%s is the bigint %s', (text, value) => {
    expect(canonicalInt64(text)).toBe(value);
    expect(canonicalInt64(Buffer.from(text))).toBe(value);
  });

  it.each(['', '-', '-0', '007', '+5', '9223372036854775808', '-9223372036854775809', '123456789012345678901', '1_000', '\xb9'])(
    '%j is not an int64',
    (text) => {
      expect(canonicalInt64(text)).toBeNaN();
    },
  );
});
