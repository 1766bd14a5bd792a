/**
 * SPOP and SRANDMEMBER: reply shapes, errors and counts as redis-server 7.0.15 answers them, and
 * SPOP's propagation (SREM per popped member, DEL when the count takes everything) as a 7.0.15
 * replica's MONITOR showed it.
 */
import { FakeContext } from '../../test/fake-context';

const SYNTAX = '-ERR syntax error\r\n';
const NOT_POSITIVE = '-ERR value is out of range, must be positive\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';

/** The bulk strings of an array reply, in order. */
function items(reply: string): string[] {
  const lines = reply.split('\r\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length - 1; i += 2) out.push(lines[i + 1]);
  return out;
}

function members(c: FakeContext, key: string): string[] {
  return items(c.run('SMEMBERS', key)).sort();
}

describe('SPOP', () => {
  it('pops one member, propagated as SREM; the last pop deletes the key', () => {
    const c = new FakeContext();
    expect(c.run('SPOP', 'missing')).toBe('$-1\r\n');
    c.run('SADD', 's', 'a', 'b');
    const spy = jest.spyOn(c.keyspace, 'notify');
    const first = items(`*1\r\n${c.run('SPOP', 's')}`)[0];
    expect(['a', 'b']).toContain(first);
    expect(c.rewrites).toEqual([['SREM', 's', first]]);
    expect(c.dirtyDelta()).toBe(1);
    const second = items(`*1\r\n${c.run('SPOP', 's')}`)[0];
    expect([first, second].sort()).toEqual(['a', 'b']);
    expect(c.rewrites).toEqual([['SREM', 's', second]]);
    expect(c.db.dict.has('s')).toBe(false);
    expect(spy.mock.calls.map(([, e]) => e)).toEqual(['spop', 'spop', 'del']);
    spy.mockRestore();
  });

  it('parses the count before the key and refuses extra arguments', () => {
    const c = new FakeContext();
    c.run('SET', 'str', 'v');
    expect(c.run('SPOP', 'missing', 'x')).toBe(NOT_POSITIVE);
    expect(c.run('SPOP', 'str', '-1')).toBe(NOT_POSITIVE);
    expect(c.run('SPOP', 'str', '-9223372036854775808')).toBe(NOT_POSITIVE);
    expect(c.run('SPOP', 'str', '1', '2')).toBe(SYNTAX);
    expect(c.run('SPOP', 'missing', '3')).toBe('*0\r\n');
    c.run('SADD', 's', 'a');
    expect(c.run('SPOP', 's', '0')).toBe('*0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.rewrites).toEqual([]);
  });

  it('pops some members, one SREM each', () => {
    const c = new FakeContext();
    c.run('SADD', 's', ...Array.from({ length: 100 }, (_, i) => String(i)));
    const popped = items(c.run('SPOP', 's', '10'));
    expect(new Set(popped).size).toBe(10);
    expect(c.rewrites).toEqual(popped.map((m) => ['SREM', 's', m]));
    expect(c.dirtyDelta()).toBe(10);
    expect(c.run('SCARD', 's')).toBe(':90\r\n');
    for (const m of popped) expect(c.run('SISMEMBER', 's', m)).toBe(':0\r\n');
  });

  it('pops everything in the set order and propagates DEL', () => {
    const c = new FakeContext();
    c.run('SADD', 's', '3', '1', '2');
    expect(c.run('SPOP', 's', '9223372036854775807')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(c.rewrites).toEqual([['DEL', 's']]);
    expect(c.dirtyDelta()).toBe(3);
    expect(c.db.dict.has('s')).toBe(false);
  });

  it('rebuilds the remainder when popping most members: integers become an intset again', () => {
    const c = new FakeContext();
    c.run('SADD', 'h', ...Array.from({ length: 20 }, (_, i) => String(i + 1)), 'a');
    c.run('SREM', 'h', 'a');
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
    c.run('SPOP', 'h', '2');
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe('$9\r\nhashtable\r\n');
    c.run('SPOP', 'h', '16');
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe('$6\r\nintset\r\n');
    expect(members(c, 'h')).toHaveLength(2);
  });
});

describe('SRANDMEMBER', () => {
  it('one member, or null', () => {
    const c = new FakeContext();
    expect(c.run('SRANDMEMBER', 'missing')).toBe('$-1\r\n');
    c.run('SADD', 's', 'only');
    expect(c.run('SRANDMEMBER', 's')).toBe('$4\r\nonly\r\n');
  });

  it('checks the count first, like redis', () => {
    const c = new FakeContext();
    c.run('SADD', 's', 'a');
    expect(c.run('SRANDMEMBER', 'missing', 'x')).toBe(NOT_INT);
    expect(c.run('SRANDMEMBER', 's', '-0')).toBe(NOT_INT);
    expect(c.run('SRANDMEMBER', 's', '1', '2')).toBe(SYNTAX);
    expect(c.run('SRANDMEMBER', 's', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(c.run('SRANDMEMBER', 'missing', '5')).toBe('*0\r\n');
    expect(c.run('SRANDMEMBER', 'missing', '-5')).toBe('*0\r\n');
    expect(c.run('SRANDMEMBER', 's', '0')).toBe('*0\r\n');
  });

  it('distinct members for a positive count, the whole set in order past its size', () => {
    const c = new FakeContext();
    c.run('SADD', 's', '5', '4', '3', '2', '1');
    expect(c.run('SRANDMEMBER', 's', '5')).toBe('*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n');
    expect(c.run('SRANDMEMBER', 's', '100')).toBe('*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n');
    for (const n of [1, 2, 4]) {
      const got = items(c.run('SRANDMEMBER', 's', String(n)));
      expect(got).toHaveLength(n);
      expect(new Set(got).size).toBe(n);
    }
    c.run('SADD', 'big', ...Array.from({ length: 1000 }, (_, i) => `m${i}`));
    const few = items(c.run('SRANDMEMBER', 'big', '10'));
    expect(new Set(few).size).toBe(10);
    const many = items(c.run('SRANDMEMBER', 'big', '999'));
    expect(new Set(many).size).toBe(999);
  });

  it('repeats members for a negative count', () => {
    const c = new FakeContext();
    c.run('SADD', 's', 'a', 'b');
    const got = items(c.run('SRANDMEMBER', 's', '-50'));
    expect(got).toHaveLength(50);
    for (const m of got) expect(['a', 'b']).toContain(m);
    expect(c.run('SRANDMEMBER', 's', '-100000000')).toMatch(/^-ERR value is out of range/);
  });
});
