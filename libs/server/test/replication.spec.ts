/*
 * The replication commands and checks of the node engine, on in-process nodes over real sockets:
 * REPLCONF's replies and errors, a master and a replica node following it (stream applied, ROLE,
 * INFO replication, WAIT), READONLY, MASTERDOWN, NOREPLICAS, and promotion with REPLICAOF NO ONE.
 * The wire protocol itself is tested in libs/replication; interop and chaos in apps/replica.
 */
import { waitFor } from '@resplica/testing';
import type { RawClient } from '@resplica/testing';
import { startNode, type TestNode } from './start-node';

const FAST_SYNC = ['--repl-diskless-sync-delay', '0', '--save', ''];

function text(b: Buffer): string {
  return b.toString('latin1');
}

async function call(c: RawClient, ...argv: string[]): Promise<string> {
  return text(await c.call(...argv));
}

function infoField(info: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*)\\r$`, 'm').exec(info);
  return m === null ? undefined : m[1];
}

async function linkUp(c: RawClient): Promise<boolean> {
  return infoField(await call(c, 'INFO', 'replication'), 'master_link_status') === 'up';
}

describe('REPLCONF', () => {
  let n: TestNode;
  let c: RawClient;
  beforeAll(async () => {
    n = await startNode(FAST_SYNC);
    c = await n.connect();
  });
  afterAll(() => n.stop());

  it('answers one +OK for several options and refuses what 7.0 refuses', async () => {
    expect(await call(c, 'REPLCONF', 'listening-port', '7000', 'capa', 'eof', 'capa', 'psync2', 'capa', 'what')).toBe('+OK\r\n');
    expect(await call(c, 'REPLCONF', 'listening-port')).toBe('-ERR syntax error\r\n');
    expect(await call(c, 'REPLCONF', 'listening-port', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(await call(c, 'REPLCONF', 'nope', '1')).toBe('-ERR Unrecognized REPLCONF option: nope\r\n');
    expect(await call(c, 'REPLCONF', 'ip-address', 'a'.repeat(256))).toBe('-ERR REPLCONF ip-address provided by replica instance is too long: 256 bytes\r\n');
    expect(await call(c, 'REPLCONF', 'ip-address', 'a'.repeat(255))).toBe('+OK\r\n');
  });

  it('never answers ACK or GETACK', async () => {
    c.sendCommand(['REPLCONF', 'ACK', '10']);
    c.sendCommand(['REPLCONF', 'GETACK', '*']);
    expect(await call(c, 'PING')).toBe('+PONG\r\n');
  });

  it('refuses PSYNC with a bad offset and WAIT arguments as 7.0', async () => {
    expect(await call(c, 'PSYNC', '?', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(await call(c, 'PSYNC', '?', '-1', 'FAILOVER')).toBe("-ERR PSYNC FAILOVER can't be sent to a master.\r\n");
    expect(await call(c, 'WAIT', 'x', '0')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(await call(c, 'WAIT', '0', 'x')).toBe('-ERR timeout is not an integer or out of range\r\n');
    expect(await call(c, 'WAIT', '0', '-1')).toBe('-ERR timeout is negative\r\n');
    expect(await call(c, 'WAIT', '0', '0')).toBe(':0\r\n');
    expect(await call(c, 'WAIT', '1', '50')).toBe(':0\r\n');
    expect(await call(c, 'REPLICAOF', 'localhost', '70000')).toBe('-ERR Invalid master port\r\n');
    expect(await call(c, 'REPLICAOF', 'NO', 'ONE')).toBe('+OK\r\n');
  });

  it('describes a master without replicas in ROLE', async () => {
    expect(await call(c, 'ROLE')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n');
  });
});

describe('a master and a replica node', () => {
  let master: TestNode;
  let replica: TestNode;
  let m: RawClient;
  let r: RawClient;

  beforeAll(async () => {
    master = await startNode(FAST_SYNC);
    m = await master.connect();
    expect(await call(m, 'SET', 'before', 'sync')).toBe('+OK\r\n');
    replica = await startNode([...FAST_SYNC, '--replicaof', `127.0.0.1 ${master.port}`]);
    r = await replica.connect();
    await waitFor(() => linkUp(r), { timeoutMs: 10000 });
  });
  afterAll(async () => {
    await replica.stop();
    await master.stop();
  });

  it('loads the snapshot and applies the stream', async () => {
    expect(await call(r, 'GET', 'before')).toBe('$4\r\nsync\r\n');
    await call(m, 'SELECT', '3');
    await call(m, 'RPUSH', 'list', 'a', 'b');
    await call(m, 'SELECT', '0');
    await call(m, 'SET', 'after', 'stream');
    await waitFor(async () => (await call(r, 'GET', 'after')) === '$6\r\nstream\r\n');
    await call(r, 'SELECT', '3');
    expect(await call(r, 'LRANGE', 'list', '0', '-1')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    await call(r, 'SELECT', '0');
  });

  it('propagates PUBLISH: a subscriber on the replica gets the message published on the master', async () => {
    const sub = await replica.connect();
    expect(await call(sub, 'SUBSCRIBE', 'news')).toBe('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n');
    expect(await call(m, 'PUBLISH', 'news', 'hello')).toBe(':0\r\n');
    expect(text(await sub.readReply())).toBe('*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n');
  });

  it('refuses writes with READONLY, and reports the replica role', async () => {
    expect(await call(r, 'SET', 'x', '1')).toBe("-READONLY You can't write against a read only replica.\r\n");
    const role = await call(r, 'ROLE');
    expect(role).toMatch(new RegExp(`^\\*5\\r\\n\\$5\\r\\nslave\\r\\n\\$9\\r\\n127\\.0\\.0\\.1\\r\\n:${master.port}\\r\\n\\$9\\r\\nconnected\\r\\n:\\d+\\r\\n$`));
  });

  it('has equal offsets and ids on both sides, and WAIT counts the replica', async () => {
    expect(await call(m, 'SET', 'w', '1')).toBe('+OK\r\n');
    expect(await call(m, 'WAIT', '1', '5000')).toBe(':1\r\n');
    const mi = await call(m, 'INFO', 'replication');
    await waitFor(async () => infoField(await call(r, 'INFO', 'replication'), 'slave_repl_offset') === infoField(mi, 'master_repl_offset'));
    const ri = await call(r, 'INFO', 'replication');
    expect(infoField(ri, 'master_replid')).toBe(infoField(mi, 'master_replid'));
    expect(infoField(mi, 'connected_slaves')).toBe('1');
    expect(infoField(mi, 'slave0')).toMatch(new RegExp(`^ip=127\\.0\\.0\\.1,port=${replica.port},state=online,offset=\\d+,lag=\\d+$`));
    expect(await call(m, 'WAIT', '2', '100')).toBe(':1\r\n');
  });

  it('lists INFO replication fields in 7.0 order on the replica', async () => {
    const names = (await call(r, 'INFO', 'replication'))
      .split('\r\n')
      .filter((l) => l.includes(':'))
      .map((l) => l.slice(0, l.indexOf(':')));
    expect(names).toEqual([
      'role',
      'master_host',
      'master_port',
      'master_link_status',
      'master_last_io_seconds_ago',
      'master_sync_in_progress',
      'slave_read_repl_offset',
      'slave_repl_offset',
      'slave_priority',
      'slave_read_only',
      'replica_announced',
      'connected_slaves',
      'master_failover_state',
      'master_replid',
      'master_replid2',
      'master_repl_offset',
      'second_repl_offset',
      'repl_backlog_active',
      'repl_backlog_size',
      'repl_backlog_first_byte_offset',
      'repl_backlog_histlen',
    ]);
  });

  it('refuses writes with NOREPLICAS when min-replicas-to-write is not met', async () => {
    expect(await call(m, 'CONFIG', 'SET', 'min-replicas-to-write', '2')).toBe('+OK\r\n');
    await waitFor(async () => (await call(m, 'SET', 'k', 'v')) === '-NOREPLICAS Not enough good replicas to write.\r\n');
    expect(await call(m, 'GET', 'k')).toBe('$-1\r\n');
    expect(await call(m, 'CONFIG', 'SET', 'min-replicas-to-write', '0')).toBe('+OK\r\n');
    expect(await call(m, 'SET', 'k', 'v')).toBe('+OK\r\n');
  });

  it('promotes the replica with REPLICAOF NO ONE, keeping the old id as replid2', async () => {
    const before = await call(r, 'INFO', 'replication');
    expect(await call(r, 'REPLICAOF', 'NO', 'ONE')).toBe('+OK\r\n');
    const after = await call(r, 'INFO', 'replication');
    expect(infoField(after, 'role')).toBe('master');
    expect(infoField(after, 'master_replid2')).toBe(infoField(before, 'master_replid'));
    expect(infoField(after, 'second_repl_offset')).toBe(String(Number(infoField(before, 'master_repl_offset')) + 1));
    expect(await call(r, 'SET', 'x', '1')).toBe('+OK\r\n');
  });
});

describe('replica-serve-stale-data no', () => {
  it('answers MASTERDOWN while the link is down, but INFO still works', async () => {
    const replica = await startNode([...FAST_SYNC, '--replicaof', '127.0.0.1 1', '--replica-serve-stale-data', 'no']);
    try {
      const r = await replica.connect();
      expect(await call(r, 'GET', 'x')).toBe("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
      expect(await call(r, 'PING')).toBe("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
      expect(infoField(await call(r, 'INFO', 'replication'), 'master_link_status')).toBe('down');
    } finally {
      await replica.stop();
    }
  });
});
