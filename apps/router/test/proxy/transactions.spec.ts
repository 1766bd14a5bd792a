/**
 * MULTI/EXEC, WATCH and DISCARD through the router: the client is pinned to a dedicated master
 * connection from MULTI or WATCH to the end of the transaction, then routed as usual again, and
 * the dedicated connection is reused (or dropped, when the client leaves mid-transaction).
 */
import {
  infoNumber,
  RawClient,
  startMasterOf,
  startRedisReplica,
  stopAll,
  waitFor,
  waitForLinkUp,
  type ReplNode,
} from '@resplica/testing';
import { RecordingCounters } from '../support/counters';
import { pipelineBytes } from '../support/replies';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

describe('transactions through the router', () => {
  let master: ReplNode;
  let replica: ReplNode;
  let router: TestRouter;
  const counters = new RecordingCounters();

  beforeAll(async () => {
    master = await startMasterOf('redis');
    replica = await startRedisReplica(master.port);
    await waitForLinkUp(replica.port);
    router = await startRouter(new StaticRouting(master.port, [replica.port]), [], { counters });
  });

  afterAll(async () => {
    await router?.close();
    await stopAll([master, replica]);
  });

  async function client(): Promise<RawClient> {
    return RawClient.connect(router.port);
  }

  async function text(c: RawClient, ...argv: string[]): Promise<string> {
    return (await c.call(...argv)).toString('latin1');
  }

  it('runs MULTI … EXEC on the master and answers each step exactly', async () => {
    const c = await client();
    try {
      expect(await text(c, 'MULTI')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'tx:k', 'v')).toBe('+QUEUED\r\n');
      expect(await text(c, 'INCR', 'tx:n')).toBe('+QUEUED\r\n');
      expect(await text(c, 'GET', 'tx:k')).toBe('+QUEUED\r\n');
      expect(await text(c, 'PING')).toBe('+QUEUED\r\n');
      expect(await text(c, 'CONFIG', 'GET', 'maxclients')).toBe('+QUEUED\r\n');
      // Refused commands stay refused inside a transaction (the router answers, nothing is queued).
      expect(await text(c, 'CONFIG', 'SET', 'maxclients', '5')).toBe(
        "-ERR 'CONFIG SET' is not supported through the router: connect to the node directly\r\n",
      );
      expect(await text(c, 'EXEC')).toBe(
        '*5\r\n+OK\r\n:1\r\n$1\r\nv\r\n+PONG\r\n*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n',
      );
      expect(await text(c, 'EXEC')).toBe('-ERR EXEC without MULTI\r\n');
      expect(await text(c, 'DISCARD')).toBe('-ERR DISCARD without MULTI\r\n');
    } finally {
      c.destroy();
    }
  });

  it('answers EXEC with a null reply when a WATCHed key changed (RESP2 and RESP3)', async () => {
    for (const protocol of [2, 3]) {
      const a = await client();
      const b = await client();
      try {
        if (protocol === 3) expect((await a.call('HELLO', '3'))[0]).toBe(0x25);
        expect(await text(b, 'SET', 'tx:w', 'start')).toBe('+OK\r\n');
        expect(await text(a, 'WATCH', 'tx:w')).toBe('+OK\r\n');
        // Between WATCH and EXEC reads go to the pinned master connection: the value is current.
        expect(await text(a, 'GET', 'tx:w')).toBe('$5\r\nstart\r\n');
        expect(await text(b, 'SET', 'tx:w', 'theirs')).toBe('+OK\r\n');
        expect(await text(a, 'MULTI')).toBe('+OK\r\n');
        expect(await text(a, 'SET', 'tx:w', 'mine')).toBe('+QUEUED\r\n');
        expect(await text(a, 'EXEC')).toBe(protocol === 3 ? '_\r\n' : '*-1\r\n');
        expect(await text(a, 'RESPLICA', 'ROUTE', 'master', 'NEXT')).toBe('+OK\r\n');
        expect(await text(a, 'GET', 'tx:w')).toBe('$6\r\ntheirs\r\n');
      } finally {
        a.destroy();
        b.destroy();
      }
    }
  });

  it('runs the transaction when the WATCHed key did not change, and DISCARD drops one', async () => {
    const c = await client();
    try {
      expect(await text(c, 'WATCH', 'tx:quiet')).toBe('+OK\r\n');
      expect(await text(c, 'MULTI')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'tx:quiet', '1')).toBe('+QUEUED\r\n');
      expect(await text(c, 'EXEC')).toBe('*1\r\n+OK\r\n');
      expect(await text(c, 'MULTI')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'tx:dropped', '1')).toBe('+QUEUED\r\n');
      expect(await text(c, 'DISCARD')).toBe('+OK\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master')).toBe('+OK\r\n');
      expect(await text(c, 'EXISTS', 'tx:dropped')).toBe(':0\r\n');
    } finally {
      c.destroy();
    }
  });

  it('aborts on a command refused while queueing (EXECABORT)', async () => {
    const c = await client();
    try {
      expect(await text(c, 'MULTI')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'tx:k')).toBe("-ERR wrong number of arguments for 'set' command\r\n");
      expect(await text(c, 'EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    } finally {
      c.destroy();
    }
  });

  it('unpins after UNWATCH: reads go back to the replica', async () => {
    const c = await client();
    try {
      expect(await text(c, 'WATCH', 'tx:u')).toBe('+OK\r\n');
      expect(await text(c, 'INFO', 'clients')).toContain('pinned_clients:1\r\n');
      expect(await text(c, 'UNWATCH')).toBe('+OK\r\n');
      expect(await text(c, 'INFO', 'clients')).toContain('pinned_clients:0\r\n');
      const before = counters.count(replica.port, 'read');
      await text(c, 'GET', 'tx:u');
      expect(counters.count(replica.port, 'read')).toBe(before + 1);
      expect(await text(c, 'UNWATCH')).toBe('+OK\r\n');
    } finally {
      c.destroy();
    }
  });

  it('applies a SELECT queued in the transaction only when EXEC runs it', async () => {
    const c = await client();
    const direct = await RawClient.connect(master.port);
    try {
      // Pipelined: the GET after EXEC must already run in database 5.
      const replies = await pipelineBytes(c, [
        ['MULTI'],
        ['SELECT', '5'],
        ['SET', 'tx:db', 'five'],
        ['EXEC'],
        ['RESPLICA', 'ROUTE', 'master'],
        ['GET', 'tx:db'],
        ['MULTI'],
        ['SELECT', '6'],
        ['DISCARD'],
        ['GET', 'tx:db'],
      ]);
      expect(replies.map((r) => r.toString('latin1'))).toEqual([
        '+OK\r\n',
        '+QUEUED\r\n',
        '+QUEUED\r\n',
        '*2\r\n+OK\r\n+OK\r\n',
        '+OK\r\n',
        '$4\r\nfive\r\n',
        '+OK\r\n',
        '+QUEUED\r\n',
        '+OK\r\n',
        '$4\r\nfive\r\n',
      ]);
      expect((await direct.call('SELECT', '5')).toString()).toBe('+OK\r\n');
      expect((await direct.call('GET', 'tx:db')).toString()).toBe('$4\r\nfive\r\n');
      expect((await direct.call('SELECT', '0')).toString()).toBe('+OK\r\n');
      expect((await direct.call('EXISTS', 'tx:db')).toString()).toBe(':0\r\n');
    } finally {
      c.destroy();
      direct.destroy();
    }
  });

  it('keeps a pipeline of transactions and plain commands in order, reusing one dedicated connection', async () => {
    const c = await client();
    try {
      const script: string[][] = [];
      for (let i = 0; i < 50; i++) script.push(['MULTI'], ['INCR', 'tx:p'], ['EXEC'], ['INCR', 'tx:p']);
      const opened = router.proxy.ctx.stats.backendConnections;
      const replies = await pipelineBytes(c, script);
      const expected: string[] = [];
      for (let i = 0; i < 50; i++) expected.push('+OK\r\n', '+QUEUED\r\n', `*1\r\n:${2 * i + 1}\r\n`, `:${2 * i + 2}\r\n`);
      expect(replies.map((r) => r.toString('latin1'))).toEqual(expected);
      expect(router.proxy.ctx.stats.backendConnections - opened).toBeLessThanOrEqual(1);
    } finally {
      c.destroy();
    }
  });

  it('drops the dedicated connection of a client that leaves mid-transaction: nothing runs', async () => {
    const baseline = await infoNumber(master.port, 'clients', 'connected_clients');
    const c = await client();
    expect(await text(c, 'MULTI')).toBe('+OK\r\n');
    expect(await text(c, 'SET', 'tx:left', 'x')).toBe('+QUEUED\r\n');
    c.destroy();
    await waitFor(async () => (await infoNumber(master.port, 'clients', 'connected_clients')) <= baseline, {
      what: 'the pinned connection to close on the master',
    });
    const check = await RawClient.connect(master.port);
    const next = await client();
    try {
      expect((await check.call('EXISTS', 'tx:left')).toString()).toBe(':0\r\n');
      // The next transaction starts clean: nothing of the abandoned one is queued in it.
      expect(await text(next, 'MULTI')).toBe('+OK\r\n');
      expect(await text(next, 'EXEC')).toBe('*0\r\n');
    } finally {
      check.destroy();
      next.destroy();
    }
  });
});
