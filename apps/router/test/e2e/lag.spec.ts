/*
 * End to end: a replica held behind its master, its link up, stays in rotation while its lag is
 * under the bound, leaves both routers' rotation once the lag passes it, serves no reads while
 * out, and returns when it has caught up. The replica follows the master through a Valve whose
 * master → replica direction is held while we write. The lag bound is on bytes only
 * (`--max-replica-lag-ms 0`), so the test knows exactly when it is crossed: the routers' lag is
 * the master's reported offset minus the replica's applied one, both also read from INFO here.
 */
import Redis from 'ioredis';
import { infoNumber, routerView, waitFor, waitForLinkUp, type ReplNode } from '@resplica/testing';
import { SETTLE_TIMEOUT_MS, startCluster, type Cluster } from './cluster';
import { callsOf, resetStats } from './stats';
import { Valve } from './valve';

const MAX_LAG_BYTES = 100000;
const VALUE = 'x'.repeat(100);

let cluster: Cluster;
let valve: Valve;
let held: ReplNode;
let writer: Redis;

beforeAll(async () => {
  cluster = await startCluster({ replicas: 2, routerArgs: ['--max-replica-lag-bytes', String(MAX_LAG_BYTES), '--max-replica-lag-ms', '0'] });
  valve = await Valve.start(cluster.master.port);
  held = await cluster.addReplica(valve.port);
  await waitForLinkUp(held.port);
  await cluster.waitForRotation(cluster.replicas);
  writer = new Redis({ port: cluster.routers[0].port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  await writer.connect();
}, 30000);

afterAll(async () => {
  writer?.disconnect();
  await cluster?.stop();
  await valve?.stop();
});

let written = 0;
/** Writes `count` 100-byte SETs through the router. */
async function write(count: number): Promise<void> {
  const replies = await Promise.all(Array.from({ length: count }, () => writer.set(`lag:${written++}`, VALUE)));
  expect(new Set(replies)).toEqual(new Set(['OK']));
}

/** The held replica's lag as the nodes themselves report it. */
async function actualLag(): Promise<number> {
  const master = await infoNumber(cluster.master.port, 'replication', 'master_repl_offset');
  return master - (await infoNumber(held.port, 'replication', 'slave_repl_offset'));
}

/** Waits until every router reports the held replica's lag as exactly the nodes' own, and returns those lines. */
async function routersSeeLag(): Promise<Record<string, string>[]> {
  return waitFor(
    async () => {
      const expected = await actualLag();
      const lines = await Promise.all(
        cluster.routers.map(async (r) => (await routerView(r.port)).backends.find((b) => b.id === cluster.idOf(held))!),
      );
      if (lines.some((l) => Number(l.lag_bytes) !== expected)) throw new Error(`lag ${expected}, routers say ${lines.map((l) => l.lag_bytes)}`);
      return lines;
    },
    { timeoutMs: SETTLE_TIMEOUT_MS, what: 'the routers to report the held replica lag' },
  );
}

it('keeps a lagging replica while under the bound, drops it past the bound, takes it back once caught up', async () => {
  const [fresh1, fresh2] = cluster.replicas;
  valve.hold();

  await write(250);
  const under = await routersSeeLag();
  expect(Number(under[0].lag_bytes)).toBeGreaterThan(MAX_LAG_BYTES / 4);
  expect(Number(under[0].lag_bytes)).toBeLessThanOrEqual(MAX_LAG_BYTES);
  for (const line of under) expect([line.serving, line.reason]).toEqual(['1', '']);

  while ((await actualLag()) <= MAX_LAG_BYTES) await write(100);
  const over = await routersSeeLag();
  for (const line of over) expect([line.serving, line.reason]).toEqual(['0', 'lag']);
  await cluster.waitForRotation([fresh1, fresh2]);

  // Out of rotation means no reads: every GET goes to the two fresh replicas.
  await cluster.barrier([fresh1, fresh2]);
  await Promise.all(cluster.replicas.map((r) => resetStats(r.port)));
  const reads = await Promise.all(Array.from({ length: 300 }, (_, i) => writer.get(`lag:${i}`)));
  expect(new Set(reads)).toEqual(new Set([VALUE]));
  expect(await callsOf(held.port, 'get')).toBe(0);
  expect((await callsOf(fresh1.port, 'get')) + (await callsOf(fresh2.port, 'get'))).toBe(300);

  valve.release();
  await cluster.barrier();
  await cluster.waitForRotation(cluster.replicas);
  for (const line of await routersSeeLag()) expect([line.lag_bytes, line.serving]).toEqual(['0', '1']);
}, 45000);
