/**
 * String commands against replies verified on redis-server 7.0.15, and the propagated forms observed
 * on a 7.0.15 replica's MONITOR.
 */
import { FakeContext } from '../../test/fake-context';

const OK = '+OK\r\n';
const NIL = '$-1\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const NOW = 1_700_000_000_000;

describe('GET/SET', () => {
  it('sets and gets binary values, copied out of the argument buffer', () => {
    const c = new FakeContext(NOW);
    const chunk = Buffer.from([0x00, 0xff, 0x0d, 0x0a]);
    expect(c.run('SET', Buffer.from([0x80, 0x00]), chunk)).toBe(OK);
    chunk.fill(0x41);
    expect(c.run('GET', Buffer.from([0x80, 0x00]))).toBe('$4\r\n\u0000\u00ff\r\n\r\n');
    expect(c.run('GET', 'missing')).toBe(NIL);
    expect(c.keyspace.dirty).toBe(1);
  });

  it('parses options like redis (conflicts, repeats, missing values)', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SET', 'k', 'v', 'EX', '0')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'EX', '-1')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'EX', 'abc')).toBe(NOT_INT);
    expect(c.run('SET', 'k', 'v', 'PX', '0')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'EX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'PX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'EXAT', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(c.run('SET', 'k', 'v', 'NX', 'XX')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'nx', 'xx', 'get')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'EX', '1', 'PX', '1')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'EX', '1', 'KEEPTTL')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'EX')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'FOO')).toBe(SYNTAX);
    expect(c.run('SET', 'k', 'v', 'EX', '10', 'NX', 'FOO')).toBe(SYNTAX);
    expect(c.keyspace.dirty).toBe(0);
    expect(c.run('SET', 'k', 'v', 'keepttl', 'keepttl')).toBe(OK);
    expect(c.run('SET', 'k', 'v', 'EX', '10', 'EX', '10')).toBe(OK);
    expect(c.run('SET', 'k', 'v', 'GET', 'GET')).toBe('$1\r\nv\r\n');
  });

  it('NX, XX and GET', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SET', 'k', 'v', 'GET')).toBe(NIL);
    expect(c.run('SET', 'k', 'w', 'GET', 'NX')).toBe('$1\r\nv\r\n');
    expect(c.run('GET', 'k')).toBe('$1\r\nv\r\n');
    expect(c.run('SET', 'k', 'y', 'XX', 'GET')).toBe('$1\r\nv\r\n');
    expect(c.run('SET', 'n', '1', 'NX')).toBe(OK);
    expect(c.run('SET', 'n', '1', 'NX')).toBe(NIL);
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('SET', 'n', '2', 'XX')).toBe(OK);
    expect(c.run('SET', 'm', '2', 'XX')).toBe(NIL);
  });

  it('rewrites TTL forms to PXAT and drops GET, as a 7.0 master propagates', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'a', 'v', 'EX', '100');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'PXAT', String(NOW + 100000)]]);
    c.run('SET', 'a', 'v', 'PXAT', '99999999999999', 'GET');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'PXAT', '99999999999999']]);
    c.run('SET', 'a', 'v', 'EXAT', '99999999999', 'XX', 'GET');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'PXAT', '99999999999000']]);
    c.run('SET', 'a', 'v', 'GET');
    expect(c.rewrites).toEqual([['SET', 'a', 'v']]);
    c.run('SET', 'a', 'v', 'XX', 'GET', 'KEEPTTL');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'XX', 'KEEPTTL']]);
    c.run('SET', 'a', 'v');
    expect(c.rewrites).toEqual([]);
    c.run('SETEX', 'a', '100', 'v');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'PXAT', String(NOW + 100000)]]);
    c.run('PSETEX', 'a', '100000', 'v');
    expect(c.rewrites).toEqual([['SET', 'a', 'v', 'PXAT', String(NOW + 100000)]]);
    expect(c.run('PTTL', 'a')).toBe(':100000\r\n');
  });

  it('KEEPTTL keeps the deadline and a plain SET clears it', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'v', 'PX', '5000');
    c.run('SET', 'k', 'w', 'KEEPTTL');
    expect(c.run('PTTL', 'k')).toBe(':5000\r\n');
    c.run('SET', 'k', 'w');
    expect(c.run('PTTL', 'k')).toBe(':-1\r\n');
  });

  it('replies WRONGTYPE where redis does (GET, SET GET, GETSET, GETDEL) and nil in MGET', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'x', '1');
    // A non-string value: anything that is not a Buffer; lists come in a later milestone.
    c.db.dict.set('l', ['a'] as unknown as Buffer);
    const WT = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
    expect(c.run('SET', 'l', 'v', 'GET')).toBe(WT);
    expect(c.run('SET', 'l', 'v', 'NX', 'GET')).toBe(WT);
    expect(c.run('GET', 'l')).toBe(WT);
    expect(c.run('GETSET', 'l', 'v')).toBe(WT);
    expect(c.run('GETDEL', 'l')).toBe(WT);
    expect(c.run('APPEND', 'l', 'x')).toBe(WT);
    expect(c.run('STRLEN', 'l')).toBe(WT);
    expect(c.run('INCRBYFLOAT', 'l', '1')).toBe(WT);
    expect(c.run('MGET', 'l', 'x', 'nokey')).toBe('*3\r\n$-1\r\n$1\r\n1\r\n$-1\r\n');
  });
});

