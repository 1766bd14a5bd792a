/**
 * The `# Router` INFO section, byte for byte, and the counters behind it.
 */
import { createRouterCounters, renderRouterInfo } from '../../src/observability';
import { bench, id, masterReport, replicaReport } from './harness';

it('lists the master, the replica counts and one line per backend with its counters', () => {
  const b = bench(['--health-timeout-ms', '500']);
  const counters = createRouterCounters();
  b.feed.emit(masterReport(7000, 10_000));
  b.clock.now += 300;
  b.feed.emit(replicaReport(7001, { appliedOffset: 10_000 }));
  b.feed.emit(replicaReport(7002, { appliedOffset: 9_000 }));
  b.clock.now += 400; // 7000 heard 700 ms ago, the replicas 400 ms ago
  b.feed.emit(replicaReport(7001, { appliedOffset: 10_000 }));
  b.table.reportFailure(id(7002), 'connection error, refused');
  for (let i = 0; i < 3; i++) counters.request(id(7000), 'write');
  counters.request(id(7000), 'pinned');
  for (let i = 0; i < 10; i++) counters.request(id(7001), 'read');
  counters.request(id(7002), 'read');
  counters.request(id(7002), 'failed');
  counters.request(id(7002), 'retried');
  expect(renderRouterInfo(b.table, counters)).toBe(
    '# Router\r\n' +
      'master:127.0.0.1:7000\r\n' +
      'replicas:2\r\n' +
      'replicas_serving:1\r\n' +
      'backend0:id=127.0.0.1:7000,role=master,serving=1,reason=,lag_bytes=0,lag_ms=0,last_heard_ms=700,reads=0,writes=3,pinned=1,retried=0,failed=0\r\n' +
      'backend1:id=127.0.0.1:7001,role=replica,serving=1,reason=,lag_bytes=0,lag_ms=0,last_heard_ms=0,reads=10,writes=0,pinned=0,retried=0,failed=0\r\n' +
      'backend2:id=127.0.0.1:7002,role=replica,serving=0,reason=connection_error__refused,lag_bytes=1000,lag_ms=300,last_heard_ms=400,reads=1,writes=0,pinned=0,retried=1,failed=1\r\n',
  );
});

it('an empty table: no master, no backends', () => {
  const b = bench();
  expect(renderRouterInfo(b.table, createRouterCounters())).toBe('# Router\r\nmaster:\r\nreplicas:0\r\nreplicas_serving:0\r\n');
});

it('counters start at zero, count per backend and kind, and list backends in first-use order', () => {
  const c = createRouterCounters();
  expect(c.of('x')).toEqual({ read: 0, write: 0, pinned: 0, retried: 0, failed: 0 });
  c.request('b', 'read');
  c.request('a', 'write');
  c.request('b', 'read');
  expect(c.of('b')).toEqual({ read: 2, write: 0, pinned: 0, retried: 0, failed: 0 });
  expect([...c.backends()]).toEqual(['b', 'a']);
  expect(c.of('x')).toEqual({ read: 0, write: 0, pinned: 0, retried: 0, failed: 0 });
});
