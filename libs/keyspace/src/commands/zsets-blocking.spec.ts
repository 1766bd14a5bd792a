/**
 * ZMPOP BZPOPMIN BZPOPMAX BZMPOP on the handler side, against replies and propagation verified on
 * redis-server 7.0.15 (a replica's MONITOR): key order and WRONGTYPE, argument errors and their
 * order, the block request, MULTI's immediate null, and the re-run on a ready key.
 */
import { FakeContext } from '../../test/fake-context';

const SYNTAX = '-ERR syntax error\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const NUMKEYS = '-ERR numkeys should be greater than 0\r\n';
const COUNT = '-ERR count should be greater than 0\r\n';
const b = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(b).join('')}`;
/** ZMPOP's reply: [key, [[member, score], …]]. */
const mpop = (key: string, ...pairs: [string, string][]) =>
  `*2\r\n${b(key)}*${pairs.length}\r\n${pairs.map(([m, s]) => arr(m, s)).join('')}`;

/** A fake context that can play the server's re-run of a blocked command on a ready key. */
class ReadyContext extends FakeContext {
  readyKey?: string;
}

function setup(): ReadyContext {
  const c = new ReadyContext();
  c.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
  c.run('SET', 'str', 'v');
  return c;
}

describe('ZMPOP', () => {
  it('pops from the first existing key, nested reply, propagated as ZPOPMIN/ZPOPMAX with the count popped', () => {
    const c = setup();
    expect(c.run('ZMPOP', '2', 'nokey', 'z', 'MIN')).toBe(mpop('z', ['a', '1']));
    expect(c.rewrites).toEqual([['ZPOPMIN', 'z', '1']]);
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('ZMPOP', '1', 'z', 'max', 'count', '2')).toBe(mpop('z', ['d', '4'], ['c', '3']));
    expect(c.rewrites).toEqual([['ZPOPMAX', 'z', '2']]);
    expect(c.run('ZMPOP', '1', 'z', 'MAX', 'COUNT', '10')).toBe(mpop('z', ['b', '2']));
    expect(c.rewrites).toEqual([['ZPOPMAX', 'z', '1']]);
    expect(c.run('EXISTS', 'z')).toBe(':0\r\n');
    expect(c.run('ZMPOP', '1', 'z', 'MIN')).toBe('*-1\r\n');
    expect(c.dirtyDelta()).toBe(0);
  });

  it('answers WRONGTYPE only for a key met before any sorted set', () => {
    const c = setup();
    expect(c.run('ZMPOP', '2', 'str', 'z', 'MIN')).toBe(WRONGTYPE);
    expect(c.run('ZMPOP', '2', 'z', 'str', 'MIN')).toBe(mpop('z', ['a', '1']));
    expect(c.run('ZMPOP', '2', 'nokey', 'str', 'MIN')).toBe(WRONGTYPE);
  });

  it('checks numkeys, MIN|MAX and COUNT before any key', () => {
    const c = setup();
    expect(c.run('ZMPOP', '0', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('ZMPOP', '-1', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('ZMPOP', 'x', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('ZMPOP', '9223372036854775808', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('ZMPOP', '2', 'z', 'MIN')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '9999999999999', 'z', 'MIN')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '1', 'z', 'FOO')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '1', 'str', 'MIN', 'COUNT', '0')).toBe(COUNT);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '-1')).toBe(COUNT);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', 'x')).toBe(COUNT);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '9223372036854775808')).toBe(COUNT);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '2')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '1', 'str', 'MIN', 'BOGUS')).toBe(SYNTAX);
    expect(c.run('ZCARD', 'z')).toBe(':4\r\n');
  });
});

describe('BZPOPMIN BZPOPMAX', () => {
  it('serve at once, flat [key, member, score], propagated as ZPOPMIN/ZPOPMAX key', () => {
    const c = setup();
    expect(c.run('BZPOPMIN', 'nokey', 'z', '0')).toBe(arr('z', 'a', '1'));
    expect(c.rewrites).toEqual([['ZPOPMIN', 'z']]);
    expect(c.run('BZPOPMAX', 'z', 'str', '0')).toBe(arr('z', 'd', '4'));
    expect(c.rewrites).toEqual([['ZPOPMAX', 'z']]);
    expect(c.run('BZPOPMIN', 'nokey', 'str', '0')).toBe(WRONGTYPE);
    expect(c.blocks).toEqual([]);
  });

  it('block on every key with the timeout in ms when no key exists', () => {
    const c = setup();
    expect(c.run('BZPOPMIN', 'k1', 'k2', '1.5')).toBe('');
    expect(c.run('BZPOPMAX', 'k1', '0')).toBe('');
    expect(c.blocks).toEqual([
      { keys: ['k1', 'k2'], timeoutMs: 1500, timeoutReply: 'null-array' },
      { keys: ['k1'], timeoutMs: 0, timeoutReply: 'null-array' },
    ]);
  });

  it('check the timeout first', () => {
    const c = setup();
    expect(c.run('BZPOPMIN', 'z', 'x')).toBe('-ERR timeout is not a float or out of range\r\n');
    expect(c.run('BZPOPMIN', 'z', '-1')).toBe('-ERR timeout is negative\r\n');
    expect(c.run('BZPOPMIN', 'z', 'inf')).toBe('-ERR timeout is negative\r\n');
    expect(c.run('ZCARD', 'z')).toBe(':4\r\n');
  });

  it('answer as timed out inside MULTI', () => {
    const c = setup();
    c.mayBlock = false;
    expect(c.run('BZPOPMIN', 'nokey', '0')).toBe('*-1\r\n');
    expect(c.run('BZMPOP', '0', '1', 'nokey', 'MIN')).toBe('*-1\r\n');
    expect(c.run('BZPOPMAX', 'z', '0')).toBe(arr('z', 'd', '4'));
    expect(c.blocks).toEqual([]);
  });

  it('serve only from the ready key on a re-run, or block again', () => {
    const c = setup();
    c.run('ZADD', 'y', '7', 'q');
    c.readyKey = 'y';
    expect(c.run('BZPOPMIN', 'z', 'y', '0')).toBe(arr('y', 'q', '7'));
    expect(c.rewrites).toEqual([['ZPOPMIN', 'y']]);
    expect(c.run('BZPOPMIN', 'z', 'y', '0')).toBe('');
    c.readyKey = 'str';
    expect(c.run('BZPOPMIN', 'str', '0')).toBe('');
    expect(c.blocks.map((x) => x.keys)).toEqual([['z', 'y'], ['str']]);
  });
});

describe('BZMPOP', () => {
  it('serves like ZMPOP, else blocks; numkeys, MIN|MAX and COUNT before the timeout', () => {
    const c = setup();
    expect(c.run('BZMPOP', '0', '2', 'nokey', 'z', 'MAX', 'COUNT', '2')).toBe(mpop('z', ['d', '4'], ['c', '3']));
    expect(c.rewrites).toEqual([['ZPOPMAX', 'z', '2']]);
    expect(c.run('BZMPOP', '0.01', '1', 'nokey', 'MIN')).toBe('');
    expect(c.blocks).toEqual([{ keys: ['nokey'], timeoutMs: 10, timeoutReply: 'null-array' }]);
    expect(c.run('BZMPOP', 'x', '1', 'z', 'MIN')).toBe('-ERR timeout is not a float or out of range\r\n');
    expect(c.run('BZMPOP', 'x', '0', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('BZMPOP', '-1', '1', 'z', 'MIN', 'COUNT', '-1')).toBe(COUNT);
    expect(c.run('BZMPOP', '-1', '1', 'z', 'FOO')).toBe('-ERR syntax error\r\n');
    expect(c.run('BZMPOP', '0', '0', 'z', 'MIN')).toBe(NUMKEYS);
    expect(c.run('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '0')).toBe(COUNT);
    expect(c.run('BZMPOP', '0', '2', 'nokey', 'str', 'MIN')).toBe(WRONGTYPE);
  });

  it('emits zpopmin then del when it empties the key', () => {
    const c = setup();
    const spy = jest.spyOn(c.keyspace, 'notify');
    c.run('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '4');
    expect(spy.mock.calls.map(([, event, key]) => `${event}:${key}`)).toEqual(['zpopmin:z', 'del:z']);
    expect(c.dirtyDelta()).toBe(4);
  });
});
