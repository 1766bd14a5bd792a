/*
 * End to end with NATS: a router publishes its RouterView on the cluster's health subjects every
 * health interval, as node `router-<host>:<port>`, with exactly the backends it routes to, and a
 * Shutdown when it gets SIGTERM. The listener is a HealthSubscriber on the same nats-server, as an
 * operator's tool would be.
 */
import pino from 'pino';
import { HealthSubscriber, type DecodedHealthEvent } from '@resplica/health';
import { waitFor } from '@resplica/testing';
import { CLUSTER, startCluster, type Cluster } from './cluster';

let cluster: Cluster;
let subscriber: HealthSubscriber;
const events: DecodedHealthEvent[] = [];

beforeAll(async () => {
  cluster = await startCluster({ replicas: 2, routers: 1 });
  subscriber = new HealthSubscriber({ servers: cluster.nats.url, name: 'router-view-spec', cluster: CLUSTER, log: pino({ level: 'silent' }) });
  subscriber.onEvent((e) => events.push(e));
  subscriber.start();
}, 30000);

afterAll(async () => {
  await subscriber?.close();
  await cluster?.stop();
});

it('publishes the backends it routes to, then a Shutdown on SIGTERM', async () => {
  const router = cluster.routers[0];
  const nodeId = `router-127.0.0.1:${router.port}`;
  const backend = (port: number, role: 'master' | 'replica') => ({ host: '127.0.0.1', port, role, serving: true, reason: '', lagBytes: 0, lagMs: 0 });
  const expected = {
    type: 'router-view',
    nodeId,
    host: '127.0.0.1',
    port: router.port,
    source: 'nats',
    backends: [backend(cluster.master.port, 'master'), ...[...cluster.replicas].sort((a, b) => (cluster.idOf(a) < cluster.idOf(b) ? -1 : 1)).map((r) => backend(r.port, 'replica'))],
  };
  // INFO router already lists all three (startCluster waited for that); the next view says the same.
  const seen = events.length;
  const view = await waitFor(() => events.slice(seen).find((e) => e.type === 'router-view' && e.nodeId === nodeId), {
    what: 'a RouterView from the router',
  });
  expect(view).toMatchObject(expected);
  expect(events.filter((e) => e.nodeId === nodeId).every((e) => e.type === 'router-view')).toBe(true);

  router.process.kill('SIGTERM');
  const shutdown = await waitFor(() => events.find((e) => e.type === 'shutdown' && e.nodeId === nodeId), { what: 'the router Shutdown' });
  expect(shutdown).toMatchObject({ type: 'shutdown', reason: 'SIGTERM' });
  const fromRouter = events.filter((e) => e.nodeId === nodeId);
  expect(fromRouter[fromRouter.length - 1]).toBe(shutdown);
  expect(shutdown.seq).toBe(Math.max(...fromRouter.map((e) => e.seq)));
  await waitFor(() => router.process.exitCode !== null, { what: 'the router to exit' });
  expect(router.process.exitCode).toBe(0);
}, 30000);