describe('SETNX SETEX PSETEX MSET MSETNX GETSET GETDEL GETEX', () => {
  it('validates and replies as redis', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SETEX', 'k', '0', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(c.run('SETEX', 'k', '-5', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(c.run('PSETEX', 'k', '0', 'v')).toBe("-ERR invalid expire time in 'psetex' command\r\n");
    expect(c.run('SETEX', 'k', 'x', 'v')).toBe(NOT_INT);
    c.run('SET', 'k', 'v');
    expect(c.run('SETNX', 'k', 'v')).toBe(':0\r\n');
    expect(c.run('SETNX', 'new', 'v')).toBe(':1\r\n');
    expect(c.run('MSET', 'a', 'b', 'c')).toBe("-ERR wrong number of arguments for 'mset' command\r\n");
    expect(c.run('MSETNX', 'a', 'b', 'c')).toBe("-ERR wrong number of arguments for 'msetnx' command\r\n");
    expect(c.run('MSETNX', 'm1', 'a', 'm2', 'b')).toBe(':1\r\n');
    expect(c.dirtyDelta()).toBe(2);
    expect(c.run('MSETNX', 'm1', 'a', 'm3', 'b')).toBe(':0\r\n');
    expect(c.run('MSET', 'm1', 'x', 'm3', 'y')).toBe(OK);
    expect(c.run('MGET', 'm1', 'm2', 'm3')).toBe('*3\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\ny\r\n');
  });

  it('GETSET, GETDEL and GETEX rewrite as 7.0 propagates them', () => {
    const c = new FakeContext(NOW);
    expect(c.run('GETSET', 'f', 'x')).toBe(NIL);
    expect(c.rewrites).toEqual([['SET', 'f', 'x']]);
    expect(c.run('GETDEL', 'f')).toBe('$1\r\nx\r\n');
    expect(c.rewrites).toEqual([['DEL', 'f']]);
    expect(c.run('GETDEL', 'f')).toBe(NIL);
    expect(c.dirtyDelta()).toBe(0);
    c.run('SET', 'a', 'v');
    expect(c.run('GETEX', 'a', 'EX', '100')).toBe('$1\r\nv\r\n');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', String(NOW + 100000)]]);
    c.run('GETEX', 'a', 'PXAT', '99999999999999');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', '99999999999999']]);
    c.run('GETEX', 'a', 'PERSIST');
    expect(c.rewrites).toEqual([['PERSIST', 'a']]);
    c.run('GETEX', 'a', 'PERSIST');
    expect(c.rewrites).toEqual([]);
    expect(c.dirtyDelta()).toBe(0);
    c.run('GETEX', 'a');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('GETEX', 'a', 'PXAT', '1')).toBe('$1\r\nv\r\n');
    expect(c.rewrites).toEqual([['DEL', 'a']]);
    expect(c.run('EXISTS', 'a')).toBe(':0\r\n');
  });

  it('GETEX option errors, validated as redis orders them', () => {
    const c = new FakeContext(NOW);
    expect(c.run('GETEX', 'x', 'EX', '10', 'PERSIST')).toBe(SYNTAX);
    expect(c.run('GETEX', 'x', 'FOO')).toBe(SYNTAX);
    expect(c.run('GETEX', 'x', 'EX')).toBe(SYNTAX);
    expect(c.run('GETEX', 'x', 'EX', '0')).toBe(NIL);
    expect(c.run('GETEX', 'x', 'PERSIST', 'PERSIST')).toBe(NIL);
    c.run('SET', 'x', '1');
    expect(c.run('GETEX', 'x', 'EX', '-1')).toBe("-ERR invalid expire time in 'getex' command\r\n");
  });
});

