/*
 * End to end without NATS: a router given `--master` and repeated `--replica` flags routes writes
 * to that master and spreads reads over those replicas, all real processes on free ports. The
 * counts are the nodes' own (INFO commandstats). The router polls those nodes with INFO (poll.spec.ts
 * covers what that changes); the polls are INFO calls, so they leave the GET/INCR counts alone.
 */
import Redis from 'ioredis';
import {
  waitFor,
  routerView,
  startMasterOf,
  startReplica,
  startRouter,
  stopAll,
  waitForOffsetsEqual,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';
import { callsOf, resetStats } from './stats';

const READS = 3000;

let master: ReplNode;
const replicas: ReplNode[] = [];
let router: RunningServer;
let client: Redis;

beforeAll(async () => {
  master = await startMasterOf('ours');
  const started = await Promise.allSettled([0, 1, 2].map(() => startReplica(master.port)));
  for (const s of started) if (s.status === 'fulfilled') replicas.push(s.value);
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  const replicaFlags = replicas.flatMap((r) => ['--replica', `127.0.0.1:${r.port}`]);
  router = await startRouter(['--master', `127.0.0.1:${master.port}`, ...replicaFlags]);
  client = new Redis({ port: router.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
}, 30000);

afterAll(async () => {
  client?.disconnect();
  await stopAll([router, ...replicas, master]);
});

it('lists the configured master and replicas, all serving, heard from by polling', async () => {
  const view = await waitFor(
    async () => {
      const v = await routerView(router.port);
      return v.backends.every((b) => Number(b.last_heard_ms) >= 0) ? v : null;
    },
    { what: 'every configured node polled' },
  );
  expect(view.master).toBe(`127.0.0.1:${master.port}`);
  expect(view.backends.map((b) => [b.id, b.role, b.serving])).toEqual([
    [`127.0.0.1:${master.port}`, 'master', '1'],
    ...replicas.map((r) => [`127.0.0.1:${r.port}`, 'replica', '1']).sort(),
  ]);
});

it('sends writes to the master and spreads reads evenly over the replicas', async () => {
  expect(await client.set('static', 'yes')).toBe('OK');
  await waitForOffsetsEqual(master.port, replicas.map((r) => r.port));
  await Promise.all([master, ...replicas].map((n) => resetStats(n.port)));
  const replies = await Promise.all(Array.from({ length: READS }, () => client.get('static')));
  expect(new Set(replies)).toEqual(new Set(['yes']));
  expect(await client.incr('counter')).toBe(1);

  expect(await callsOf(master.port, 'get')).toBe(0);
  expect(await callsOf(master.port, 'incr')).toBe(1);
  const perReplica = await Promise.all(replicas.map((r) => callsOf(r.port, 'get')));
  expect(perReplica.reduce((a, b) => a + b, 0)).toBe(READS);
  for (const calls of perReplica) expect(Math.abs(calls - READS / 3)).toBeLessThanOrEqual((READS / 3) * 0.05);
});
