/**
 * Which replicas serve: discovery from reports, the heartbeat timeout on the injected clock, link
 * state, loading and full sync, from reports and from the events between reports.
 */
import { bench, id, masterReport, nodeEvent, reasonOf, replicaReport, serving } from './harness';

describe('discovery', () => {
  it('a replica joins the rotation with its first report, under the address it announces', () => {
    const b = bench();
    expect(b.table.nextReplica()).toBeNull();
    b.feed.emit(replicaReport(7001));
    expect(b.table.nextReplica()).toEqual({ id: id(7001), host: '127.0.0.1', port: 7001 });
    b.feed.emit(replicaReport(7002));
    expect(serving(b)).toEqual([id(7001), id(7002)]);
    expect(b.changes.count).toBe(2);
  });

  it('events from a node no report has introduced are ignored', () => {
    const b = bench();
    b.feed.emit(nodeEvent(7001, 'link-up'));
    b.feed.emit({ kind: 'role-changed', nodeId: 'node-7001', role: 'master' });
    expect(b.table.snapshot()).toEqual([]);
    expect(b.table.master()).toBeNull();
  });

  it('a shutdown event forgets the node; its next report brings it back', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(nodeEvent(7001, 'shutdown'));
    expect(b.table.snapshot()).toEqual([]);
    b.feed.emit(replicaReport(7001));
    expect(serving(b)).toEqual([id(7001)]);
  });

  it('a node that reports a new address is moved, not duplicated', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit({ ...replicaReport(7005), nodeId: 'node-7001' });
    expect(b.table.snapshot().map((s) => s.id)).toEqual([id(7005)]);
  });

  it('a restarted node with a new node id takes over its address', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit({ ...replicaReport(7001), nodeId: 'fresh-run' });
    b.feed.emit(nodeEvent(7001, 'shutdown')); // the old id: no longer names anything
    expect(serving(b)).toEqual([id(7001)]);
    b.feed.emit({ kind: 'shutdown', nodeId: 'fresh-run' });
    expect(b.table.snapshot()).toEqual([]);
  });
});

describe('heartbeat timeout', () => {
  it('health-timeout-ms 0 means three health intervals; stale strictly after it', () => {
    const b = bench(['--health-interval-ms', '400', '--health-timeout-ms', '0']);
    b.feed.emit(replicaReport(7001));
    b.clock.now += 1200;
    expect(b.picks(1)).toEqual([id(7001)]);
    b.clock.now += 1;
    expect(b.picks(1)).toEqual([null]);
    expect(reasonOf(b, 7001)).toBe('stale health');
    expect(b.changes.count).toBe(2);
  });

  it('an explicit timeout applies; the next report brings the replica back', () => {
    const b = bench(['--health-timeout-ms', '500']);
    b.feed.emit(replicaReport(7001));
    b.feed.emit(replicaReport(7002));
    b.clock.now += 300;
    b.feed.emit(replicaReport(7002));
    b.clock.now += 201;
    expect(b.picks(4)).toEqual([id(7002), id(7002), id(7002), id(7002)]);
    b.feed.emit(replicaReport(7001));
    expect(serving(b)).toEqual([id(7001), id(7002)]);
  });

  it('any event counts as being heard from', () => {
    const b = bench(['--health-timeout-ms', '500']);
    b.feed.emit(replicaReport(7001));
    b.clock.now += 400;
    b.feed.emit(nodeEvent(7001, 'sync-finished'));
    b.clock.now += 400;
    expect(serving(b)).toEqual([id(7001)]);
    expect(b.table.snapshot()[0].lastHeardMsAgo).toBe(400);
  });

  it('CONFIG SET health-timeout-ms takes effect at once', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.clock.now += 2000;
    expect(b.config.set([['health-timeout-ms', '1999']])).toBeNull();
    expect(b.picks(1)).toEqual([null]);
    expect(b.changes.count).toBe(2);
  });

  it('a stale master keeps taking writes (a NATS outage must not stop them)', () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 10));
    b.clock.now += 60_000;
    expect(b.table.master()?.id).toBe(id(7000));
    expect(b.table.snapshot()[0]).toMatchObject({ role: 'master', serving: true, lastHeardMsAgo: 60_000 });
  });
});

describe('link, loading and sync', () => {
  it.each([
    [{ linkUp: false }, 'link down'],
    [{ loading: true }, 'loading'],
    [{ syncInProgress: true }, 'syncing'],
  ])('a report with %j takes the replica out (%s) until a report says otherwise', (facts, reason) => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(replicaReport(7001, facts));
    expect(b.picks(1)).toEqual([null]);
    expect(reasonOf(b, 7001)).toBe(reason);
    b.feed.emit(replicaReport(7001));
    expect(b.picks(1)).toEqual([id(7001)]);
  });

  it('link-down and link-up events act between reports', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(nodeEvent(7001, 'link-down'));
    expect(reasonOf(b, 7001)).toBe('link down');
    b.feed.emit(nodeEvent(7001, 'link-up'));
    expect(serving(b)).toEqual([id(7001)]);
  });

  it('sync-started and sync-finished events act between reports', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(nodeEvent(7001, 'sync-started'));
    expect(reasonOf(b, 7001)).toBe('syncing');
    b.feed.emit(nodeEvent(7001, 'sync-finished'));
    expect(serving(b)).toEqual([id(7001)]);
  });

  it('staleness is reported before the state the stale report describes', () => {
    const b = bench(['--health-timeout-ms', '100']);
    b.feed.emit(replicaReport(7001, { loading: true }));
    b.clock.now += 101;
    expect(reasonOf(b, 7001)).toBe('stale health');
  });
});
