/**
 * Sorted-set core commands with the fake context: replies (RESP2 bytes verified on
 * redis-server 7.0.15), dirty counts, keyspace events in Redis 7.0's names and order, WATCH
 * signalling, deletion of an emptied set, propagation (verbatim: no rewrite), and a randomised
 * check of the range commands against a naive model.
 */
import fc from 'fast-check';
import { FakeContext } from '../../test/fake-context';
import type { ZSet } from '../types/zset';

const NIL = '$-1\r\n';
const b = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(b).join('')}`;

/** The events a command emitted, as `event:key` (the mask is bypassed by spying on notify). */
function events(c: FakeContext, ...argv: string[]): string[] {
  const spy = jest.spyOn(c.keyspace, 'notify');
  c.run(...argv);
  const out = spy.mock.calls.map(([, event, key]) => `${event}:${key}`);
  spy.mockRestore();
  return out;
}

describe('ZADD / ZINCRBY', () => {
  it('counts added (and changed with CH) members, and dirty by changes', () => {
    const c = new FakeContext();
    expect(c.run('ZADD', 'z', '1', 'a', '2', 'b')).toBe(':2\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.run('ZADD', 'z', 'CH', '1', 'a', '3', 'b', '4', 'c')).toBe(':2\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.run('ZADD', 'z', '1', 'a')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.rewrites).toEqual([]);
  });

  it('INCR replies the new score, or null when a flag refuses it; NaN is an error', () => {
    const c = new FakeContext();
    expect(c.run('ZADD', 'z', 'INCR', '1.5', 'a')).toBe(b('1.5'));
    expect(c.run('ZADD', 'z', 'NX', 'INCR', '1', 'a')).toBe(NIL);
    expect(c.run('ZADD', 'z', 'GT', 'INCR', '-1', 'a')).toBe(NIL);
    expect(c.run('ZADD', 'z', 'XX', 'INCR', '0', 'a')).toBe(b('1.5'));
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('ZINCRBY', 'z', 'inf', 'a')).toBe(b('Infinity'));
    expect(c.run('ZINCRBY', 'z', '-inf', 'a')).toBe('-ERR resulting score is not a number (NaN)\r\n');
    expect(c.run('ZADD', 'none', 'XX', 'INCR', '1', 'a')).toBe(NIL);
    expect(c.run('EXISTS', 'none')).toBe(':0\r\n');
  });

  it('checks options, then every score, then the key type', () => {
    const c = new FakeContext();
    c.run('SET', 's', 'x');
    expect(c.run('ZADD', 's', 'NX', 'XX', '1', 'a')).toBe('-ERR XX and NX options at the same time are not compatible\r\n');
    expect(c.run('ZADD', 's', 'GT', 'LT', '1', 'a')).toBe('-ERR GT, LT, and/or NX options at the same time are not compatible\r\n');
    expect(c.run('ZADD', 's', 'INCR', '1', 'a', '2', 'b')).toBe('-ERR INCR option supports a single increment-element pair\r\n');
    expect(c.run('ZADD', 's', '1', 'a', '2')).toBe('-ERR syntax error\r\n');
    expect(c.run('ZADD', 's', '1', 'a', 'x', 'b')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('ZADD', 's', '1', 'a')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
  });
});

describe('ranges', () => {
  it('answers ZRANGE forms with Redis offsets and limits', () => {
    const c = new FakeContext();
    c.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expect(c.run('ZRANGE', 'z', '-2', '-1', 'WITHSCORES')).toBe(arr('c', '3', 'd', '4'));
    expect(c.run('ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '5')).toBe(arr('c', 'd'));
    expect(c.run('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2')).toBe(arr('c', 'b'));
    expect(c.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2')).toBe('*0\r\n');
    expect(c.run('ZREVRANGEBYLEX', 'z', '+', '[b')).toBe(arr('d', 'c', 'b'));
    expect(c.run('ZRANGEBYSCORE', 'z', '0', '9', 'REV')).toBe('-ERR syntax error\r\n');
    expect(c.run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toBe(
      '-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n',
    );
  });

  it('agrees with a sorted-array model on random sets and ranges', () => {
    const member = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const score = fc.constantFrom('-inf', '-1', '0', '1', '1.5', '2', 'inf');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(score, member), { minLength: 1, maxLength: 12 }),
        fc.tuple(score, score, fc.boolean(), fc.boolean()),
        fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 })),
        fc.boolean(),
        (pairs, [lo, hi, loEx, hiEx], [offset, limit], rev) => {
          const c = new FakeContext();
          const model = new Map<string, number>();
          for (const [s, m] of pairs) {
            c.run('ZADD', 'z', s, m);
            model.set(m, Number(s.replace('inf', 'Infinity')));
          }
          const num = (s: string) => Number(s.replace('inf', 'Infinity'));
          const inRange = (s: number) =>
            (loEx ? s > num(lo) : s >= num(lo)) && (hiEx ? s < num(hi) : s <= num(hi));
          let want = [...model]
            .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
            .filter(([, s]) => inRange(s))
            .map(([m]) => m);
          if (rev) want.reverse();
          want = offset < 0 ? [] : want.slice(offset, limit < 0 ? undefined : offset + limit);
          const min = (loEx ? '(' : '') + lo;
          const max = (hiEx ? '(' : '') + hi;
          const args = rev ? [max, min, 'BYSCORE', 'REV'] : [min, max, 'BYSCORE'];
          expect(c.run('ZRANGE', 'z', ...args, 'LIMIT', String(offset), String(limit))).toBe(arr(...want));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('side effects', () => {
  it("emits Redis 7.0's event names, del after the command's own event, nothing for no-ops", () => {
    const c = new FakeContext();
    expect(events(c, 'ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')).toEqual(['zadd:z']);
    expect(events(c, 'ZADD', 'z', '1', 'a')).toEqual([]);
    expect(events(c, 'ZADD', 'z', 'INCR', '0', 'a')).toEqual([]);
    expect(events(c, 'ZINCRBY', 'z', '1', 'a')).toEqual(['zincr:z']);
    expect(events(c, 'ZREM', 'z', 'x')).toEqual([]);
    expect(events(c, 'ZREM', 'z', 'a')).toEqual(['zrem:z']);
    expect(events(c, 'ZPOPMIN', 'z', '0')).toEqual([]);
    expect(events(c, 'ZPOPMIN', 'z')).toEqual(['zpopmin:z']);
    expect(events(c, 'ZPOPMAX', 'z', '5')).toEqual(['zpopmax:z', 'del:z']);
    c.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(events(c, 'ZREMRANGEBYRANK', 'z', '0', '0')).toEqual(['zremrangebyrank:z']);
    expect(events(c, 'ZREMRANGEBYSCORE', 'z', '9', '10')).toEqual([]);
    expect(events(c, 'ZREMRANGEBYSCORE', 'z', '2', '2')).toEqual(['zremrangebyscore:z']);
    expect(events(c, 'ZREMRANGEBYLEX', 'z', '-', '+')).toEqual(['zremrangebylex:z', 'del:z']);
    expect(c.run('EXISTS', 'z')).toBe(':0\r\n');
  });

  it('signals WATCH on every change and on creation, not on no-ops or reads', () => {
    const c = new FakeContext();
    let dirty = 0;
    c.db.watch('z', { markDirty: () => dirty++ });
    const expectSignal = (signalled: boolean, ...argv: string[]) => {
      const before = dirty;
      c.run(...argv);
      expect(dirty > before).toBe(signalled);
    };
    expectSignal(true, 'ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expectSignal(false, 'ZADD', 'z', '1', 'a');
    expectSignal(true, 'ZADD', 'z', '5', 'a');
    expectSignal(true, 'ZINCRBY', 'z', '1', 'a');
    expectSignal(false, 'ZREM', 'z', 'x');
    expectSignal(true, 'ZREM', 'z', 'a');
    expectSignal(true, 'ZPOPMIN', 'z');
    expectSignal(true, 'ZREMRANGEBYRANK', 'z', '0', '0');
    expectSignal(false, 'ZRANGE', 'z', '0', '-1');
    expectSignal(false, 'ZSCORE', 'z', 'd');
    expectSignal(true, 'ZPOPMAX', 'z');
    expect(c.run('EXISTS', 'z')).toBe(':0\r\n');
  });

  it('keeps -0 only once the set is a skiplist (a listpack stores it as 0)', () => {
    const c = new FakeContext();
    const scoreOf = (key: string) => (c.db.dict.get(key) as ZSet).score('x');
    c.run('ZADD', 'lp', '-0', 'x');
    expect(Object.is(scoreOf('lp'), 0)).toBe(true);
    expect(c.run('ZSCAN', 'lp', '0')).toBe('*2\r\n$1\r\n0\r\n' + arr('x', '0'));
    c.run('ZADD', 'sk', '1', 'm'.repeat(65), '-0', 'x');
    expect(Object.is(scoreOf('sk'), -0)).toBe(true);
    expect(c.run('OBJECT', 'ENCODING', 'sk')).toBe(b('skiplist'));
  });
});
