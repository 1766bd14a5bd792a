/*
 * NATS outages: the nats-server is stopped and started again on the same port, and publisher and
 * subscriber reconnect by themselves; a publisher cut off from NATS (through a TcpProxy) sends what
 * was published meanwhile, in order, once it is back;
 * publishing 10k events while NATS is down returns at once and keeps the buffer bounded; a node
 * started before NATS connects when it appears; close() is bounded while NATS is down.
 */
import { startNatsServer, TcpProxy, waitFor, type NatsServer } from '@resplica/testing';
import type { HealthPublisher, HealthSubscriber } from '../src';
import { collectingSubscriber, linkDown, publisher, recordingLogger, sampleHealth } from './support';

/** nats.js waits about a second between reconnect attempts (RETRY_MS), plus start-up of the server. */
const RECONNECT_TIMEOUT_MS = 15000;

describe('health over a NATS outage', () => {
  let nats: NatsServer;
  const open: (HealthPublisher | HealthSubscriber)[] = [];
  const proxies: TcpProxy[] = [];

  beforeEach(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    await nats.stop();
  });

  it('reconnects after the nats-server restarts on the same port, then publishes again', async () => {
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'c');
    const log = recordingLogger();
    const pub = publisher({ servers: nats.url }, 'c', 'n', log);
    open.push(sub, pub);
    pub.start();
    await waitFor(() => sub.connected && pub.connected);
    pub.publish(linkDown('before'));
    await waitFor(() => events.length === 1);

    await nats.stop();
    await waitFor(() => !pub.connected && !sub.connected, { what: 'both to notice the outage' });
    pub.publish(linkDown('during 1'));
    pub.publish(sampleHealth);
    pub.publish(linkDown('during 2'));
    expect(pub.buffered).toBe(3);

    await nats.restart();
    await waitFor(() => pub.connected && sub.connected, { timeoutMs: RECONNECT_TIMEOUT_MS, what: 'both reconnected' });
    // Which of the two reconnected first is chance, so the buffered events may have left before the
    // subscription was back (NATS core keeps nothing): the next test checks their delivery.
    pub.publish(linkDown('after'));
    await waitFor(() => events.some((e) => e.type === 'link-down' && e.reason === 'after'), { what: 'an event after the restart' });
    expect(pub.buffered).toBe(0);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(log.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['nats: connected', 'nats: disconnected, reconnecting', 'nats: reconnected']));
  });

  it('sends the buffered events, in order, once NATS is reachable again', async () => {
    // The publisher reaches NATS through a proxy, so only it loses NATS while the subscriber stays.
    const proxy = await TcpProxy.start(nats.port);
    proxies.push(proxy);
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'c');
    const pub = publisher({ servers: `nats://127.0.0.1:${proxy.port}` }, 'c', 'n');
    open.push(sub, pub);
    pub.start();
    await waitFor(() => sub.connected && pub.connected);
    proxy.setMode('refuse');
    proxy.cutAll();
    await waitFor(() => !pub.connected);
    for (let i = 1; i <= 5; i++) pub.publish(linkDown(`during ${i}`));
    pub.publish(sampleHealth);
    pub.publish(sampleHealth);
    expect(pub.buffered).toBe(6);
    proxy.setMode('pass');
    await waitFor(() => events.length === 6, { timeoutMs: RECONNECT_TIMEOUT_MS, what: 'the buffered events' });
    expect(events.map((e) => (e.type === 'link-down' ? e.reason : e.type))).toEqual(['during 1', 'during 2', 'during 3', 'during 4', 'during 5', 'node-health']);
    // The first NodeHealth (seq 6) was superseded by the second (seq 7) while buffered.
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(pub.buffered).toBe(0);
  });

  it('publishing 10k events while NATS is down returns at once and keeps only the newest maxBuffered', async () => {
    const proxy = await TcpProxy.start(nats.port);
    proxies.push(proxy);
    const log = recordingLogger();
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'c');
    const pub = publisher({ servers: `nats://127.0.0.1:${proxy.port}` }, 'c', 'n', log, 100);
    open.push(sub, pub);
    pub.start();
    await waitFor(() => sub.connected && pub.connected);
    proxy.setMode('refuse');
    proxy.cutAll();
    await waitFor(() => !pub.connected);

    const started = process.hrtime.bigint();
    for (let i = 1; i <= 10_000; i++) pub.publish(linkDown(`e${i}`));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // About 20 ms here; the bound is loose for slow machines, and far below any blocking wait.
    expect(elapsedMs).toBeLessThan(1000);
    expect(pub.buffered).toBe(100);
    expect(pub.dropped).toBe(9900);
    // Rate-limited: one warning for 9900 drops.
    expect(log.lines.filter((l) => l.msg.startsWith('health: NATS unreachable, dropping'))).toHaveLength(1);

    proxy.setMode('pass');
    await waitFor(() => events.length === 100, { timeoutMs: RECONNECT_TIMEOUT_MS, what: 'the buffered events' });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 9901 + i));
    expect(log.lines).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'health: sent the buffered events', fields: { sent: 100, droppedSinceStart: 9900 } })]));
  });

  it('a publisher started before NATS connects once it appears', async () => {
    await nats.stop();
    const pub = publisher({ servers: nats.url }, 'c', 'n');
    open.push(pub);
    pub.start();
    pub.publish(linkDown('early'));
    expect(pub.connected).toBe(false);
    expect(pub.buffered).toBe(1);
    await nats.restart();
    await waitFor(() => pub.connected, { timeoutMs: RECONNECT_TIMEOUT_MS });
    expect(pub.buffered).toBe(0);
  });

  it('close() returns promptly while NATS is down', async () => {
    const pub = publisher({ servers: nats.url }, 'c', 'n');
    pub.start();
    await waitFor(() => pub.connected);
    await nats.stop();
    await waitFor(() => !pub.connected);
    pub.publish({ type: 'shutdown', reason: 'test' });
    const started = Date.now();
    await pub.close();
    expect(Date.now() - started).toBeLessThan(500);
    pub.publish(linkDown('after close'));
    expect(pub.buffered).toBe(1);
  });
});
