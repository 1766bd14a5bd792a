/**
 * SINTER SINTERCARD SUNION SDIFF and their STORE forms against redis-server 7.0.15: results, reply
 * order for intsets, error precedence, and the events and propagation of the STORE forms.
 */
import { FakeContext } from '../../test/fake-context';

const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';

function bulks(...items: string[]): string {
  return `*${items.length}\r\n${items.map((i) => `$${i.length}\r\n${i}\r\n`).join('')}`;
}

function sorted(reply: string): string[] {
  const lines = reply.split('\r\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length - 1; i += 2) out.push(lines[i + 1]);
  return out.sort();
}

function events(c: FakeContext, ...args: string[]): string[] {
  const spy = jest.spyOn(c.keyspace, 'notify');
  c.run(...args);
  const out = spy.mock.calls.map(([, event, key]) => `${event}:${key}`);
  spy.mockRestore();
  return out;
}

function fixture(): FakeContext {
  const c = new FakeContext();
  c.run('SET', 'str', 'v');
  c.run('SADD', 'a', '3', '1', '2', '4');
  c.run('SADD', 'b', '4', '3', '9');
  c.run('SADD', 'w', 'x', 'y', '3');
  return c;
}

describe('SINTER SUNION SDIFF', () => {
  it('compute the set operations; intset results reply in numeric order', () => {
    const c = fixture();
    expect(c.run('SINTER', 'a', 'b')).toBe(bulks('3', '4'));
    expect(c.run('SINTER', 'a')).toBe(bulks('1', '2', '3', '4'));
    expect(c.run('SINTER', 'a', 'a')).toBe(bulks('1', '2', '3', '4'));
    expect(c.run('SINTER', 'a', 'w')).toBe(bulks('3'));
    expect(c.run('SINTER', 'a', 'missing')).toBe('*0\r\n');
    expect(c.run('SUNION', 'a', 'b')).toBe(bulks('1', '2', '3', '4', '9'));
    expect(c.run('SUNION', 'missing')).toBe('*0\r\n');
    expect(sorted(c.run('SUNION', 'a', 'w', 'missing'))).toEqual(['1', '2', '3', '4', 'x', 'y']);
    expect(c.run('SDIFF', 'a', 'b')).toBe(bulks('1', '2'));
    expect(c.run('SDIFF', 'a', 'missing', 'w')).toBe(bulks('1', '2', '4'));
    expect(c.run('SDIFF', 'missing', 'a')).toBe('*0\r\n');
    expect(c.run('SDIFF', 'a', 'a')).toBe('*0\r\n');
    expect(sorted(c.run('SDIFF', 'w', 'a'))).toEqual(['x', 'y']);
  });

  it('answer WRONGTYPE for any source of another type, even after a missing key', () => {
    const c = fixture();
    for (const cmd of ['SINTER', 'SUNION', 'SDIFF']) {
      expect(c.run(cmd, 'missing', 'str')).toBe(WRONGTYPE);
      expect(c.run(cmd, 'a', 'str')).toBe(WRONGTYPE);
    }
    for (const cmd of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) {
      expect(c.run(cmd, 'd', 'missing', 'str')).toBe(WRONGTYPE);
    }
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
  });
});

describe('SINTERSTORE SUNIONSTORE SDIFFSTORE', () => {
  it('replace the destination, whatever its type, and emit their event', () => {
    const c = fixture();
    c.run('EXPIRE', 'str', '100');
    expect(events(c, 'SUNIONSTORE', 'str', 'a', 'b')).toEqual(['sunionstore:str']);
    expect(c.reply.out).toBe(':5\r\n');
    expect(c.run('TTL', 'str')).toBe(':-1\r\n');
    expect(c.run('SMEMBERS', 'str')).toBe(bulks('1', '2', '3', '4', '9'));
    expect(events(c, 'SINTERSTORE', 'd', 'a', 'b')).toEqual(['sinterstore:d']);
    expect(c.run('SMEMBERS', 'd')).toBe(bulks('3', '4'));
    expect(events(c, 'SDIFFSTORE', 'd', 'a', 'b')).toEqual(['sdiffstore:d']);
    expect(c.run('SMEMBERS', 'd')).toBe(bulks('1', '2'));
    expect(c.rewrites).toEqual([]);
  });

  it('delete the destination on an empty result, counting a change only if it existed', () => {
    const c = fixture();
    c.run('SADD', 'd', 'old');
    expect(events(c, 'SINTERSTORE', 'd', 'a', 'missing')).toEqual(['del:d']);
    expect(c.reply.out).toBe(':0\r\n');
    expect(c.dirtyDelta()).toBe(1);
    expect(events(c, 'SDIFFSTORE', 'd', 'a', 'a')).toEqual([]);
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
  });

  it('a source may be the destination', () => {
    const c = fixture();
    expect(c.run('SDIFFSTORE', 'a', 'a', 'b')).toBe(':2\r\n');
    expect(c.run('SMEMBERS', 'a')).toBe(bulks('1', '2'));
  });

  it('SDIFFSTORE encodes as the way Redis builds the difference for these sizes', () => {
    const c = new FakeContext();
    c.run('SADD', 'big', ...Array.from({ length: 20 }, (_, i) => String(i)), 'g');
    c.run('SADD', 'small', 'g', 'a');
    // 21 × 2 / 2 ≤ 21 + 2: each member is tested, only integers are added: an intset.
    expect(c.run('SDIFFSTORE', 'd1', 'big', 'small')).toBe(':20\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'd1')).toBe('$6\r\nintset\r\n');
    // 21 × 4 / 2 > 21 + 2 + 2 + 2: the first set is copied (g converts it), then g is removed.
    expect(c.run('SDIFFSTORE', 'd2', 'big', 'small', 'nokey', 'small', 'small')).toBe(':20\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'd2')).toBe('$9\r\nhashtable\r\n');
    expect(sorted(c.run('SMEMBERS', 'd2'))).toEqual(sorted(c.run('SMEMBERS', 'd1')));
  });
});

describe('SINTERCARD', () => {
  it('counts the intersection up to LIMIT', () => {
    const c = fixture();
    expect(c.run('SINTERCARD', '2', 'a', 'b')).toBe(':2\r\n');
    expect(c.run('SINTERCARD', '1', 'a')).toBe(':4\r\n');
    expect(c.run('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(':1\r\n');
    expect(c.run('SINTERCARD', '2', 'a', 'b', 'limit', '0')).toBe(':2\r\n');
    expect(c.run('SINTERCARD', '2', 'a', 'a', 'LIMIT', '0', 'LIMIT', '1')).toBe(':1\r\n');
    expect(c.run('SINTERCARD', '2', 'a', 'a', 'LIMIT', '9223372036854775807')).toBe(':4\r\n');
    expect(c.run('SINTERCARD', '2', 'missing', 'a')).toBe(':0\r\n');
  });

  it('checks numkeys and options before the keys', () => {
    const c = fixture();
    const numkeys = '-ERR numkeys should be greater than 0\r\n';
    expect(c.run('SINTERCARD', '0', 'a')).toBe(numkeys);
    expect(c.run('SINTERCARD', '-1', 'a')).toBe(numkeys);
    expect(c.run('SINTERCARD', 'x', 'a')).toBe(numkeys);
    const tooMany = "-ERR Number of keys can't be greater than number of args\r\n";
    expect(c.run('SINTERCARD', '3', 'a', 'b')).toBe(tooMany);
    expect(c.run('SINTERCARD', '9223372036854775807', 'a')).toBe(tooMany);
    expect(c.run('SINTERCARD', '2', 'a', 'b', 'LIMIT')).toBe('-ERR syntax error\r\n');
    expect(c.run('SINTERCARD', '1', 'a', 'b')).toBe('-ERR syntax error\r\n');
    expect(c.run('SINTERCARD', '2', 'str', 'a', 'FOO', '1')).toBe('-ERR syntax error\r\n');
    expect(c.run('SINTERCARD', '2', 'str', 'a', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(c.run('SINTERCARD', '2', 'a', 'b', 'LIMIT', 'x')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(c.run('SINTERCARD', '2', 'missing', 'str')).toBe(WRONGTYPE);
  });
});
