/**
 * /metrics scraped over HTTP: exact metric names, labels and values from the table and counters.
 */
import { freePort } from '@resplica/testing';
import { createRouterCounters, startMetricsServer, type MetricsServer } from '../../src/observability';
import { bench, id, masterReport, replicaReport, silent } from './harness';

let server: MetricsServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** The sample lines (no comments) of an exposition, and its TYPE lines. */
function parse(text: string): { samples: string[]; types: string[] } {
  const lines = text.split('\n').filter((l) => l !== '');
  return { samples: lines.filter((l) => !l.startsWith('#')), types: lines.filter((l) => l.startsWith('# TYPE')) };
}

it('exports routing counters, serving, lag and last-heard age per backend', async () => {
  const b = bench(['--health-timeout-ms', '500']);
  const counters = createRouterCounters();
  b.feed.emit(masterReport(7000, 10_000));
  b.clock.now += 1500;
  b.feed.emit(replicaReport(7001, { appliedOffset: 7_952 }));
  b.clock.now += 250;
  counters.request(id(7000), 'write');
  counters.request(id(7000), 'write');
  counters.request(id(7001), 'read');
  counters.request('10.9.9.9:1', 'failed'); // a backend that has left the table keeps its counts

  server = await startMetricsServer(await freePort(), b.table, counters, silent);
  const res = await fetch(`http://127.0.0.1:${server!.port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const { samples, types } = parse(await res.text());
  expect(types).toEqual([
    '# TYPE resplica_router_requests_total counter',
    '# TYPE resplica_router_backend_serving gauge',
    '# TYPE resplica_router_replica_lag_bytes gauge',
    '# TYPE resplica_router_replica_lag_seconds gauge',
    '# TYPE resplica_router_backend_last_heard_seconds gauge',
  ]);
  const kinds = (backend: string, counts: number[]) =>
    ['read', 'write', 'pinned', 'retried', 'failed'].map((k, i) => `resplica_router_requests_total{backend="${backend}",kind="${k}"} ${counts[i]}`);
  expect(samples).toEqual([
    ...kinds('127.0.0.1:7000', [0, 2, 0, 0, 0]),
    ...kinds('127.0.0.1:7001', [1, 0, 0, 0, 0]),
    ...kinds('10.9.9.9:1', [0, 0, 0, 0, 1]),
    'resplica_router_backend_serving{backend="127.0.0.1:7000",role="master"} 1',
    'resplica_router_backend_serving{backend="127.0.0.1:7001",role="replica"} 0',
    'resplica_router_replica_lag_bytes{backend="127.0.0.1:7001"} 2048',
    'resplica_router_replica_lag_seconds{backend="127.0.0.1:7001"} 1.5',
    'resplica_router_backend_last_heard_seconds{backend="127.0.0.1:7000"} 1.75',
    'resplica_router_backend_last_heard_seconds{backend="127.0.0.1:7001"} 0.25',
  ]);
});

it('a second scrape reflects the change: values are replaced, not added', async () => {
  const b = bench();
  const counters = createRouterCounters();
  b.feed.emit(replicaReport(7001));
  server = await startMetricsServer(await freePort(), b.table, counters, silent);
  const scrape = async () => parse(await (await fetch(`http://127.0.0.1:${server!.port}/metrics`)).text()).samples;
  counters.request(id(7001), 'read');
  expect(await scrape()).toContain('resplica_router_requests_total{backend="127.0.0.1:7001",kind="read"} 1');
  counters.request(id(7001), 'read');
  b.feed.emit({ kind: 'shutdown', nodeId: 'node-7001' });
  const after = await scrape();
  expect(after).toContain('resplica_router_requests_total{backend="127.0.0.1:7001",kind="read"} 2');
  expect(after.filter((l) => !l.startsWith('resplica_router_requests_total'))).toEqual([]);
});

it('answers 404 off its paths, and port 0 means no server', async () => {
  const b = bench();
  server = await startMetricsServer(await freePort(), b.table, createRouterCounters(), silent);
  expect((await fetch(`http://127.0.0.1:${server!.port}/nope`)).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${server!.port}/metrics?x=1`)).status).toBe(200);
  expect(await startMetricsServer(0, b.table, createRouterCounters(), silent)).toBeNull();
});

it('rejects when the port is taken', async () => {
  const b = bench();
  server = await startMetricsServer(await freePort(), b.table, createRouterCounters(), silent);
  await expect(startMetricsServer(server!.port, b.table, createRouterCounters(), silent)).rejects.toThrow(/EADDRINUSE/);
});
