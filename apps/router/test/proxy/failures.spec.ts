/**
 * Failures the proxy handles for its clients: a replica that answers -LOADING or -MASTERDOWN (the
 * read is retried elsewhere, invisibly, and the replica reported unusable), a master that goes
 * away (writes answer TRYAGAIN at once, reads keep flowing from the replica), a connection that
 * breaks or stops answering (its requests in flight, and only those, get a clear error, and the
 * backend is reported), and a subscriber whose backend goes away (disconnected, so it resubscribes).
 */
import {
  RawClient,
  startMasterOf,
  startRedisReplica,
  startRedisServer,
  stopAll,
  waitFor,
  waitForLinkUp,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';
import { RecordingCounters } from '../support/counters';
import { FakeBackend } from '../support/fake-backend';
import { pipelineBytes } from '../support/replies';
import { startRouter } from '../support/router';
import { ref, StaticRouting } from '../support/static-routing';

async function text(c: RawClient, ...argv: string[]): Promise<string> {
  return (await c.call(...argv)).toString('latin1');
}

const LOADING = '-LOADING Redis is loading the dataset in memory\r\n';
const MASTERDOWN = "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n";

describe('a replica that cannot serve reads', () => {
  let master: RunningServer;
  let other: RunningServer;

  beforeAll(async () => {
    [master, other] = await Promise.all([startRedisServer(), startRedisServer()]);
    for (const [server, value] of [[master, 'm'], [other, 'o']] as const) {
      const c = await RawClient.connect(server.port);
      expect(await text(c, 'SET', 'k', value)).toBe('+OK\r\n');
      c.destroy();
    }
  });

  afterAll(async () => {
    await stopAll([master, other]);
  });

  for (const [label, error] of [['-LOADING', LOADING], ['-MASTERDOWN', MASTERDOWN]]) {
    it(`retries a read answered ${label} on another replica, and reports the first one unusable`, async () => {
      const fake = await FakeBackend.start(() => error);
      const routing = new StaticRouting(master.port, [fake.port, other.port]);
      const counters = new RecordingCounters();
      const router = await startRouter(routing, [], { counters });
      const c = await RawClient.connect(router.port);
      try {
        // The first read goes to the fake (round robin starts there): retried on the other replica.
        expect(await text(c, 'GET', 'k')).toBe('$1\r\no\r\n');
        expect(routing.reports).toEqual([{ kind: 'unusable', id: ref(fake.port).id, reason: `${label} reply` }]);
        expect(counters.count(fake.port, 'retried')).toBe(1);
        expect(fake.received).toEqual([['GET', 'k']]);
        expect(await text(c, 'GET', 'k')).toBe('$1\r\no\r\n');
        expect(fake.received.length).toBe(1);
      } finally {
        c.destroy();
        await router.close();
        await fake.close();
      }
    });
  }

  it('retries on the master when no other replica is fresh, keeping a pipeline in order', async () => {
    const fake = await FakeBackend.start(() => LOADING);
    const routing = new StaticRouting(master.port, [fake.port]);
    const router = await startRouter(routing);
    const c = await RawClient.connect(router.port);
    try {
      const script = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ['GET', 'k'] : ['ECHO', `e${i}`]));
      const replies = (await pipelineBytes(c, script)).map((r) => r.toString());
      expect(replies).toEqual(script.map(([cmd, arg]) => (cmd === 'GET' ? '$1\r\nm\r\n' : `$${arg.length}\r\n${arg}\r\n`)));
      // Every read already sent to the fake replica was retried, and it left the rotation.
      expect(routing.reports.every((r) => r.kind === 'unusable' && r.id === ref(fake.port).id)).toBe(true);
      expect(fake.received.length).toBe(routing.reports.length);
    } finally {
      c.destroy();
      await router.close();
      await fake.close();
    }
  });

  it('answers TRYAGAIN instead under read-fallback error', async () => {
    const fake = await FakeBackend.start(() => LOADING);
    const router = await startRouter(new StaticRouting(master.port, [fake.port]), ['--read-fallback', 'error']);
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'GET', 'k')).toBe('-TRYAGAIN no replica available for reads\r\n');
    } finally {
      c.destroy();
      await router.close();
      await fake.close();
    }
  });
});