describe('counters', () => {
  it('INCR family with redis errors', () => {
    const c = new FakeContext(NOW);
    expect(c.run('INCR', 'n')).toBe(':1\r\n');
    expect(c.run('INCRBY', 'n', '41')).toBe(':42\r\n');
    expect(c.run('DECR', 'n')).toBe(':41\r\n');
    expect(c.run('DECRBY', 'n', '42')).toBe(':-1\r\n');
    c.run('SET', 'k', 'v');
    expect(c.run('INCR', 'k')).toBe(NOT_INT);
    c.run('SET', 'big', '9223372036854775807');
    expect(c.run('INCR', 'big')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(c.run('DECRBY', 'big', '-9223372036854775808')).toBe('-ERR decrement would overflow\r\n');
    expect(c.run('INCRBY', 'big', 'x')).toBe(NOT_INT);
    c.run('SET', 'two', '2');
    expect(c.run('DECRBY', 'two', '9223372036854775807')).toBe(':-9223372036854775805\r\n');
    expect(c.run('DECR', 'two')).toBe(':-9223372036854775806\r\n');
    c.run('SET', 'n', '5.0');
    expect(c.run('INCRBY', 'n', '1')).toBe(NOT_INT);
    for (const bad of ['-0', '+1', '01', ' 1', '1 ', '9223372036854775808']) {
      c.run('SET', 'i', bad);
      expect(c.run('INCRBY', 'i', '0')).toBe(NOT_INT);
    }
  });

  it('INCR rewrites a value of as many digits in place and stores a fresh one otherwise', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'n', '10');
    const stored = c.db.dict.get('n');
    let dirtied = 0;
    c.db.watch('n', { markDirty: () => dirtied++ });
    expect(c.run('INCR', 'n')).toBe(':11\r\n');
    expect(c.db.dict.get('n')).toBe(stored);
    expect(dirtied).toBe(1);
    expect(c.run('DECRBY', 'n', '21')).toBe(':-10\r\n');
    expect(c.db.dict.get('n')).not.toBe(stored);
    expect(c.run('GET', 'n')).toBe('$3\r\n-10\r\n');
    expect(dirtied).toBe(2);
    // INCRBYFLOAT's result is never `int`-encoded; the INCR after it stores a new, int-encoded value.
    c.run('SET', 'f', '3');
    c.run('INCRBYFLOAT', 'f', '1');
    expect(c.run('OBJECT', 'ENCODING', 'f')).toBe('$6\r\nembstr\r\n');
    expect(c.run('INCR', 'f')).toBe(':5\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'f')).toBe('$3\r\nint\r\n');
  });

  it('INCR keeps the TTL', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'n', '1', 'PX', '5000');
    c.run('INCR', 'n');
    expect(c.run('PTTL', 'n')).toBe(':5000\r\n');
  });

  it.each([
    ['10.5', '0.1', '10.6'],
    ['1e20', '0.1', '100000000000000000000'],
    ['0.1', '0.2', '0.3'],
    ['0', '1e-400', '0'],
    ['1', '-1', '0'],
    ['-0.5', '0.1', '-0.4'],
    ['3.0e3', '1.5e-3', '3000.00150000000000006'],
    ['5', '0x1p3', '13'],
    ['123456789012345678', '1', '123456789012345679'],
    ['0', '-0.000000000000000005', '0'],
    ['0', '0.000000000000000015', '0.00000000000000002'],
    ['9223372036854775807', '1', '9223372036854775808'],
    ['0', '.5', '0.5'],
    ['0', '5.', '5'],
    ['0', '-0', '0'],
  ])('INCRBYFLOAT %s by %s → %s (long double, as redis prints it)', (start, incr, result) => {
    const c = new FakeContext(NOW);
    c.run('SET', 'f', start);
    expect(c.run('INCRBYFLOAT', 'f', incr)).toBe(`$${result.length}\r\n${result}\r\n`);
    expect(c.rewrites).toEqual([['SET', 'f', result, 'KEEPTTL']]);
  });

  it('INCRBYFLOAT of 1e400 fits a long double and prints all its digits', () => {
    const c = new FakeContext(NOW);
    const out = c.run('INCRBYFLOAT', 'f', '1e400');
    expect(out.startsWith('$401\r\n1000000000000000000028188068394758651458645343362905203862591069353968')).toBe(true);
  });

  it('INCRBYFLOAT errors', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'f', 'abc');
    expect(c.run('INCRBYFLOAT', 'f', '1')).toBe('-ERR value is not a valid float\r\n');
    c.run('SET', 'f', ' 1');
    expect(c.run('INCRBYFLOAT', 'f', '1')).toBe('-ERR value is not a valid float\r\n');
    c.run('SET', 'n', '5');
    expect(c.run('INCRBYFLOAT', 'n', 'abc')).toBe('-ERR value is not a valid float\r\n');
    for (const bad of ['1e5000', '1e-5000', ' 1', '1 ', 'nan', '1e', '1e+', '1_0', '1\u0000x', 'nan(1)']) {
      expect(c.run('INCRBYFLOAT', 'n', bad)).toBe('-ERR value is not a valid float\r\n');
    }
    for (const inf of ['inf', '+inf', '-inf', 'infinity', 'INF']) {
      expect(c.run('INCRBYFLOAT', 'n', inf)).toBe('-ERR increment would produce NaN or Infinity\r\n');
    }
    expect(c.run('INCRBYFLOAT', 'n', '1.5')).toBe('$3\r\n6.5\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'n')).toBe('$6\r\nembstr\r\n');
  });
});

