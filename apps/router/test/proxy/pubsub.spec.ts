/**
 * Subscribe mode through the router: SUBSCRIBE/PSUBSCRIBE put the client on a dedicated
 * connection to a replica (PUBLISH goes to the master, which replicates it, so the replica
 * delivers it); the client leaves that connection when its last subscription ends. Reply bytes
 * are compared with a redis-server's own where the router only relays them.
 */
import {
  RawClient,
  startMasterOf,
  startRedisServer,
  startRedisReplica,
  startReplica,
  stopAll,
  waitFor,
  waitForLinkUp,
  type Engine,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';
import { RecordingCounters } from '../support/counters';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

const SUBSCRIBED_GET_ERROR =
  "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";

for (const engine of ['redis', 'ours'] as Engine[]) {
  describe(`pub/sub through the router (${engine} backends)`, () => {
    // Subscribers go to the master by default; RESPLICA ROUTE replica moves them to a replica
    // (PUBLISH is replicated by both engines). Each engine covers one of the two placements.
    const viaReplica = engine === 'redis';
    let master: ReplNode;
    let replica: ReplNode;
    let router: TestRouter;
    const counters = new RecordingCounters();

    beforeAll(async () => {
      master = await startMasterOf(engine);
      replica = engine === 'redis' ? await startRedisReplica(master.port) : await startReplica(master.port);
      await waitForLinkUp(replica.port);
      router = await startRouter(new StaticRouting(master.port, [replica.port]), [], { counters });
    });

    afterAll(async () => {
      await router?.close();
      await stopAll([master, replica]);
    });

    /** Publishes through the router and reads the message the subscriber gets. */
    async function publishSeen(publisher: RawClient, subscriber: RawClient, channel: string, message: string, expected: string) {
      expect((await publisher.call('PUBLISH', channel, message)).toString()).toMatch(/^:\d+\r\n$/);
      expect((await subscriber.readReply()).toString()).toBe(expected);
    }

    it('delivers messages and pattern messages to a RESP2 subscriber on a replica', async () => {
      const sub = await RawClient.connect(router.port);
      const pub = await RawClient.connect(router.port);
      try {
        const subscriber = viaReplica ? replica : master;
        if (viaReplica) expect((await sub.call('RESPLICA', 'ROUTE', 'replica')).toString()).toBe('+OK\r\n');
        const pinnedBefore = counters.count(subscriber.port, 'pinned');
        sub.sendCommand(['SUBSCRIBE', 'ch1', 'ch2']);
        expect((await sub.readReply()).toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:1\r\n');
        expect((await sub.readReply()).toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$3\r\nch2\r\n:2\r\n');
        expect(counters.count(subscriber.port, 'pinned')).toBe(pinnedBefore + 1);
        expect((await sub.call('PSUBSCRIBE', 'ne*')).toString()).toBe('*3\r\n$10\r\npsubscribe\r\n$3\r\nne*\r\n:3\r\n');
        await publishSeen(pub, sub, 'ch2', 'hello', '*3\r\n$7\r\nmessage\r\n$3\r\nch2\r\n$5\r\nhello\r\n');
        await publishSeen(pub, sub, 'news', 'x', '*4\r\n$8\r\npmessage\r\n$3\r\nne*\r\n$4\r\nnews\r\n$1\r\nx\r\n');
        // Only the subscribe family, PING, QUIT and RESET are allowed in RESP2 subscribe mode.
        expect((await sub.call('PING')).toString()).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
        expect((await sub.call('GET', 'k')).toString()).toBe(SUBSCRIBED_GET_ERROR);
        expect((await pub.call('INFO', 'clients')).toString()).toContain('pubsub_clients:1\r\n');
        // UNSUBSCRIBE with no argument confirms each channel; the client is still in pattern mode.
        sub.sendCommand(['UNSUBSCRIBE']);
        const first = (await sub.readReply()).toString();
        const second = (await sub.readReply()).toString();
        // Redis confirms the channels in its dictionary's order; the counts go down in any case.
        const channels = [first, second].map((reply) => /^\*3\r\n\$11\r\nunsubscribe\r\n\$3\r\n(ch[12])\r\n/.exec(reply)?.[1]);
        expect(channels.sort()).toEqual(['ch1', 'ch2']);
        expect([first.slice(-4), second.slice(-4)]).toEqual([':2\r\n', ':1\r\n']);
        expect((await sub.call('PUNSUBSCRIBE')).toString()).toBe('*3\r\n$12\r\npunsubscribe\r\n$3\r\nne*\r\n:0\r\n');
        // Out of subscribe mode: plain commands are routed again.
        expect((await sub.call('GET', 'ps:nokey')).toString()).toBe('$-1\r\n');
        expect((await pub.call('INFO', 'clients')).toString()).toContain('pubsub_clients:0\r\n');
      } finally {
        sub.destroy();
        pub.destroy();
      }
    });

    it('lets a RESP3 subscriber run other commands while subscribed', async () => {
      const sub = await RawClient.connect(router.port);
      const pub = await RawClient.connect(router.port);
      try {
        expect((await sub.call('HELLO', '3'))[0]).toBe(0x25);
        if (viaReplica) expect((await sub.call('RESPLICA', 'ROUTE', 'replica')).toString()).toBe('+OK\r\n');
        expect((await sub.call('SUBSCRIBE', 'r3')).toString()).toBe('>3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n');
        expect((await pub.call('SET', 'ps:k', 'v')).toString()).toBe('+OK\r\n');
        expect((await sub.call('RESPLICA', 'ROUTE', 'master', 'NEXT')).toString()).toBe('+OK\r\n');
        expect((await sub.call('GET', 'ps:k')).toString()).toBe('$1\r\nv\r\n');
        await publishSeen(pub, sub, 'r3', 'push', '>3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$4\r\npush\r\n');
        expect((await sub.call('UNSUBSCRIBE', 'r3')).toString()).toBe('>3\r\n$11\r\nunsubscribe\r\n$2\r\nr3\r\n:0\r\n');
        expect((await pub.call('INFO', 'clients')).toString()).toContain('pubsub_clients:0\r\n');
      } finally {
        sub.destroy();
        pub.destroy();
      }
    });

    it('subscribes on the master under RESPLICA ROUTE master', async () => {
      const sub = await RawClient.connect(router.port);
      const pub = await RawClient.connect(router.port);
      try {
        expect((await sub.call('RESPLICA', 'ROUTE', 'master')).toString()).toBe('+OK\r\n');
        expect((await sub.call('SUBSCRIBE', 'onmaster')).toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$8\r\nonmaster\r\n:1\r\n');
        // The master itself counts the subscriber now.
        expect((await pub.call('PUBLISH', 'onmaster', 'm')).toString()).toBe(':1\r\n');
        expect((await sub.readReply()).toString()).toBe('*3\r\n$7\r\nmessage\r\n$8\r\nonmaster\r\n$1\r\nm\r\n');
      } finally {
        sub.destroy();
        pub.destroy();
      }
    });

    it('leaves subscribe mode on RESET', async () => {
      const sub = await RawClient.connect(router.port);
      try {
        expect((await sub.call('SUBSCRIBE', 'rs')).toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$2\r\nrs\r\n:1\r\n');
        expect((await sub.call('RESET')).toString()).toBe('+RESET\r\n');
        expect((await sub.call('GET', 'ps:nokey')).toString()).toBe('$-1\r\n');
        expect((await sub.call('INFO', 'clients')).toString()).toContain('pubsub_clients:0\r\n');
      } finally {
        sub.destroy();
      }
    });

    it('releases the subscribe connection when the subscriber disconnects', async () => {
      const sub = await RawClient.connect(router.port);
      expect((await sub.call('SUBSCRIBE', 'gone')).toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$4\r\ngone\r\n:1\r\n');
      sub.destroy();
      const admin = await RawClient.connect(replica.port);
      try {
        await waitFor(async () => (await admin.call('PUBSUB', 'NUMSUB', 'gone')).toString().endsWith(':0\r\n'), {
          what: 'the replica to drop the subscription',
        });
      } finally {
        admin.destroy();
      }
    });
  });
}

describe('UNSUBSCRIBE without subscriptions, answered by the router', () => {
  let reference: RunningServer;
  let router: TestRouter;

  beforeAll(async () => {
    reference = await startRedisServer();
    router = await startRouter(new StaticRouting(reference.port, []));
  });

  afterAll(async () => {
    await router?.close();
    await stopAll([reference]);
  });

  it('gives the bytes redis-server gives, in RESP2 and RESP3', async () => {
    for (const protocol of [2, 3]) {
      const ours = await RawClient.connect(router.port);
      const theirs = await RawClient.connect(reference.port);
      try {
        if (protocol === 3) {
          await ours.call('HELLO', '3');
          await theirs.call('HELLO', '3');
        }
        for (const cmd of [['UNSUBSCRIBE'], ['UNSUBSCRIBE', 'a', 'b'], ['PUNSUBSCRIBE'], ['PUNSUBSCRIBE', 'p*']]) {
          const replies = cmd.length > 1 ? cmd.length - 1 : 1;
          ours.sendCommand(cmd);
          theirs.sendCommand(cmd);
          for (let i = 0; i < replies; i++) expect((await ours.readReply()).toString()).toBe((await theirs.readReply()).toString());
        }
        expect((await ours.call('PING')).toString()).toBe('+PONG\r\n');
      } finally {
        ours.destroy();
        theirs.destroy();
      }
    }
  });
});
