/*
 * End to end: the built status CLI watching real processes — a nats-server, our master, two
 * replicas and a router, all publishing health every HEALTH_INTERVAL_MS — through its --json
 * frames: every node with its role, address and offsets (equal to what INFO says), the router's
 * fresh replicas; a replica killed with SIGKILL shown gone within one health timeout; a replica
 * started later shown up and fresh; --once printing one table frame; --once exiting 1 when NATS
 * cannot be reached; credentials in the URL masked.
 *
 * Build first: nx run-many -t build -p master replica router ops (the ops test target does).
 */
import {
  freePort,
  infoNumber,
  RawClient,
  startMasterOf,
  startNatsServer,
  startNode,
  startRouter,
  stopAll,
  waitForLinkUp,
  waitForOffsetsEqual,
  type NatsServer,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';
import type { StatusRow } from '../../src/status/topology';
import { LiveStatus, run, type JsonFrame } from './status-process';

const CLUSTER = 'status-e2e';
const HEALTH_INTERVAL_MS = 200;
const HEALTH_TIMEOUT_MS = 1000;
const REFRESH_MS = 100;
/** What a gone node may take beyond its health timeout to show: one refresh and the delivery of a frame. */
const SHOW_MARGIN_MS = 2 * REFRESH_MS + 200;
/** A whole start-up (processes, links, the router's rotation). */
const SETTLE_MS = 15000;

let nats: NatsServer;
let master: ReplNode;
const replicas: ReplNode[] = [];
let router: RunningServer;
let live: LiveStatus;

const idOf = (node: { port: number }): string => `127.0.0.1:${node.port}`;
const routerId = (): string => `router-${idOf(router)}`;
const rowOf = (frame: JsonFrame, id: string): StatusRow | undefined => frame.rows.find((r) => r.id === id);

function healthArgs(): string[] {
  return ['--nats', nats.url, '--cluster', CLUSTER, '--health-interval-ms', String(HEALTH_INTERVAL_MS)];
}

async function addReplica(): Promise<ReplNode> {
  const replica = await startNode({ engine: 'ours', replicaOf: master.port, args: healthArgs() });
  replicas.push(replica);
  await waitForLinkUp(replica.port);
  return replica;
}

beforeAll(async () => {
  nats = await startNatsServer();
  master = await startMasterOf('ours', healthArgs());
  await Promise.all([addReplica(), addReplica()]);
  router = await startRouter([...healthArgs(), '--health-timeout-ms', String(HEALTH_TIMEOUT_MS)]);
  live = LiveStatus.start(['--nats', nats.url, '--cluster', CLUSTER, '--health-timeout-ms', String(HEALTH_TIMEOUT_MS), '--interval-ms', String(REFRESH_MS)]);
}, 30000);

afterAll(async () => {
  await live?.stop('SIGKILL');
  await stopAll([router, ...replicas, master]);
  await nats?.stop();
});

it('lists every node with its role, address and offsets, and the replicas the router serves', async () => {
  const client = await RawClient.connect(master.port);
  try {
    for (let i = 0; i < 10; i++) await client.call('SET', `k${i}`, 'v');
  } finally {
    client.destroy();
  }
  await waitForOffsetsEqual(master.port, replicas.map((r) => r.port));
  const offset = await infoNumber(master.port, 'replication', 'master_repl_offset');
  const [r1, r2] = replicas;

  // Each row at its final values: the nodes' next health after the writes, the router's next view.
  const { frame } = await live.next(
    (f) =>
      f.rows.length === 4 &&
      [master, r1, r2].every((n) => rowOf(f, idOf(n))?.offset === offset) &&
      [r1, r2].every((n) => rowOf(f, idOf(n))?.freshBy?.length === 1) &&
      rowOf(f, routerId())?.backendsServing === 3,
    'every node at the master offset and both replicas fresh',
    SETTLE_MS,
  );
  expect(frame).toMatchObject({ cluster: CLUSTER, nats: nats.url, connected: true, natsError: null });
  expect(frame.rows.map((r) => [r.id, r.role, r.address, r.state])).toEqual([
    [idOf(master), 'master', idOf(master), 'up'],
    ...[r1, r2].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1)).map((r) => [idOf(r), 'replica', idOf(r), 'up']),
    [routerId(), 'router', idOf(router), 'up'],
  ]);
  for (const r of [r1, r2]) {
    expect(rowOf(frame, idOf(r))).toMatchObject({ master: idOf(master), lagBytes: 0, link: 'up', sync: null, freshBy: [routerId()], routersUp: 1, notServing: [] });
  }
  expect(rowOf(frame, idOf(master))).toMatchObject({ master: null, lagBytes: null, link: null, freshBy: [routerId()] });
  expect(rowOf(frame, routerId())).toMatchObject({ source: 'nats', backendsServing: 3, backendsTotal: 3 });
}, 30000);

