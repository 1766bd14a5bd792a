/**
 * Generic key, expire and OBJECT/MEMORY commands against replies verified on redis-server 7.0.15.
 */
import { FakeContext } from '../../test/fake-context';

const OK = '+OK\r\n';
const NIL = '$-1\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const NOW = 1_700_000_000_000;

describe('generic key commands', () => {
  it('RENAME/RENAMENX/COPY/MOVE errors and same-key cases', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RENAME', 'no', 'x')).toBe('-ERR no such key\r\n');
    c.run('SET', 'a', '1');
    expect(c.run('RENAME', 'a', 'a')).toBe(OK);
    expect(c.run('RENAMENX', 'a', 'a')).toBe(':0\r\n');
    expect(c.run('COPY', 'a', 'a')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('MOVE', 'a', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('MOVE', 'a', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('MOVE', 'a', 'x')).toBe(NOT_INT);
    expect(c.run('MOVE', 'a', '-1')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('MOVE', 'nokey', '1')).toBe(':0\r\n');
    expect(c.run('COPY', 'a', 'b', 'DB', 'x')).toBe(NOT_INT);
    expect(c.run('COPY', 'a', 'b', 'DB', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('COPY', 'a', 'b', 'FOO')).toBe(SYNTAX);
    expect(c.run('COPY', 'a', 'b', 'REPLACE', 'DB', '0')).toBe(':1\r\n');
    expect(c.run('COPY', 'a', 'b', 'REPLACE', 'REPLACE')).toBe(':1\r\n');
    expect(c.run('COPY', 'a', 'b')).toBe(':0\r\n');
  });

  it('RENAME carries the TTL, MOVE and COPY across databases', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'a', 'v', 'PX', '5000');
    expect(c.run('RENAME', 'a', 'b')).toBe(OK);
    expect(c.run('PTTL', 'b')).toBe(':5000\r\n');
    expect(c.run('EXISTS', 'a')).toBe(':0\r\n');
    c.run('SET', 'c', 'x');
    expect(c.run('RENAMENX', 'b', 'c')).toBe(':0\r\n');
    expect(c.run('RENAMENX', 'b', 'd')).toBe(':1\r\n');
    expect(c.run('MOVE', 'd', '1')).toBe(':1\r\n');
    expect(c.run('COPY', 'c', 'c', 'DB', '1')).toBe(':1\r\n');
    c.db = c.keyspace.databases[1];
    expect(c.run('PTTL', 'd')).toBe(':5000\r\n');
    expect(c.run('MGET', 'c', 'd')).toBe('*2\r\n$1\r\nx\r\n$1\r\nv\r\n');
    expect(c.run('DBSIZE')).toBe(':2\r\n');
  });

  it('SWAPDB and FLUSH argument errors', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SWAPDB', 'x', '1')).toBe('-ERR invalid first DB index\r\n');
    expect(c.run('SWAPDB', '0', 'x')).toBe('-ERR invalid second DB index\r\n');
    expect(c.run('SWAPDB', '0', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('SWAPDB', '-1', '0')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('FLUSHALL', 'FOO')).toBe(SYNTAX);
    expect(c.run('FLUSHALL', 'SYNC', 'ASYNC')).toBe(SYNTAX);
    expect(c.run('FLUSHDB', 'ASYNC')).toBe(OK);
    c.run('SET', 'a', '1');
    expect(c.run('SWAPDB', '0', '1')).toBe(OK);
    expect(c.run('DBSIZE')).toBe(':0\r\n');
    c.db = c.keyspace.databases[1];
    expect(c.run('GET', 'a')).toBe('$1\r\n1\r\n');
    expect(c.run('FLUSHALL')).toBe(OK);
    expect(c.run('DBSIZE')).toBe(':0\r\n');
  });

  it('DEL/UNLINK/EXISTS/TOUCH/TYPE/KEYS/RANDOMKEY', () => {
    const c = new FakeContext(NOW);
    expect(c.run('TYPE', 'nokey')).toBe('+none\r\n');
    expect(c.run('RANDOMKEY')).toBe(NIL);
    c.run('MSET', 'a', '1', 'b', '2', 'hello', '3');
    expect(c.run('TYPE', 'a')).toBe('+string\r\n');
    expect(c.run('EXISTS', 'a', 'a', 'zz')).toBe(':2\r\n');
    expect(c.run('TOUCH', 'a', 'b', 'zz')).toBe(':2\r\n');
    expect(c.run('KEYS', 'h*')).toBe('*1\r\n$5\r\nhello\r\n');
    expect(c.run('KEYS', '*')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$5\r\nhello\r\n');
    expect(['$1\r\na\r\n', '$1\r\nb\r\n', '$5\r\nhello\r\n']).toContain(c.run('RANDOMKEY'));
    expect(c.run('DEL', 'a', 'zz', 'a')).toBe(':1\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('UNLINK', 'b', 'hello')).toBe(':2\r\n');
  });

  it('SCAN argument errors as redis', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SCAN', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(c.run('SCAN', '0', 'COUNT', '-1')).toBe(SYNTAX);
    expect(c.run('SCAN', '0', 'COUNT', 'x')).toBe(NOT_INT);
    expect(c.run('SCAN', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(c.run('SCAN', '18446744073709551616')).toBe('-ERR invalid cursor\r\n');
    expect(c.run('SCAN', '-1')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(c.run('SCAN', '0', 'TYPE', 'foo')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(c.run('SCAN', '0', 'MATCH')).toBe(SYNTAX);
    expect(c.run('SCAN', '0', 'COUNT', '1', 'MATCH')).toBe(SYNTAX);
    expect(c.run('SCAN', '0', 'FOO', '1')).toBe(SYNTAX);
  });

  it('SCAN with MATCH, TYPE and COUNT walks every key', () => {
    const c = new FakeContext(NOW);
    for (let i = 0; i < 25; i++) c.run('SET', `k${i}`, 'v');
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const out = c.run('SCAN', cursor, 'MATCH', 'k1*', 'COUNT', '4', 'TYPE', 'string');
      const lines = out.split('\r\n');
      cursor = lines[2];
      for (let i = 5; i < lines.length; i += 2) if (lines[i] !== '') seen.add(lines[i]);
      calls++;
    } while (cursor !== '0');
    expect([...seen].sort()).toEqual(['k1', 'k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
    expect(calls).toBe(7);
  });
});

describe('expire commands', () => {
  it('option and argument errors as redis', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'a', '1');
    expect(c.run('EXPIRE', 'a', '10', 'NX', 'XX')).toBe(
      '-ERR NX and XX, GT or LT options at the same time are not compatible\r\n',
    );
    expect(c.run('EXPIRE', 'a', '10', 'GT', 'LT')).toBe(
      '-ERR GT and LT options at the same time are not compatible\r\n',
    );
    expect(c.run('EXPIRE', 'a', '10', 'FOO')).toBe('-ERR Unsupported option FOO\r\n');
    expect(c.run('EXPIRE', 'a', 'x')).toBe(NOT_INT);
    expect(c.run('EXPIRE', 'a', '9223372036854775807')).toBe("-ERR invalid expire time in 'expire' command\r\n");
    expect(c.run('PEXPIRE', 'a', '9223372036854775807')).toBe("-ERR invalid expire time in 'pexpire' command\r\n");
    expect(c.run('EXPIREAT', 'a', '9223372036854775807')).toBe(
      "-ERR invalid expire time in 'expireat' command\r\n",
    );
    expect(c.keyspace.dirty).toBe(1);
  });

  it('NX/XX/GT/LT, TTL family and PERSIST as redis', () => {
    const c = new FakeContext(NOW);
    expect(c.run('TTL', 'nokey')).toBe(':-2\r\n');
    expect(c.run('EXPIRE', 'nokey', '100')).toBe(':0\r\n');
    c.run('SET', 'a', '1');
    expect(c.run('TTL', 'a')).toBe(':-1\r\n');
    expect(c.run('EXPIRETIME', 'a')).toBe(':-1\r\n');
    expect(c.run('EXPIRE', 'a', '100', 'GT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'a', '100', 'LT')).toBe(':1\r\n');
    expect(c.run('TTL', 'a')).toBe(':100\r\n');
    expect(c.run('EXPIRE', 'a', '50', 'GT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'a', '500', 'LT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'a', '500', 'GT')).toBe(':1\r\n');
    expect(c.run('EXPIRE', 'a', '5', 'NX')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'a', '5', 'XX')).toBe(':1\r\n');
    expect(c.run('PTTL', 'a')).toBe(':5000\r\n');
    expect(c.run('PEXPIRETIME', 'a')).toBe(`:${NOW + 5000}\r\n`);
    expect(c.run('EXPIRETIME', 'a')).toBe(`:${(NOW + 5000) / 1000}\r\n`);
    expect(c.run('PERSIST', 'a')).toBe(':1\r\n');
    expect(c.run('PERSIST', 'a')).toBe(':0\r\n');
  });

  it('propagates PEXPIREAT with the flag kept, and DEL for a past deadline', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'a', 'v');
    c.run('EXPIRE', 'a', '100', 'NX');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', String(NOW + 100000), 'NX']]);
    c.run('PEXPIRE', 'a', '100000');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', String(NOW + 100000)]]);
    c.run('EXPIREAT', 'a', '99999999999');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', '99999999999000']]);
    c.run('PEXPIREAT', 'a', '99999999999999');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'a', '99999999999999']]);
    expect(c.run('EXPIRE', 'a', '-1')).toBe(':1\r\n');
    expect(c.rewrites).toEqual([['DEL', 'a']]);
    expect(c.run('EXISTS', 'a')).toBe(':0\r\n');
  });

  it('a replica stores a past deadline and hides the key from reads', () => {
    const c = new FakeContext(NOW);
    c.keyspace.replicaMode = true;
    c.run('SET', 'gone', '1', 'PXAT', '1000');
    expect(c.run('GET', 'gone')).toBe(NIL);
    expect(c.run('DBSIZE')).toBe(':1\r\n');
    c.run('SET', 'b', '1');
    expect(c.run('PEXPIREAT', 'b', '1')).toBe(':1\r\n');
    expect(c.run('DBSIZE')).toBe(':2\r\n');
    expect(c.expired).toEqual([]);
  });

  it('lazy expiry deletes on access and reports it through the hooks', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'v', 'PX', '100');
    c.now = NOW + 100;
    expect(c.run('GET', 'k')).toBe('$1\r\nv\r\n');
    c.now = NOW + 101;
    expect(c.run('GET', 'k')).toBe(NIL);
    expect(c.expired).toEqual(['0:k']);
    expect(c.keyspace.stats.expiredKeys).toBe(1);
    expect(c.run('DBSIZE')).toBe(':0\r\n');
  });
});

