/*
 * End to end: 30,000 reads through two routers spread evenly over three fresh replicas. The
 * counts are each replica's own (INFO commandstats after CONFIG RESETSTAT), not the router's, so
 * a router that miscounted could not hide an uneven spread; the routers' `reads=` counters are
 * checked against them.
 */
import Redis from 'ioredis';
import { routerView } from '@resplica/testing';
import { startCluster, type Cluster } from './cluster';
import { callsOf, resetStats } from './stats';

const READS = 30000;
const CLIENTS_PER_ROUTER = 4;
/** Concurrent GETs per client: ioredis writes them as one pipeline. */
const BATCH = 50;
const TOLERANCE = 0.05;

let cluster: Cluster;
const clients: Redis[] = [];

beforeAll(async () => {
  cluster = await startCluster();
}, 30000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
});

async function readMany(client: Redis, count: number): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const replies = await Promise.all(Array.from({ length: Math.min(BATCH, count - done) }, (_, i) => client.get(`k${(done + i) % 100}`)));
    for (const [i, reply] of replies.entries()) expect(reply).toBe(`v${(done + i) % 100}`);
  }
}

it('spreads 30,000 reads over three replicas within 5% of a third each', async () => {
  const writer = new Redis({ port: cluster.routers[0].port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  clients.push(writer);
  await writer.connect();
  await writer.mset(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, `v${i}`])));
  await cluster.barrier();
  const nodes = [cluster.master, ...cluster.replicas];
  await Promise.all(nodes.map((n) => resetStats(n.port)));
  const readersBefore = await Promise.all(cluster.routers.map((r) => routerView(r.port)));

  const perClient = READS / (cluster.routers.length * CLIENTS_PER_ROUTER);
  const readers = cluster.routers.flatMap((router) =>
    Array.from({ length: CLIENTS_PER_ROUTER }, () => new Redis({ port: router.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 })),
  );
  clients.push(...readers);
  await Promise.all(readers.map((c) => c.connect()));
  await Promise.all(readers.map((c) => readMany(c, perClient)));

  const perReplica = await Promise.all(cluster.replicas.map((r) => callsOf(r.port, 'get')));
  expect(perReplica.reduce((a, b) => a + b, 0)).toBe(READS);
  expect(await callsOf(cluster.master.port, 'get')).toBe(0);
  const third = READS / cluster.replicas.length;
  for (const calls of perReplica) expect(Math.abs(calls - third)).toBeLessThanOrEqual(third * TOLERANCE);

  // The routers' own counters agree with the replicas' counts.
  const readsAt = new Map<string, number>();
  for (const [i, router] of cluster.routers.entries()) {
    const before = new Map(readersBefore[i].backends.map((b) => [b.id, Number(b.reads)]));
    for (const b of (await routerView(router.port)).backends) {
      readsAt.set(b.id, (readsAt.get(b.id) ?? 0) + Number(b.reads) - (before.get(b.id) ?? 0));
    }
  }
  expect(cluster.replicas.map((r) => readsAt.get(cluster.idOf(r)))).toEqual(perReplica);
}, 45000);
