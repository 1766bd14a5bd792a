/*
 * End to end without NATS, what polling adds to the static lists: the router says once that it
 * polls, a replica held behind its master (a Valve on its link) leaves the rotation for lag and
 * returns once caught up, and a SIGKILLed replica leaves as stale within health-timeout. All real
 * processes; the lag the router shows is checked against the nodes' own INFO.
 */
import {
  RawClient,
  infoNumber,
  routerView,
  servingReplicas,
  startMasterOf,
  startReplica,
  startRouter,
  stopAll,
  waitFor,
  waitForLinkUp,
  waitForOffsetsEqual,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';
import { Valve } from './valve';

const INTERVAL_MS = 100;
const TIMEOUT_MS = 800;
const MAX_LAG_BYTES = 2000;

let master: ReplNode;
let fresh: ReplNode;
let held: ReplNode;
let valve: Valve;
let router: RunningServer;
let writer: RawClient;

const id = (n: ReplNode) => `127.0.0.1:${n.port}`;

beforeAll(async () => {
  master = await startMasterOf('ours');
  valve = await Valve.start(master.port);
  [fresh, held] = await Promise.all([startReplica(master.port), startReplica(valve.port)]);
  await Promise.all([waitForLinkUp(fresh.port), waitForLinkUp(held.port)]);
  router = await startRouter([
    ...['--health-interval-ms', String(INTERVAL_MS), '--health-timeout-ms', String(TIMEOUT_MS)],
    ...['--max-replica-lag-bytes', String(MAX_LAG_BYTES), '--max-replica-lag-ms', '0'],
    ...['--master', id(master), '--replica', id(fresh), '--replica', `127.0.0.1:${held.port}`],
  ]);
  writer = await RawClient.connect(master.port);
}, 30000);

afterAll(async () => {
  writer?.destroy();
  await stopAll([router, fresh, held, master]);
  await valve?.stop();
});

/** The router's INFO router line of `node`. */
async function lineOf(node: ReplNode): Promise<Record<string, string>> {
  return (await routerView(router.port)).backends.find((b) => b.id === id(node))!;
}

it('logs once that it polls, with the interval as a field, and serves the polled replicas', async () => {
  await waitFor(async () => (await servingReplicas(router.port)).length === 2 && (await lineOf(held)).last_heard_ms !== '-1', {
    what: 'both replicas polled and serving',
  });
  const said = router
    .output()
    .split('\n')
    .filter((l) => l.includes('no NATS configured'))
    .map((l) => JSON.parse(l) as { intervalMs: number; msg: string });
  expect(said.map((l) => [l.intervalMs, l.msg])).toEqual([[INTERVAL_MS, 'router: no NATS configured: polling the configured nodes with INFO every intervalMs']]);
});

it('a replica held behind its master leaves for lag and returns once caught up', async () => {
  await waitForOffsetsEqual(master.port, [fresh.port, held.port]);
  valve.hold();
  for (let i = 0; i < 30; i++) expect((await writer.call('SET', `poll:${i}`, 'x'.repeat(100))).toString()).toBe('+OK\r\n');
  const lag = (await infoNumber(master.port, 'replication', 'master_repl_offset')) - (await infoNumber(held.port, 'replication', 'slave_repl_offset'));
  expect(lag).toBeGreaterThan(MAX_LAG_BYTES);
  const out = await waitFor(
    async () => {
      const line = await lineOf(held);
      return Number(line.lag_bytes) === lag ? line : null;
    },
    { what: `the router to show the held replica ${lag} bytes behind` },
  );
  expect([out.serving, out.reason]).toEqual(['0', 'lag']);
  expect(await servingReplicas(router.port)).toEqual([id(fresh)]);
  valve.release();
  await waitForOffsetsEqual(master.port, [held.port]);
  await waitFor(async () => (await servingReplicas(router.port)).length === 2, { what: 'the held replica back in rotation' });
  expect(await lineOf(held)).toMatchObject({ serving: '1', reason: '', lag_bytes: '0' });
}, 30000);

it('a SIGKILLed replica leaves the rotation as stale within health-timeout', async () => {
  const killedAt = Date.now();
  fresh.process.kill('SIGKILL');
  await waitFor(async () => (await lineOf(fresh)).serving === '0', { timeoutMs: TIMEOUT_MS + 1000, what: 'the killed replica out' });
  const elapsed = Date.now() - killedAt;
  const line = await lineOf(fresh);
  expect([line.serving, line.reason]).toEqual(['0', 'stale_health']);
  expect(Number(line.last_heard_ms)).toBeGreaterThan(TIMEOUT_MS);
  expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - INTERVAL_MS);
  expect(await servingReplicas(router.port)).toEqual([`127.0.0.1:${held.port}`]);
}, 15000);
