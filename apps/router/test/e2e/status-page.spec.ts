/*
 * End to end, in headless Chromium: the router's status page on its metrics port, over a real
 * nats-server, master, two replicas and one router (health every 100 ms, timeout 1 s).
 *
 * The page lists the master and both replicas; a SIGKILLed replica shows as gone, and a replica
 * started later shows as fresh: /status.json within one health timeout of the event, the page
 * within that plus its own polling (PAGE_BOUND_MS). The lag chart has drawn a line in each replica's
 * colour, checked on a screenshot (apps/router/test-results/status-page.png). /status.json is
 * checked field by field on the same deployment.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, RawClient, waitFor, workspaceRoot, type ReplNode } from '@resplica/testing';
import { LAG_SAMPLE_INTERVAL_MS, LINE_COLORS, REFRESH_MS, type BackendState, type StatusDocument } from '../../src/observability/status-page';
import { CLUSTER, HEALTH_TIMEOUT_MS, startCluster, type Cluster } from './cluster';
import { openStatusPage, type PageRow, type StatusPageBrowser } from './status-page-browser';
import { readPixels } from './status-page-png';

const SCREENSHOT = join(workspaceRoot(), 'apps', 'router', 'test-results', 'status-page.png');
/**
 * From an event to the page showing it: the router's verdict (one health timeout), then the page's
 * next poll, REFRESH_MS after its previous answer, and one more poll's worth for that fetch and
 * render on a busy machine.
 */
const PAGE_BOUND_MS = HEALTH_TIMEOUT_MS + 2 * REFRESH_MS;
/** The victim's last health event, published before the kill, may reach the router this much after it. */
const IN_FLIGHT_MS = 50;
/** Samples (one a second) of the newest replica before the screenshot: a short line, not a dot. */
const MIN_NEWCOMER_SAMPLES = 4;
/** Pixels of a replica's colour that make a drawn line (the thinnest is 2 px wide, about 29 px a second at the 30 s span). */
const MIN_LINE_PIXELS = 40;

/** `#rrggbb` as the browser reports a colour set from script. */
function cssRgb(hex: string): string {
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
}

let cluster: Cluster;
let metricsPort: number;
let browser: StatusPageBrowser | undefined;

beforeAll(async () => {
  metricsPort = await freePort();
  cluster = await startCluster({ replicas: 2, routers: 1, routerArgs: ['--metrics-port', String(metricsPort)] });
  // One write through the router, so the offsets the page shows are past the start.
  const client = await RawClient.connect(cluster.routers[0].port);
  try {
    client.sendCommand(['SET', 'status-page', 'x']);
    expect((await client.readReply()).toString()).toBe('+OK\r\n');
  } finally {
    client.destroy();
  }
  await cluster.barrier();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
});

