/**
 * The routing table fed by a real nats-server and real HealthPublishers: discovery, the master,
 * lag, role changes and shutdowns as nodes publish them, with the credentials from config.
 */
import pino from 'pino';
import { HealthPublisher, type HealthEventInput, type NodeHealth } from '@resplica/health';
import { startNatsServer, waitFor, type NatsServer } from '@resplica/testing';
import { createRoutingTable, type RoutingTable } from '../../src/routing';
import { routerConfig, silent } from './harness';

let nats: NatsServer;
const tables: RoutingTable[] = [];
const publishers: HealthPublisher[] = [];

beforeAll(async () => {
  nats = await startNatsServer({ auth: { user: 'router', password: 's3cret' } });
});

afterAll(() => nats.stop());

afterEach(async () => {
  await Promise.all(tables.splice(0).map((t) => t.close()));
  await Promise.all(publishers.splice(0).map((p) => p.close()));
});

/** A node publishing on the test cluster, connected before the test goes on. */
async function node(port: number): Promise<(e: HealthEventInput) => void> {
  const pub = new HealthPublisher({
    servers: nats.url,
    user: 'router',
    password: 's3cret',
    name: `node-${port}`,
    cluster: 'it',
    nodeId: `node-${port}`,
    log: pino({ level: 'silent' }),
  });
  publishers.push(pub);
  pub.start();
  await waitFor(() => pub.connected, { what: `publisher ${port} connected` });
  return (e) => pub.publish(e);
}

function report(port: number, facts: Partial<NodeHealth>): NodeHealth {
  return {
    type: 'node-health',
    role: 'replica',
    host: '127.0.0.1',
    port,
    replid: 'a'.repeat(40),
    masterReplOffset: 0,
    masterHost: '127.0.0.1',
    masterPort: 7000,
    linkUp: true,
    appliedOffset: 0,
    syncInProgress: false,
    loading: false,
    replicas: [],
    keys: 0,
    usedMemory: 0,
    uptimeMs: 0,
    syncReadBytes: 0,
    syncTotalBytes: 0,
    ...facts,
  };
}

const asMaster = { role: 'master', masterHost: '', masterPort: 0, linkUp: false } as const;

it('discovers nodes from their events and follows them', async () => {
  const clock = { now: 1_000_000 };
  const config = routerConfig(['--nats', nats.url, '--nats-user', 'router', '--nats-password', 's3cret', '--cluster', 'it']);
  const t = createRoutingTable({ config, log: silent, clock: () => clock.now });
  tables.push(t);
  const master = await node(7000);
  const r1 = await node(7001);
  const r2 = await node(7002);
  // The subscriber connects in the background: publish until the table has heard the master.
  await waitFor(
    () => {
      master(report(7000, { ...asMaster, masterReplOffset: 5000 }));
      return t.master()?.id === '127.0.0.1:7000';
    },
    { what: 'the master discovered over NATS', intervalMs: 50 },
  );
  clock.now += 250;
  r1(report(7001, { appliedOffset: 5000 }));
  r2(report(7002, { appliedOffset: 4000 }));
  await waitFor(() => t.snapshot().length === 3, { what: 'both replicas discovered' });
  expect(t.snapshot().map((s) => [s.id, s.role, s.serving, s.lagBytes, s.lagMs])).toEqual([
    ['127.0.0.1:7000', 'master', true, 0, 0],
    ['127.0.0.1:7001', 'replica', true, 0, 0],
    ['127.0.0.1:7002', 'replica', true, 1000, 250],
  ]);

  r1({ type: 'link-down', reason: 'connection lost', masterHost: '127.0.0.1', masterPort: 7000 });
  await waitFor(() => t.snapshot()[1].reason === 'link down', { what: 'link-down applied' });
  expect([1, 2].map(() => t.nextReplica()?.id)).toEqual(['127.0.0.1:7002', '127.0.0.1:7002']);

  r2({ type: 'role-changed', role: 'master', masterHost: '', masterPort: 0, replid: 'b'.repeat(40), masterReplOffset: 4000 });
  await waitFor(() => t.master()?.id === '127.0.0.1:7002', { what: 'the promoted replica is master' });

  master({ type: 'shutdown', reason: 'SIGTERM' });
  await waitFor(() => t.snapshot().every((s) => s.id !== '127.0.0.1:7000'), { what: 'the old master forgotten' });
});

it('subscribes with the credentials from config: a router with the wrong password hears nothing', async () => {
  const argv = (password: string) => ['--nats', nats.url, '--nats-user', 'router', '--nats-password', password, '--cluster', 'it'];
  const bad = createRoutingTable({ config: routerConfig(argv('wrong')), log: silent });
  const good = createRoutingTable({ config: routerConfig(argv('s3cret')), log: silent });
  tables.push(bad, good);
  const master = await node(7000);
  await waitFor(
    () => {
      master(report(7000, asMaster));
      return good.master() !== null;
    },
    { what: 'the good router hears the master', intervalMs: 50 },
  );
  expect(bad.master()).toBeNull();
});
