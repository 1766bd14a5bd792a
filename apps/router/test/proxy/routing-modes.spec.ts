/**
 * Where commands go: reads to a replica, writes to the master, RESPLICA ROUTE overrides (for the
 * connection or only the next command), read-fallback with no replica, the commands the router
 * refuses, CONFIG GET from the master, and MONITOR. The "replica" here is a separate redis-server
 * holding other values than the master, so every reply shows which backend answered it.
 */
import { RawClient, startRedisServer, stopAll, waitFor, type RunningServer } from '@resplica/testing';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

async function text(c: RawClient, ...argv: string[]): Promise<string> {
  return (await c.call(...argv)).toString('latin1');
}

describe('routing of commands', () => {
  let master: RunningServer;
  let replica: RunningServer;
  let router: TestRouter;

  beforeAll(async () => {
    [master, replica] = await Promise.all([startRedisServer(), startRedisServer()]);
    for (const [server, value] of [[master, 'on-master'], [replica, 'on-replica']] as const) {
      const c = await RawClient.connect(server.port);
      expect(await text(c, 'SET', 'where', value)).toBe('+OK\r\n');
      c.destroy();
    }
    router = await startRouter(new StaticRouting(master.port, [replica.port]));
  });

  afterAll(async () => {
    await router?.close();
    await stopAll([master, replica]);
  });

  it('sends reads to the replica and writes to the master', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-replica\r\n');
      expect(await text(c, 'OBJECT', 'ENCODING', 'where')).toBe('$6\r\nembstr\r\n');
      expect(await text(c, 'APPEND', 'where', '!')).toBe(':10\r\n');
      expect(await text(c, 'STRLEN', 'where')).toBe(':10\r\n');
    } finally {
      c.destroy();
    }
  });

  it('RESPLICA ROUTE master [NEXT] reads from the master, for the connection or one command', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-master!\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-replica\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'MASTER')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-master!\r\n');
      expect(await text(c, 'MGET', 'where')).toBe('*1\r\n$10\r\non-master!\r\n');
      // NEXT overrides the connection's mode for one command, then the mode applies again.
      expect(await text(c, 'RESPLICA', 'ROUTE', 'auto', 'next')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-replica\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-master!\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'auto')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'where')).toBe('$10\r\non-replica\r\n');
    } finally {
      c.destroy();
    }
  });

  it('RESPLICA ROUTE replica sends writes to a replica too', async () => {
    const c = await RawClient.connect(router.port);
    const direct = await RawClient.connect(replica.port);
    try {
      expect(await text(c, 'RESPLICA', 'ROUTE', 'replica', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'routed', 'to-replica')).toBe('+OK\r\n');
      expect(await text(direct, 'GET', 'routed')).toBe('$10\r\nto-replica\r\n');
      expect(await text(c, 'SET', 'routed', 'to-master')).toBe('+OK\r\n');
      expect(await text(direct, 'GET', 'routed')).toBe('$10\r\nto-replica\r\n');
    } finally {
      c.destroy();
      direct.destroy();
    }
  });

  it('answers RESPLICA syntax errors', async () => {
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'RESPLICA', 'ROUTE', 'sideways')).toBe('-ERR syntax error: RESPLICA ROUTE master|replica|auto [NEXT]\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master', 'later')).toBe('-ERR syntax error: RESPLICA ROUTE master|replica|auto [NEXT]\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE')).toBe('-ERR syntax error: RESPLICA ROUTE master|replica|auto [NEXT]\r\n');
      expect(await text(c, 'RESPLICA', 'FLY')).toBe("-ERR unknown RESPLICA subcommand: the router knows 'RESPLICA ROUTE master|replica|auto [NEXT]'\r\n");
      expect(await text(c, 'RESPLICA')).toBe("-ERR wrong number of arguments for 'resplica' command\r\n");
    } finally {
      c.destroy();
    }
  });

  it('refuses commands that act on one node, and forwards CONFIG GET to the master', async () => {
    const c = await RawClient.connect(router.port);
    const direct = await RawClient.connect(master.port);
    try {
      const refused: [string[], string][] = [
        [['SHUTDOWN'], 'SHUTDOWN'],
        [['REPLICAOF', 'NO', 'ONE'], 'REPLICAOF'],
        [['SLAVEOF', 'NO', 'ONE'], 'SLAVEOF'],
        [['SYNC'], 'SYNC'],
        [['PSYNC', '?', '-1'], 'PSYNC'],
        [['DEBUG', 'SLEEP', '0'], 'DEBUG'],
        [['FAILOVER'], 'FAILOVER'],
        [['WAIT', '1', '0'], 'WAIT'],
        [['CLUSTER', 'INFO'], 'CLUSTER'],
        [['CLIENT', 'KILL', 'ID', '1'], 'CLIENT KILL'],
        [['CLIENT', 'LIST'], 'CLIENT LIST'],
        [['CONFIG', 'SET', 'maxmemory', '1'], 'CONFIG SET'],
      ];
      for (const [cmd, name] of refused) {
        expect(await text(c, ...cmd)).toBe(`-ERR '${name}' is not supported through the router: connect to the node directly\r\n`);
      }
      expect(await text(c, 'SSUBSCRIBE', 'x')).toBe('-ERR sharded pub/sub (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH) is not supported through the router\r\n');
      expect(await text(c, 'CONFIG', 'GET', 'maxmemory*')).toBe(await text(direct, 'CONFIG', 'GET', 'maxmemory*'));
      expect(await text(c, 'PING')).toBe('+PONG\r\n');
    } finally {
      c.destroy();
      direct.destroy();
    }
  });

  it('MONITOR streams what the master runs until the client leaves', async () => {
    const monitor = await RawClient.connect(router.port);
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(monitor, 'MONITOR')).toBe('+OK\r\n');
      expect(await text(c, 'SET', 'mon:k', 'v')).toBe('+OK\r\n');
      const line = (await monitor.readReply()).toString();
      expect(line).toMatch(/^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "SET" "mon:k" "v"\r\n$/);
      expect(await text(c, 'INFO', 'clients')).toContain('monitor_clients:1\r\n');
      expect(await text(monitor, 'RESET')).toBe('+RESET\r\n');
      expect(await text(c, 'INFO', 'clients')).toContain('monitor_clients:0\r\n');
      expect(await text(monitor, 'GET', 'where')).toBe('$10\r\non-replica\r\n');
      expect(await text(monitor, 'MONITOR')).toBe('+OK\r\n');
      expect(await text(monitor, 'QUIT')).toBe('+OK\r\n');
      await monitor.closed;
    } finally {
      monitor.destroy();
      c.destroy();
    }
  });
});