describe('a master that goes away', () => {
  let master: ReplNode;
  let replica: ReplNode;

  beforeAll(async () => {
    master = await startMasterOf('redis');
    replica = await startRedisReplica(master.port);
    await waitForLinkUp(replica.port);
  });

  afterAll(async () => {
    await stopAll([master, replica]);
  });

  it('answers writes TRYAGAIN at once while reads keep flowing from the replica', async () => {
    // keepReported: the table keeps naming the dead master, so the proxy's backoff is what answers.
    const routing = new StaticRouting(master.port, [replica.port], { keepReported: true });
    const router = await startRouter(routing, [], { limits: { reconnectBackoffMs: 60000 } });
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'SET', 'md:k', 'before')).toBe('+OK\r\n');
      await waitFor(async () => (await text(c, 'GET', 'md:k')) === '$6\r\nbefore\r\n', { what: 'the replica to have md:k' });
      await master.stop();
      const first = await text(c, 'SET', 'md:k', 'during');
      expect(first).toMatch(
        new RegExp(`^(-TRYAGAIN backend 127\\.0\\.0\\.1:${master.port} unavailable \\(ECONNREFUSED\\)|-ERR connection to backend 127\\.0\\.0\\.1:${master.port} lost \\(.+\\); the command may or may not have run)\r\n$`),
      );
      const started = Date.now();
      for (let i = 0; i < 10; i++) expect(await text(c, 'SET', 'md:k', 'during')).toBe('-TRYAGAIN master unavailable\r\n');
      expect(await text(c, 'MULTI')).toBe('-TRYAGAIN master unavailable\r\n');
      expect(await text(c, 'BLPOP', 'md:l', '1')).toBe('-TRYAGAIN master unavailable\r\n');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await text(c, 'GET', 'md:k')).toBe('$6\r\nbefore\r\n');
      expect(routing.reports.some((r) => r.kind === 'failure' && r.id === ref(master.port).id)).toBe(true);
    } finally {
      c.destroy();
      await router.close();
    }
  });
});

describe('a backend connection that breaks or hangs', () => {
  let replica: RunningServer;

  beforeAll(async () => {
    replica = await startRedisServer();
  });

  afterAll(async () => {
    await stopAll([replica]);
  });

  it('answers the requests in flight on a broken connection, and only those', async () => {
    const fake = await FakeBackend.start((argv) => (argv[1] === 'hang' ? null : '+OK\r\n'));
    const routing = new StaticRouting(fake.port, [replica.port], { keepReported: true });
    const router = await startRouter(routing);
    // Consecutive clients use different connections of the master's shared pool.
    const a = await RawClient.connect(router.port);
    const b = await RawClient.connect(router.port);
    try {
      expect(await text(a, 'SET', 'x', '1')).toBe('+OK\r\n');
      expect(await text(b, 'SET', 'x', '2')).toBe('+OK\r\n');
      expect(fake.connections).toBe(2);
      a.sendCommand(['SET', 'hang', '1']);
      a.sendCommand(['GET', 'fine']);
      await waitFor(() => fake.received.some((argv) => argv[1] === 'hang'), { what: 'the fake to get the SET' });
      fake.dropConnectionOf('hang');
      // a's SET was in flight on the broken connection; its GET, sent to the replica, is answered
      // normally, in order after it.
      expect((await a.readReply()).toString()).toBe(
        `-ERR connection to backend 127.0.0.1:${fake.port} lost (closed by backend); the command may or may not have run\r\n`,
      );
      expect((await a.readReply()).toString()).toBe('$-1\r\n');
      // b's connection is another one: untouched.
      expect(await text(b, 'SET', 'x', '4')).toBe('+OK\r\n');
      expect(routing.reports).toEqual([{ kind: 'failure', id: ref(fake.port).id, reason: 'closed by backend' }]);
      // The broken connection is replaced on the next request.
      expect(await text(a, 'SET', 'x', '3')).toBe('+OK\r\n');
      expect(fake.connections).toBe(2);
    } finally {
      a.destroy();
      b.destroy();
      await router.close();
      await fake.close();
    }
  });

  it('fails a connection whose backend stops answering after the reply timeout', async () => {
    const fake = await FakeBackend.start((argv) => (argv[1] === 'hang' ? null : '+OK\r\n'));
    const routing = new StaticRouting(fake.port, [replica.port]);
    const router = await startRouter(routing, [], { limits: { replyTimeoutMs: 300, cronIntervalMs: 20 } });
    const c = await RawClient.connect(router.port);
    try {
      const started = Date.now();
      expect(await text(c, 'SET', 'hang', '1')).toBe(
        `-ERR connection to backend 127.0.0.1:${fake.port} lost (reply timeout); the command may or may not have run\r\n`,
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(2000);
      expect(routing.reports).toEqual([{ kind: 'failure', id: ref(fake.port).id, reason: 'reply timeout' }]);
      expect(await text(c, 'GET', 'still')).toBe('$-1\r\n');
    } finally {
      c.destroy();
      await router.close();
      await fake.close();
    }
  });

  it('disconnects a subscriber whose backend goes away, so that it subscribes again', async () => {
    const doomed = await startRedisServer();
    const router = await startRouter(new StaticRouting(replica.port, [doomed.port]));
    const sub = await RawClient.connect(router.port);
    try {
      // Subscribers use the master unless told to spread over replicas.
      expect(await text(sub, 'RESPLICA', 'ROUTE', 'replica')).toBe('+OK\r\n');
      expect(await text(sub, 'SUBSCRIBE', 'news')).toBe('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n');
      await doomed.stop();
      await sub.closed;
    } finally {
      sub.destroy();
      await router.close();
    }
  });
});
