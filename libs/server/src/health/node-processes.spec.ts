/*
 * Health events of real node processes (apps/master and apps/replica, built: nx run-many -t build)
 * through a real nats-server: NodeHealth every health-interval-ms with the values INFO prints,
 * the replica's sync and link events, RoleChanged on REPLICAOF NO ONE, LinkDown when its master
 * stops, Shutdown, the announced address and node id, the no-NATS log line, and NATS
 * authorization: a node without the credentials is never heard.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthSubscriber, type DecodedHealthEvent, type NodeHealth } from '@resplica/health';
import { freePort, infoField, infoNumber, masterBinary, RawClient, startNatsServer, startNode, stopAll, waitFor, waitForOffsetsEqual, type NatsServer, type ReplNode } from '@resplica/testing';
import { silentLogger } from '../logger';

const INTERVAL_MS = 200;

type Health = DecodedHealthEvent & NodeHealth;

/** Everything a subscriber of one cluster heard, with helpers to wait on it. */
class Heard {
  readonly events: DecodedHealthEvent[] = [];
  readonly sub: HealthSubscriber;

  constructor(url: string, cluster: string, creds: { user?: string; password?: string; token?: string } = {}) {
    this.sub = new HealthSubscriber({ servers: url, ...creds, name: 'node-processes.spec', log: silentLogger, cluster });
    this.sub.onEvent((e) => this.events.push(e));
    this.sub.start();
  }

  of(nodeId: string): DecodedHealthEvent[] {
    return this.events.filter((e) => e.nodeId === nodeId);
  }

  healthOf(nodeId: string): Health[] {
    return this.of(nodeId).filter((e): e is Health => e.type === 'node-health');
  }

  /** The first NodeHealth of `nodeId` produced after now. */
  async nextHealth(nodeId: string): Promise<Health> {
    const since = Date.now();
    return waitFor(() => this.healthOf(nodeId).find((h) => h.sentAtMs >= since), { what: `a NodeHealth of ${nodeId}` });
  }

  /** Waits until `check` holds for a NodeHealth taken while INFO stayed unchanged around it. */
  async healthMatchingInfo(nodeId: string, read: () => Promise<string>, check: (h: Health, info: string) => boolean): Promise<void> {
    await waitFor(
      async () => {
        const before = await read();
        const h = await this.nextHealth(nodeId);
        const after = await read();
        return before === after && check(h, before);
      },
      { timeoutMs: 10000, what: `a NodeHealth of ${nodeId} matching INFO` },
    );
  }

  close(): Promise<void> {
    return this.sub.close();
  }
}

async function call(port: number, ...argv: string[]): Promise<string> {
  const client = await RawClient.connect(port);
  try {
    return (await client.call(...argv)).toString('latin1');
  } finally {
    client.destroy();
  }
}

function natsArgs(nats: NatsServer, cluster: string, extra: string[] = []): string[] {
  return ['--nats', nats.url, '--cluster', cluster, '--health-interval-ms', String(INTERVAL_MS), ...extra];
}

/**
 * The master app with a given environment and config file, which startNode cannot pass (a spawn
 * from inside Jest sees the real process.env, not the test's). Ready once it answers PING.
 */
async function spawnMaster(argv: string[], env: Record<string, string>, dir: string): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [masterBinary(), ...argv, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  };
  try {
    await waitFor(async () => (await call(port, 'PING')) === '+PONG\r\n', { timeoutMs: 10000, what: `the master on ${port}` });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}