describe('a replica that leaves the routing table', () => {
  let master: RunningServer;
  let replica: RunningServer;

  beforeAll(async () => {
    [master, replica] = await Promise.all([startRedisServer(), startRedisServer()]);
  });

  afterAll(async () => {
    await stopAll([master, replica]);
  });

  it('has its unused connections closed', async () => {
    const routing = new StaticRouting(master.port, [replica.port]);
    const router = await startRouter(routing, [], { limits: { cronIntervalMs: 20 } });
    const c = await RawClient.connect(router.port);
    const admin = await RawClient.connect(replica.port);
    const clientsOnReplica = async (): Promise<number> => Number(/connected_clients:(\d+)/.exec(await text(admin, 'INFO', 'clients'))![1]);
    try {
      expect(await text(c, 'GET', 'k')).toBe('$-1\r\n');
      expect(await clientsOnReplica()).toBe(2);
      routing.setReplicas([]);
      await waitFor(async () => (await clientsOnReplica()) === 1, { what: 'the router to close its connection to the replica' });
      expect(await text(c, 'SET', 'k', 'v')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'k')).toBe('$1\r\nv\r\n');
    } finally {
      c.destroy();
      admin.destroy();
      await router.close();
    }
  });
});

describe('read-fallback when no replica is fresh', () => {
  let master: RunningServer;

  beforeAll(async () => {
    master = await startRedisServer();
  });

  afterAll(async () => {
    await stopAll([master]);
  });

  it('reads from the master with read-fallback master (the default)', async () => {
    const router = await startRouter(new StaticRouting(master.port, []));
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'SET', 'fb', 'x')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'fb')).toBe('$1\r\nx\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'replica', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'fb')).toBe('-TRYAGAIN no replica available for reads\r\n');
    } finally {
      c.destroy();
      await router.close();
    }
  });

  it('answers TRYAGAIN with read-fallback error, writes still go to the master', async () => {
    const router = await startRouter(new StaticRouting(master.port, []), ['--read-fallback', 'error']);
    const c = await RawClient.connect(router.port);
    try {
      expect(await text(c, 'GET', 'fb')).toBe('-TRYAGAIN no replica available for reads\r\n');
      expect(await text(c, 'SET', 'fb', 'y')).toBe('+OK\r\n');
      expect(await text(c, 'RESPLICA', 'ROUTE', 'master', 'NEXT')).toBe('+OK\r\n');
      expect(await text(c, 'GET', 'fb')).toBe('$1\r\ny\r\n');
    } finally {
      c.destroy();
      await router.close();
    }
  });
});
