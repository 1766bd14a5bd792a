/**
 * SORT / SORT_RO on the fake context. Expected bytes were checked against redis-server 7.0.15.
 * Every value is of the real type: lists, intset and hashtable sets, sorted sets and hashes.
 */
import { FakeContext } from '../../test/fake-context';
import { DEFAULT_ENCODING_LIMITS } from '../types/collection';
import { HashValue } from '../types/hash';
import { ListValue } from '../types/list';
import { SetValue } from '../types/set';
import { ZSet } from '../types/zset';
import { encodingOf } from '../values';
import { sortScore } from './sort-score';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const arr = (...xs: (string | null)[]): string =>
  `*${xs.length}\r\n` + xs.map((x) => (x === null ? '$-1\r\n' : `$${x.length}\r\n${x}\r\n`)).join('');

function setup(): FakeContext {
  const ctx = new FakeContext();
  const db = ctx.db;
  const l = new ListValue();
  for (const e of ['3', '1', '2', '10']) l.pushRight(b(e));
  db.set('l', l);
  db.set('s', SetValue.of(['c', 'a', 'b'], DEFAULT_ENCODING_LIMITS));
  db.set('si', SetValue.of(['30', '-2', '7'], DEFAULT_ENCODING_LIMITS));
  const z = new ZSet();
  for (const [m, s] of [['x', 3], ['y', 1], ['z', 2]] as const) z.add(m, s, DEFAULT_ENCODING_LIMITS);
  db.set('z', z);
  for (const [k, w] of [['3', '30'], ['1', '5'], ['2', '20']]) db.set(`w_${k}`, b(w));
  const h = new HashValue();
  h.set('name', b('three'), DEFAULT_ENCODING_LIMITS);
  db.set('h_3', h);
  db.set('str', b('v'));
  return ctx;
}

describe('SORT', () => {
  it('sorts numerically, DESC, with LIMIT', () => {
    const ctx = setup();
    expect(ctx.run('SORT', 'l')).toBe(arr('1', '2', '3', '10'));
    expect(ctx.run('SORT', 'l', 'DESC')).toBe(arr('10', '3', '2', '1'));
    expect(ctx.run('SORT', 'l', 'LIMIT', '1', '2')).toBe(arr('2', '3'));
    expect(ctx.run('SORT', 'l', 'LIMIT', '-5', '-1')).toBe(arr('1', '2', '3', '10'));
    expect(ctx.run('SORT', 'l', 'LIMIT', '9', '1')).toBe(arr());
    expect(ctx.run('SORT', 'l', 'ALPHA')).toBe(arr('1', '10', '2', '3'));
  });

  it('sorts BY keys and GETs patterns, # and hash fields', () => {
    const ctx = setup();
    expect(ctx.run('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*', 'GET', 'h_*->name')).toBe(
      arr('10', null, null, '1', '5', null, '2', '20', null, '3', '30', 'three'),
    );
    expect(ctx.run('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toBe(arr('2', '1'));
    expect(ctx.run('SORT', 'l', 'GET', 'nostar')).toBe(arr(null, null, null, null));
  });

  it('keeps a sorted set in score order with nosort and converts it to skiplist', () => {
    const ctx = setup();
    expect(ctx.run('OBJECT', 'ENCODING', 'z')).toBe('$8\r\nlistpack\r\n');
    expect(ctx.run('SORT', 'z', 'BY', 'nosort')).toBe(arr('y', 'z', 'x'));
    expect(ctx.run('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '2')).toBe(arr('x', 'z'));
    expect(ctx.run('OBJECT', 'ENCODING', 'z')).toBe('$8\r\nskiplist\r\n');
    expect(ctx.run('SORT', 'z')).toBe("-ERR One or more scores can't be converted into double\r\n");
  });

  it('sorts an intset numerically and keeps its order with nosort; sorts a hashtable set ALPHA', () => {
    const ctx = setup();
    expect(ctx.run('SORT', 'si')).toBe(arr('-2', '7', '30'));
    expect(ctx.run('SORT', 'si', 'BY', 'nosort')).toBe(arr('-2', '7', '30'));
    expect(ctx.run('SORT_RO', 's', 'ALPHA', 'DESC', 'LIMIT', '0', '2')).toBe(arr('c', 'b'));
    expect(ctx.run('SORT', 's')).toBe("-ERR One or more scores can't be converted into double\r\n");
  });

  it('stores a list, sorts a stored set ALPHA, deletes on an empty result', () => {
    const ctx = setup();
    expect(ctx.run('SORT', 's', 'BY', 'nosort', 'STORE', 'dst')).toBe(':3\r\n');
    expect(ctx.dirtyDelta()).toBe(3);
    const stored = ctx.db.dict.get('dst') as ListValue;
    expect([...stored].map((x) => x.toString())).toEqual(['a', 'b', 'c']);
    expect(encodingOf(stored)).toBe('quicklist');
    expect(ctx.run('SORT', 'missing', 'STORE', 'dst')).toBe(':0\r\n');
    expect(ctx.db.dict.has('dst')).toBe(false);
    expect(ctx.dirtyDelta()).toBe(1);
    expect(ctx.run('SORT', 'missing', 'STORE', 'dst')).toBe(':0\r\n');
    expect(ctx.dirtyDelta()).toBe(0);
  });

  it('answers errors as Redis 7.0 does', () => {
    const ctx = setup();
    expect(ctx.run('SORT', 'str')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    expect(ctx.run('SORT', 'h_3')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    expect(ctx.run('SORT', 'l', 'LIMIT', '1')).toBe('-ERR syntax error\r\n');
    expect(ctx.run('SORT', 'l', 'LIMIT', 'a', '1')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(ctx.run('SORT_RO', 'l', 'STORE', 'x')).toBe('-ERR syntax error\r\n');
    expect(ctx.run('SORT', 'str', 'BOGUS')).toBe('-ERR syntax error\r\n');
  });
});

describe('sortScore (strtod as SORT uses it)', () => {
  it.each([
    ['', 0],
    [' 2', 2],
    ['0x10', 16],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['+5', 5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['0', 0],
    ['0.0e5', 0],
  ])('%j reads as %d', (text, want) => expect(sortScore(b(text))).toBe(want));

  it.each(['1 ', '  ', 'nan', 'a', '1e400', '1e-310', '1e-400', '0x', '1e'])('%j is refused', (text) =>
    expect(sortScore(b(text))).toBeNull(),
  );
});
