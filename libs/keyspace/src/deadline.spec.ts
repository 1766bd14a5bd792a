/**
 * Deadlines near int64's limit stay exact (the replies below were checked on redis-server 7.0.15;
 * relative ones are recomputed for the fake clock with the same arithmetic: TTL = (PTTL + 500) /
 * 1000), and the helpers keep one representation per value.
 */
import { FakeContext } from '../test/fake-context';
import { deadlineOf, msUntil, roundToSeconds, scaleDeadline } from './deadline';

const NOW = 1_700_000_000_000;
const MAX = '9223372036854775807';
const INVALID = (cmd: string) => `-ERR invalid expire time in '${cmd}' command\r\n`;

describe('deadline helpers', () => {
  it('keep numbers while safe and bigints only beyond 2^53', () => {
    expect(deadlineOf(9007199254740991n)).toBe(9007199254740991);
    expect(deadlineOf(9007199254740992n)).toBe(9007199254740992n);
    expect(scaleDeadline(5, 1000, NOW)).toBe(NOW + 5000);
    expect(scaleDeadline(9223372036854775n, 1000, 0)).toBe(9223372036854775000n);
    expect(scaleDeadline(9223372036854776n, 1000, 0)).toBeNull();
    expect(scaleDeadline(-9223372036854775n, 1000, 0)).toBe(-9223372036854775000n);
    expect(scaleDeadline(-9223372036854776n, 1000, 0)).toBeNull();
    expect(scaleDeadline(BigInt(MAX), 1, 0)).toBe(BigInt(MAX));
    expect(scaleDeadline(BigInt(MAX), 1, 1)).toBeNull();
    expect(msUntil(BigInt(MAX), NOW)).toBe(9223370336854775807n);
    expect(msUntil(NOW + 10, NOW)).toBe(10);
  });

  it('rounds ms to seconds as Redis does, exactly near 2^53 and 2^63', () => {
    expect(roundToSeconds(1499)).toBe(1);
    expect(roundToSeconds(1500)).toBe(2);
    expect(roundToSeconds(9007199254740993n)).toBe(9007199254741);
    expect(roundToSeconds(9007199254740991)).toBe(9007199254741);
    expect(roundToSeconds(BigInt(MAX))).toBe(9223372036854776n);
  });
});

describe('huge deadlines through the commands', () => {
  it('PEXPIREAT to LLONG_MAX reads back exactly', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'v');
    expect(c.run('PEXPIREAT', 'k', MAX)).toBe(':1\r\n');
    expect(c.rewrites).toEqual([['PEXPIREAT', 'k', MAX]]);
    expect(c.run('PEXPIRETIME', 'k')).toBe(`:${MAX}\r\n`);
    expect(c.run('EXPIRETIME', 'k')).toBe(':9223372036854776\r\n');
    expect(c.run('PTTL', 'k')).toBe(':9223370336854775807\r\n');
    expect(c.run('TTL', 'k')).toBe(':9223370336854776\r\n');
    expect(c.run('PEXPIREAT', 'k', '9007199254740993')).toBe(':1\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(':9007199254740993\r\n');
    expect(c.run('EXPIRETIME', 'k')).toBe(':9007199254741\r\n');
  });

  it('refuses what overflows int64 with the command name', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'v');
    expect(c.run('EXPIREAT', 'k', MAX)).toBe(INVALID('expireat'));
    expect(c.run('EXPIREAT', 'k', '9223372036854776')).toBe(INVALID('expireat'));
    expect(c.run('EXPIRE', 'k', '9223372036854775')).toBe(INVALID('expire'));
    expect(c.run('PEXPIRE', 'k', MAX)).toBe(INVALID('pexpire'));
    expect(c.run('SET', 'k', 'v', 'PX', MAX)).toBe(INVALID('set'));
    expect(c.run('EXPIREAT', 'k', '9223372036854775')).toBe(':1\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(':9223372036854775000\r\n');
  });

  it('SET PXAT and GETEX PXAT keep LLONG_MAX exactly', () => {
    const c = new FakeContext(NOW);
    expect(c.run('SET', 'k', 'v', 'PXAT', MAX)).toBe('+OK\r\n');
    expect(c.rewrites).toEqual([['SET', 'k', 'v', 'PXAT', MAX]]);
    expect(c.run('PEXPIRETIME', 'k')).toBe(`:${MAX}\r\n`);
    expect(c.run('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('+OK\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(':9223372036854775000\r\n');
    expect(c.run('GETEX', 'k', 'PXAT', MAX)).toBe('$1\r\nv\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(`:${MAX}\r\n`);
  });
});
