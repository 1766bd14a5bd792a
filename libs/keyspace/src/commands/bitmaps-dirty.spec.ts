/**
 * What the bitmap commands report to the server beyond their reply: the dirty count (which decides
 * propagation), TTLs, in-place growth, and the RESP3 form of LCS IDX.
 */
import { growString } from '../bits/grow';
import { bitmapHandlers } from './bitmaps';
import { lcsHandlers } from './lcs';
import { FakeContext, run, type TestArg } from '../../test/bitmaps-context';

const handlers = [...bitmapHandlers, ...lcsHandlers];

/** Runs a command and returns how much it grew keyspace.dirty. */
function dirtyOf(ctx: FakeContext, ...argv: TestArg[]): number {
  const before = ctx.keyspace.dirty;
  run(ctx, handlers, ...argv);
  return ctx.keyspace.dirty - before;
}

describe('dirty accounting (what gets propagated)', () => {
  it('SETBIT counts one change when the bit or the length changes, none when the bit keeps its value', () => {
    const ctx = new FakeContext();
    expect(dirtyOf(ctx, 'setbit', 'k', '3', '1')).toBe(1);
    expect(dirtyOf(ctx, 'setbit', 'k', '3', '1')).toBe(0);
    expect(dirtyOf(ctx, 'setbit', 'k', '100', '0')).toBe(1);
    expect(dirtyOf(ctx, 'setbit', 'new', '0', '0')).toBe(1);
    expect(dirtyOf(ctx, 'setbit', 'k', 'x', '1')).toBe(0);
    expect(dirtyOf(ctx, 'getbit', 'k', '3')).toBe(0);
  });

  it('BITFIELD counts written fields only: GETs and FAIL-refused writes are not propagated', () => {
    const ctx = new FakeContext();
    expect(dirtyOf(ctx, 'bitfield', 'k', 'get', 'u8', '0')).toBe(0);
    expect(dirtyOf(ctx, 'bitfield', 'k', 'overflow', 'fail', 'incrby', 'u2', '10', '5')).toBe(0);
    // The refused write still created the key (as Redis 7.0 does), without counting a change.
    expect(ctx.db.lookupRead('k', ctx.now)).toEqual(Buffer.from([0, 0]));
    expect(dirtyOf(ctx, 'bitfield', 'k', 'set', 'u8', '0', '1', 'incrby', 'u8', '0', '1', 'get', 'u8', '0')).toBe(2);
    expect(dirtyOf(ctx, 'bitfield', 'k', 'overflow', 'fail', 'incrby', 'u8', '0', '300', 'incrby', 'u8', '0', '1')).toBe(1);
    expect(dirtyOf(ctx, 'bitfield_ro', 'k', 'get', 'u8', '0')).toBe(0);
    expect(dirtyOf(ctx, 'bitfield', 'k', 'set', 'u8', '0', 'x')).toBe(0);
    expect(ctx.rewrites).toEqual([]);
  });

  it('BITOP counts one change even when it stores or deletes nothing', () => {
    const ctx = new FakeContext();
    expect(dirtyOf(ctx, 'bitop', 'and', 'd', 'nokey')).toBe(1);
    expect(dirtyOf(ctx, 'bitop', 'nand', 'd', 'nokey')).toBe(0);
  });

  it('LCS, BITCOUNT and BITPOS never count changes', () => {
    const ctx = new FakeContext();
    run(ctx, handlers, 'setbit', 'k', '100', '1');
    expect(dirtyOf(ctx, 'bitcount', 'k')).toBe(0);
    expect(dirtyOf(ctx, 'bitpos', 'k', '1')).toBe(0);
    expect(dirtyOf(ctx, 'lcs', 'k', 'k')).toBe(0);
  });
});

describe('TTL and growth', () => {
  it('SETBIT and BITFIELD keep the TTL of the key they modify', () => {
    const ctx = new FakeContext();
    run(ctx, handlers, 'setbit', 'k', '0', '1');
    ctx.db.setExpire('k', ctx.now + 10_000);
    run(ctx, handlers, 'setbit', 'k', '1000', '1');
    run(ctx, handlers, 'bitfield', 'k', 'set', 'u8', '2000', '7');
    expect(ctx.db.getExpire('k')).toBe(ctx.now + 10_000);
  });

  it('SETBIT at the last offset below 2^32 grows the string to 512 MB', () => {
    const ctx = new FakeContext();
    expect(run(ctx, handlers, 'setbit', 'big', '4294967295', '1')).toBe(':0\r\n');
    expect(run(ctx, handlers, 'getbit', 'big', '4294967295')).toBe(':1\r\n');
    expect(run(ctx, handlers, 'bitpos', 'big', '1')).toBe(':4294967295\r\n');
    expect(run(ctx, handlers, 'bitcount', 'big', '-1', '-1')).toBe(':1\r\n');
    expect((ctx.db.lookupRead('big', ctx.now) as Buffer).length).toBe(536870912);
    ctx.db.delete('big');
  });

  it('growString reuses spare capacity for bitmaps built left to right', () => {
    let s = growString(undefined, 100);
    s[99] = 7;
    const grown = growString(s, 150);
    expect(grown.buffer).toBe(s.buffer);
    expect(grown.length).toBe(150);
    expect(grown[99]).toBe(7);
    expect(grown.subarray(100).every((b) => b === 0)).toBe(true);
    s = growString(grown, 1000);
    expect(s.buffer).not.toBe(grown.buffer);
    expect(s[99]).toBe(7);
    expect(growString(s, 10)).toBe(s);
    // Buffers from elsewhere (pooled slabs) are copied, never extended in place.
    const pooled = Buffer.from('ab');
    const copy = growString(pooled, 3);
    expect(copy).toEqual(Buffer.from('ab\x00', 'latin1'));
    expect(copy.buffer).not.toBe(pooled.buffer);
  });
});

describe('RESP3', () => {
  it('LCS IDX replies a map and BITFIELD FAIL a RESP3 null (bytes from redis-server 7.0.15 after HELLO 3)', () => {
    const ctx = new FakeContext(3);
    ctx.db.set('a', Buffer.from('ohmytext'));
    ctx.db.set('b', Buffer.from('mynewtext'));
    expect(run(ctx, handlers, 'lcs', 'a', 'b', 'idx', 'withmatchlen')).toBe(
      '%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n',
    );
    expect(run(ctx, handlers, 'bitfield', 'k', 'get', 'i8', '0', 'overflow', 'fail', 'incrby', 'u2', '0', '5')).toBe(
      '*2\r\n:0\r\n_\r\n',
    );
  });
});
