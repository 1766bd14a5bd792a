/**
 * The shared scan cursor: Redis's guarantee over any insertion-ordered Map/Set under inserts and
 * deletes (cached and skipping resumes), termination, container identity, and the argument parser.
 */
import fc from 'fast-check';
import { ScanCursors, parseScanCursor, parseScanOptions } from './scan-cursor';

/** A Set with the removal count the cursor needs. */
class CountedSet {
  readonly members = new Set<string>();
  deletions = 0;
  delete(m: string): boolean {
    if (!this.members.delete(m)) return false;
    this.deletions++;
    return true;
  }
}

function cursorOf(text: string): bigint {
  const c = parseScanCursor(Buffer.from(text));
  if (c === null) throw new Error(`bad cursor ${text}`);
  return c;
}

describe('ScanCursors over a Set', () => {
  type Op = { add: number; del: number; count: number; forget: boolean };

  function scanWithMutations(initial: number, ops: Op[]): void {
    const cursors = new ScanCursors();
    const s = new CountedSet();
    for (let i = 0; i < initial; i++) s.members.add(`m${i}`);
    const deleted = new Set<string>();
    const seen = new Set<string>();
    let next = 0;
    let cursor = '0';
    let step = 0;
    // Skipping resumes re-derive their budget from the current size: they only terminate when the
    // scan outpaces the inserts, so forget caches only in such runs.
    const mayForget = ops.every((o) => o.count > o.add);
    do {
      const op = ops[step % ops.length];
      const page = cursors.page(cursorOf(cursor), s.members, s.deletions, op.count, () => true);
      cursor = page.cursor;
      for (const m of page.items) seen.add(m);
      for (let i = 0; i < op.add; i++) s.members.add(`n${next++}`);
      for (let i = 0; i < op.del; i++) {
        const victim = `m${(step * 7 + i * 13) % Math.max(1, initial)}`;
        if (s.delete(victim)) deleted.add(victim);
      }
      if (mayForget && op.forget) cursors.clear();
      step++;
      expect(step).toBeLessThan(3_000);
    } while (cursor !== '0');
    for (let i = 0; i < initial; i++) if (!deleted.has(`m${i}`)) expect(seen.has(`m${i}`)).toBe(true);
  }

  it('returns every member present throughout, under random inserts, deletes and cache loss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(
          fc.record({ add: fc.nat(6), del: fc.nat(4), count: fc.integer({ min: 1, max: 25 }), forget: fc.boolean() }),
          { minLength: 1, maxLength: 10 },
        ),
        (initial, ops) => scanWithMutations(initial, ops),
      ),
      { numRuns: 200 },
    );
  });

  it('terminates under steady inserts faster than the scan', () => {
    const cursors = new ScanCursors();
    const s = new Set<number>();
    for (let i = 0; i < 100; i++) s.add(i);
    let cursor = 0n;
    let calls = 0;
    let added = 100;
    do {
      const page = cursors.page(cursor, s, 0, 5, () => true);
      cursor = BigInt(page.cursor);
      for (let i = 0; i < 20; i++) s.add(added++);
      calls++;
    } while (cursor !== 0n);
    expect(calls).toBe(20);
  });

  it('gives a cached iterator back only to the container it iterates', () => {
    const cursors = new ScanCursors();
    const a = new Set(['a1', 'a2', 'a3', 'a4']);
    const b = new Set(['b1', 'b2', 'b3', 'b4']);
    const pa = cursors.page(0n, a, 0, 2, () => true);
    expect(pa.items).toEqual(['a1', 'a2']);
    // Same cursor text for b: b resumes by skipping its own first two members.
    const pb = cursors.page(cursorOf(pa.cursor), b, 0, 10, () => true);
    expect(pb).toEqual({ cursor: '0', items: ['b3', 'b4'] });
    expect(cursors.page(cursorOf(pa.cursor), a, 0, 10, () => true)).toEqual({ cursor: '0', items: ['a3', 'a4'] });
  });

  it('pages a Map as entries and filters with keep', () => {
    const cursors = new ScanCursors();
    const m = new Map([
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
    const page = cursors.page(0n, m, 0, 10, ([, v]) => v !== 2);
    expect(page).toEqual({
      cursor: '0',
      items: [
        ['x', 1],
        ['z', 3],
      ],
    });
  });
});

describe('scan arguments', () => {
  const args = (...a: string[]) => a.map((s) => Buffer.from(s));

  it('parses cursors as strtoull', () => {
    expect(parseScanCursor(Buffer.from('0'))).toBe(0n);
    expect(parseScanCursor(Buffer.from('-1'))).toBe(2n ** 64n - 1n);
    expect(parseScanCursor(Buffer.from('18446744073709551615'))).toBe(2n ** 64n - 1n);
    expect(parseScanCursor(Buffer.from('18446744073709551616'))).toBeNull();
    expect(parseScanCursor(Buffer.from('x'))).toBeNull();
    expect(parseScanCursor(Buffer.from(''))).toBeNull();
  });

  it('parses MATCH, COUNT and TYPE with redis errors', () => {
    expect(parseScanOptions(args('HSCAN', 'k', '0'), 3, false)).toEqual({ count: 10, pattern: null, type: null });
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'match', 'a*', 'COUNT', '3'), 3, false)).toEqual({
      count: 3,
      pattern: Buffer.from('a*'),
      type: null,
    });
    expect(parseScanOptions(args('SCAN', '0', 'MATCH', '*'), 2, true)).toEqual({ count: 10, pattern: null, type: null });
    expect(parseScanOptions(args('SCAN', '0', 'TYPE', 'Hash'), 2, true)).toEqual({ count: 10, pattern: null, type: 'hash' });
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'TYPE', 'hash'), 3, false)).toBe('ERR syntax error');
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'COUNT', '0'), 3, false)).toBe('ERR syntax error');
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'COUNT', '-1'), 3, false)).toBe('ERR syntax error');
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'COUNT', 'x'), 3, false)).toBe('ERR value is not an integer or out of range');
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'MATCH'), 3, false)).toBe('ERR syntax error');
    expect(parseScanOptions(args('HSCAN', 'k', '0', 'NOVALUES'), 3, false)).toBe('ERR syntax error');
  });
});
