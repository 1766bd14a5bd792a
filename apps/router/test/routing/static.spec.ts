/**
 * Static mode (no `nats`): the configured lists are the backends, polled with INFO (the stand-in
 * servers answer as replicas in sync); passive health takes one out and a real +PONG over TCP
 * brings it back. A long health-timeout keeps the unpolled master (nothing on 7000) from going stale
 * while a test runs: poll.spec.ts covers staleness.
 */
import { waitFor } from '@resplica/testing';
import { createRoutingTable } from '../../src/routing';
import type { RoutingTable } from '../../src/routing';
import { routerConfig, silent } from './harness';
import { startPingServer, type PingServer } from './ping-server';

let servers: PingServer[] = [];
let table: RoutingTable | undefined;

afterEach(async () => {
  await table?.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  table = undefined;
});

async function staticTable(count: number, extra: string[] = []): Promise<{ table: RoutingTable; ids: string[] }> {
  servers = await Promise.all(Array.from({ length: count }, () => startPingServer('pong')));
  const ids = servers.map((s) => `127.0.0.1:${s.port}`);
  const argv = ['--health-interval-ms', '20', '--health-timeout-ms', '60000', '--master', '127.0.0.1:7000', ...ids.flatMap((i) => ['--replica', i]), ...extra];
  table = createRoutingTable({ config: routerConfig(argv), log: silent });
  return { table, ids };
}

it('serves the configured replicas round-robin and the configured master', async () => {
  const { table, ids } = await staticTable(2);
  expect(table.master()?.id).toBe('127.0.0.1:7000');
  expect([1, 2, 3, 4].map(() => table.nextReplica()?.id)).toEqual([ids[0], ids[1], ids[0], ids[1]]);
  await waitFor(() => table.snapshot().filter((s) => s.lastHeardMsAgo >= 0).length === 2, { what: 'both replicas polled' });
  expect(table.snapshot().map((s) => [s.id, s.role, s.serving, s.lastHeardMsAgo >= 0, s.offset, s.gone])).toEqual([
    ['127.0.0.1:7000', 'master', true, false, 0, false],
    ...[...ids].sort().map((i) => [i, 'replica', true, true, 700, false]),
  ]);
});

it('a failed replica returns once it answers PING with +PONG', async () => {
  const { table, ids } = await staticTable(2);
  servers[0].answer = 'loading';
  table.reportFailure(ids[0], 'connection error');
  expect([1, 2].map(() => table.nextReplica()?.id)).toEqual([ids[1], ids[1]]);
  await waitFor(() => servers[0].received.filter((r) => r.includes('PING')).length >= 2, { what: 'two PINGs answered -LOADING' });
  const status = () => table.snapshot().find((s) => s.id === ids[0]);
  expect(status()).toMatchObject({ serving: false, reason: 'connection error' });
  servers[0].answer = 'pong';
  await waitFor(() => status()?.serving, { what: 'the replica back after +PONG' });
});

it('-LOADING takes a static replica out until a PING answers +PONG', async () => {
  const { table, ids } = await staticTable(1);
  table.reportUnusable(ids[0], '-LOADING reply');
  expect(table.nextReplica()).toBeNull();
  await waitFor(() => table.nextReplica()?.id === ids[0], { what: 'the replica back after +PONG' });
});

it('PINGs and polls authenticate with masterauth', async () => {
  const { table, ids } = await staticTable(1, ['--masterauth', 'pw']);
  servers[0].answer = 'auth';
  table.reportFailure(ids[0], 'timeout');
  await waitFor(() => table.nextReplica() !== null, { what: 'the replica back' });
  expect(servers[0].received.find((r) => r.includes('PING'))).toBe('*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*1\r\n$4\r\nPING\r\n');
  const auth = '*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n';
  const info = '*3\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n$11\r\npersistence\r\n';
  await waitFor(() => servers[0].received.find((r) => r.startsWith(auth + info + info)), { what: 'two polls on one connection' });
});

it('CONFIG SET replica replaces the list and keeps the state of those that stay', async () => {
  const config = routerConfig(['--replica', '127.0.0.1:7001', '--replica', '127.0.0.1:7002']);
  table = createRoutingTable({ config, log: silent });
  table.reportFailure('127.0.0.1:7002', 'connection error');
  expect(config.set([['replica', '127.0.0.1:7002 127.0.0.1:7003']])).toBeNull();
  expect(table.snapshot().map((s) => [s.id, s.serving])).toEqual([
    ['127.0.0.1:7002', false],
    ['127.0.0.1:7003', true],
  ]);
});
