/*
 * End to end: a replica SIGKILLed under a steady read load leaves both routers' rotation within
 * one health timeout, and clients see no error except for GETs in flight on the connection to it:
 * each failure must name that connection as lost and have been sent before the routers dropped
 * the replica. Reads go on from the two replicas left.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { servingReplicas, waitFor } from '@resplica/testing';
import { HEALTH_TIMEOUT_MS, startCluster, type Cluster } from './cluster';
import { ReadLoop, seedKeys } from './read-loop';

/** Reading before the kill and after the routers dropped the replica. */
const STEADY_MS = 1000;

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

it('drops a SIGKILLed replica within one health timeout, failing only GETs in flight on it', async () => {
  const [victim, ...survivors] = cluster.replicas;
  loop = await ReadLoop.start(cluster.routers.map((r) => r.port));
  await sleep(STEADY_MS);
  const readsBeforeKill = loop.succeeded;
  expect(readsBeforeKill).toBeGreaterThan(100);

  const killedAt = Date.now();
  victim.process.kill('SIGKILL');
  const leftAt = await Promise.all(
    cluster.routers.map(async (router) => {
      await waitFor(async () => !(await servingReplicas(router.port)).includes(cluster.idOf(victim)), {
        timeoutMs: 2 * HEALTH_TIMEOUT_MS,
        intervalMs: 10,
        what: `router ${router.port} to drop ${cluster.idOf(victim)}`,
      });
      return Date.now();
    }),
  );
  for (const at of leftAt) expect(at - killedAt).toBeLessThanOrEqual(HEALTH_TIMEOUT_MS);
  await cluster.waitForRotation(survivors);

  await sleep(STEADY_MS);
  await loop.stop();
  expect(loop.succeeded - readsBeforeKill).toBeGreaterThan(100);
  // Every failed GET was on the dead replica's connection, sent before both routers dropped it.
  const dropped = Math.max(...leftAt);
  const lost = `backend ${cluster.idOf(victim)} lost`;
  expect(loop.failures.filter((f) => f.sentAt > dropped || !f.message.includes(lost))).toEqual([]);
}, 30000);
