/*
 * End to end: a replica started mid-test, under a steady read load, joins both routers' rotation
 * from its health events alone — the same router processes, never restarted or reconfigured —
 * and then serves its share of reads. No read fails meanwhile: the newcomer gets no read before
 * it has synced.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@resplica/testing';
import { HEALTH_TIMEOUT_MS, startCluster, type Cluster } from './cluster';
import { ReadLoop, seedKeys } from './read-loop';
import { callsOf, resetStats } from './stats';

const STEADY_MS = 500;
/** Reads counted once the newcomer serves. */
const READS_AFTER_JOIN = 1000;

let cluster: Cluster;
let loop: ReadLoop | undefined;

beforeAll(async () => {
  cluster = await startCluster();
  await seedKeys(cluster.routers[0].port);
  await cluster.barrier();
}, 30000);

afterAll(async () => {
  await loop?.stop();
  await cluster?.stop();
});

it('takes a new replica into rotation without a router restart, with no failed read', async () => {
  const routerPids = cluster.routers.map((r) => r.process.pid);
  loop = await ReadLoop.start(cluster.routers.map((r) => r.port));
  await sleep(STEADY_MS);

  const newcomer = await cluster.addReplica();
  await cluster.waitForRotation(cluster.replicas, 5 * HEALTH_TIMEOUT_MS);

  await resetStats(newcomer.port);
  const before = loop.succeeded;
  await waitFor(() => loop!.succeeded - before >= READS_AFTER_JOIN, { timeoutMs: 15000, what: `${READS_AFTER_JOIN} reads` });
  await loop.stop();
  const reads = loop.succeeded - before;
  // Round-robin over four: a quarter each, give or take the GETs in flight at the reset.
  expect(Math.abs((await callsOf(newcomer.port, 'get')) - reads / 4)).toBeLessThanOrEqual(reads * 0.05);
  expect(loop.failures).toEqual([]);
  expect(cluster.routers.map((r) => [r.process.pid, r.process.exitCode])).toEqual(routerPids.map((pid) => [pid, null]));
}, 30000);