/** Lines of a node's (pino JSON) log whose msg is `msg`. */
function logLines(node: ReplNode, msg: string): Record<string, unknown>[] {
  return node
    .output()
    .split('\n')
    .filter((l) => l.includes(`"msg":${JSON.stringify(msg)}`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('health events of node processes', () => {
  let nats: NatsServer;
  const nodes: ReplNode[] = [];
  const subscribers: Heard[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await stopAll(nodes.splice(0));
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await nats.stop();
  });

  const listen = async (cluster: string): Promise<Heard> => {
    const heard = new Heard(nats.url, cluster);
    subscribers.push(heard);
    await waitFor(() => heard.sub.connected);
    return heard;
  };
  const start = async (spec: Parameters<typeof startNode>[0]): Promise<ReplNode> => {
    const node = await startNode(spec);
    nodes.push(node);
    return node;
  };

  it('a master publishes NodeHealth every interval with the values INFO prints', async () => {
    const heard = await listen('t-master');
    const master = await start({ engine: 'ours', args: natsArgs(nats, 't-master') });
    const id = `127.0.0.1:${master.port}`;
    for (const key of ['a', 'b', 'c']) await call(master.port, 'SET', key, 'v');
    await call(master.port, 'SELECT', '3');
    await waitFor(() => heard.healthOf(id).length >= 6, { what: 'six NodeHealth' });

    const hs = heard.healthOf(id);
    expect(new Set(hs.map((h) => h.runId)).size).toBe(1);
    hs.forEach((h, i) => i > 0 && expect(h.seq).toBe(hs[i - 1].seq + 1));
    const gaps = hs.slice(1).map((h, i) => h.sentAtMs - hs[i].sentAtMs);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(INTERVAL_MS * 0.75);
    expect(mean).toBeLessThan(INTERVAL_MS * 1.5);

    const h = await heard.nextHealth(id);
    expect(h).toMatchObject({ role: 'master', host: '127.0.0.1', port: master.port, masterHost: '', masterPort: 0, linkUp: false, appliedOffset: 0, loading: false, syncInProgress: false, replicas: [], keys: 3 });
    expect(h.replid).toBe(await infoField(master.port, 'replication', 'master_replid'));
    expect(h.masterReplOffset).toBe(await infoNumber(master.port, 'replication', 'master_repl_offset'));
    expect(h.usedMemory).toBeGreaterThan(1 << 20);
    expect(Math.abs(h.uptimeMs / 1000 - (await infoNumber(master.port, 'server', 'uptime_in_seconds')))).toBeLessThanOrEqual(1.5);
    expect(logLines(master, 'health events on NATS')[0]).toMatchObject({ nodeId: id, subject: `resplica.t-master.health.127_0_0_1:${master.port}` });
  });

  it('a replica reports sync and link events, offsets equal to INFO, and RoleChanged on REPLICAOF NO ONE', async () => {
    const heard = await listen('t-repl');
    const master = await start({ engine: 'ours', args: natsArgs(nats, 't-repl') });
    for (let i = 0; i < 5; i++) await call(master.port, 'SET', `k${i}`, 'v');
    const replica = await start({ engine: 'ours', replicaOf: master.port, args: natsArgs(nats, 't-repl') });
    const masterId = `127.0.0.1:${master.port}`;
    const replicaId = `127.0.0.1:${replica.port}`;

    await waitFor(() => heard.of(replicaId).some((e) => e.type === 'link-up'), { timeoutMs: 10000, what: 'LinkUp' });
    const events = heard.of(replicaId).filter((e) => e.type !== 'node-health');
    expect(events).toMatchObject([
      { type: 'full-sync-started', masterHost: '127.0.0.1', masterPort: master.port },
      { type: 'full-sync-finished', keys: 5 },
      { type: 'link-up', kind: 'full', masterHost: '127.0.0.1', masterPort: master.port },
    ]);

    for (let i = 0; i < 20; i++) await call(master.port, 'INCR', 'counter');
    await waitForOffsetsEqual(master.port, [replica.port]);
    const replInfo = (port: number, field: string) => async () => (await infoField(port, 'replication', field))!;
    await heard.healthMatchingInfo(replicaId, replInfo(replica.port, 'slave_repl_offset'), (h, info) => h.appliedOffset === Number(info) && h.appliedOffset > 0);
    await heard.healthMatchingInfo(replicaId, replInfo(replica.port, 'master_repl_offset'), (h, info) => h.masterReplOffset === Number(info));
    const rh = await heard.nextHealth(replicaId);
    expect(rh).toMatchObject({ role: 'replica', port: replica.port, masterHost: '127.0.0.1', masterPort: master.port, linkUp: true, syncInProgress: false, loading: false, keys: 6 });
    // The master lists the replica with the offset it acknowledged (ACKs come once a second).
    await heard.healthMatchingInfo(masterId, replInfo(master.port, 'master_repl_offset'), (h, info) => h.replicas.length === 1 && h.replicas[0].ackOffset === Number(info));
    expect((await heard.nextHealth(masterId)).replicas).toEqual([{ host: '127.0.0.1', port: replica.port, ackOffset: expect.any(Number), online: true }]);

    await call(replica.port, 'REPLICAOF', 'NO', 'ONE');
    const changed = await waitFor(() => heard.of(replicaId).find((e) => e.type === 'role-changed'), { what: 'RoleChanged' });
    expect(changed).toMatchObject({ type: 'role-changed', role: 'master', masterHost: '', masterPort: 0 });
    expect(changed.type === 'role-changed' && changed.replid).toBe(await infoField(replica.port, 'replication', 'master_replid'));
    expect(changed.type === 'role-changed' && changed.masterReplOffset).toBe(await infoNumber(replica.port, 'replication', 'master_repl_offset'));
    expect(await heard.nextHealth(replicaId)).toMatchObject({ role: 'master', linkUp: false, masterHost: '' });
  });

  it('LinkDown on the replica and Shutdown from the master when the master stops', async () => {
    const heard = await listen('t-down');
    const master = await start({ engine: 'ours', args: natsArgs(nats, 't-down') });
    const replica = await start({ engine: 'ours', replicaOf: master.port, args: natsArgs(nats, 't-down') });
    const replicaId = `127.0.0.1:${replica.port}`;
    await waitFor(() => heard.of(replicaId).some((e) => e.type === 'link-up'), { timeoutMs: 10000 });

    await master.stop();
    const shutdown = await waitFor(() => heard.of(`127.0.0.1:${master.port}`).find((e) => e.type === 'shutdown'), { what: 'Shutdown' });
    expect(shutdown).toMatchObject({ reason: 'SIGTERM' });
    const down = await waitFor(() => heard.of(replicaId).find((e) => e.type === 'link-down'), { what: 'LinkDown' });
    expect(down).toMatchObject({ masterHost: '127.0.0.1', masterPort: master.port, reason: expect.any(String) });
    await waitFor(async () => (await heard.nextHealth(replicaId)).linkUp === false);
  });

  it('takes its NATS settings from RESPLICA_* variables and a redis.conf file, and announces RESPLICA_ANNOUNCE_IP/PORT', async () => {
    const heard = await listen('t-env');
    const dir = mkdtempSync(join(tmpdir(), 'resplica-health-'));
    try {
      const env = { RESPLICA_NATS: nats.url, RESPLICA_CLUSTER: 't-env', RESPLICA_ANNOUNCE_IP: '10.1.2.3', RESPLICA_ANNOUNCE_PORT: '7000' };
      const fromEnv = await spawnMaster([], env, dir);
      writeFileSync(join(dir, 'node.conf'), `nats ${nats.url}\ncluster t-env\nnode-id cache-eu-1\nhealth-interval-ms ${INTERVAL_MS}\n`);
      const fromFile = await spawnMaster([join(dir, 'node.conf')], {}, dir);
      try {
        expect(await heard.nextHealth('10.1.2.3:7000')).toMatchObject({ host: '10.1.2.3', port: 7000 });
        expect(await heard.nextHealth('cache-eu-1')).toMatchObject({ host: '127.0.0.1', port: fromFile.port });
      } finally {
        await Promise.all([fromEnv.stop(), fromFile.stop()]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a node without NATS says so once and serves', async () => {
    const node = await start({ engine: 'ours' });
    expect(await call(node.port, 'PING')).toBe('+PONG\r\n');
    expect(logLines(node, 'health events disabled: no NATS configured')).toHaveLength(1);
  });
});

describe('health events of node processes with NATS authorization', () => {
  const USER = 'node';
  const PASSWORD = 'pw-3f9a';
  let nats: NatsServer;
  const nodes: ReplNode[] = [];
  let heard: Heard;

  beforeAll(async () => {
    nats = await startNatsServer({ auth: { user: USER, password: PASSWORD } });
    heard = new Heard(nats.url, 't-auth', { user: USER, password: PASSWORD });
    await waitFor(() => heard.sub.connected);
  });
  afterAll(async () => {
    await stopAll(nodes);
    await heard.close();
    await nats.stop();
  });

  it('hears a node with the credentials, never one without them', async () => {
    const args = natsArgs(nats, 't-auth');
    const authed = await startNode({ engine: 'ours', args: [...args, '--nats-user', USER, '--nats-password', PASSWORD] });
    nodes.push(authed);
    const forger = await startNode({ engine: 'ours', args: [...args, '--node-id', `127.0.0.1:${authed.port}`] });
    nodes.push(forger);
    await waitFor(() => logLines(forger, 'nats: cannot connect, retrying').length > 0, { what: 'the forger to be refused' });
    expect(String(logLines(forger, 'nats: cannot connect, retrying')[0].err)).toMatch(/authorization/i);
    await waitFor(() => heard.healthOf(`127.0.0.1:${authed.port}`).length >= 3);
    // Both claim the same node id: every event heard is the authenticated node's (one run id, its port).
    const runIds = new Set(heard.of(`127.0.0.1:${authed.port}`).map((e) => e.runId));
    expect(runIds.size).toBe(1);
    expect(heard.events.every((e) => e.type !== 'node-health' || e.port === authed.port)).toBe(true);
    expect(authed.output()).not.toContain(PASSWORD);
  });
});
