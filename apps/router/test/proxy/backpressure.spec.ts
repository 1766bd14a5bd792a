/**
 * Backpressure: a client that pipelines reads of big values and does not read its replies makes
 * the router hold a bounded amount (its in-flight window shrinks to a few replies, then its
 * socket is paused), while other clients are served; once it reads, every reply arrives, in
 * order. Likewise a backend that stops reading holds back only what its clients can have in
 * flight.
 */
import { connect, type Socket } from 'node:net';
import { RawClient, startRedisServer, stopAll, waitFor, type RunningServer } from '@resplica/testing';
import { FakeBackend } from '../support/fake-backend';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

const VALUE_BYTES = 256 * 1024;
const KEYS = 8;
const REQUESTS = 600;
/** What the router may hold for one stalled client: far below the 150 MB of replies asked for. */
const BOUND = 16 * 1024 * 1024;

function connectPaused(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.pause();
      resolve(socket);
    });
  });
}

function held(router: TestRouter): { clients: number; backends: number } {
  let clients = 0;
  let backends = 0;
  for (const s of router.proxy.clients) clients += s.bufferedBytes;
  for (const conn of router.proxy.ctx.backends.live) backends += conn.bufferedBytes;
  return { clients, backends };
}

describe('a slow client', () => {
  let master: RunningServer;
  let router: TestRouter;

  beforeAll(async () => {
    master = await startRedisServer();
    const seed = await RawClient.connect(master.port);
    for (let i = 0; i < KEYS; i++) expect((await seed.call('SET', `big:${i}`, String.fromCharCode(97 + i).repeat(VALUE_BYTES))).toString()).toBe('+OK\r\n');
    seed.destroy();
    router = await startRouter(new StaticRouting(master.port, []));
  });

  afterAll(async () => {
    await router?.close();
    await stopAll([master]);
  });

  it('does not make the router hold its replies without bound, and gets them all once it reads', async () => {
    const slow = await connectPaused(router.port);
    const pipeline = Buffer.from(Array.from({ length: REQUESTS }, (_, i) => `*2\r\n$3\r\nGET\r\n$5\r\nbig:${i % KEYS}\r\n`).join(''));
    slow.write(pipeline);
    const external = process.memoryUsage().arrayBuffers;
    // Wait until the router has stopped taking the slow client's requests.
    let last = -1;
    await waitFor(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const now = held(router).clients;
        const settled = now === last && now > 0;
        last = now;
        return settled;
      },
      { timeoutMs: 15000, what: 'the slow client’s buffered bytes to settle' },
    );
    const { clients, backends } = held(router);
    expect(clients).toBeLessThan(BOUND);
    expect(backends).toBeLessThan(BOUND);
    expect(process.memoryUsage().arrayBuffers - external).toBeLessThan(4 * BOUND);
    const session = [...router.proxy.clients].find((s) => s.bufferedBytes > 0)!;
    expect(session.queue.length).toBeLessThanOrEqual(16);

    // Another client is served meanwhile.
    const other = await RawClient.connect(router.port);
    expect((await other.call('STRLEN', 'big:0')).toString()).toBe(`:${VALUE_BYTES}\r\n`);
    other.destroy();

    // Reading now delivers every reply, complete and in order (each key has its own letter).
    const expected = Array.from({ length: KEYS }, (_, i) => Buffer.concat([Buffer.from(`$${VALUE_BYTES}\r\n`), Buffer.alloc(VALUE_BYTES, 97 + i), Buffer.from('\r\n')]));
    const replyBytes = expected[0].length;
    let received = 0;
    let wrong = 0;
    await new Promise<void>((resolve, reject) => {
      slow.on('error', reject);
      slow.on('data', (chunk: Buffer) => {
        for (let at = 0; at < chunk.length; ) {
          const reply = Math.floor(received / replyBytes);
          const within = received % replyBytes;
          const n = Math.min(chunk.length - at, replyBytes - within);
          if (chunk.compare(expected[reply % KEYS], within, within + n, at, at + n) !== 0) wrong++;
          at += n;
          received += n;
        }
        if (received >= REQUESTS * replyBytes) resolve();
      });
      slow.resume();
    });
    expect(received).toBe(REQUESTS * replyBytes);
    expect(wrong).toBe(0);
    slow.destroy();
  }, 60000);
});

describe('a backend that stops reading', () => {
  let replica: RunningServer;

  beforeAll(async () => {
    replica = await startRedisServer();
  });

  afterAll(async () => {
    await stopAll([replica]);
  });

  it('holds back only what its clients may have in flight', async () => {
    const fake = await FakeBackend.start(() => '+OK\r\n');
    fake.stopReading();
    const router = await startRouter(new StaticRouting(fake.port, [replica.port]));
    const clients = await Promise.all(Array.from({ length: 10 }, () => RawClient.connect(router.port)));
    try {
      const value = 'x'.repeat(100 * 1024);
      const pipeline = Buffer.concat(Array.from({ length: 100 }, () => Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${value.length}\r\n${value}\r\n`)));
      // 10 clients × 100 SETs × 100 KB = 100 MB offered to a backend that reads none of it.
      for (const c of clients) c.send(pipeline);
      let last = -1;
      await waitFor(
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          const now = held(router).backends;
          const settled = now === last && now > 0;
          last = now;
          return settled;
        },
        { timeoutMs: 15000, what: 'the backend’s buffered bytes to settle' },
      );
      const { clients: clientBytes, backends } = held(router);
      expect(backends).toBeLessThan(24 * 1024 * 1024);
      expect(clientBytes).toBeLessThan(10 * 2 * 64 * 1024 + 10 * 64 * 1024);
      // Reads, which go to the replica, still work for a new client.
      const reader = await RawClient.connect(router.port);
      expect((await reader.call('GET', 'k')).toString()).toBe('$-1\r\n');
      reader.destroy();
    } finally {
      for (const c of clients) c.destroy();
      await router.close();
      await fake.close();
    }
  }, 60000);
});
