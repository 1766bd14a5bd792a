/**
 * ZUNION ZINTER ZDIFF (and STORE forms), ZINTERCARD and ZRANGESTORE against replies verified on
 * redis-server 7.0.15: the arithmetic (weights, aggregates, NaN → 0, visiting order by size), plain
 * sets as inputs, the STORE step (replace, delete when empty, dirty, events), errors and their order.
 */
import { FakeContext } from '../../test/fake-context';
import { DEFAULT_ENCODING_LIMITS } from '../types/collection';
import { SetValue } from '../types/set';
import { ZSet } from '../types/zset';

const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const b = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(b).join('')}`;

function setup(): FakeContext {
  const c = new FakeContext();
  c.run('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z');
  c.run('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w');
  return c;
}

describe('ZUNION ZINTER ZDIFF', () => {
  it('combines with weights and aggregates, in sorted-set order', () => {
    const c = setup();
    expect(c.run('ZUNION', '2', 'a', 'b', 'WITHSCORES')).toBe(arr('x', '1', 'y', '12', 'z', '23', 'w', '30'));
    expect(c.run('ZUNION', '2', 'a', 'b')).toBe(arr('x', 'y', 'z', 'w'));
    expect(c.run('ZINTER', '2', 'a', 'b', 'withscores', 'aggregate', 'max')).toBe(arr('y', '10', 'z', '20'));
    expect(c.run('ZINTER', '2', 'a', 'b', 'WEIGHTS', '2', '1', 'AGGREGATE', 'MIN', 'WITHSCORES')).toBe(arr('y', '4', 'z', '6'));
    expect(c.run('ZDIFF', '2', 'a', 'b', 'WITHSCORES')).toBe(arr('x', '1'));
    expect(c.run('ZDIFF', '2', 'b', 'a')).toBe(arr('w'));
    expect(c.run('ZUNION', '1', 'a', 'WITHSCORES', 'WITHSCORES')).toBe(arr('x', '1', 'y', '2', 'z', '3'));
  });

  it('orders equal scores by member bytes', () => {
    const c = new FakeContext();
    c.run('ZADD', 'p', '0', 'q', '0', 'b\xff', '0', 'b', '0', 'a');
    expect(c.run('ZUNION', '1', 'p')).toBe(arr('a', 'b', 'b\xff', 'q'));
  });

  it('turns NaN into 0: inf*0 on entry, inf + -inf in a sum; MIN/MAX ignore a NaN operand in INTER', () => {
    const c = new FakeContext();
    c.run('ZADD', 'a', 'inf', 'x', '-inf', 'y', '1', 'z');
    c.run('ZADD', 'b', '-inf', 'x', '-inf', 'y', 'inf', 'z');
    expect(c.run('ZUNION', '2', 'a', 'b', 'WITHSCORES')).toBe(arr('y', '-Infinity', 'x', '0', 'z', 'Infinity'));
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS', '0', 'WITHSCORES')).toBe(arr('x', '0', 'y', '0', 'z', '0'));
    c.run('ZADD', 'big', '5', 'x');
    c.run('ZADD', 'one', 'inf', 'x');
    // 'one' is visited first (smallest); both have one member, so argument order decides.
    expect(c.run('ZINTER', '2', 'big', 'one', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MAX', 'WITHSCORES')).toBe(arr('x', '5'));
    expect(c.run('ZINTER', '2', 'one', 'big', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MIN', 'WITHSCORES')).toBe(arr('x', '0'));
  });

  it('adds in order of input size, smallest first, as Redis rounds', () => {
    const c = new FakeContext();
    c.run('ZADD', 'big', '1e16', 'm', '1', 'p1', '1', 'p2', '1', 'p3');
    c.run('ZADD', 'mid', '1', 'm', '1', 'p1', '1', 'p2');
    c.run('ZADD', 'small', '1', 'm');
    const expected = arr('p3', '1', 'p1', '2', 'p2', '2', 'm', String(1e16 + 2));
    expect(c.run('ZUNION', '3', 'big', 'mid', 'small', 'WITHSCORES')).toBe(expected);
    expect(c.run('ZINTER', '3', 'big', 'mid', 'small', 'WITHSCORES')).toBe(arr('m', String(1e16 + 2)));
  });

  it('reads plain sets as members scoring 1, and missing keys as empty', () => {
    const c = setup();
    c.db.set('s', SetValue.of(['x', 'w', 'q'], DEFAULT_ENCODING_LIMITS));
    expect(c.run('ZUNION', '3', 'a', 'b', 's', 'WITHSCORES')).toBe(arr('q', '1', 'x', '2', 'y', '12', 'z', '23', 'w', '31'));
    expect(c.run('ZINTER', '2', 's', 'a', 'WITHSCORES')).toBe(arr('x', '2'));
    expect(c.run('ZDIFF', '2', 's', 'a', 'WITHSCORES')).toBe(arr('q', '1', 'w', '1'));
    expect(c.run('ZINTERCARD', '2', 's', 'b')).toBe(':1\r\n');
    expect(c.run('ZINTER', '2', 'a', 'nokey')).toBe('*0\r\n');
    expect(c.run('ZUNION', '2', 'nokey', 'a')).toBe(arr('x', 'y', 'z'));
    expect(c.run('ZDIFF', '2', 'nokey', 'a')).toBe('*0\r\n');
  });

  it('checks numkeys, then key types, then options', () => {
    const c = setup();
    c.run('SET', 'str', 'v');
    expect(c.run('ZUNION', '0', 'a')).toBe("-ERR at least 1 input key is needed for 'zunion' command\r\n");
    expect(c.run('ZDIFFSTORE', 'd', '-1', 'a')).toBe("-ERR at least 1 input key is needed for 'zdiffstore' command\r\n");
    expect(c.run('ZUNION', 'x', 'a')).toBe(NOT_INT);
    expect(c.run('ZUNION', '5', 'a')).toBe(SYNTAX);
    expect(c.run('ZUNION', '99999999999999999999', 'a')).toBe(NOT_INT);
    expect(c.run('ZUNION', '2', 'a', 'str', 'WEIGHTS', 'abc')).toBe(WRONGTYPE);
    expect(c.run('ZDIFF', '2', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS', 'abc')).toBe('-ERR weight value is not a float\r\n');
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS', 'nan')).toBe('-ERR weight value is not a float\r\n');
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS')).toBe(SYNTAX);
    expect(c.run('ZUNION', '2', 'a', 'b', 'WEIGHTS', '1')).toBe(SYNTAX);
    expect(c.run('ZUNION', '1', 'a', 'AGGREGATE', 'avg')).toBe(SYNTAX);
    expect(c.run('ZUNION', '1', 'a', 'AGGREGATE')).toBe(SYNTAX);
    expect(c.run('ZDIFF', '1', 'a', 'WEIGHTS', '1')).toBe(SYNTAX);
    expect(c.run('ZDIFF', '1', 'a', 'AGGREGATE', 'SUM')).toBe(SYNTAX);
    expect(c.run('ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES')).toBe(SYNTAX);
    expect(c.run('ZINTER', '1', 'a', 'LIMIT', '1')).toBe(SYNTAX);
  });
});

describe('ZINTERCARD', () => {
  it('counts, stops at LIMIT (0 = none), and accepts only LIMIT', () => {
    const c = setup();
    expect(c.run('ZINTERCARD', '2', 'a', 'b')).toBe(':2\r\n');
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(':1\r\n');
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'limit', '0')).toBe(':2\r\n');
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1', 'LIMIT', '5')).toBe(':2\r\n');
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '99999999999999999999')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(c.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(c.run('ZINTERCARD', '1', 'a', 'WEIGHTS', '1')).toBe(SYNTAX);
    expect(c.run('ZINTERCARD', '1', 'a', 'AGGREGATE', 'SUM')).toBe(SYNTAX);
    expect(c.run('ZINTERCARD', '1', 'a', 'WITHSCORES')).toBe(SYNTAX);
    expect(c.run('ZINTERCARD', '0', 'a')).toBe("-ERR at least 1 input key is needed for 'zintercard' command\r\n");
    expect(c.run('ZINTERCARD', '1', 'nokey')).toBe(':0\r\n');
  });
});

describe('the STORE forms', () => {
  /** The events a command emitted, as `event:key` (spying on notify bypasses the mask). */
  function events(c: FakeContext, ...argv: string[]): string[] {
    const spy = jest.spyOn(c.keyspace, 'notify');
    c.run(...argv);
    const out = spy.mock.calls.map(([, event, key]) => `${event}:${key}`);
    spy.mockRestore();
    return out;
  }

  it('replace the destination (type and TTL too), propagate as sent', () => {
    const c = setup();
    c.run('SET', 'd', 'string', 'EX', '100');
    expect(c.run('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '2', '1', 'AGGREGATE', 'MAX')).toBe(':4\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(c.rewrites).toEqual([]);
    expect(c.run('TTL', 'd')).toBe(':-1\r\n');
    expect(c.run('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toBe(arr('x', '2', 'y', '10', 'z', '20', 'w', '30'));
    expect(c.run('ZINTERSTORE', 'a', '2', 'a', 'b')).toBe(':2\r\n');
    expect(c.run('ZRANGE', 'a', '0', '-1', 'WITHSCORES')).toBe(arr('y', '12', 'z', '23'));
  });

  it('delete the destination on an empty result, a no-op when there was none', () => {
    const c = setup();
    c.run('ZADD', 'd', '1', 'm');
    expect(events(c, 'ZDIFFSTORE', 'd', '2', 'a', 'a')).toEqual(['del:d']);
    expect(c.reply.out).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
    expect(events(c, 'ZINTERSTORE', 'd', '1', 'nokey')).toEqual([]);
    expect(c.dirtyDelta()).toBe(0);
    expect(events(c, 'ZUNIONSTORE', 'd', '1', 'a')).toEqual(['zunionstore:d']);
    expect(events(c, 'ZINTERSTORE', 'd', '1', 'a')).toEqual(['zinterstore:d']);
    expect(events(c, 'ZDIFFSTORE', 'd', '1', 'a')).toEqual(['zdiffstore:d']);
  });

  it('signal WATCH on the destination', () => {
    const c = setup();
    let dirty = 0;
    c.db.watch('d', { markDirty: () => dirty++ });
    c.run('ZUNIONSTORE', 'd', '1', 'a');
    expect(dirty).toBe(1);
    c.run('ZINTERSTORE', 'd', '1', 'nokey');
    expect(dirty).toBe(2);
  });

  it('encode the result as Redis sizes it once built', () => {
    const c = new FakeContext();
    const args: string[] = [];
    for (let i = 0; i < 129; i++) args.push(String(i), `m${i}`);
    c.run('ZADD', 'big', ...args);
    c.run('ZUNIONSTORE', 'd', '1', 'big');
    expect((c.db.dict.get('d') as ZSet).encoding()).toBe('skiplist');
    c.run('ZINTERSTORE', 'd', '1', 'big', 'WEIGHTS', '2');
    c.run('ZREMRANGEBYRANK', 'big', '0', '9');
    c.run('ZDIFFSTORE', 'd', '1', 'big');
    expect((c.db.dict.get('d') as ZSet).encoding()).toBe('listpack');
    c.run('ZADD', 'long', '1', 'x'.repeat(65));
    c.run('ZUNIONSTORE', 'd', '1', 'long');
    expect((c.db.dict.get('d') as ZSet).encoding()).toBe('skiplist');
  });
});

describe('ZRANGESTORE', () => {
  it('stores a range by rank, score or lex, with REV and LIMIT', () => {
    const c = new FakeContext();
    c.run('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z', '4', 'w');
    expect(c.run('ZRANGESTORE', 'd', 'a', '0', '1', 'REV')).toBe(':2\r\n');
    expect(c.run('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toBe(arr('z', '3', 'w', '4'));
    expect(c.run('ZRANGESTORE', 'd', 'a', '(1', '3', 'BYSCORE', 'LIMIT', '0', '1')).toBe(':1\r\n');
    expect(c.run('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toBe(arr('y', '2'));
    expect(c.run('ZRANGESTORE', 'a', 'a', '0', '0')).toBe(':1\r\n');
    expect(c.run('ZRANGE', 'a', '0', '-1')).toBe(arr('x'));
  });

  it('deletes the destination on an empty range, and writes nothing after an error', () => {
    const c = new FakeContext();
    c.run('ZADD', 'a', '1', 'x');
    c.run('SET', 's', 'v');
    c.run('ZADD', 'd', '1', 'm');
    expect(c.run('ZRANGESTORE', 'd', 'a', '5', '10')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
    expect(c.run('ZRANGESTORE', 'd', 'nokey', '0', '-1')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('ZRANGESTORE', 'd', 's', '0', '1')).toBe(WRONGTYPE);
    expect(c.run('ZRANGESTORE', 's', 'a', '0', '-1', 'WITHSCORES')).toBe(SYNTAX);
    expect(c.run('ZRANGESTORE', 's', 'a', '0', '-1', 'LIMIT', '0', '1')).toBe(
      '-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n',
    );
    expect(c.run('TYPE', 's')).toBe('+string\r\n');
    expect(c.run('ZRANGESTORE', 's', 'a', '0', '-1')).toBe(':1\r\n');
    expect(c.run('TYPE', 's')).toBe('+zset\r\n');
  });
});