async function statusJson(): Promise<StatusDocument> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/status.json`);
  if (res.status !== 200) throw new Error(`/status.json answered ${res.status}`);
  return (await res.json()) as StatusDocument;
}

/** Nodes in the router's order for replicas: by id. */
function byId<T extends { port: number }>(nodes: T[]): T[] {
  return [...nodes].sort((a, b) => (cluster.idOf(a) < cluster.idOf(b) ? -1 : 1));
}

/** The page's row for `node`, once it exists. */
async function rowOf(node: { port: number }): Promise<PageRow | undefined> {
  return (await browser!.rows()).find((r) => r.backend === cluster.idOf(node));
}

/**
 * The router's own instant (`now`, its wall clock) of the first /status.json showing `node` as
 * `cond` wants it, polled every 10 ms: the verdict's time, not that of our look at it.
 */
async function whenRouter(node: { port: number }, cond: (b: BackendState) => boolean): Promise<number> {
  return waitFor(
    async () => {
      const doc = await statusJson();
      const b = doc.backends.find((s) => s.id === cluster.idOf(node));
      return b !== undefined && cond(b) ? doc.now : 0;
    },
    { timeoutMs: 2 * PAGE_BOUND_MS, intervalMs: 10, what: `router: ${cluster.idOf(node)} as wanted` },
  );
}

/** When the page first showed `node`'s row as `cond` wants it (looked at every 25 ms), and that row. */
async function whenPage(node: { port: number }, cond: (r: PageRow) => boolean): Promise<{ at: number; row: PageRow }> {
  return waitFor(
    async () => {
      const row = await rowOf(node);
      return row !== undefined && cond(row) ? { at: Date.now(), row } : null;
    },
    { timeoutMs: 2 * PAGE_BOUND_MS, intervalMs: 25, what: `page: ${cluster.idOf(node)} as wanted` },
  );
}

it('/status.json: the router, the master and both replicas up and fresh, at the same offset', async () => {
  const [r1, r2] = cluster.replicas;
  // Offsets move with the master's replication PINGs: wait for a document where all three agree.
  const doc = await waitFor(
    async () => {
      const d = await statusJson();
      const offset = d.backends[0]?.offset ?? 0;
      // The lag history samples once a second, so the replicas' series may trail their rows by that.
      const sampled = Object.keys(d.history).length === 2;
      return d.backends.length === 3 && offset > 0 && d.backends.every((b) => b.offset === offset) && sampled ? d : null;
    },
    { what: 'master and replicas at one offset, past the write, and sampled, in /status.json' },
  );
  const offset = doc.backends[0].offset;
  expect(doc.router).toEqual({ port: cluster.routers[0].port, source: `nats, cluster ${CLUSTER}` });
  const heard = doc.backends.map((b) => b.lastHeardMsAgo);
  for (const ms of heard) expect(ms).toBeGreaterThanOrEqual(0);
  for (const ms of heard) expect(ms).toBeLessThan(HEALTH_TIMEOUT_MS);
  const up = (node: ReplNode, role: 'master' | 'replica', i: number) => ({
    id: cluster.idOf(node),
    host: '127.0.0.1',
    port: node.port,
    role,
    state: 'up',
    serving: true,
    reason: '',
    offset,
    lagBytes: 0,
    lagMs: 0,
    linkUp: true,
    sync: null,
    lastHeardMsAgo: heard[i],
  });
  const replicas = byId([r1, r2]);
  expect(doc.backends).toEqual([up(cluster.master, 'master', 0), up(replicas[0], 'replica', 1), up(replicas[1], 'replica', 2)]);
  expect(Object.keys(doc.history).sort()).toEqual(replicas.map((r) => cluster.idOf(r)));
  for (const samples of Object.values(doc.history)) {
    expect(samples.length).toBeGreaterThan(0);
    for (const [t, lagMs, lagBytes] of samples) {
      expect(t).toBeLessThanOrEqual(doc.now);
      expect([lagMs, lagBytes]).toEqual([0, 0]);
    }
  }
  expect((await fetch(`http://127.0.0.1:${metricsPort}/nope`)).status).toBe(404);
});

