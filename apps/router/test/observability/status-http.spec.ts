/**
 * The status page's HTTP side on a real metrics server over a bench routing table: /status.json
 * field by field, the page with its Content-Security-Policy, and 404 elsewhere.
 */
import { createHash } from 'node:crypto';
import { freePort } from '@resplica/testing';
import { createRouterCounters, startMetricsServer, topologySource, type MetricsServer, type StatusDocument } from '../../src/observability';
import { bench, masterReport, replicaReport, routerConfig, silent } from '../routing/harness';

let server: MetricsServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function get(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`http://127.0.0.1:${server!.port}${path}`, init);
}

it('/status.json: the router, every backend with its state, and the replicas\' lag history', async () => {
  const b = bench(['--health-timeout-ms', '3000', '--max-replica-lag-ms', '2000']);
  b.feed.emit(replicaReport(7003, { appliedOffset: 4000 }));
  b.clock.now += 1500;
  b.feed.emit(masterReport(7000, 10_000));
  b.clock.now += 1500;
  b.feed.emit(replicaReport(7001, { appliedOffset: 9_000 }));
  b.feed.emit(replicaReport(7002, { linkUp: false, syncInProgress: true, syncReadBytes: 300, syncTotalBytes: 1200 }));
  b.clock.now += 250; // 7003 last heard 3250 ms ago: past the 3000 ms timeout

  const before = Date.now();
  server = await startMetricsServer(await freePort(), b.table, createRouterCounters(), silent, { port: 6400, source: 'nats, cluster t' });
  const res = await get('/status.json');
  const after = Date.now();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const doc = (await res.json()) as StatusDocument;

  expect(doc.router).toEqual({ port: 6400, source: 'nats, cluster t' });
  expect(doc.now).toBeGreaterThanOrEqual(before);
  expect(doc.now).toBeLessThanOrEqual(after);
  const backend = (port: number) => ({ id: `127.0.0.1:${port}`, host: '127.0.0.1', port });
  expect(doc.backends).toEqual([
    { ...backend(7000), role: 'master', state: 'up', serving: true, reason: '', offset: 10_000, lagBytes: 0, lagMs: 0, linkUp: true, sync: null, lastHeardMsAgo: 1750 },
    { ...backend(7001), role: 'replica', state: 'up', serving: true, reason: '', offset: 9_000, lagBytes: 1000, lagMs: 1500, linkUp: true, sync: null, lastHeardMsAgo: 250 },
    {
      ...backend(7002),
      role: 'replica',
      state: 'up',
      serving: false,
      reason: 'link down',
      offset: 0,
      lagBytes: 10_000,
      lagMs: 1500,
      linkUp: false,
      sync: { readBytes: 300, totalBytes: 1200 },
      lastHeardMsAgo: 250,
    },
    { ...backend(7003), role: 'replica', state: 'gone', serving: false, reason: 'stale health', offset: 4000, lagBytes: 0, lagMs: 0, linkUp: true, sync: null, lastHeardMsAgo: 3250 },
  ]);
  // Sampled once at start; the gone replica gets no sample.
  expect(Object.keys(doc.history)).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
  const [[t1, ...lag1]] = doc.history['127.0.0.1:7001'];
  const [[t2, ...lag2]] = doc.history['127.0.0.1:7002'];
  expect(lag1).toEqual([1500, 1000]);
  expect(lag2).toEqual([1500, 10_000]);
  for (const t of [t1, t2]) {
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
  }
});

it('without a router identity the port is null and there is no source', async () => {
  server = await startMetricsServer(await freePort(), bench().table, createRouterCounters(), silent);
  expect(await (await get('/status.json')).json()).toEqual({ router: { port: null }, now: expect.any(Number), backends: [], history: {} });
});

it('/ is the page: self-contained HTML whose policy allows exactly its own script and style', async () => {
  server = await startMetricsServer(await freePort(), bench().table, createRouterCounters(), silent, { port: 6400 });
  const res = await get('/?refresh=1');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const html = await res.text();
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
  const style = /<style>([\s\S]*)<\/style>/.exec(html)![1];
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  expect(res.headers.get('content-security-policy')).toBe(
    `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; img-src data:; ` +
      "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  expect(html).toContain('<canvas id="lag-chart" width="960" height="300"');
  expect(html).toContain('<tbody id="backends"></tbody>');
  // Offline: nothing is loaded from anywhere.
  expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
  expect(html).not.toMatch(/https?:\/\//);
});

it('answers 404 to other paths and methods, and /metrics still serves Prometheus text', async () => {
  server = await startMetricsServer(await freePort(), bench().table, createRouterCounters(), silent);
  expect((await get('/status')).status).toBe(404);
  expect((await get('/index.html')).status).toBe(404);
  expect((await get('/', { method: 'POST' })).status).toBe(404);
  expect((await get('/status.json', { method: 'DELETE' })).status).toBe(404);
  const metrics = await get('/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
});

it('names the topology source without the NATS URL, which may carry credentials', () => {
  expect(topologySource(routerConfig(['--nats', 'nats://u:secret@10.0.0.1:4222', '--cluster', 'prod']))).toBe('nats, cluster prod');
  expect(topologySource(routerConfig(['--master', '127.0.0.1:7000']))).toBe('poll (INFO to the configured nodes)');
});
