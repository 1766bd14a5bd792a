/**
 * The connection state the router keeps itself: AUTH and HELLO against its own requirepass (the
 * backends are reached with masterauth), SELECT (per-database pools), CLIENT REPLY, QUIT, RESET,
 * INFO, protocol errors and maxclients.
 */
import {
  encodeCommand,
  RawClient,
  startMasterOf,
  startRedisReplica,
  startRedisServer,
  stopAll,
  waitForLinkUp,
  waitFor,
  type ReplNode,
} from '@resplica/testing';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

async function text(c: RawClient, ...argv: string[]): Promise<string> {
  return (await c.call(...argv)).toString('latin1');
}

describe('connection state kept by the router (redis-server backends with their own password)', () => {
  let master: ReplNode;
  let replica: ReplNode;
  let router: TestRouter;
  let routing: StaticRouting;

  beforeAll(async () => {
    master = await startMasterOf('redis');
    replica = await startRedisReplica(master.port);
    await waitForLinkUp(replica.port);
    // Passwords are set once the nodes run (the start-up probe cannot authenticate).
    for (const node of [master, replica]) {
      const admin = await RawClient.connect(node.port);
      expect(await text(admin, 'CONFIG', 'SET', 'masterauth', 'backend-pw', 'requirepass', 'backend-pw')).toBe('+OK\r\n');
      admin.destroy();
    }
    routing = new StaticRouting(master.port, [replica.port]);
    router = await startRouter(routing, ['--requirepass', 'router-pw', '--masterauth', 'backend-pw'], {
      routerInfo: () => '# Router\r\nmaster:test\r\n',
    });
  });

  afterAll(async () => {
    await router?.close();
    await stopAll([master, replica]);
  });

  it('asks for the router’s password, not the backends’', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'GET', 'k')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await text(c, 'AUTH', 'backend-pw')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await text(c, 'HELLO', '3')).toMatch(/^-NOAUTH HELLO must be called with the client already authenticated/);
      expect(await text(c, 'AUTH', 'someone', 'router-pw')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      // AUTH and a command past the pre-AUTH size limits in one write: the limits lift at once.
      c.send(Buffer.concat([encodeCommand(['AUTH', 'router-pw']), encodeCommand(['SET', 'auth:big', 'b'.repeat(20000)])]));
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'auth:k', 'v')).toBe('+OK\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'auth:k')).toBe('$1\r\nv\r\n');
    } finally {
      c.destroy();
    }
  });

  it('answers HELLO itself, authenticating and switching the protocol in one step', async () => {
    const c = await RawClient.connect(router.port);
    try {
      const reply = await text(c, 'HELLO', '3', 'AUTH', 'default', 'router-pw', 'SETNAME', 'app1');
      expect(reply).toMatch(
        /^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$/,
      );
      expect(await text(c, 'CLIENT', 'GETNAME')).toBe('$4\r\napp1\r\n');
      expect(await text(c, 'HGETALL', 'auth:none')).toBe('%0\r\n');
      expect(await text(c, 'HELLO', '4')).toBe('-NOPROTO unsupported protocol version\r\n');
      expect(await text(c, 'HELLO', 'x')).toBe('-ERR Protocol version is not an integer or out of range\r\n');
      expect((await text(c, 'HELLO', '2')).startsWith('*14\r\n')).toBe(true);
      expect(await text(c, 'HGETALL', 'auth:none')).toBe('*0\r\n');
    } finally {
      c.destroy();
    }
  });

  it('keeps one pool per database: SELECT changes where later commands run', async () => {
    const c = await RawClient.connect(router.port);
    const direct = await RawClient.connect(master.port);
    try {
      expect(await text(c, 'AUTH', 'router-pw')).toBe('+OK\r\n');
      expect(await text(c, 'SELECT', '3')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'db:k', 'three')).toBe('+OK\r\n');
      expect(await text(c, 'SELECT', '0')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'db:k', 'zero')).toBe('+OK\r\n');
      // Reads go to the replica: wait until it has applied the writes.
      await waitFor(async () => (await text(c, 'GET', 'db:k')) === '$4\r\nzero\r\n', { what: 'db 0 on the replica' });
      expect(await text(c, 'SELECT', '3')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'db:k')).toBe('$5\r\nthree\r\n');
      expect(await text(c, 'SELECT', '16')).toBe('-ERR DB index is out of range\r\n');
      expect(await text(c, 'SELECT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
      expect(await text(c, 'SELECT')).toBe("-ERR wrong number of arguments for 'select' command\r\n");
      expect(await text(c, 'GET', 'db:k')).toBe('$5\r\nthree\r\n');
      expect(await text(direct, 'AUTH', 'backend-pw')).toBe('+OK\r\n');
      expect(await text(direct, 'SELECT', '3')).toBe('+OK\r\n');
      expect(await text(direct, 'GET', 'db:k')).toBe('$5\r\nthree\r\n');
    } finally {
      c.destroy();
      direct.destroy();
    }
  });

  it('drops replies under CLIENT REPLY OFF and SKIP', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'AUTH', 'router-pw')).toBe('+OK\r\n');
      c.sendCommand(['CLIENT', 'REPLY', 'OFF']);
      c.sendCommand(['SET', 'mute:k', '1']);
      c.sendCommand(['GET', 'mute:k']);
      c.sendCommand(['PING']);
      c.sendCommand(['CLIENT', 'REPLY', 'ON']);
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      c.sendCommand(['CLIENT', 'REPLY', 'SKIP']);
      c.sendCommand(['INCR', 'mute:n']);
      c.sendCommand(['INCR', 'mute:n']);
      expect((await c.readReply()).toString()).toBe(':2\r\n');
      expect(await text(c, 'CLIENT', 'REPLY', 'MAYBE')).toBe('-ERR syntax error\r\n');
      expect(c.buffered.length).toBe(0);
    } finally {
      c.destroy();
    }
  });

  it('answers QUIT after the replies before it, and runs nothing after it', async () => {
    const c = await RawClient.connect(router.port);
    c.send('*2\r\n$4\r\nAUTH\r\n$9\r\nrouter-pw\r\n*3\r\n$3\r\nSET\r\n$6\r\nquit:k\r\n$1\r\n1\r\n*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$6\r\nquit:k\r\n$1\r\n2\r\n');
    expect((await c.readUntilClosed()).toString()).toBe('+OK\r\n+OK\r\n+OK\r\n');
    const d = await RawClient.connect(master.port);
    try {
      expect(await text(d, 'AUTH', 'backend-pw')).toBe('+OK\r\n');
      expect(await text(d, 'GET', 'quit:k')).toBe('$1\r\n1\r\n');
    } finally {
      d.destroy();
    }
  });

  it('RESET returns the connection to its first state', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'AUTH', 'router-pw')).toBe('+OK\r\n');
      expect((await c.call('HELLO', '3'))[0]).toBe(0x25);
      expect(await text(c, 'SELECT', '3')).toBe('+OK\r\n');
      expect(await text(c, 'CLIENT', 'SETNAME', 'before')).toBe('+OK\r\n');
      expect(await text(c, 'WATCH', 'reset:k')).toBe('+OK\r\n');
      expect(await text(c, 'RESET')).toBe('+RESET\r\n');
      expect(await text(c, 'GET', 'db:k')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await text(c, 'AUTH', 'router-pw')).toBe('+OK\r\n');
      expect(await text(c, 'CLIENT', 'GETNAME')).toBe('$-1\r\n');
      expect(await text(c, 'GET', 'db:k')).toBe('$4\r\nzero\r\n');
      expect(await text(c, 'INFO', 'clients')).toContain('pinned_clients:0\r\n');
    } finally {
      c.destroy();
    }
  });

  it('answers INFO with its own sections and the router section', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'AUTH', 'router-pw')).toBe('+OK\r\n');
      const all = await text(c, 'INFO');
      expect(all.match(/^# \w+/gm)).toEqual(['# Server', '# Clients', '# Stats', '# Router']);
      expect(all).toContain(`tcp_port:${router.port}\r\n`);
      expect(all).toContain('resplica_role:router\r\n');
      expect(all).toContain('master:test\r\n');
      expect(await text(c, 'INFO', 'nosuchsection')).toBe('$0\r\n\r\n');
      const stats = await text(c, 'INFO', 'STATS');
      expect(stats.match(/^# \w+/gm)).toEqual(['# Stats']);
      expect((await c.call('HELLO', '3'))[0]).toBe(0x25);
      expect(await text(c, 'INFO', 'server')).toMatch(/^=\d+\r\ntxt:# Server\r\n/);
      expect(await text(c, 'CLIENT', 'ID')).toMatch(/^:\d+\r\n$/);
    } finally {
      c.destroy();
    }
  });

  it('answers a protocol error like Redis and closes that connection only', async () => {
    const reference = await startRedisServer();
    try {
      for (const bad of ['*1\r\n$abc\r\n', '*2\r\n$3\r\nGET\r\n:1\r\n', 'GET "unbalanced\r\n']) {
        const ours = await RawClient.connect(router.port);
        const theirs = await RawClient.connect(reference.port);
        ours.send(bad);
        theirs.send(bad);
        expect((await ours.readUntilClosed()).toString()).toBe((await theirs.readUntilClosed()).toString());
      }
      const fine = await RawClient.connect(router.port);
      expect(await text(fine, 'PING')).toBe('-NOAUTH Authentication required.\r\n');
      fine.destroy();
    } finally {
      await reference.stop();
    }
  });

  it('authenticates to the backends as masteruser when one is configured', async () => {
    const named = await startRouter(new StaticRouting(master.port, [replica.port]), ['--masteruser', 'default', '--masterauth', 'backend-pw']);
    const c = await RawClient.connect(named.port);
    try {
      expect(await text(c, 'SET', 'user:k', 'v')).toBe('+OK\r\n');
      expect(await text(c, 'HELLO', '3')).toMatch(/^%7\r\n/);
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'user:k')).toBe('$1\r\nv\r\n');
    } finally {
      c.destroy();
      await named.close();
    }
  });

  it('reports a backend that refuses the router’s credentials, and answers TRYAGAIN', async () => {
    const wrongRouting = new StaticRouting(master.port, [replica.port]);
    const wrong = await startRouter(wrongRouting, ['--masterauth', 'not-it']);
    const c = await RawClient.connect(wrong.port);
    try {
      expect(await text(c, 'SET', 'k', 'v')).toBe(
        `-TRYAGAIN backend 127.0.0.1:${master.port} unavailable (handshake refused: WRONGPASS invalid username-password pair or user is disabled.)\r\n`,
      );
      expect(wrongRouting.reports[0]).toEqual({ kind: 'failure', id: `127.0.0.1:${master.port}`, reason: 'handshake refused: WRONGPASS invalid username-password pair or user is disabled.' });
      expect(await text(c, 'SET', 'k', 'v')).toBe('-TRYAGAIN master unavailable\r\n');
    } finally {
      c.destroy();
      await wrong.close();
    }
  });

  it('takes inline commands, frames split at every byte, and large values', async () => {
    const c = await RawClient.connect(router.port);
    try {
      c.send('AUTH router-pw\r\nSET inline:k "a b"\r\n\r\nPING\r\n');
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('+PONG\r\n');
      const split = Buffer.from('*3\r\n$3\r\nSET\r\n$7\r\nsplit:k\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n');
      for (const byte of split) {
        c.send(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('+PONG\r\n');
      const big = Buffer.alloc(5 * 1024 * 1024, 'z');
      expect((await c.call('SET', 'big:k', big)).toString()).toBe('+OK\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master')).toBe('+OK\r\n');
      const reply = await c.call('GET', 'big:k');
      expect(reply.length).toBe(big.length + 12);
      expect(reply.subarray(10, 10 + big.length).equals(big)).toBe(true);
      expect(await text(c, 'GET', 'inline:k')).toBe('$3\r\na b\r\n');
    } finally {
      c.destroy();
    }
  });

  it('closes clients idle for longer than timeout', async () => {
    const idle = await startRouter(routing, ['--timeout', '1'], { limits: { cronIntervalMs: 50 } });
    const c = await RawClient.connect(idle.port);
    try {
      expect(await text(c, 'PING')).toBe('+PONG\r\n');
      const started = Date.now();
      await c.closed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      c.destroy();
      await idle.close();
    }
  });

  it('refuses connections beyond maxclients', async () => {
    const small = await startRouter(routing, ['--maxclients', '2']);
    const a = await RawClient.connect(small.port);
    const b = await RawClient.connect(small.port);
    const c = await RawClient.connect(small.port);
    try {
      expect((await c.readUntilClosed()).toString()).toBe('-ERR max number of clients reached\r\n');
      expect(await text(a, 'PING')).toBe('+PONG\r\n');
      expect(await text(a, 'INFO', 'stats')).toContain('rejected_connections:1\r\n');
    } finally {
      a.destroy();
      b.destroy();
      await small.close();
    }
  });
});