it('the page shows the master and both replicas, then a killed replica as gone and a new one as fresh', async () => {
  const [victim, survivor] = cluster.replicas;
  browser = await openStatusPage(`http://127.0.0.1:${metricsPort}/`);
  const [first, second] = byId([victim, survivor]);
  const summary = (rows: PageRow[]) => rows.map((r) => [r.backend, r.role, r.state, r.cells.fresh, r.cells.link, r.className]);
  await waitFor(async () => (await browser!.rows()).length === 3, { what: 'three rows on the page' });
  expect(summary(await browser.rows())).toEqual([
    [cluster.idOf(cluster.master), 'master', 'up', 'yes', 'up', ''],
    [cluster.idOf(first), 'replica', 'up', 'yes', 'up', ''],
    [cluster.idOf(second), 'replica', 'up', 'yes', 'up', ''],
  ]);
  const masterRow = (await rowOf(cluster.master))!;
  expect([masterRow.cells.node, masterRow.cells.role, masterRow.cells['lag-bytes'], masterRow.cells.sync, masterRow.cells.reason]).toEqual([
    cluster.idOf(cluster.master),
    'master',
    '-',
    '-',
    '',
  ]);

  const killedAt = Date.now();
  victim.process.kill('SIGKILL');
  const [routerSawGone, gone] = await Promise.all([
    whenRouter(victim, (b) => b.state === 'gone'),
    whenPage(victim, (r) => r.state === 'gone'),
  ]);
  expect(routerSawGone - killedAt).toBeLessThanOrEqual(HEALTH_TIMEOUT_MS + IN_FLIGHT_MS);
  expect(gone.at - killedAt).toBeLessThanOrEqual(PAGE_BOUND_MS);
  expect([gone.row.className, gone.row.cells.state, gone.row.cells.fresh, gone.row.cells.reason]).toEqual(['gone', 'gone', 'no', 'stale health']);
  expect((await rowOf(survivor))!.cells.fresh).toBe('yes');

  const newcomer = await cluster.addReplica();
  // From the moment it accepts connections: it still has to sync and report.
  const startedAt = Date.now();
  const [routerSawFresh, joined] = await Promise.all([
    whenRouter(newcomer, (b) => b.serving && b.state === 'up'),
    whenPage(newcomer, (r) => r.cells.fresh === 'yes'),
  ]);
  expect(routerSawFresh - startedAt).toBeLessThanOrEqual(HEALTH_TIMEOUT_MS);
  expect(joined.at - startedAt).toBeLessThanOrEqual(PAGE_BOUND_MS);
  expect([joined.row.role, joined.row.state, joined.row.className, joined.row.cells.link, joined.row.cells.sync, joined.row.cells.reason]).toEqual([
    'replica',
    'up',
    '',
    'up',
    '-',
    '',
  ]);
  expect((await browser.rows()).map((r) => r.backend).sort()).toEqual([cluster.master, victim, survivor, newcomer].map((n) => cluster.idOf(n)).sort());
  expect(browser.errors).toEqual([]);
}, 30000);

it('the lag chart has drawn a line in the colour of each replica, the gone one included', async () => {
  const ids = cluster.replicas.map((r) => cluster.idOf(r));
  const newcomer = ids[ids.length - 1];
  // A few samples of the newcomer make a line, not a dot; two page updates later the page has drawn them.
  await waitFor(async () => ((await statusJson()).history[newcomer]?.length ?? 0) >= MIN_NEWCOMER_SAMPLES, {
    timeoutMs: (MIN_NEWCOMER_SAMPLES + 2) * LAG_SAMPLE_INTERVAL_MS,
    what: `${MIN_NEWCOMER_SAMPLES} lag samples of ${newcomer}`,
  });
  const updates = async () => Number(await browser!.page.locator('body').getAttribute('data-updates'));
  const seen = await updates();
  await waitFor(async () => (await updates()) >= seen + 2, { what: 'two more page updates' });
  const chart = browser!.page.locator('#lag-chart');
  expect(((await chart.getAttribute('data-drawn')) ?? '').split(' ').sort()).toEqual([...ids].sort());

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  // The canvas's own pixels: its box inside the 1 px border (an element screenshot may round a row more).
  const box = (await chart.boundingBox())!;
  await browser!.page.screenshot({ path: SCREENSHOT, clip: { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 } });
  const pixels = readPixels(SCREENSHOT);
  expect([pixels.width, pixels.height]).toEqual([960, 300]);
  const swatches = await browser!.swatches();
  expect(Object.keys(swatches).sort()).toEqual([...ids].sort());
  expect(new Set(Object.values(swatches))).toEqual(new Set(LINE_COLORS.slice(0, 3).map(cssRgb)));
  const linePixels = Object.fromEntries(ids.map((id) => [id, pixels.count(swatches[id])]));
  for (const id of ids) expect(linePixels[id]).toBeGreaterThanOrEqual(MIN_LINE_PIXELS);
  // Not blank: white, greys of axes and labels, three line colours and their antialiased edges.
  expect(pixels.distinctColors()).toBeGreaterThan(8);
  expect(browser!.errors).toEqual([]);
});
