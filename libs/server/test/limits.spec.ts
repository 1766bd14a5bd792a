/*
 * Connection limits: maxclients, idle timeout, client output buffer limits (a reply too big for
 * the normal class's hard limit; a subscriber that stops reading while messages keep coming).
 */
import { connect, type Socket } from 'node:net';
import { waitFor } from '@resplica/testing';
import { exchange, startNode, type TestNode } from './start-node';

describe('maxclients', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode(['--maxclients', '1']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses the client over the limit and keeps the others', async () => {
    const first = await t.connect();
    expect(await exchange(first, 'PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
    const second = await t.connect();
    expect((await second.readUntilClosed()).toString()).toBe('-ERR max number of clients reached\r\n');
    expect(t.node.stats.rejectedConnections).toBe(1);
    expect(await exchange(first, 'PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
  });
});

describe('timeout', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode(['--timeout', '1']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('closes an idle client, not a subscriber', async () => {
    const idle = await t.connect();
    const sub = await t.connect();
    await exchange(sub, 'SUBSCRIBE ch\r\n', '*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n');
    expect((await idle.readUntilClosed(5000)).length).toBe(0);
    expect(sub.isClosedNow).toBe(false);
  });
});

describe('client output buffer limits', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('closes a normal client whose reply exceeds the hard limit, without a reply', async () => {
    expect(t.node.config.set([['client-output-buffer-limit', 'normal 1kb 0 0']])).toBeNull();
    const c = await t.connect();
    c.send(`ECHO ${'x'.repeat(2000)}\r\n`);
    expect((await c.readUntilClosed()).length).toBe(0);
    expect(t.node.stats.clientOutputBufferLimitDisconnections).toBe(1);
    expect(t.node.config.set([['client-output-buffer-limit', 'normal 0 0 0']])).toBeNull();
  });

  it('closes a subscriber that stopped reading once its output passes the pubsub hard limit', async () => {
    expect(t.node.config.set([['client-output-buffer-limit', 'pubsub 256kb 0 0']])).toBeNull();
    const before = t.node.stats.clientOutputBufferLimitDisconnections;
    const slow: Socket = connect(t.port, '127.0.0.1');
    let closed = false;
    slow.on('close', () => (closed = true));
    slow.on('error', () => undefined);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write('SUBSCRIBE ch\r\n');
    await new Promise<void>((resolve) => slow.once('data', () => resolve()));
    slow.pause();
    const pub = await t.connect();
    const message = 'm'.repeat(64 * 1024);
    // The kernel buffers several MB on loopback; keep publishing until the engine gives up on it.
    await waitFor(
      async () => {
        for (let i = 0; i < 16; i++) pub.send(`PUBLISH ch ${message}\r\n`);
        await pub.readBytes(16 * 4);
        return t.node.stats.clientOutputBufferLimitDisconnections > before;
      },
      { timeoutMs: 10000, what: 'the slow subscriber to be disconnected' },
    );
    // A paused socket notices the close only when it reads again.
    slow.resume();
    await waitFor(() => closed, { what: 'the slow socket to close' });
    slow.destroy();
  });
});
