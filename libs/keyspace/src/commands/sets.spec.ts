/**
 * Set commands against replies verified on redis-server 7.0.15, the events it emits (spying on
 * Keyspace.notify) and the propagated forms a 7.0.15 replica's MONITOR showed.
 */
import { FakeContext } from '../../test/fake-context';

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const SYNTAX = '-ERR syntax error\r\n';

/** RESP2 bytes of an array of bulk strings. */
function bulks(...items: string[]): string {
  return `*${items.length}\r\n${items.map((i) => `$${Buffer.byteLength(i, 'latin1')}\r\n${i}\r\n`).join('')}`;
}

/** The members of an array-of-bulks reply, sorted (for hashtable order). */
function membersOf(reply: string): string[] {
  const lines = reply.split('\r\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length - 1; i += 2) out.push(lines[i + 1]);
  return out.sort();
}

/** Runs a command and returns the events it emitted, as `event:key`. */
function events(c: FakeContext, ...args: string[]): string[] {
  const spy = jest.spyOn(c.keyspace, 'notify');
  c.run(...args);
  const out = spy.mock.calls.map(([, event, key]) => `${event}:${key}`);
  spy.mockRestore();
  return out;
}

describe('SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS', () => {
  it('adds, counts and removes, deleting the emptied set', () => {
    const c = new FakeContext();
    expect(c.run('SADD', 's', 'a', 'b', 'a')).toBe(':2\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.run('SADD', 's', 'a')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('SCARD', 's')).toBe(':2\r\n');
    expect(c.run('SCARD', 'missing')).toBe(':0\r\n');
    expect(c.run('SISMEMBER', 's', 'a')).toBe(':1\r\n');
    expect(c.run('SISMEMBER', 's', 'z')).toBe(':0\r\n');
    expect(c.run('SISMEMBER', 'missing', 'a')).toBe(':0\r\n');
    expect(c.run('SMISMEMBER', 's', 'a', 'z', 'b')).toBe('*3\r\n:1\r\n:0\r\n:1\r\n');
    expect(c.run('SMISMEMBER', 'missing', 'a', 'b')).toBe('*2\r\n:0\r\n:0\r\n');
    expect(membersOf(c.run('SMEMBERS', 's'))).toEqual(['a', 'b']);
    expect(c.run('SMEMBERS', 'missing')).toBe('*0\r\n');
    expect(c.run('SREM', 's', 'z')).toBe(':0\r\n');
    expect(c.run('SREM', 'missing', 'a')).toBe(':0\r\n');
    expect(c.run('SREM', 's', 'a', 'b', 'c')).toBe(':2\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.db.dict.has('s')).toBe(false);
    expect(c.rewrites).toEqual([]);
  });

  it('keeps binary members intact, copied out of the argument buffers', () => {
    const c = new FakeContext();
    const member = Buffer.from([0x00, 0xff, 0x0d, 0x0a]);
    expect(c.run('SADD', 'b', member)).toBe(':1\r\n');
    member.fill(0x41);
    expect(c.run('SMEMBERS', 'b')).toBe('*1\r\n$4\r\n\u0000\u00ff\r\n\r\n');
    expect(c.run('SISMEMBER', 'b', Buffer.from([0x00, 0xff, 0x0d, 0x0a]))).toBe(':1\r\n');
  });

  it('answers WRONGTYPE for a key of another type', () => {
    const c = new FakeContext();
    c.run('SET', 'str', 'v');
    for (const cmd of [
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SCARD', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SMEMBERS', 'str'],
      ['SPOP', 'str'],
      ['SPOP', 'str', '0'],
      ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '0'],
      ['SSCAN', 'str', '0'],
    ]) {
      expect(c.run(...cmd)).toBe(WRONGTYPE);
    }
  });

  it('emits sadd/srem and del after the last srem; signals WATCH on in-place changes', () => {
    const c = new FakeContext();
    expect(events(c, 'SADD', 's', 'a', 'b')).toEqual(['sadd:s']);
    expect(events(c, 'SADD', 's', 'a')).toEqual([]);
    let dirty = 0;
    c.db.watch('s', { markDirty: () => dirty++ });
    expect(events(c, 'SADD', 's', 'c')).toEqual(['sadd:s']);
    expect(dirty).toBe(1);
    expect(events(c, 'SREM', 's', 'z')).toEqual([]);
    expect(dirty).toBe(1);
    expect(events(c, 'SREM', 's', 'a')).toEqual(['srem:s']);
    expect(dirty).toBe(2);
    expect(events(c, 'SREM', 's', 'b', 'c')).toEqual(['srem:s', 'del:s']);
    expect(dirty).toBe(3);
  });
});

describe('encodings', () => {
  it('intset while every member is a canonical int64, sorted numerically', () => {
    const c = new FakeContext();
    c.run('SADD', 'i', '10', '-3', '2', '9223372036854775807', '-9223372036854775808', '0');
    expect(c.run('OBJECT', 'ENCODING', 'i')).toBe('$6\r\nintset\r\n');
    expect(c.run('SMEMBERS', 'i')).toBe(bulks('-9223372036854775808', '-3', '0', '2', '10', '9223372036854775807'));
    expect(c.run('SSCAN', 'i', '0', 'COUNT', '1')).toBe(
      `*2\r\n$1\r\n0\r\n${bulks('-9223372036854775808', '-3', '0', '2', '10', '9223372036854775807')}`,
    );
    for (const notInt of ['9223372036854775808', '-9223372036854775809', '01', '-0', ' 1', '+1', '1.0', '']) {
      c.run('DEL', 'x');
      c.run('SADD', 'x', notInt);
      expect([notInt, c.run('OBJECT', 'ENCODING', 'x')]).toEqual([notInt, '$9\r\nhashtable\r\n']);
    }
  });

  it('converts one way: past set-max-intset-entries or on a non-integer member', () => {
    const c = new FakeContext();
    c.keyspace.encodingLimits.setMaxIntsetEntries = 3;
    c.run('SADD', 's', '1', '2', '3');
    expect(c.run('OBJECT', 'ENCODING', 's')).toBe('$6\r\nintset\r\n');
    c.run('SADD', 's', '4');
    expect(c.run('OBJECT', 'ENCODING', 's')).toBe('$9\r\nhashtable\r\n');
    c.run('SREM', 's', '4', '3');
    expect(c.run('OBJECT', 'ENCODING', 's')).toBe('$9\r\nhashtable\r\n');
    c.run('SADD', 't', '1', 'a');
    c.run('SREM', 't', 'a');
    expect(c.run('OBJECT', 'ENCODING', 't')).toBe('$9\r\nhashtable\r\n');
    // COPY keeps the encoding; a STORE builds afresh.
    c.run('COPY', 't', 'u');
    expect(c.run('OBJECT', 'ENCODING', 'u')).toBe('$9\r\nhashtable\r\n');
    c.run('SUNIONSTORE', 'v', 't');
    expect(c.run('OBJECT', 'ENCODING', 'v')).toBe('$6\r\nintset\r\n');
    c.run('SUNIONSTORE', 'v', 's', 't');
    expect(c.run('OBJECT', 'ENCODING', 'v')).toBe('$6\r\nintset\r\n');
    c.run('SADD', 'w', '7', '8', '9', '10');
    c.run('SUNIONSTORE', 'v', 'w');
    expect(c.run('OBJECT', 'ENCODING', 'v')).toBe('$9\r\nhashtable\r\n');
  });

  it('SMOVE into a new key starts an intset only for an integer member', () => {
    const c = new FakeContext();
    c.run('SADD', 's', '1', 'a', 'b');
    c.run('SMOVE', 's', 'n1', '1');
    expect(c.run('OBJECT', 'ENCODING', 'n1')).toBe('$6\r\nintset\r\n');
    c.run('SMOVE', 's', 'n2', 'a');
    expect(c.run('OBJECT', 'ENCODING', 'n2')).toBe('$9\r\nhashtable\r\n');
  });

  it('MEMORY USAGE matches 7.0.15 for intsets and a settled hashtable', () => {
    const c = new FakeContext();
    c.run('SADD', 's', '1', '2', '3');
    expect(c.run('MEMORY', 'USAGE', 's')).toBe(':64\r\n');
    c.run('SADD', 'h', ...Array.from({ length: 100 }, (_, i) => String(i + 1)));
    expect(c.run('MEMORY', 'USAGE', 'h')).toBe(':272\r\n');
    c.run('SADD', 'x', 'a', 'b', 'c', 'd');
    expect(c.run('MEMORY', 'USAGE', 'x')).toBe(':264\r\n');
    // 600 integers: converted at 513 members into a 1024-bucket dict.
    c.run('SADD', 'big', ...Array.from({ length: 600 }, (_, i) => String(i + 1)));
    expect(c.run('MEMORY', 'USAGE', 'big', 'SAMPLES', '0')).toBe(':27496\r\n');
  });
});

describe('SMOVE', () => {
  it('moves, answers 0 for a missing source or member, and refuses other types', () => {
    const c = new FakeContext();
    c.run('SET', 'str', 'v');
    c.run('SADD', 'a', 'x', 'y');
    expect(c.run('SMOVE', 'missing', 'str', 'x')).toBe(':0\r\n');
    expect(c.run('SMOVE', 'str', 'a', 'x')).toBe(WRONGTYPE);
    expect(c.run('SMOVE', 'a', 'str', 'nope')).toBe(WRONGTYPE);
    expect(c.run('SMOVE', 'str', 'str', 'x')).toBe(WRONGTYPE);
    expect(c.run('SMOVE', 'a', 'b', 'nope')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('SMOVE', 'a', 'a', 'x')).toBe(':1\r\n');
    expect(c.run('SMOVE', 'a', 'a', 'z')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(events(c, 'SMOVE', 'a', 'b', 'x')).toEqual(['srem:a', 'sadd:b']);
    c.run('SADD', 'b', 'y');
    expect(events(c, 'SMOVE', 'a', 'b', 'y')).toEqual(['srem:a', 'del:a']);
    expect(c.run('EXISTS', 'a')).toBe(':0\r\n');
    expect(membersOf(c.run('SMEMBERS', 'b'))).toEqual(['x', 'y']);
  });
});

describe('SSCAN', () => {
  it('checks the cursor, then the key, then the options', () => {
    const c = new FakeContext();
    c.run('SET', 'str', 'v');
    c.run('SADD', 's', 'a');
    expect(c.run('SSCAN', 'str', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(c.run('SSCAN', 'missing', '0', 'FOO', 'bar')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(c.run('SSCAN', 's', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(c.run('SSCAN', 's', '0', 'TYPE', 'set')).toBe(SYNTAX);
    expect(c.run('SSCAN', 's', '0', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('SSCAN', 's', '0', 'MATCH', 'a*')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n');
  });

  it('pages a hashtable and returns every member present throughout, despite removals', () => {
    const c = new FakeContext();
    const members = Array.from({ length: 200 }, (_, i) => `m${i}`);
    c.run('SADD', 'h', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const reply = c.run('SSCAN', 'h', cursor, 'COUNT', '7');
      const lines = reply.split('\r\n');
      cursor = lines[2];
      for (let i = 5; i < lines.length - 1; i += 2) seen.add(lines[i]);
      // Remove members the scan has not reached yet: each move of the last member into a hole
      // must not make a member that stays present invisible.
      c.run('SREM', 'h', `m${199 - calls}`);
      calls++;
    } while (cursor !== '0' && calls < 1000);
    for (let i = 0; i < 200 - calls; i++) expect(seen.has(`m${i}`)).toBe(true);
  });
});