describe('ranges', () => {
  it('SETRANGE, GETRANGE, SUBSTR, STRLEN, APPEND as redis', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'x', '1');
    expect(c.run('SETRANGE', 'x', '-1', 'a')).toBe('-ERR offset is out of range\r\n');
    expect(c.run('SETRANGE', 'x', '536870912', 'a')).toBe(
      '-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n',
    );
    expect(c.run('SETRANGE', 'x', '0', '')).toBe(':1\r\n');
    expect(c.run('SETRANGE', 'nokey', '5', '')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'nokey')).toBe(':0\r\n');
    expect(c.run('SETRANGE', 'nokey2', '3', 'ab')).toBe(':5\r\n');
    expect(c.run('GET', 'nokey2')).toBe('$5\r\n\u0000\u0000\u0000ab\r\n');
    expect(c.run('GETRANGE', 'nokey2', '0', '-1')).toBe('$5\r\n\u0000\u0000\u0000ab\r\n');
    expect(c.run('GETRANGE', 'nokey2', '-100', '100')).toBe('$5\r\n\u0000\u0000\u0000ab\r\n');
    expect(c.run('GETRANGE', 'nokey2', '3', '2')).toBe('$0\r\n\r\n');
    expect(c.run('GETRANGE', 'nokey2', '-1', '-2')).toBe('$0\r\n\r\n');
    expect(c.run('GETRANGE', 'nokey2', 'x', '1')).toBe(NOT_INT);
    expect(c.run('GETRANGE', 'missing', '0', '-1')).toBe('$0\r\n\r\n');
    expect(c.run('SUBSTR', 'nokey2', '1', '3')).toBe('$3\r\n\u0000\u0000a\r\n');
    c.run('SET', 'n', '5');
    expect(c.run('GETRANGE', 'n', '0', '0')).toBe('$1\r\n5\r\n');
    expect(c.run('STRLEN', 'nokey2')).toBe(':5\r\n');
    expect(c.run('STRLEN', 'zzz')).toBe(':0\r\n');
    expect(c.run('APPEND', 'new', 'abc')).toBe(':3\r\n');
    expect(c.run('APPEND', 'new', 'de')).toBe(':5\r\n');
    expect(c.run('GET', 'new')).toBe('$5\r\nabcde\r\n');
  });

  it('OBJECT ENCODING follows SET/APPEND/INCR/SETRANGE as 7.0 reports', () => {
    const c = new FakeContext(NOW);
    const enc = (v: string) => `$${v.length}\r\n${v}\r\n`;
    c.run('SET', 'e', '1'.repeat(44));
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('embstr'));
    c.run('SET', 'e', '1'.repeat(45));
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('raw'));
    c.run('SET', 'e', '12');
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('int'));
    c.run('APPEND', 'e', '3');
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('raw'));
    expect(c.run('INCR', 'e')).toBe(':124\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('int'));
    c.run('SETRANGE', 'e', '0', '9');
    expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc('raw'));
    for (const [v, e] of [
      ['012', 'embstr'],
      ['-0', 'embstr'],
      ['9223372036854775808', 'embstr'],
      ['-9223372036854775808', 'int'],
    ]) {
      c.run('SET', 'e', v);
      expect(c.run('OBJECT', 'ENCODING', 'e')).toBe(enc(e));
    }
  });
});

describe('INCRBYFLOAT result encoding', () => {
  // Checked on redis-server 7.0.15: the result is a string object, never `int`-encoded.
  it('is embstr up to 44 bytes and raw beyond, even when it reads as an integer', () => {
    const c = new FakeContext();
    expect(c.run('INCRBYFLOAT', 'k', '1')).toBe('$1\r\n1\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'k')).toBe('$6\r\nembstr\r\n');
    expect(c.run('INCRBYFLOAT', 'k', '1e60')).toBe(
      '$60\r\n999999999999999999999373423426722168652130621984886772203520\r\n',
    );
    expect(c.run('OBJECT', 'ENCODING', 'k')).toBe('$3\r\nraw\r\n');
    c.run('SET', 'k', '5');
    expect(c.run('OBJECT', 'ENCODING', 'k')).toBe('$3\r\nint\r\n');
    c.run('INCRBYFLOAT', 'k', '0');
    expect(c.run('OBJECT', 'ENCODING', 'k')).toBe('$6\r\nembstr\r\n');
    c.run('INCRBY', 'k', '1');
    expect(c.run('OBJECT', 'ENCODING', 'k')).toBe('$3\r\nint\r\n');
  });
});
