/**
 * Where writes go: `--master` at start, then the node whose reports say master; a role change the
 * router sees switches at once (election.ts has the rule).
 */
import { bench, id, masterReport, replicaReport, roleChanged, serving } from './harness';

describe('the master', () => {
  it('starts as --master, shown with no reports yet, and is never in the read rotation', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    expect(b.table.master()).toEqual({ id: id(7000), host: '127.0.0.1', port: 7000 });
    expect(b.table.snapshot()).toEqual([
      { id: id(7000), host: '127.0.0.1', port: 7000, role: 'master', serving: true, reason: '', lagBytes: 0, lagMs: 0, lastHeardMsAgo: -1, offset: 0, linkUp: true, sync: null, gone: false },
    ]);
    expect(b.table.nextReplica()).toBeNull();
  });

  it('a node reporting role master replaces the configured one, which leaves the listing', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    b.feed.emit(masterReport(7009, 10));
    expect(b.table.master()?.id).toBe(id(7009));
    expect(b.table.snapshot().map((s) => s.id)).toEqual([id(7009)]);
    expect(b.changes.count).toBe(1);
  });

  it('the configured master adopts its own reports', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    b.feed.emit(masterReport(7000, 10));
    expect(b.table.snapshot()).toMatchObject([{ id: id(7000), role: 'master', serving: true, lastHeardMsAgo: 0 }]);
  });

  it('RoleChanged switches at once; the old master is superseded until it reports as a replica', () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 100));
    b.feed.emit(replicaReport(7001));
    b.feed.emit(replicaReport(7002));
    const before = b.changes.count;
    b.feed.emit(roleChanged(7001, 'master'));
    expect(b.table.master()?.id).toBe(id(7001));
    expect(b.changes.count).toBe(before + 1);
    expect(serving(b)).toEqual([id(7002)]);
    b.feed.emit(masterReport(7000, 500)); // an old master still claiming: a higher offset does not win
    expect(b.table.master()?.id).toBe(id(7001));
    expect(b.table.snapshot().find((s) => s.id === id(7000))).toMatchObject({ serving: false, reason: 'superseded' });
    b.feed.emit(replicaReport(7000));
    expect(serving(b)).toEqual([id(7000), id(7002)]);
  });

  it('a report with role master from a known replica switches at once too', () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 100));
    b.feed.emit(replicaReport(7001));
    b.feed.emit(masterReport(7001, 100));
    expect(b.table.master()?.id).toBe(id(7001));
  });

  it('of two masters already in place when first heard, the higher offset wins, then the smaller id', () => {
    const b = bench();
    b.feed.emit(masterReport(7002, 100));
    b.feed.emit(masterReport(7001, 50));
    expect(b.table.master()?.id).toBe(id(7002));
    b.feed.emit(masterReport(7001, 100));
    expect(b.table.master()?.id).toBe(id(7001));
  });

  it('of two promotions seen, the later wins', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(replicaReport(7002));
    b.feed.emit(roleChanged(7002, 'master'));
    b.clock.now += 1;
    b.feed.emit(roleChanged(7001, 'master'));
    expect(b.table.master()?.id).toBe(id(7001));
  });

  it('a master that shuts down leaves writes to the configured one, or to nobody', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    b.feed.emit(masterReport(7009, 10));
    b.feed.emit({ kind: 'shutdown', nodeId: 'node-7009' });
    expect(b.table.master()?.id).toBe(id(7000));
    const c = bench();
    c.feed.emit(masterReport(7009, 10));
    c.feed.emit({ kind: 'shutdown', nodeId: 'node-7009' });
    expect(c.table.master()).toBeNull();
  });

  it('a demoted master stops taking writes, and reads wait for its first report as a replica', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    b.feed.emit(masterReport(7000, 10));
    b.feed.emit(roleChanged(7000, 'replica'));
    expect(b.table.master()).toBeNull();
    expect(b.table.snapshot()).toMatchObject([{ id: id(7000), role: 'replica', serving: false, reason: 'link down' }]);
    b.feed.emit(replicaReport(7000));
    expect(serving(b)).toEqual([id(7000)]);
  });

  it('CONFIG SET master changes the fallback', () => {
    const b = bench(['--master', '127.0.0.1:7000']);
    expect(b.config.set([['master', '127.0.0.1:7005']])).toBeNull();
    expect(b.table.master()?.id).toBe(id(7005));
    expect(b.table.snapshot().map((s) => s.id)).toEqual([id(7005)]);
    expect(b.config.set([['master', '']])).toBeNull();
    expect(b.table.master()).toBeNull();
  });
});

it('a replica promoted while out for lag shows no lag as master', () => {
  const b = bench(['--max-replica-lag-bytes', '100']);
  b.feed.emit(masterReport(7000, 1000));
  b.feed.emit(replicaReport(7001, { appliedOffset: 0 }));
  expect(b.table.snapshot()[1]).toMatchObject({ reason: 'lag', lagBytes: 1000 });
  b.feed.emit(roleChanged(7001, 'master'));
  expect(b.table.snapshot()[0]).toMatchObject({ id: id(7001), role: 'master', serving: true, lagBytes: 0, lagMs: 0 });
});
