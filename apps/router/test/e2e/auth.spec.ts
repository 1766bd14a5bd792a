/*
 * End to end with NATS authorization: the nats-server requires a user and password, nodes and
 * routers have them, and everything routes as usual. A forger without the credentials connects
 * with the raw NATS protocol and publishes well-formed health events — a new replica that does not
 * exist, and a shutdown in the name of a real replica. The server refuses the connection, and the
 * routers' view stays what it was. The same bytes published with the credentials do change the
 * view, so the events were ones the routers would have acted on.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeHealthEvent, healthSubject, type HealthEventInput } from '@resplica/health';
import { freePort, RawClient, routerView, waitFor, type RouterView } from '@resplica/testing';
import { CLUSTER, HEALTH_INTERVAL_MS, startCluster, type Cluster } from './cluster';

const AUTH = { user: 'resplica', password: 'n0t-guessable' };
const AUTH_ERROR = "-ERR 'Authorization Violation'\r\n";

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ auth: AUTH });
}, 30000);

afterAll(() => cluster?.stop());

/** A NATS PUB of one health event in `nodeId`'s name, on the subject that node publishes on. */
function pub(nodeId: string, event: HealthEventInput): Buffer {
  const payload = Buffer.from(encodeHealthEvent({ nodeId, runId: 'forged', seq: 1, sentAtMs: Date.now() }, event));
  const subject = healthSubject(CLUSTER, nodeId);
  return Buffer.concat([Buffer.from(`PUB ${subject} ${payload.length}\r\n`), payload, Buffer.from('\r\n')]);
}

/**
 * Connects to the nats-server with `credentials` in CONNECT, sends `messages` then PING, and
 * returns what the server answered after its INFO line, once it sent PONG or closed.
 */
function publishRaw(credentials: object, messages: Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: cluster.nats.port, host: '127.0.0.1' });
    let received = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no PONG or close from nats-server; got ${JSON.stringify(received)}`));
    }, 5000);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received.slice(received.indexOf('\r\n') + 2));
    };
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sent && received.includes('\r\n')) {
        sent = true;
        const connectLine = Buffer.from(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, name: 'forger', ...credentials })}\r\n`);
        socket.write(Buffer.concat([connectLine, ...messages, Buffer.from('PING\r\n')]));
      }
      if (received.includes('PONG\r\n')) done();
    });
  });
}

/** What the routers route by: the master, and every backend with its role and verdict. */
async function views(): Promise<string[][]> {
  const all: RouterView[] = await Promise.all(cluster.routers.map((r) => routerView(r.port)));
  return all.map((v) => [v.master, ...v.backends.map((b) => `${b.id} ${b.role} serving=${b.serving}`)]);
}

it('routes with the credentials, and refuses forged health events from a client without them', async () => {
  const before = await views();
  expect(before).toEqual(
    cluster.routers.map(() => [
      cluster.idOf(cluster.master),
      `${cluster.idOf(cluster.master)} master serving=1`,
      ...cluster.replicas.map((r) => `${cluster.idOf(r)} replica serving=1`).sort(),
    ]),
  );

  const client = await RawClient.connect(cluster.routers[1].port);
  try {
    expect((await client.call('SET', 'auth:k', 'v')).toString()).toBe('+OK\r\n');
    await cluster.barrier();
    expect((await client.call('GET', 'auth:k')).toString()).toBe('$1\r\nv\r\n');
  } finally {
    client.destroy();
  }

  const ghost = `127.0.0.1:${await freePort()}`;
  const [ghostHost, ghostPort] = ghost.split(':');
  const victim = cluster.idOf(cluster.replicas[0]);
  const forged = [
    pub(ghost, {
      type: 'node-health',
      role: 'replica',
      host: ghostHost,
      port: Number(ghostPort),
      replid: 'f'.repeat(40),
      masterReplOffset: 0,
      masterHost: '127.0.0.1',
      masterPort: cluster.master.port,
      linkUp: true,
      appliedOffset: 0,
      syncInProgress: false,
      loading: false,
      replicas: [],
      keys: 0,
      usedMemory: 0,
      uptimeMs: 1,
      syncReadBytes: 0,
      syncTotalBytes: 0,
    }),
    pub(victim, { type: 'shutdown', reason: 'forged' }),
  ];

  expect(await publishRaw({}, forged)).toBe(AUTH_ERROR);
  expect(await publishRaw({ user: AUTH.user, pass: 'guess' }, forged)).toBe(AUTH_ERROR);
  // Several health intervals: a forged event that got through would have been applied by now.
  await sleep(5 * HEALTH_INTERVAL_MS);
  expect(await views()).toEqual(before);

  // Control: with the credentials the same bytes reach the routers, which then list the ghost.
  expect(await publishRaw({ user: AUTH.user, pass: AUTH.password }, forged)).toBe('PONG\r\n');
  await waitFor(async () => (await views()).every((v) => v.some((line) => line.startsWith(`${ghost} replica`))), {
    what: 'the routers to list the ghost published with credentials',
  });
}, 30000);
