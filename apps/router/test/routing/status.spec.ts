/**
 * snapshot()'s per-backend facts beyond serving: the offset, the link, a full sync's progress and
 * whether the backend is gone (nothing heard within the heartbeat timeout).
 */
import { bench, id, masterReport, nodeEvent, replicaReport } from './harness';

const statusOf = (b: ReturnType<typeof bench>, port: number) => b.table.snapshot().find((s) => s.id === id(port));

it('the master shows its own offset and an up link; a replica its applied offset and its link', () => {
  const b = bench();
  b.feed.emit(masterReport(7000, 10_000));
  b.feed.emit(replicaReport(7001, { masterReplOffset: 9_500, appliedOffset: 9_400 }));
  b.feed.emit(replicaReport(7002, { masterReplOffset: 8_000, appliedOffset: 7_000, linkUp: false }));
  expect(b.table.snapshot().map((s) => [s.id, s.offset, s.linkUp, s.sync, s.gone])).toEqual([
    [id(7000), 10_000, true, null, false],
    [id(7001), 9_400, true, null, false],
    [id(7002), 7_000, false, null, false],
  ]);
});

it('a full sync in progress shows the bytes read and the total; a new one starts from zero', () => {
  const b = bench();
  b.feed.emit(replicaReport(7001, { syncInProgress: true, syncReadBytes: 4096, syncTotalBytes: 10_000, linkUp: false }));
  expect(statusOf(b, 7001)).toMatchObject({ serving: false, reason: 'link down', sync: { readBytes: 4096, totalBytes: 10_000 } });
  b.feed.emit(nodeEvent(7001, 'sync-finished'));
  expect(statusOf(b, 7001)?.sync).toBeNull();
  b.feed.emit(nodeEvent(7001, 'sync-started'));
  expect(statusOf(b, 7001)?.sync).toEqual({ readBytes: 0, totalBytes: 0 });
});

it('gone once nothing was heard for longer than health-timeout, back with the next report', () => {
  const b = bench(['--health-timeout-ms', '500']);
  b.feed.emit(masterReport(7000, 10));
  b.feed.emit(replicaReport(7001, { appliedOffset: 10 }));
  b.clock.now += 500;
  expect(b.table.snapshot().map((s) => s.gone)).toEqual([false, false]);
  b.clock.now += 1;
  expect(b.table.snapshot().map((s) => [s.id, s.gone, s.serving, s.reason])).toEqual([
    [id(7000), true, true, ''],
    [id(7001), true, false, 'stale health'],
  ]);
  b.feed.emit(replicaReport(7001, { appliedOffset: 10 }));
  expect(statusOf(b, 7001)).toMatchObject({ gone: false, serving: true });
});

it('static backends never heard from: offset 0, link up, no sync, not gone', () => {
  const b = bench(['--master', '127.0.0.1:7000', '--replica', '127.0.0.1:7001'], { static: true });
  b.clock.now += 60_000;
  expect(b.table.snapshot().map((s) => [s.id, s.offset, s.linkUp, s.sync, s.gone, s.lastHeardMsAgo])).toEqual([
    [id(7000), 0, true, null, false, -1],
    [id(7001), 0, true, null, false, -1],
  ]);
});