describe('OBJECT and MEMORY', () => {
  it('REFCOUNT, IDLETIME, FREQ and errors as redis', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'e', '9999');
    expect(c.run('OBJECT', 'REFCOUNT', 'e')).toBe(':2147483647\r\n');
    c.run('SET', 'e', '10000');
    expect(c.run('OBJECT', 'REFCOUNT', 'e')).toBe(':1\r\n');
    expect(c.run('OBJECT', 'REFCOUNT', 'nokey')).toBe(NIL);
    expect(c.run('OBJECT', 'ENCODING', 'nokey')).toBe(NIL);
    expect(c.run('OBJECT', 'IDLETIME', 'nokey')).toBe(NIL);
    expect(c.run('OBJECT', 'FREQ', 'e')).toBe(
      '-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    c.keyspace.lfuPolicy = true;
    expect(c.run('OBJECT', 'IDLETIME', 'e')).toBe(
      '-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    expect(c.run('OBJECT', 'FOO', 'e')).toBe("-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n");
    expect(c.run('MEMORY', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n");
    expect(c.run('OBJECT', 'HELP').startsWith('*11\r\n+OBJECT <subcommand>')).toBe(true);
  });

  it.each([
    ['k', 'v', 64],
    ['k', 'xxxxx', 64],
    ['k', 'x'.repeat(13), 80],
    ['k', 'x'.repeat(30), 96],
    ['k', 'x'.repeat(44), 96],
    ['k', 'x'.repeat(45), 112],
    ['k', 'x'.repeat(100), 160],
    ['k', 'x'.repeat(1000), 1072],
    ['kkkkkkkkkk', 'x'.repeat(21), 88],
    ['k'.repeat(30), 'x'.repeat(60), 136],
    ['k', '123', 48],
    ['k'.repeat(30), '123', 72],
  ])('MEMORY USAGE %s=%s is %d as redis reports', (key, value, bytes) => {
    const c = new FakeContext(NOW);
    c.run('SET', key, value);
    expect(c.run('MEMORY', 'USAGE', key)).toBe(`:${bytes}\r\n`);
    expect(c.run('MEMORY', 'USAGE', key, 'SAMPLES', '0')).toBe(`:${bytes}\r\n`);
  });

  it('MEMORY USAGE errors', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'e', '1');
    expect(c.run('MEMORY', 'USAGE', 'nokey')).toBe(NIL);
    expect(c.run('MEMORY', 'USAGE', 'e', 'SAMPLES', 'x')).toBe(NOT_INT);
    expect(c.run('MEMORY', 'USAGE', 'e', 'FOO')).toBe(SYNTAX);
  });
});
