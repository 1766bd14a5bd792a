/*
 * Publisher → subscriber through a real nats-server: every event kind arrives decoded with its
 * envelope (node id, run id, seq in order, sender's clock), clusters are isolated, and the
 * subscriber skips garbage and messages whose node id does not match their subject.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, waitFor, type NatsServer } from '@resplica/testing';
import { encodeHealthEvent, healthSubject, type HealthEventInput, type HealthPublisher, type HealthSubscriber } from '../src';
import { collectingSubscriber, linkDown, publisher, recordingLogger, sampleHealth } from './support';

const EVERY_KIND: HealthEventInput[] = [
  sampleHealth,
  { type: 'link-up', kind: 'partial', masterHost: '10.0.0.1', masterPort: 6380, offset: 99 },
  linkDown('connection lost'),
  { type: 'full-sync-started', masterHost: '10.0.0.1', masterPort: 6380 },
  { type: 'full-sync-finished', keys: 42 },
  { type: 'role-changed', role: 'master', masterHost: '', masterPort: 0, replid: 'f'.repeat(40), masterReplOffset: 77 },
  { type: 'shutdown', reason: 'SIGTERM' },
];

describe('HealthPublisher → HealthSubscriber over nats-server', () => {
  let nats: NatsServer;
  const open: (HealthPublisher | HealthSubscriber)[] = [];
  let raw: NatsConnection | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await raw?.close();
    raw = null;
  });
  afterAll(async () => {
    await nats.stop();
  });

  it('delivers every event kind with its envelope, in order', async () => {
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'alpha');
    const pub = publisher({ servers: nats.url }, 'alpha', '127.0.0.1:6380');
    open.push(sub, pub);
    pub.start();
    await waitFor(() => sub.connected && pub.connected, { what: 'both connected' });
    const before = Date.now();
    for (const e of EVERY_KIND) pub.publish(e);
    await waitFor(() => events.length === EVERY_KIND.length, { what: 'all events received' });
    expect(events).toStrictEqual(EVERY_KIND.map((e, i) => ({ ...e, nodeId: '127.0.0.1:6380', runId: pub.runId, seq: i + 1, sentAtMs: events[i].sentAtMs })));
    for (const e of events) {
      expect(e.sentAtMs).toBeGreaterThanOrEqual(before);
      expect(e.sentAtMs).toBeLessThanOrEqual(Date.now());
    }
    expect(pub.subject).toBe('resplica.alpha.health.127_0_0_1:6380');
  });

  it('keeps clusters apart', async () => {
    const a = collectingSubscriber({ servers: nats.url }, 'a');
    const b = collectingSubscriber({ servers: nats.url }, 'b');
    const pubA = publisher({ servers: nats.url }, 'a', 'n1');
    const pubB = publisher({ servers: nats.url }, 'b', 'n1');
    open.push(a.sub, b.sub, pubA, pubB);
    pubA.start();
    pubB.start();
    await waitFor(() => a.sub.connected && b.sub.connected && pubA.connected && pubB.connected);
    pubA.publish(linkDown('to a'));
    pubB.publish(linkDown('to b'));
    pubB.publish(linkDown('to b again'));
    await waitFor(() => a.events.length === 1 && b.events.length === 2);
    expect(a.events.map((e) => e.type === 'link-down' && e.reason)).toEqual(['to a']);
    expect(b.events.map((e) => e.type === 'link-down' && e.reason)).toEqual(['to b', 'to b again']);
  });

  it('skips garbage and events whose node id is not their subject, and keeps going', async () => {
    const log = recordingLogger();
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'gamma', log);
    open.push(sub);
    await waitFor(() => sub.connected);
    raw = await connect({ servers: nats.url });
    const header = (nodeId: string, seq: number): { nodeId: string; runId: string; seq: number; sentAtMs: number } => ({ nodeId, runId: 'x', seq, sentAtMs: 1 });
    raw.publish(healthSubject('gamma', 'victim'), Uint8Array.of(0xff, 0xff, 0xff));
    raw.publish(healthSubject('gamma', 'victim'), encodeHealthEvent(header('impostor', 1), linkDown('forged')));
    raw.publish(healthSubject('gamma', 'victim'), encodeHealthEvent(header('victim', 2), linkDown('genuine')));
    await waitFor(() => events.length === 1);
    await raw.flush();
    expect(events).toMatchObject([{ nodeId: 'victim', seq: 2, reason: 'genuine' }]);
    const skipped = log.lines.filter((l) => l.msg.startsWith('health: skipped'));
    // Rate-limited: the second bad message is counted, not logged.
    expect(skipped).toHaveLength(1);
    expect(skipped[0].fields).toMatchObject({ subject: 'resplica.gamma.health.victim' });
  });

  it('keeps delivering to the other listeners when one throws', async () => {
    const { sub, events } = collectingSubscriber({ servers: nats.url }, 'delta');
    sub.onEvent(() => {
      throw new Error('listener bug');
    });
    const second: number[] = [];
    sub.onEvent((e) => second.push(e.seq));
    const pub = publisher({ servers: nats.url }, 'delta', 'n');
    open.push(sub, pub);
    pub.start();
    await waitFor(() => sub.connected && pub.connected);
    pub.publish(linkDown('1'));
    pub.publish(linkDown('2'));
    await waitFor(() => second.length === 2);
    expect(events).toHaveLength(2);
  });
});
