/**
 * Polling without NATS, against real nodes: the poll feed's reports are the nodes' own INFO, and a
 * routing table over the static lists takes a SIGKILLed replica out of rotation, shown gone,
 * within health-timeout of its last answer.
 */
import { RawClient, infoFields, startMasterOf, startReplica, stopAll, waitFor, waitForOffsetsEqual, type ReplNode } from '@resplica/testing';
import { createRoutingTable, type RoutingTable } from '../../src/routing';
import type { HealthFacts, NodeEvent } from '../../src/routing/events';
import { PollFeed } from '../../src/routing/poll-feed';
import { routerConfig, silent } from './harness';

const INTERVAL_MS = 50;
const TIMEOUT_MS = 400;

let master: ReplNode;
let replicas: ReplNode[] = [];
let feed: PollFeed | undefined;
let table: RoutingTable | undefined;

beforeAll(async () => {
  master = await startMasterOf('ours');
  replicas = await Promise.all([startReplica(master.port), startReplica(master.port)]);
  const client = await RawClient.connect(master.port);
  try {
    await client.call('SET', 'polled', 'yes');
  } finally {
    client.destroy();
  }
  await waitForOffsetsEqual(master.port, replicas.map((r) => r.port));
}, 30000);

afterEach(async () => {
  await feed?.close();
  await table?.close();
  feed = undefined;
  table = undefined;
});

afterAll(async () => {
  await stopAll([...replicas, master]);
});

const address = (n: ReplNode) => `127.0.0.1:${n.port}`;

/** The facts a NodeHealth of the node on `port` would carry, read from its INFO by the test itself. */
async function factsOfInfo(port: number): Promise<HealthFacts> {
  const f = new Map([...(await infoFields(port, 'replication')), ...(await infoFields(port, 'persistence'))]);
  const n = (name: string) => Number(f.get(name) ?? 0);
  return {
    role: f.get('role') === 'master' ? 'master' : 'replica',
    host: '127.0.0.1',
    port,
    masterReplOffset: n('master_repl_offset'),
    appliedOffset: n('slave_repl_offset'),
    linkUp: f.get('master_link_status') === 'up',
    loading: f.get('loading') === '1',
    syncInProgress: f.get('master_sync_in_progress') === '1',
    syncReadBytes: 0,
    syncTotalBytes: 0,
  };
}

it('emits, per configured node, a health report equal to its INFO, under its host:port', async () => {
  const config = routerConfig(['--health-interval-ms', String(INTERVAL_MS), '--master', address(master), '--replica', address(replicas[0])]);
  feed = new PollFeed(config, silent);
  const latest = new Map<string, NodeEvent>();
  feed.onEvent((e) => latest.set(e.nodeId, e));
  for (const node of [master, replicas[0]]) {
    // INFO and the last poll are a few ms apart: wait until one poll lands between two equal INFOs.
    await waitFor(
      async () => {
        const expected = await factsOfInfo(node.port);
        const event = latest.get(address(node));
        return event?.kind === 'health' && JSON.stringify(event.health) === JSON.stringify(expected);
      },
      { what: `a poll of ${address(node)} equal to its INFO` },
    );
  }
  expect([...latest.keys()].sort()).toEqual([address(master), address(replicas[0])].sort());
  expect(latest.get(address(master))).toMatchObject({ kind: 'health', health: { role: 'master', linkUp: false, appliedOffset: 0 } });
  expect(latest.get(address(replicas[0]))).toMatchObject({ kind: 'health', health: { role: 'replica', linkUp: true, loading: false } });
});

it('a static table stops routing to a SIGKILLed replica, shown gone, within health-timeout', async () => {
  const argv = ['--health-interval-ms', String(INTERVAL_MS), '--health-timeout-ms', String(TIMEOUT_MS), '--master', address(master)];
  table = createRoutingTable({ config: routerConfig([...argv, ...replicas.flatMap((r) => ['--replica', address(r)])]), log: silent });
  const t = table;
  const status = (n: ReplNode) => t.snapshot().find((s) => s.id === address(n))!;
  await waitFor(() => replicas.every((r) => status(r).lastHeardMsAgo >= 0 && status(r).serving), { what: 'both replicas polled and serving' });
  expect(t.snapshot().map((s) => [s.id, s.role, s.serving, s.linkUp, s.gone])).toEqual([
    [address(master), 'master', true, true, false],
    ...replicas.map((r) => [address(r), 'replica', true, true, false]).sort(),
  ]);
  const [victim, survivor] = replicas;
  const killedAt = Date.now();
  victim.process.kill('SIGKILL');
  await waitFor(() => status(victim).gone, { timeoutMs: TIMEOUT_MS + 1000, what: 'the killed replica gone' });
  // Gone once its last answer (at most one interval before the kill) is older than the timeout.
  expect(Date.now() - killedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - INTERVAL_MS);
  expect(status(victim)).toMatchObject({ serving: false, reason: 'stale health', gone: true });
  expect([1, 2, 3].map(() => t.nextReplica()?.id)).toEqual([address(survivor), address(survivor), address(survivor)]);
  expect(status(survivor)).toMatchObject({ serving: true, gone: false });
}, 15000);
