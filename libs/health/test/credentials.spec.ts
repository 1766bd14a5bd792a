/*
 * A forged health event must be refused: with the nats-server started with authorization, a
 * subscriber hears an authenticated publisher, while a process without the credentials (or with
 * wrong ones) cannot connect, so cannot publish. Both user/password and token. Credentials never
 * appear in a log line.
 */
import { connect } from '@nats-io/transport-node';
import { startNatsServer, waitFor, type NatsServer } from '@resplica/testing';
import { encodeHealthEvent, healthSubject, type HealthPublisher, type HealthSubscriber } from '../src';
import { collectingSubscriber, linkDown, publisher, recordingLogger } from './support';

const USER = 'resplica';
const PASSWORD = 's3cret-pw';
const TOKEN = 't0ken-abc';

describe('health with NATS authorization', () => {
  const open: (HealthPublisher | HealthSubscriber)[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  describe('user and password', () => {
    let nats: NatsServer;
    beforeAll(async () => {
      nats = await startNatsServer({ auth: { user: USER, password: PASSWORD } });
    });
    afterAll(async () => {
      await nats.stop();
    });

    it('delivers events from an authenticated publisher, and none from one without credentials', async () => {
      const creds = { servers: nats.url, user: USER, password: PASSWORD };
      const { sub, events } = collectingSubscriber(creds, 'sec');
      const good = publisher(creds, 'sec', 'good');
      const log = recordingLogger();
      const forger = publisher({ servers: nats.url }, 'sec', 'good', log);
      open.push(sub, good, forger);
      good.start();
      forger.start();
      await waitFor(() => sub.connected && good.connected);
      await waitFor(() => log.lines.some((l) => l.msg === 'nats: cannot connect, retrying'), { what: 'the forger to be refused' });
      expect(forger.connected).toBe(false);
      forger.publish(linkDown('forged'));
      good.publish(linkDown('genuine'));
      forger.publish(linkDown('forged again'));
      good.publish(linkDown('genuine 2'));
      await waitFor(() => events.length >= 2);
      expect(events.map((e) => e.type === 'link-down' && [e.reason, e.runId])).toEqual([
        ['genuine', good.runId],
        ['genuine 2', good.runId],
      ]);
      expect(log.lines.find((l) => l.msg === 'nats: cannot connect, retrying')!.fields.err).toMatch(/authorization/i);
    });

    it('refuses a raw client without credentials or with a wrong password', async () => {
      await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/authorization/i);
      await expect(connect({ servers: nats.url, user: USER, pass: 'wrong', reconnect: false })).rejects.toThrow(/authorization/i);
      // The right credentials work, so the refusals above are about the credentials alone.
      const nc = await connect({ servers: nats.url, user: USER, pass: PASSWORD, reconnect: false });
      nc.publish(healthSubject('sec', 'x'), encodeHealthEvent({ nodeId: 'x', runId: 'r', seq: 1, sentAtMs: 1 }, linkDown('ok')));
      await nc.flush();
      await nc.close();
    });

    it('never logs the password', async () => {
      const log = recordingLogger();
      const pub = publisher({ servers: nats.url, user: USER, password: PASSWORD }, 'sec', 'n', log);
      const bad = publisher({ servers: nats.url, user: USER, password: `${PASSWORD}-old` }, 'sec', 'n', log);
      open.push(pub, bad);
      pub.start();
      bad.start();
      await waitFor(() => pub.connected && log.lines.some((l) => l.msg === 'nats: cannot connect, retrying'));
      expect(JSON.stringify(log.lines)).not.toContain(PASSWORD);
    });
  });

  describe('token', () => {
    let nats: NatsServer;
    beforeAll(async () => {
      nats = await startNatsServer({ auth: { token: TOKEN } });
    });
    afterAll(async () => {
      await nats.stop();
    });

    it('delivers events from a publisher with the token, refuses clients without it', async () => {
      const creds = { servers: nats.url, token: TOKEN };
      const { sub, events } = collectingSubscriber(creds, 'tok');
      const pub = publisher(creds, 'tok', 'n');
      open.push(sub, pub);
      pub.start();
      await waitFor(() => sub.connected && pub.connected);
      pub.publish(linkDown('with token'));
      await waitFor(() => events.length === 1);
      await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/authorization/i);
      await expect(connect({ servers: nats.url, token: 'guess', reconnect: false })).rejects.toThrow(/authorization/i);
    });
  });
});
