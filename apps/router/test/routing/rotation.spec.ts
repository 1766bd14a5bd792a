/**
 * The read rotation: round-robin over the fresh replicas, `exclude` for retries, and null when no
 * replica may serve (the caller then applies read-fallback).
 */
import { bench, id, replicaReport } from './harness';

function counts(picks: (string | null)[]): Map<string | null, number> {
  const out = new Map<string | null, number>();
  for (const p of picks) out.set(p, (out.get(p) ?? 0) + 1);
  return out;
}

it('30,000 picks over 3 fresh replicas are even within 5%', () => {
  const b = bench();
  for (const port of [7001, 7002, 7003]) b.feed.emit(replicaReport(port));
  const c = counts(b.picks(30_000));
  expect([...c.keys()].sort()).toEqual([id(7001), id(7002), id(7003)]);
  for (const n of c.values()) expect(Math.abs(n - 10_000)).toBeLessThanOrEqual(500);
});

it('stays even as replicas leave and join between picks', () => {
  const b = bench(['--health-timeout-ms', '100']);
  for (const port of [7001, 7002, 7003]) b.feed.emit(replicaReport(port));
  b.picks(1000);
  b.clock.now += 50;
  b.feed.emit(replicaReport(7001));
  b.feed.emit(replicaReport(7002));
  b.clock.now += 51; // 7003 is stale now
  const c = counts(b.picks(10_000));
  expect(c.get(id(7003))).toBeUndefined();
  expect(Math.abs(c.get(id(7001))! - 5000)).toBeLessThanOrEqual(250);
  b.feed.emit(replicaReport(7003));
  expect(counts(b.picks(3000)).get(id(7003))).toBe(1000);
});

it('skips excluded ids and returns null when every fresh replica is excluded', () => {
  const b = bench();
  for (const port of [7001, 7002]) b.feed.emit(replicaReport(port));
  const tried = new Set([id(7001)]);
  expect([1, 2, 3].map(() => b.table.nextReplica(tried)?.id)).toEqual([id(7002), id(7002), id(7002)]);
  tried.add(id(7002));
  expect(b.table.nextReplica(tried)).toBeNull();
});

it('returns null when no replica is fresh, so the caller applies read-fallback', () => {
  const b = bench(['--health-timeout-ms', '100']);
  expect(b.table.nextReplica()).toBeNull();
  b.feed.emit(replicaReport(7001, { linkUp: false }));
  b.feed.emit(replicaReport(7002));
  b.clock.now += 101;
  expect(b.table.nextReplica()).toBeNull();
});

it('a throwing change listener does not break picking', () => {
  const b = bench(['--health-timeout-ms', '100']);
  b.table.onChange(() => {
    throw new Error('listener bug');
  });
  b.feed.emit(replicaReport(7001));
  b.clock.now += 101;
  expect(b.table.nextReplica()).toBeNull();
  expect(b.changes.count).toBe(2);
});