it('shows a replica killed with SIGKILL as gone within one health timeout, and the router stops serving it', async () => {
  const victim = replicas[0];
  const survivor = replicas[1];
  await live.next((f) => rowOf(f, idOf(victim))?.state === 'up', 'the victim up', SETTLE_MS);

  victim.process.kill('SIGKILL');
  const killedAt = Date.now();
  const { frame, value: row } = await live.next((f) => rowOf(f, idOf(victim))?.state === 'gone' && rowOf(f, idOf(victim)), 'the victim gone', HEALTH_TIMEOUT_MS + SHOW_MARGIN_MS);
  expect(frame.receivedMs - killedAt).toBeLessThanOrEqual(HEALTH_TIMEOUT_MS + SHOW_MARGIN_MS);
  // Gone because it fell silent for the whole timeout, not earlier.
  expect(row).toMatchObject({ state: 'gone', goneReason: 'silent', role: 'replica', address: idOf(victim), lagBytes: null, lagMs: null, link: null });
  expect(row.silentMs).toBeGreaterThanOrEqual(HEALTH_TIMEOUT_MS);

  const { frame: after } = await live.next((f) => rowOf(f, idOf(victim))?.freshBy?.length === 0, 'the router to stop serving the victim', SETTLE_MS);
  expect(rowOf(after, idOf(survivor))).toMatchObject({ state: 'up', freshBy: [routerId()] });
  expect(rowOf(after, routerId())).toMatchObject({ state: 'up' });
}, 30000);

it('shows a replica started later as up and fresh', async () => {
  const newcomer = await addReplica();
  const { value: row } = await live.next((f) => rowOf(f, idOf(newcomer))?.freshBy?.length === 1 && rowOf(f, idOf(newcomer)), 'the newcomer fresh', SETTLE_MS);
  expect(row).toMatchObject({ role: 'replica', address: idOf(newcomer), state: 'up', master: idOf(master), link: 'up', freshBy: [routerId()], routersUp: 1 });
}, 30000);

it('--once prints one table frame with the master and exits 0', async () => {
  const result = await run(['--once', '--nats', nats.url, '--cluster', CLUSTER]);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  const [header, blank, columns, ...rows] = result.stdout.trimEnd().split('\n');
  expect(header).toMatch(new RegExp(`^resplica status  cluster ${CLUSTER}  nats ${nats.url} \\(connected\\)  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  4 up, 0 gone$`));
  expect(blank).toBe('');
  expect(columns).toMatch(/^NODE +ROLE +ADDRESS +STATE +OFFSET +LAG-B +LAG-MS +LINK +SYNC +FRESH +DETAIL$/);
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatch(new RegExp(`^${idOf(master)} +master +${idOf(master)} +up +\\d+ +- +0 +- +- +1/1 routers +fresh at ${routerId()}$`));
  expect(rows[3]).toMatch(new RegExp(`^${routerId()} +router +${idOf(router)} +up +`));
}, 30000);

it('--once exits 1 with the reason when NATS cannot be reached, credentials masked', async () => {
  const port = await freePort();
  const result = await run(['--once', '--nats', `nats://ops:secret@127.0.0.1:${port}`]);
  expect(result).toEqual({ code: 1, stdout: '', stderr: `status: cannot reach NATS at nats://***@127.0.0.1:${port} within 5 s: connection refused\n` });
}, 30000);

it('stops with exit code 0 on SIGINT', async () => {
  const watcher = LiveStatus.start(['--nats', nats.url, '--cluster', CLUSTER, '--interval-ms', String(REFRESH_MS)]);
  await watcher.next((f) => f.connected, 'connected', SETTLE_MS);
  expect(await watcher.stop('SIGINT')).toBe(0);
}, 30000);
