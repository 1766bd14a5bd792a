/**
 * Blocking commands through the router: each runs on a dedicated master connection for its
 * duration, with the client's own timeout; a client that disconnects while blocked releases it
 * (the master sees the connection close, so a later push is not consumed by nobody). Run against
 * a redis-server pair and against our own master and replica.
 */
import {
  infoNumber,
  RawClient,
  startMasterOf,
  startReplica,
  startRedisReplica,
  stopAll,
  waitFor,
  waitForLinkUp,
  type Engine,
  type ReplNode,
} from '@resplica/testing';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

for (const engine of ['redis', 'ours'] as Engine[]) {
  describe(`blocking commands through the router (${engine} backends)`, () => {
    let master: ReplNode;
    let replica: ReplNode;
    let router: TestRouter;

    beforeAll(async () => {
      master = await startMasterOf(engine);
      replica = engine === 'redis' ? await startRedisReplica(master.port) : await startReplica(master.port);
      await waitForLinkUp(replica.port);
      router = await startRouter(new StaticRouting(master.port, [replica.port]));
    });

    afterAll(async () => {
      await router?.close();
      await stopAll([master, replica]);
    });

    const blockedOnMaster = (n: number): Promise<boolean> =>
      waitFor(async () => (await infoNumber(master.port, 'clients', 'blocked_clients')) === n, {
        what: `${n} blocked client(s) on the master`,
      });

    it('wakes BLPOP with another client’s LPUSH, and holds the blocked client’s later commands', async () => {
      const a = await RawClient.connect(router.port);
      const b = await RawClient.connect(router.port);
      try {
        a.send('*3\r\n$5\r\nBLPOP\r\n$4\r\nbq:1\r\n$1\r\n5\r\n*3\r\n$3\r\nSET\r\n$7\r\nbq:done\r\n$1\r\n1\r\n');
        await blockedOnMaster(1);
        expect((await b.call('INFO', 'clients')).toString()).toContain('blocked_clients:1\r\n');
        // The SET pipelined after BLPOP has not run: a blocked client processes nothing else.
        expect((await b.call('RESPLICA', 'ROUTE', 'master')).toString()).toBe('+OK\r\n');
        expect((await b.call('EXISTS', 'bq:done')).toString()).toBe(':0\r\n');
        expect((await b.call('LPUSH', 'bq:1', 'x')).toString()).toBe(':1\r\n');
        expect((await a.readReply()).toString()).toBe('*2\r\n$4\r\nbq:1\r\n$1\r\nx\r\n');
        expect((await a.readReply()).toString()).toBe('+OK\r\n');
        expect((await b.call('EXISTS', 'bq:done')).toString()).toBe(':1\r\n');
        await blockedOnMaster(0);
      } finally {
        a.destroy();
        b.destroy();
      }
    });

    it('times out with the client’s own timeout (RESP2 and RESP3)', async () => {
      for (const protocol of [2, 3]) {
        const c = await RawClient.connect(router.port);
        try {
          if (protocol === 3) expect((await c.call('HELLO', '3'))[0]).toBe(0x25);
          const started = Date.now();
          expect((await c.call('BLPOP', 'bq:never', '0.3')).toString()).toBe(protocol === 3 ? '_\r\n' : '*-1\r\n');
          const elapsed = Date.now() - started;
          expect(elapsed).toBeGreaterThanOrEqual(250);
          expect(elapsed).toBeLessThan(3000);
          expect((await c.call('GET', 'bq:never')).toString()).toBe(protocol === 3 ? '_\r\n' : '$-1\r\n');
        } finally {
          c.destroy();
        }
      }
    });

    it('releases the blocked connection when the client disconnects', async () => {
      const a = await RawClient.connect(router.port);
      a.sendCommand(['BRPOP', 'bq:gone', '0']);
      await blockedOnMaster(1);
      a.destroy();
      await blockedOnMaster(0);
      const b = await RawClient.connect(router.port);
      try {
        expect((await b.call('LPUSH', 'bq:gone', 'kept')).toString()).toBe(':1\r\n');
        expect((await b.call('RESPLICA', 'ROUTE', 'master')).toString()).toBe('+OK\r\n');
        expect((await b.call('LLEN', 'bq:gone')).toString()).toBe(':1\r\n');
        expect((await b.call('INFO', 'clients')).toString()).toContain('blocked_clients:0\r\n');
      } finally {
        b.destroy();
      }
    });

    it('serves blocking commands of many clients at once, each on its own connection', async () => {
      const clients = await Promise.all(Array.from({ length: 5 }, () => RawClient.connect(router.port)));
      const pusher = await RawClient.connect(router.port);
      try {
        clients.forEach((c, i) => c.sendCommand(['BLPOP', `bq:many${i}`, '5']));
        await blockedOnMaster(5);
        for (let i = 4; i >= 0; i--) expect((await pusher.call('RPUSH', `bq:many${i}`, `v${i}`)).toString()).toBe(':1\r\n');
        for (let i = 0; i < 5; i++) {
          const key = `bq:many${i}`;
          expect((await clients[i].readReply()).toString()).toBe(`*2\r\n$${key.length}\r\n${key}\r\n$2\r\nv${i}\r\n`);
        }
      } finally {
        for (const c of clients) c.destroy();
        pusher.destroy();
      }
    });
  });
}
