/**
 * List commands and the list type, against replies verified on redis-server 7.0.15 and the
 * propagated forms observed on a 7.0.15 replica's MONITOR. Blocking itself (parking, serving,
 * timeouts) is the server's and is tested there; here: what the handlers reply and request.
 */
import { FakeContext } from '../../test/fake-context';
import { ListValue } from '../types/list';

const OK = '+OK\r\n';
const NIL = '$-1\r\n';
const NULL_ARRAY = '*-1\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';

function bulks(...items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`).join('');
}

describe('ListValue deque', () => {
  it('keeps order through pushes and pops at both ends across growth and shrinking', () => {
    const l = new ListValue();
    const model: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = String(i);
      if (i % 3 === 0) {
        l.pushLeft(Buffer.from(v));
        model.unshift(v);
      } else {
        l.pushRight(Buffer.from(v));
        model.push(v);
      }
      if (i % 7 === 0 && model.length > 0) expect(l.popLeft().toString()).toBe(model.shift());
      if (i % 11 === 0 && model.length > 0) expect(l.popRight().toString()).toBe(model.pop());
    }
    expect(l.size).toBe(model.length);
    for (let i = 0; i < model.length; i++) expect(l.at(i).toString()).toBe(model[i]);
    while (l.size > 3) l.popLeft();
    expect([l.at(0), l.at(1), l.at(2)].map(String)).toEqual(model.slice(-3));
  });

  it('inserts in the middle from either side, retains and trims', () => {
    const l = new ListValue();
    for (const v of ['a', 'b', 'c', 'd', 'e']) l.pushRight(Buffer.from(v));
    l.insertAt(1, Buffer.from('x'));
    l.insertAt(5, Buffer.from('y'));
    const all = (): string[] => Array.from({ length: l.size }, (_, i) => l.at(i).toString());
    expect(all()).toEqual(['a', 'x', 'b', 'c', 'd', 'y', 'e']);
    expect(l.retain((v) => v.toString() !== 'x' && v.toString() !== 'y')).toBe(2);
    l.trim(1, 1);
    expect(all()).toEqual(['b', 'c', 'd']);
    expect(l.encoding()).toBe('quicklist');
    expect(l.clone().at(2).toString()).toBe('d');
  });

  it('estimates MEMORY USAGE of a small list as 7.0.15 (key part excluded: 144 - 32)', () => {
    const l = new ListValue();
    for (const v of ['a', 'b', 'c']) l.pushRight(Buffer.from(v));
    expect(l.memoryUsage(5)).toBe(112);
  });
});

describe('pushes and reads', () => {
  it('LPUSH/RPUSH create, append and count; LPUSHX/RPUSHX need the key', () => {
    const c = new FakeContext();
    expect(c.run('RPUSH', 'l', 'a', 'b')).toBe(':2\r\n');
    expect(c.run('LPUSH', 'l', 'x', 'y')).toBe(':4\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('y', 'x', 'a', 'b'));
    expect(c.run('LPUSHX', 'nx', 'a')).toBe(':0\r\n');
    expect(c.run('RPUSHX', 'l', 'z')).toBe(':5\r\n');
    expect(c.run('LLEN', 'l')).toBe(':5\r\n');
    expect(c.run('LLEN', 'nx')).toBe(':0\r\n');
    expect(c.keyspace.dirty).toBe(5);
    expect(c.run('OBJECT', 'ENCODING', 'l')).toBe('$9\r\nquicklist\r\n');
    expect(c.run('TYPE', 'l')).toBe('+list\r\n');
  });

  it('stores owned copies of binary elements', () => {
    const c = new FakeContext();
    const arg = Buffer.from([0, 0xff, 13, 10]);
    c.run('RPUSH', 'l', arg);
    arg.fill(0x41);
    expect(c.run('LINDEX', 'l', '0')).toBe('$4\r\n\u0000\u00ff\r\n\r\n');
  });

  it('LRANGE and LINDEX clamp and normalise indexes', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(c.run('LRANGE', 'l', '-2', '100')).toBe(bulks('c', 'd'));
    expect(c.run('LRANGE', 'l', '-100', '0')).toBe(bulks('a'));
    expect(c.run('LRANGE', 'l', '3', '1')).toBe('*0\r\n');
    expect(c.run('LRANGE', 'l', '9223372036854775807', '-9223372036854775808')).toBe('*0\r\n');
    expect(c.run('LRANGE', 'l', 'a', '1')).toBe(NOT_INT);
    expect(c.run('LRANGE', 'nx', '0', '-1')).toBe('*0\r\n');
    expect(c.run('LINDEX', 'l', '-1')).toBe('$1\r\nd\r\n');
    expect(c.run('LINDEX', 'l', '4')).toBe(NIL);
    expect(c.run('LINDEX', 'nx', 'x')).toBe(NIL);
    expect(c.run('LINDEX', 'l', 'x')).toBe(NOT_INT);
  });

  it('LPOS with RANK, COUNT and MAXLEN, and its errors in option order', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c');
    expect(c.run('LPOS', 'l', 'c')).toBe(':2\r\n');
    expect(c.run('LPOS', 'l', 'c', 'RANK', '2')).toBe(':6\r\n');
    expect(c.run('LPOS', 'l', 'c', 'RANK', '-1')).toBe(':7\r\n');
    expect(c.run('LPOS', 'l', 'c', 'COUNT', '0')).toBe('*3\r\n:2\r\n:6\r\n:7\r\n');
    expect(c.run('LPOS', 'l', 'c', 'COUNT', '2', 'RANK', '-1')).toBe('*2\r\n:7\r\n:6\r\n');
    expect(c.run('LPOS', 'l', 'c', 'COUNT', '0', 'MAXLEN', '7')).toBe('*2\r\n:2\r\n:6\r\n');
    expect(c.run('LPOS', 'l', 'zz')).toBe(NIL);
    expect(c.run('LPOS', 'l', 'zz', 'COUNT', '2')).toBe('*0\r\n');
    expect(c.run('LPOS', 'nx', 'a', 'COUNT', '2')).toBe('*0\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(':0\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '0', 'COUNT', '-1')).toMatch(/^-ERR RANK can't be zero/);
    expect(c.run('LPOS', 'l', 'a', 'COUNT', '-1', 'RANK', '0')).toBe("-ERR COUNT can't be negative\r\n");
    expect(c.run('LPOS', 'l', 'a', 'MAXLEN', 'x')).toBe("-ERR MAXLEN can't be negative\r\n");
    expect(c.run('LPOS', 'l', 'a', 'RANK')).toBe(SYNTAX);
    expect(c.run('LPOS', 'l', 'a', 'RANK', 'x')).toBe(NOT_INT);
  });
});

describe('edits', () => {
  it('LSET, LINSERT, LREM and LTRIM edit in place and delete an emptied list', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(c.run('LSET', 'l', '-1', 'z')).toBe(OK);
    expect(c.run('LSET', 'l', '5', 'z')).toBe('-ERR index out of range\r\n');
    expect(c.run('LSET', 'nx', '0', 'z')).toBe('-ERR no such key\r\n');
    expect(c.run('LINSERT', 'l', 'BEFORE', 'c', 'x')).toBe(':6\r\n');
    expect(c.run('LINSERT', 'l', 'after', 'zz', 'x')).toBe(':-1\r\n');
    expect(c.run('LINSERT', 'nx', 'after', 'a', 'x')).toBe(':0\r\n');
    expect(c.run('LINSERT', 'l', 'middle', 'a', 'x')).toBe(SYNTAX);
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'b', 'a', 'x', 'c', 'z'));
    expect(c.run('LREM', 'l', '-1', 'a')).toBe(':1\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'b', 'x', 'c', 'z'));
    expect(c.run('LREM', 'l', '0', 'nope')).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('LTRIM', 'l', '1', '-2')).toBe(OK);
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'x', 'c'));
    expect(c.run('LTRIM', 'l', '0', '-1')).toBe(OK);
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('LTRIM', 'l', '5', '10')).toBe(OK);
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
  });

  it('answers WRONGTYPE for every command on a string key', () => {
    const c = new FakeContext();
    c.run('SET', 's', 'v');
    for (const cmd of [
      ['LPUSH', 's', 'a'], ['RPUSHX', 's', 'a'], ['LLEN', 's'], ['LRANGE', 's', '0', '1'], ['LINDEX', 's', '0'],
      ['LSET', 's', '0', 'a'], ['LREM', 's', '0', 'a'], ['LTRIM', 's', '0', '1'], ['LINSERT', 's', 'before', 'a', 'b'],
      ['LPOS', 's', 'a'], ['LPOP', 's'], ['RPOP', 's', '2'], ['LMOVE', 's', 'd', 'left', 'left'], ['LMPOP', '1', 's', 'left'],
      ['BLPOP', 's', '0'], ['BLMPOP', '0', '1', 's', 'left'],
    ]) {
      expect(c.run(...cmd)).toBe(WRONGTYPE);
    }
  });
});

describe('pops and moves', () => {
  it('LPOP/RPOP with and without count, with RESP2 null forms', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(c.run('LPOP', 'l')).toBe('$1\r\na\r\n');
    expect(c.run('RPOP', 'l', '2')).toBe(bulks('e', 'd'));
    expect(c.run('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(c.run('LPOP', 'l', '-1')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(c.run('LPOP', 'l', '1', '2')).toBe("-ERR wrong number of arguments for 'lpop' command\r\n");
    expect(c.run('LPOP', 'nx')).toBe(NIL);
    expect(c.run('LPOP', 'nx', '2')).toBe(NULL_ARRAY);
    expect(c.run('LPOP', 'l', '10')).toBe(bulks('b', 'c'));
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
  });

  it('LMOVE rotates, moves, checks the destination type, and RPOPLPUSH is RIGHT LEFT', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(c.run('LMOVE', 'l', 'l', 'LEFT', 'RIGHT')).toBe('$1\r\na\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'c', 'a'));
    expect(c.run('RPOPLPUSH', 'l', 'd')).toBe('$1\r\na\r\n');
    expect(c.rewrites).toEqual([]);
    c.run('SET', 's', 'v');
    expect(c.run('LMOVE', 'l', 's', 'left', 'left')).toBe(WRONGTYPE);
    expect(c.run('LMOVE', 'nx', 's', 'left', 'left')).toBe(NIL);
    expect(c.run('LMOVE', 'l', 'd', 'up', 'left')).toBe(SYNTAX);
    expect(c.run('LMOVE', 'l', 'd', 'left', 'left')).toBe('$1\r\nb\r\n');
    expect(c.run('LMOVE', 'l', 'd', 'left', 'left')).toBe('$1\r\nc\r\n');
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
    expect(c.run('LRANGE', 'd', '0', '-1')).toBe(bulks('c', 'b', 'a'));
  });

  it('LMPOP parses numkeys, direction and COUNT in order and propagates LPOP/RPOP key n', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'b', '1', '2', '3');
    expect(c.run('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2')).toBe('*2\r\n$1\r\nb\r\n' + bulks('3', '2'));
    expect(c.rewrites).toEqual([['RPOP', 'b', '2']]);
    expect(c.run('LMPOP', '1', 'a', 'left')).toBe(NULL_ARRAY);
    expect(c.run('LMPOP', '0', 'a', 'left')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(c.run('LMPOP', 'x', 'a', 'left')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(c.run('LMPOP', '99', 'a', 'left')).toBe(SYNTAX);
    expect(c.run('LMPOP', '1', 'a', 'middle')).toBe(SYNTAX);
    expect(c.run('LMPOP', '1', 'a', 'left', 'count', '0')).toBe('-ERR count should be greater than 0\r\n');
    expect(c.run('LMPOP', '1', 'a', 'left', 'count', '1', 'count', '2')).toBe(SYNTAX);
    expect(c.run('LMPOP', '1', 'a', 'left', 'count')).toBe(SYNTAX);
  });
});

describe('blocking commands (handler side)', () => {
  it('serve at once when a key has elements, propagated in the non-blocking form', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'b', 'x', 'y', 'z');
    expect(c.run('BLPOP', 'a', 'b', '0')).toBe(bulks('b', 'x'));
    expect(c.rewrites).toEqual([['LPOP', 'b']]);
    expect(c.run('BRPOP', 'b', '1.5')).toBe(bulks('b', 'z'));
    expect(c.rewrites).toEqual([['RPOP', 'b']]);
    expect(c.run('BLMOVE', 'b', 'd', 'LEFT', 'right', '0')).toBe('$1\r\ny\r\n');
    expect(c.rewrites).toEqual([['LMOVE', 'b', 'd', 'LEFT', 'right']]);
    expect(c.run('BRPOPLPUSH', 'd', 'e', '0')).toBe('$1\r\ny\r\n');
    expect(c.rewrites).toEqual([['RPOPLPUSH', 'd', 'e']]);
    expect(c.run('BLMPOP', '0', '1', 'e', 'LEFT', 'COUNT', '5')).toBe('*2\r\n$1\r\ne\r\n' + bulks('y'));
    expect(c.rewrites).toEqual([['LPOP', 'e', '1']]);
    expect(c.blocks).toEqual([]);
  });

  it('request a block with their keys, timeout in ms and timeout reply when nothing is there', () => {
    const c = new FakeContext();
    expect(c.run('BLPOP', 'a', 'b', '0.0011')).toBe('');
    expect(c.run('BLMOVE', 'a', 'd', 'left', 'left', '2')).toBe('');
    expect(c.run('BLMPOP', '0', '2', 'a', 'b', 'left')).toBe('');
    expect(c.blocks).toEqual([
      { keys: ['a', 'b'], timeoutMs: 2, timeoutReply: 'null-array' },
      { keys: ['a'], timeoutMs: 2000, timeoutReply: 'null-array' },
      { keys: ['a', 'b'], timeoutMs: 0, timeoutReply: 'null-array' },
    ]);
  });

  it('answer as timed out where they may not block (MULTI)', () => {
    const c = new FakeContext();
    c.mayBlock = false;
    expect(c.run('BLPOP', 'a', '0')).toBe(NULL_ARRAY);
    expect(c.run('BRPOPLPUSH', 'a', 'b', '0')).toBe(NIL);
    expect(c.run('BLMPOP', '0', '1', 'a', 'left')).toBe(NULL_ARRAY);
    expect(c.blocks).toEqual([]);
  });

  it('check the timeout as 7.0 does', () => {
    const c = new FakeContext();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f');
    const negative = '-ERR timeout is negative\r\n';
    const notFloat = '-ERR timeout is not a float or out of range\r\n';
    for (const t of ['-1', 'inf', '-inf', '1e999', '9223372036854776']) expect(c.run('BLPOP', 'l', t)).toBe(negative);
    for (const t of ['x', '', ' 1', '1 ', 'nan', '1e5000']) expect(c.run('BLPOP', 'l', t)).toBe(notFloat);
    for (const t of ['-0.0001', '0x10', '.5', '5.', '9223372036854775', '1e-400']) expect(c.run('BLPOP', 'l', t)).toMatch(/^\*2/);
    expect(c.run('BLMPOP', 'x', '0', 'l', 'left')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(c.run('BLMPOP', 'x', '1', 'l', 'middle')).toBe(SYNTAX);
    expect(c.run('BLMPOP', 'x', '1', 'l', 'left')).toBe(notFloat);
  });

  it('round timeouts as 7.0 does in long double (checked on 7.0.15)', () => {
    const c = new FakeContext();
    const negative = '-ERR timeout is negative\r\n';
    // -0.001 s is just above -1 ms once multiplied: its ceiling is -0, a wait forever.
    const blocked: [string, number][] = [
      ['-0.001', 0],
      ['9223372036854775', 9223372036854775000],
      // 2^63 - 1 ms, which a double holds as 2^63.
      ['9223372036854775.807', 2 ** 63],
      ['0.0011', 2],
    ];
    for (const [t] of blocked) expect(c.run('BLPOP', 'none', t)).toBe('');
    expect(c.blocks.map((b) => b.timeoutMs)).toEqual(blocked.map(([, ms]) => ms));
    for (const t of ['-0.0010000000000000000001', '-0.0011', '-0.002', '9223372036854775.8079']) {
      expect(c.run('BLPOP', 'none', t)).toBe(negative);
    }
  });
});
