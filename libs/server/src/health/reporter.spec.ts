/*
 * NodeHealthReporter inside an in-process node: CONFIG SET health-interval-ms takes effect at once,
 * shutdown publishes Shutdown with its reason and is not held up by a NATS outage, a cluster name
 * that cannot be a subject fails the start, and the announced address follows bind and the
 * replica-announce-* parameters.
 */
import { loadConfig } from '@resplica/config';
import { HealthConfigError, HealthSubscriber, type DecodedHealthEvent } from '@resplica/health';
import { startNatsServer, waitFor, type NatsServer } from '@resplica/testing';
import { hostname } from 'node:os';
import { startNode, type TestNode } from '../../test/start-node';
import { silentLogger } from '../logger';
import { Node } from '../node';
import { announcedAddress, nodeIdOf } from './announce';

describe('NodeHealthReporter', () => {
  let nats: NatsServer;
  let sub: HealthSubscriber;
  const heard: DecodedHealthEvent[] = [];
  let node: TestNode | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
    sub = new HealthSubscriber({ servers: nats.url, name: 'reporter.spec', log: silentLogger, cluster: 'rep' });
    sub.onEvent((e) => heard.push(e));
    sub.start();
    await waitFor(() => sub.connected);
  });
  afterEach(async () => {
    await node?.stop();
    node = null;
    heard.length = 0;
  });
  afterAll(async () => {
    await sub.close();
    await nats.stop();
  });

  // A node stopped by the previous test may still be heard: every check names its node.
  const of = (n: TestNode): DecodedHealthEvent[] => heard.filter((e) => e.nodeId === `127.0.0.1:${n.port}`);
  const healthCount = (n: TestNode): number => of(n).filter((e) => e.type === 'node-health').length;

  it('applies CONFIG SET health-interval-ms at once', async () => {
    node = await startNode(['--nats', nats.url, '--cluster', 'rep', '--health-interval-ms', '60000']);
    const n = node;
    await waitFor(() => healthCount(n) === 1, { what: 'the NodeHealth sent at start' });
    const client = await n.connect();
    expect((await client.call('CONFIG', 'SET', 'health-interval-ms', '100')).toString()).toBe('+OK\r\n');
    await waitFor(() => healthCount(n) >= 4, { what: 'NodeHealth every 100 ms' });
  });

  it('publishes Shutdown with the reason when the node shuts down', async () => {
    const n = await startNode(['--nats', nats.url, '--cluster', 'rep']);
    await waitFor(() => healthCount(n) === 1);
    await n.stop();
    const shutdown = await waitFor(() => of(n).find((e) => e.type === 'shutdown'), { what: 'Shutdown' });
    expect(shutdown).toMatchObject({ reason: 'test done' });
    expect(of(n).at(-1)).toBe(shutdown);
  });

  it('shuts down promptly when NATS is unreachable', async () => {
    const n = await startNode(['--nats', 'nats://127.0.0.1:1', '--cluster', 'rep']);
    const started = Date.now();
    await n.stop();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails the start on a cluster name that cannot be a NATS subject token', async () => {
    const { config } = loadConfig({ argv: ['--port', '0', '--bind', '127.0.0.1', '--nats', nats.url, '--cluster', 'a.b'], env: {} });
    const n = new Node({ config });
    await expect(n.start()).rejects.toThrow(HealthConfigError);
    await n.shutdown('test done');
  });

  it('announces replica-announce-ip/-port, else the first specific bind address, else the host name', () => {
    const at = (flags: string[]) => announcedAddress(loadConfig({ argv: flags, env: {} }).config, 6390);
    expect(at(['--bind', '* -::*'])).toEqual({ host: hostname(), port: 6390 });
    expect(at(['--bind', '0.0.0.0 10.0.0.9'])).toEqual({ host: '10.0.0.9', port: 6390 });
    expect(at(['--bind', '-::1'])).toEqual({ host: '::1', port: 6390 });
    expect(at(['--bind', '10.0.0.9', '--replica-announce-ip', 'node.example', '--replica-announce-port', '7001'])).toEqual({ host: 'node.example', port: 7001 });
    const config = loadConfig({ argv: ['--node-id', 'n1'], env: {} }).config;
    expect(nodeIdOf(config, { host: 'h', port: 1 })).toBe('n1');
    expect(nodeIdOf(loadConfig({ argv: [], env: {} }).config, { host: 'h', port: 1 })).toBe('h:1');
  });
});
