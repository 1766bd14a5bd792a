/**
 * Argument parsing against the verdicts of redis-server 7.0.15 (INCRBY for integers, ZADD scores for
 * doubles; each literal below was sent to the real server).
 */
import { addLongLong, ArgCursor, argIs, parseDouble, parseInt64, parseLongLong, parseSafeInteger } from './args';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('parseLongLong', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['123456789012345', 123456789012345],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('accepts %j', (text, value) => {
    expect(parseLongLong(b(text))).toBe(value);
    expect(parseInt64(b(text))).toBe(BigInt(value));
  });

  it.each([
    '-0',
    '+1',
    '01',
    '00',
    '-01',
    ' 1',
    '1 ',
    '-',
    '',
    '1a',
    '1.0',
    '9223372036854775808',
    '-9223372036854775809',
    '12345678901234567890',
    '123456789012345678901',
    '1\u00002',
  ])('refuses %j', (text) => {
    expect(parseLongLong(b(text))).toBeNull();
    expect(parseInt64(b(text))).toBeNull();
  });

  it('parseSafeInteger refuses values beyond 2^53 - 1', () => {
    expect(parseSafeInteger(b('9007199254740991'))).toBe(9007199254740991);
    expect(parseSafeInteger(b('9007199254740992'))).toBeNull();
    expect(parseSafeInteger(b('x'))).toBeNull();
  });
});

describe('parseDouble', () => {
  it.each([
    ['0x10', 16],
    [' 1', null],
    ['1 ', null],
    ['nan', null],
    ['nan(1)', null],
    ['inf', Infinity],
    ['+inf', Infinity],
    ['-inf', -Infinity],
    ['infinity', Infinity],
    ['INF', Infinity],
    ['.5', 0.5],
    ['5.', 5],
    ['1e', null],
    ['1e+', null],
    ['0x1p3', 8],
    ['0x.8', 0.5],
    ['1_0', null],
    ['1\u0000x', null],
    ['-0', -0],
    ['+.5e1', 5],
    ['1e-320', 1e-320],
    ['1e400', null],
    ['1e5000', null],
    ['1e-400', null],
    ['1e-5000', null],
    ['', null],
  ])('%j → %p', (text, value) => {
    expect(parseDouble(b(text))).toBe(value);
  });

  it('rounds decimal and hexadecimal forms correctly', () => {
    expect(parseDouble(b('0.1'))).toBe(0.1);
    expect(parseDouble(b('-1.5e3'))).toBe(-1500);
    expect(parseDouble(b('0x1.fffffffffffff8p0'))).toBe(2);
    expect(parseDouble(b('0x1.fffffffffffff7p0'))).toBe(2 - 2 ** -52);
    expect(parseDouble(b('0x0p0'))).toBe(0);
    expect(parseDouble(b('0x'))).toBeNull();
    expect(parseDouble(b('0x1p-1080'))).toBeNull();
  });
});

describe('ArgCursor', () => {
  it('walks arguments and options', () => {
    const c = new ArgCursor([b('SET'), b('k'), b('EX'), b('10'), b('1.5')]);
    expect(c.remaining()).toBe(4);
    expect(c.next()).toEqual(b('k'));
    expect(c.nextLower()).toBe('ex');
    expect(c.nextLongLong()).toBe(10);
    expect(c.nextDouble()).toBe(1.5);
    expect(c.done()).toBe(true);
    expect(c.next()).toBeUndefined();
    expect(c.nextLower()).toBeUndefined();
    expect(c.nextLongLong()).toBeNull();
    expect(c.nextDouble()).toBeNull();
    c.reset([b('get'), b('x')], 0);
    expect(c.nextLower()).toBe('get');
  });

  it('argIs compares case-insensitively', () => {
    expect(argIs(b('KeepTTL'), 'keepttl')).toBe(true);
    expect(argIs(b('keepttx'), 'keepttl')).toBe(false);
    expect(argIs(b('ex'), 'exat')).toBe(false);
  });
});

describe('addLongLong', () => {
  it('stays a number while the sum is safe and becomes a bigint beyond', () => {
    expect(addLongLong(2, 3)).toBe(5);
    expect(addLongLong(Number.MAX_SAFE_INTEGER, 1)).toBe(2n ** 53n);
    expect(addLongLong(9223372036854775806n, 1)).toBe(9223372036854775807n);
    expect(addLongLong(-9223372036854775807n, -1)).toBe(-9223372036854775808n);
  });

  it('refuses sums outside the signed 64-bit range', () => {
    expect(addLongLong(9223372036854775807n, 1)).toBeNull();
    expect(addLongLong(-9223372036854775808n, -1)).toBeNull();
  });
});
