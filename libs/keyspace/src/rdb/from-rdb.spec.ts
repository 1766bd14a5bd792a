/**
 * fromRdbValue: the encoding 7.0's rdbLoadObject leaves for each type id and size (checked against
 * redis-server 7.0.15 by apps/master/test/differential/dump-restore.spec.ts), and what it refuses.
 */
import { RdbError, type DecodedValue } from '@resplica/rdb';
import { DEFAULT_ENCODING_LIMITS, type EncodingLimits } from '../types/collection';
import { HashValue } from '../types/hash';
import { ZSet } from '../types/zset';
import { encodingOf } from '../values';
import { fromRdbValue } from './from-rdb';

const LIMITS = DEFAULT_ENCODING_LIMITS;
const b = (s: string) => Buffer.from(s, 'latin1');
const LONG = 'x'.repeat(65);

function set(members: string[], encoding: string): DecodedValue {
  return { kind: 'set', members, encoding };
}
function hash(pairs: [string, string][], encoding: string): DecodedValue {
  return { kind: 'hash', fields: pairs.map(([f]) => f), values: pairs.map(([, v]) => b(v)), encoding };
}
function zset(pairs: [string, number][], encoding: string): DecodedValue {
  return { kind: 'zset', members: pairs.map(([m]) => m), scores: pairs.map(([, s]) => s), encoding };
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const encodingFor = (v: DecodedValue, limits: EncodingLimits = LIMITS) => encodingOf(fromRdbValue(v, limits));

function corrupt(v: DecodedValue): RdbError {
  try {
    fromRdbValue(v, LIMITS);
  } catch (e) {
    expect(e).toBeInstanceOf(RdbError);
    expect((e as RdbError).code).toBe('corrupt');
    return e as RdbError;
  }
  throw new Error('not refused');
}

describe('fromRdbValue encodings (as 7.0 loads them)', () => {
  it('strings take int, embstr or raw from their bytes', () => {
    expect(encodingFor({ kind: 'string', value: b('12345') })).toBe('int');
    expect(encodingFor({ kind: 'string', value: b('007') })).toBe('embstr');
    expect(encodingFor({ kind: 'string', value: b('y'.repeat(44)) })).toBe('embstr');
    expect(encodingFor({ kind: 'string', value: b('y'.repeat(45)) })).toBe('raw');
  });

  it('a list is a quicklist', () => {
    expect(encodingFor({ kind: 'list', items: [b('a')], encoding: 'quicklist' })).toBe('quicklist');
  });

  it('a plain SET of integers becomes an intset; a non-integer or too many make a hashtable', () => {
    expect(encodingFor(set(['3', '-1', '2'], 'plain'))).toBe('intset');
    expect([...(fromRdbValue(set(['3', '-1', '2'], 'plain'), LIMITS) as Iterable<string>)]).toEqual(['-1', '2', '3']);
    expect(encodingFor(set(['1', 'a'], 'plain'))).toBe('hashtable');
    expect(encodingFor(set(['01'], 'plain'))).toBe('hashtable');
    expect(encodingFor(set(range(512).map(String), 'plain'))).toBe('intset');
    expect(encodingFor(set(range(513).map(String), 'plain'))).toBe('hashtable');
    expect(encodingFor(set(range(513).map(String), 'intset'))).toBe('hashtable');
    expect(encodingFor(set(['1', '2'], 'intset'), { ...LIMITS, setMaxIntsetEntries: 1 })).toBe('hashtable');
  });

  it('a plain HASH is a listpack unless too many fields or a long field or value', () => {
    expect(encodingFor(hash([['f', 'v']], 'plain'))).toBe('listpack');
    expect(encodingFor(hash([['f', LONG]], 'plain'))).toBe('hashtable');
    expect(encodingFor(hash([[LONG, 'v']], 'zipmap'))).toBe('hashtable');
    expect(encodingFor(hash(range(512).map((i): [string, string] => [`f${i}`, 'v']), 'plain'))).toBe('listpack');
    expect(encodingFor(hash(range(513).map((i): [string, string] => [`f${i}`, 'v']), 'plain'))).toBe('hashtable');
  });

  it('a listpack (or ziplist) hash is converted only for its field count, not for long values', () => {
    const h = fromRdbValue(hash([['a', LONG], [LONG, 'b']], 'listpack'), LIMITS) as HashValue;
    expect(h.encoding()).toBe('listpack');
    expect([...h.fields.keys()]).toEqual(['a', LONG]);
    expect(encodingFor(hash([['a', LONG]], 'ziplist'))).toBe('listpack');
    expect(encodingFor(hash(range(512).map((i): [string, string] => [`f${i}`, LONG]), 'listpack'))).toBe('listpack');
    expect(encodingFor(hash(range(513).map((i): [string, string] => [`f${i}`, 'v']), 'listpack'))).toBe('hashtable');
  });

  it('a ZSET_2 becomes a listpack when small with short members', () => {
    expect(encodingFor(zset([['a', 1], ['b', 2]], 'plain'))).toBe('listpack');
    expect(encodingFor(zset([['a', 1], [LONG, 2]], 'plain'))).toBe('skiplist');
    expect(encodingFor(zset(range(128).map((i): [string, number] => [`m${i}`, i]), 'plain'))).toBe('listpack');
    expect(encodingFor(zset(range(129).map((i): [string, number] => [`m${i}`, i]), 'plain'))).toBe('skiplist');
  });

  it('a listpack (or ziplist) zset is converted only for its member count', () => {
    expect(encodingFor(zset([['a', 1], [LONG, 2]], 'listpack'))).toBe('listpack');
    expect(encodingFor(zset([[LONG, 2]], 'ziplist'))).toBe('listpack');
    expect(encodingFor(zset(range(129).map((i): [string, number] => [`m${i}`, i]), 'listpack'))).toBe('skiplist');
  });

  it('keeps a -0 score in a skiplist and stores 0 in a listpack, as 7.0', () => {
    const big = fromRdbValue(zset([['a', -0], [LONG, 1]], 'plain'), LIMITS) as ZSet;
    expect(Object.is(big.score('a'), -0)).toBe(true);
    const small = fromRdbValue(zset([['a', -0]], 'plain'), LIMITS) as ZSet;
    expect(Object.is(small.score('a'), 0)).toBe(true);
  });

  it('sorts zset entries whatever order they came in, and keeps infinities', () => {
    const z = fromRdbValue(zset([['c', Infinity], ['b', 2], ['a', 2], ['d', -Infinity]], 'plain'), LIMITS) as ZSet;
    expect([...z.entries()]).toEqual([['d', -Infinity], ['a', 2], ['b', 2], ['c', Infinity]]);
  });

  it('stores decoded string and hash values as they are (the decoder hands out no views into its input)', () => {
    const value = b('value');
    expect(fromRdbValue({ kind: 'string', value }, LIMITS)).toBe(value);
    const hash = fromRdbValue({ kind: 'hash', fields: ['f'], values: [value], encoding: 'plain' }, LIMITS) as HashValue;
    expect(hash.get('f')).toBe(value);
  });
});

describe('fromRdbValue refuses what Redis refuses', () => {
  it.each([
    ['set', set(['a', 'b', 'a'], 'plain')],
    ['intset', set(['1', '1'], 'intset')],
    ['hash', hash([['f', '1'], ['f', '2']], 'plain')],
    ['listpack hash', hash([['f', '1'], ['f', '2']], 'listpack')],
    ['hashtable-sized hash', hash([...range(600).map((i): [string, string] => [`f${i}`, 'v']), ['f1', 'x']], 'plain')],
    ['zset', zset([['m', 1], ['m', 2]], 'plain')],
    ['listpack zset', zset([['m', 1], ['m', 1]], 'listpack')],
    ['skiplist-sized zset', zset([...range(200).map((i): [string, number] => [`m${i}`, i]), ['m7', 0.5]], 'plain')],
  ])('duplicate members in a %s', (_name, v) => {
    expect(corrupt(v).message).toMatch(/duplicate/);
  });

  it('a NaN score', () => {
    expect(corrupt(zset([['m', NaN]], 'plain')).message).toMatch(/NaN/);
  });

  it.each([
    { kind: 'list', items: [], encoding: 'quicklist' },
    set([], 'plain'),
    hash([], 'listpack'),
    zset([], 'plain'),
  ] as DecodedValue[])('an empty $kind', (v) => {
    expect(corrupt(v).message).toMatch(/empty/);
  });
});
