/**
 * Hash commands against replies verified on redis-server 7.0.15: writes, reads, counters and their
 * propagated forms, HRANDFIELD shapes, HSCAN (listpack one-call rule, cursor guarantee on a
 * hashtable), encodings and the deletion of an emptied hash.
 */
import { FakeContext } from '../../test/fake-context';
import { lendBytes, SMALLEST_LENT_BYTES } from '../lent';
import { HashValue } from '../types/hash';

const OK = '+OK\r\n';
const NIL = '$-1\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const b = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(b).join('')}`;

describe('HSET family', () => {
  it('sets, overwrites in place and counts new fields', () => {
    const c = new FakeContext();
    expect(c.run('HSET', 'h', 'a', '1', 'b', '2')).toBe(':2\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.run('HSET', 'h', 'a', 'x', 'c', '3')).toBe(':1\r\n');
    expect(c.run('HMSET', 'h', 'd', '4')).toBe(OK);
    expect(c.run('HGETALL', 'h')).toBe(arr('a', 'x', 'b', '2', 'c', '3', 'd', '4'));
    expect(c.run('HKEYS', 'h')).toBe(arr('a', 'b', 'c', 'd'));
    expect(c.run('HVALS', 'h')).toBe(arr('x', '2', '3', '4'));
    expect(c.run('HLEN', 'h')).toBe(':4\r\n');
  });

  it('refuses odd pairs before looking at the key, and other types', () => {
    const c = new FakeContext();
    c.run('SET', 's', 'x');
    expect(c.run('HSET', 's', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(c.run('HMSET', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hmset' command\r\n");
    expect(c.run('EXISTS', 'h')).toBe(':0\r\n');
    for (const cmd of [['HSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'], ['HDEL', 's', 'a'], ['HLEN', 's'], ['HSTRLEN', 's', 'a'], ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'], ['HGETALL', 's'], ['HINCRBY', 's', 'a', '1'], ['HINCRBYFLOAT', 's', 'a', '1'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '1'], ['HSCAN', 's', '0']]) {
      expect(c.run(...cmd)).toBe(WRONGTYPE);
    }
  });

  it('HSETNX sets only absent fields', () => {
    const c = new FakeContext();
    expect(c.run('HSETNX', 'h', 'a', '1')).toBe(':1\r\n');
    expect(c.run('HSETNX', 'h', 'a', '2')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('HGET', 'h', 'a')).toBe(b('1'));
  });

  it('overwrites a same-length value in place, never one a reply still references or a copy shares', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'f', 'aaaa');
    const stored = (c.db.dict.get('h') as HashValue).get('f') as Buffer;
    expect(c.run('HSET', 'h', 'f', 'bbbb')).toBe(':0\r\n');
    expect((c.db.dict.get('h') as HashValue).get('f')).toBe(stored);
    expect(c.run('HGET', 'h', 'f')).toBe(b('bbbb'));
    // A COPY holds its own bytes: overwriting the source leaves it alone.
    c.run('COPY', 'h', 'h2');
    c.run('HSET', 'h', 'f', 'cccc');
    expect(c.run('HGET', 'h2', 'f')).toBe(b('bbbb'));
    // A value a pending reply references by lending (only bulks of SMALLEST_LENT_BYTES or more are
    // lent) is replaced, not written over.
    const big = (ch: string): string => ch.repeat(SMALLEST_LENT_BYTES);
    c.run('HSET', 'h', 'big', big('x'));
    const lent = (c.db.dict.get('h') as HashValue).get('big') as Buffer;
    lendBytes(lent);
    c.run('HSET', 'h', 'big', big('y'));
    expect(lent.toString()).toBe(big('x'));
    expect(c.run('HGET', 'h', 'big')).toBe(b(big('y')));
    // The same length without a lend is written in place.
    const unlent = (c.db.dict.get('h') as HashValue).get('big') as Buffer;
    c.run('HSET', 'h', 'big', big('z'));
    expect((c.db.dict.get('h') as HashValue).get('big')).toBe(unlent);
    // Another length takes a new Buffer.
    c.run('HSET', 'h', 'f', 'eeeeee');
    expect(c.run('HGET', 'h', 'f')).toBe(b('eeeeee'));
  });

  it('stores binary fields and values as owned copies', () => {
    const c = new FakeContext();
    const field = Buffer.from([0x00, 0xff, 0x0d]);
    const value = Buffer.from([0x80, 0x0a]);
    c.run('HSET', 'h', field, value);
    value.fill(0x41);
    expect(c.run('HGET', 'h', Buffer.from([0x00, 0xff, 0x0d]))).toBe('$2\r\n\u0080\n\r\n');
    expect(c.run('HKEYS', 'h')).toBe('*1\r\n$3\r\n\u0000\u00ff\r\r\n');
  });
});

describe('reads', () => {
  it('answers missing keys and fields as redis', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'a', 'hello');
    expect(c.run('HGET', 'h', 'x')).toBe(NIL);
    expect(c.run('HGET', 'nokey', 'x')).toBe(NIL);
    expect(c.run('HMGET', 'h', 'a', 'x')).toBe(`*2\r\n${b('hello')}${NIL}`);
    expect(c.run('HMGET', 'nokey', 'a', 'x')).toBe(`*2\r\n${NIL}${NIL}`);
    expect(c.run('HSTRLEN', 'h', 'a')).toBe(':5\r\n');
    expect(c.run('HSTRLEN', 'h', 'x')).toBe(':0\r\n');
    expect(c.run('HEXISTS', 'h', 'a')).toBe(':1\r\n');
    expect(c.run('HEXISTS', 'nokey', 'a')).toBe(':0\r\n');
    expect(c.run('HLEN', 'nokey')).toBe(':0\r\n');
    expect(c.run('HGETALL', 'nokey')).toBe('*0\r\n');
  });
});

describe('HDEL', () => {
  it('counts removed fields and deletes the emptied key', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(c.run('HDEL', 'h', 'a', 'a', 'x')).toBe(':1\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('HDEL', 'h', 'b', 'c')).toBe(':1\r\n');
    expect(c.run('EXISTS', 'h')).toBe(':0\r\n');
    expect(c.run('HDEL', 'h', 'b')).toBe(':0\r\n');
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  it('adds integers with redis errors', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 's', 'abc', 'f', '1.5', 'big', '9223372036854775807');
    expect(c.run('HINCRBY', 'h', 'n', '5')).toBe(':5\r\n');
    expect(c.run('HINCRBY', 'h', 'n', '-7')).toBe(':-2\r\n');
    expect(c.run('HINCRBY', 'h', 's', '1')).toBe('-ERR hash value is not an integer\r\n');
    expect(c.run('HINCRBY', 'h', 'f', '1')).toBe('-ERR hash value is not an integer\r\n');
    expect(c.run('HINCRBY', 'h', 'big', '1')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(c.run('HINCRBY', 'h', 'n', 'x')).toBe(NOT_INT);
    expect(c.run('HINCRBY', 'h', 'n', ' 1')).toBe(NOT_INT);
    expect(c.run('HINCRBY', 'h', 'c', '-9223372036854775808')).toBe(':-9223372036854775808\r\n');
    expect(c.run('HINCRBY', 'h', 'c', '-1')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(c.run('HINCRBY', 'new', 'f', '3')).toBe(':3\r\n');
    expect(c.rewrites).toEqual([]);
  });

  it('adds long doubles, propagated as HSET of the result', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'a', '1', 's', 'abc', 'i', 'inf');
    expect(c.run('HINCRBYFLOAT', 'h', 'a', '10.5')).toBe(b('11.5'));
    expect(c.rewrites).toEqual([['HSET', 'h', 'a', '11.5']]);
    expect(c.run('HINCRBYFLOAT', 'h', 'a', '0.1')).toBe(b('11.6'));
    expect(c.run('HINCRBYFLOAT', 'h', 'n', '5e3')).toBe(b('5000'));
    expect(c.run('HINCRBYFLOAT', 'h', 's', '1')).toBe('-ERR hash value is not a float\r\n');
    expect(c.run('HINCRBYFLOAT', 'h', 'n', 'x')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('HINCRBYFLOAT', 'h', 'n', 'inf')).toBe('-ERR value is NaN or Infinity\r\n');
    expect(c.run('HINCRBYFLOAT', 'h', 'i', '1')).toBe('-ERR increment would produce NaN or Infinity\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('HINCRBYFLOAT', 'h', 'big', '1e308').length).toBeGreaterThan(300);
    // A 309-byte value is over hash-max-listpack-value: the hash converts.
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe(b('hashtable'));
  });
});

describe('HRANDFIELD', () => {
  it('checks count and syntax before the key, as redis', () => {
    const c = new FakeContext();
    c.run('SET', 's', 'x');
    expect(c.run('HRANDFIELD', 'nokey')).toBe(NIL);
    expect(c.run('HRANDFIELD', 'nokey', '3')).toBe('*0\r\n');
    expect(c.run('HRANDFIELD', 's', 'x')).toBe(NOT_INT);
    expect(c.run('HRANDFIELD', 'nokey', '1', 'foo')).toBe(SYNTAX);
    expect(c.run('HRANDFIELD', 'nokey', '1', 'withvalues', 'x')).toBe(SYNTAX);
    expect(c.run('HRANDFIELD', 'nokey', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(c.run('HRANDFIELD', 'nokey', '-4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(c.run('HRANDFIELD', 'nokey', '4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
  });

  it('answers whole, distinct and repeated picks', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(c.run('HRANDFIELD', 'h', '3')).toBe(arr('a', 'b', 'c'));
    expect(c.run('HRANDFIELD', 'h', '10', 'WITHVALUES')).toBe(arr('a', '1', 'b', '2', 'c', '3'));
    expect(c.run('HRANDFIELD', 'h', '0')).toBe('*0\r\n');
    const two = c.run('HRANDFIELD', 'h', '2').split('\r\n');
    expect(two[0]).toBe('*2');
    expect(two[2] < two[4]).toBe(true); // distinct, in storage order
    const rep = c.run('HRANDFIELD', 'h', '-5', 'WITHVALUES').split('\r\n');
    expect(rep[0]).toBe('*10');
    for (let i = 2; i < 20; i += 4) expect(String('abc'.indexOf(rep[i]) + 1)).toBe(rep[i + 2]);
    expect(['$1\r\na\r\n', '$1\r\nb\r\n', '$1\r\nc\r\n']).toContain(c.run('HRANDFIELD', 'h'));
  });
});

describe('HSCAN', () => {
  it('returns a listpack hash whole with cursor 0, filtered by MATCH', () => {
    const c = new FakeContext();
    c.run('HSET', 'h', 'a1', '1', 'b', '2', 'a2', '3');
    expect(c.run('HSCAN', 'h', '0', 'COUNT', '1')).toBe(`*2\r\n${b('0')}${arr('a1', '1', 'b', '2', 'a2', '3')}`);
    expect(c.run('HSCAN', 'h', '5', 'MATCH', 'a*')).toBe(`*2\r\n${b('0')}${arr('a1', '1', 'a2', '3')}`);
  });

  it('checks the cursor first and the options only on an existing hash', () => {
    const c = new FakeContext();
    c.run('SET', 's', 'x');
    c.run('HSET', 'h', 'a', '1');
    expect(c.run('HSCAN', 's', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(c.run('HSCAN', 'nokey', '0', 'COUNT', '0')).toBe(`*2\r\n${b('0')}*0\r\n`);
    expect(c.run('HSCAN', 's', '0', 'COUNT', '0')).toBe(WRONGTYPE);
    expect(c.run('HSCAN', 'h', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(c.run('HSCAN', 'h', '0', 'COUNT', 'x')).toBe(NOT_INT);
    expect(c.run('HSCAN', 'h', '0', 'TYPE', 'hash')).toBe(SYNTAX);
    expect(c.run('HSCAN', 'h', '0', 'MATCH')).toBe(SYNTAX);
  });

  it('pages a hashtable and returns every field present throughout', () => {
    const c = new FakeContext();
    for (let i = 0; i < 600; i++) c.run('HSET', 'h', `f${i}`, 'v');
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe(b('hashtable'));
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const lines = c.run('HSCAN', 'h', cursor, 'COUNT', '50').split('\r\n');
      cursor = lines[2];
      for (let i = 5; i < lines.length - 1; i += 4) seen.add(lines[i]);
      c.run('HSET', 'h', `n${calls}`, 'v');
      c.run('HDEL', 'h', `f${calls * 7}`);
      calls++;
    } while (cursor !== '0');
    for (let i = 0; i < 600; i++) if (i % 7 !== 0 || i / 7 >= calls) expect(seen.has(`f${i}`)).toBe(true);
    expect(calls).toBeLessThan(20);
  });
});

describe('encoding', () => {
  it('converts one way at the entry and value limits', () => {
    const c = new FakeContext();
    const v64 = 'x'.repeat(64);
    c.run('HSET', 'a', v64, v64);
    expect(c.run('OBJECT', 'ENCODING', 'a')).toBe(b('listpack'));
    c.run('HSET', 'a', 'f', `${v64}x`);
    expect(c.run('OBJECT', 'ENCODING', 'a')).toBe(b('hashtable'));
    c.run('HDEL', 'a', 'f');
    expect(c.run('OBJECT', 'ENCODING', 'a')).toBe(b('hashtable'));
    // An existing field: HSETNX writes nothing, so nothing converts.
    c.run('HSET', 'b', 'f', '1');
    c.run('HSETNX', 'b', 'f', `${v64}x`);
    expect(c.run('OBJECT', 'ENCODING', 'b')).toBe(b('listpack'));
    for (let i = 0; i < 512; i++) c.run('HSET', 'big', `f${i}`, 'v');
    expect(c.run('OBJECT', 'ENCODING', 'big')).toBe(b('listpack'));
    c.run('HSET', 'big', 'one-more', 'v');
    expect(c.run('OBJECT', 'ENCODING', 'big')).toBe(b('hashtable'));
  });

  it('clones deeply', () => {
    const h = new HashValue();
    h.set('a', Buffer.from('1'), { ...new FakeContext().keyspace.encodingLimits });
    const copy = h.clone();
    expect(copy.get('a')).not.toBe(h.get('a'));
    copy.delete('a');
    expect(h.size).toBe(1);
    expect(copy.encoding()).toBe('listpack');
  });
});

describe('side effects', () => {
  /** The events a command emitted, as `event:key` (the mask is bypassed by spying on notify). */
  function events(c: FakeContext, ...argv: string[]): string[] {
    const spy = jest.spyOn(c.keyspace, 'notify');
    c.run(...argv);
    const out = spy.mock.calls.map(([, event, key]) => `${event}:${key}`);
    spy.mockRestore();
    return out;
  }

  it("emits Redis 7.0's event names, del after hdel, nothing when nothing changed", () => {
    const c = new FakeContext();
    expect(events(c, 'HSET', 'h', 'a', '1')).toEqual(['hset:h']);
    expect(events(c, 'HMSET', 'h', 'b', '2')).toEqual(['hset:h']);
    expect(events(c, 'HSETNX', 'h', 'c', '3')).toEqual(['hset:h']);
    expect(events(c, 'HSETNX', 'h', 'c', '3')).toEqual([]);
    expect(events(c, 'HINCRBY', 'h', 'a', '1')).toEqual(['hincrby:h']);
    expect(events(c, 'HINCRBYFLOAT', 'h', 'a', '1.5')).toEqual(['hincrbyfloat:h']);
    expect(events(c, 'HDEL', 'h', 'zz')).toEqual([]);
    expect(c.dirtyDelta()).toBe(0);
    expect(events(c, 'HDEL', 'h', 'a', 'b')).toEqual(['hdel:h']);
    expect(events(c, 'HDEL', 'h', 'c')).toEqual(['hdel:h', 'del:h']);
  });

  it('signals WATCH on every in-place change and on creation', () => {
    const c = new FakeContext();
    let dirty = 0;
    c.db.watch('h', { markDirty: () => dirty++ });
    const expectSignal = (...argv: string[]) => {
      const before = dirty;
      c.run(...argv);
      expect(dirty).toBeGreaterThan(before);
    };
    expectSignal('HSET', 'h', 'a', '1');
    expectSignal('HSET', 'h', 'a', '2');
    expectSignal('HSETNX', 'h', 'b', '1');
    expectSignal('HINCRBY', 'h', 'a', '1');
    expectSignal('HINCRBYFLOAT', 'h', 'a', '1');
    expectSignal('HDEL', 'h', 'a');
    expectSignal('HDEL', 'h', 'b');
    const before = dirty;
    c.run('HDEL', 'h', 'b');
    c.run('HGET', 'h', 'a');
    expect(dirty).toBe(before);
  });
});
