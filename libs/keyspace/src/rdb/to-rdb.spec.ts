/**
 * toRdbValue: the view the encoder gets — compact flags from OBJECT ENCODING, Redis's element
 * orders, and the stored structures and strings themselves (no copies).
 */
import type { RdbHash, RdbList, RdbSet, RdbZset } from '@resplica/rdb';
import { DEFAULT_ENCODING_LIMITS } from '../types/collection';
import { HashValue } from '../types/hash';
import { ListValue } from '../types/list';
import { SetValue } from '../types/set';
import { ZSet } from '../types/zset';
import { toRdbValue } from './to-rdb';

const LIMITS = DEFAULT_ENCODING_LIMITS;
const LONG = 'x'.repeat(65);

describe('toRdbValue', () => {
  it('passes a string value through', () => {
    const v = Buffer.from('abc');
    expect(toRdbValue(v)).toEqual({ kind: 'string', value: v });
    expect((toRdbValue(v) as { value: Buffer }).value).toBe(v);
  });

  it('gives a list head first, iterating the list itself', () => {
    const list = new ListValue();
    list.pushRight(Buffer.from('b'));
    list.pushLeft(Buffer.from('a'));
    const r = toRdbValue(list) as RdbList;
    expect(r.kind).toBe('list');
    expect(r.length).toBe(2);
    expect(r.items).toBe(list);
    expect([...r.items].map(String)).toEqual(['a', 'b']);
  });

  it('flags an intset and gives its members in numeric order', () => {
    const s = SetValue.of(['10', '-5', '3'], LIMITS);
    const r = toRdbValue(s) as RdbSet;
    expect(r).toMatchObject({ kind: 'set', size: 3, intset: true });
    expect([...r.members]).toEqual(['-5', '3', '10']);
  });

  it('writes a hashtable set as a plain SET, members as the stored latin1 strings', () => {
    const s = SetValue.of(['b', '\u00ff\u0000', '1'], LIMITS);
    const r = toRdbValue(s) as RdbSet;
    expect(r.intset).toBe(false);
    expect([...r.members]).toEqual(['b', '\u00ff\u0000', '1']);
  });

  it('flags a listpack hash, entries in insertion order', () => {
    const h = new HashValue();
    h.set('z', Buffer.from('1'), LIMITS);
    h.set('a', Buffer.from('2'), LIMITS);
    const r = toRdbValue(h) as RdbHash;
    expect(r).toMatchObject({ kind: 'hash', size: 2, listpack: true });
    expect([...r.entries].map(([f, v]) => [f, String(v)])).toEqual([['z', '1'], ['a', '2']]);
    h.set('long', Buffer.from(LONG), LIMITS);
    expect((toRdbValue(h) as RdbHash).listpack).toBe(false);
  });

  it('gives a listpack zset ascending (score, then member) and a skiplist descending, as 7.0 writes them', () => {
    const z = new ZSet();
    z.add('b', 1, LIMITS);
    z.add('a', 1, LIMITS);
    z.add('c', -2, LIMITS);
    const small = toRdbValue(z) as RdbZset;
    expect(small).toMatchObject({ kind: 'zset', size: 3, listpack: true });
    expect([...small.entries]).toEqual([['c', -2], ['a', 1], ['b', 1]]);
    z.add(LONG, 0.5, LIMITS);
    const big = toRdbValue(z) as RdbZset;
    expect(big.listpack).toBe(false);
    expect([...big.entries]).toEqual([['b', 1], ['a', 1], [LONG, 0.5], ['c', -2]]);
  });
});
