/**
 * ReplicaLink against a scripted fake master on a real TCP server: the bytes the replica sends,
 * byte for byte, and what it does with each master reply (spec §1–§3, §5, §7).
 */
import { connect } from 'node:net';
import { NULL_REPLID, ReplicationState } from '@resplica/backlog';
import { encodeCommand } from '@resplica/resp';
import { waitFor } from '@resplica/testing';
import { FakeReplicaHost } from '../../test/replica/fake-host';
import { FakeMaster, type FakeMasterConnection } from '../../test/replica/fake-master';
import { EXAMPLE_RDB, buildRdb } from '../../test/replica/sample-rdb';
import { ReplicaLink } from './link';

const ID_A = 'a'.repeat(40);
const ID_B = 'b'.repeat(40);
const MARK = '0123456789abcdef0123456789abcdef01234567';
const PING = '*1\r\n$4\r\nPING\r\n';
const BATCH_6390 =
  '*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n6390\r\n' +
  '*5\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n';
const PSYNC_FRESH = '*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n';
const psync = (id: string, offset: number): string =>
  `*3\r\n$5\r\nPSYNC\r\n$40\r\n${id}\r\n$${String(offset).length}\r\n${offset}\r\n`;
const ack = (offset: number): string => `*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$${String(offset).length}\r\n${offset}\r\n`;
const cmd = (...args: string[]): Buffer => encodeCommand(args.map((s) => Buffer.from(s, 'latin1')));
const eofPayload = (rdb: Buffer): Buffer => Buffer.concat([Buffer.from(`$EOF:${MARK}\r\n`), rdb, Buffer.from(MARK)]);

let master: FakeMaster;
let state: ReplicationState;
let host: FakeReplicaHost;
let link: ReplicaLink;

function newLink(cachedMaster: boolean): ReplicaLink {
  link = new ReplicaLink({
    host,
    state,
    connect: (h, p) => connect(p, h),
    masterHost: '127.0.0.1',
    masterPort: master.port,
    cachedMaster,
  });
  return link;
}

beforeEach(async () => {
  master = await FakeMaster.start();
  state = new ReplicationState({ backlogSize: 1 << 20 });
  host = new FakeReplicaHost(state);
});

afterEach(async () => {
  link?.stop();
  await master.close();
});

/** PING, the REPLCONF batch (two +OK) and the PSYNC, checked byte for byte. */
async function handshake(conn: FakeMasterConnection, psyncBytes: string): Promise<void> {
  await conn.expect(PING);
  conn.write('+PONG\r\n');
  await conn.expect(BATCH_6390);
  conn.write('+OK\r\n+OK\r\n');
  await conn.expect(psyncBytes);
}

/** A full sync of the 85-byte example at offset 1000 in the EOF framing, up to the first ACK. */
async function fullSync(conn: FakeMasterConnection, offset = 1000): Promise<void> {
  conn.write(`+FULLRESYNC ${ID_A} ${offset}\r\n`);
  conn.write(eofPayload(EXAMPLE_RDB));
  await conn.expect(ack(offset));
  expect(link.linkUp).toBe(true);
}

describe('handshake on the wire (spec §1.1, §1.2)', () => {
  it('sends PING, then AUTH user pass + REPLCONF port, ip-address, capa in one batch, then PSYNC', async () => {
    host.auth = { user: 'repluser', password: 's3cret' };
    host.ip = '10.0.0.9';
    newLink(false).start();
    const conn = await master.connection(0);
    await conn.expect(PING);
    expect(link.status.state).toBe('handshake');
    // Nothing more is sent before the PING reply.
    expect(conn.unmatched().length).toBe(0);
    conn.write('+PONG\r\n');
    await conn.expect(
      '*3\r\n$4\r\nAUTH\r\n$8\r\nrepluser\r\n$6\r\ns3cret\r\n*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n' +
        '$4\r\n6390\r\n*3\r\n$8\r\nREPLCONF\r\n$10\r\nip-address\r\n$8\r\n10.0.0.9\r\n*5\r\n$8\r\nREPLCONF\r\n' +
        '$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n',
    );
    // PSYNC waits for all four replies (P1); they may come in pieces.
    conn.write('+OK\r\n+OK\r\n-ERR Unrecognized REPLCONF option: ip-address\r\n+O');
    await waitFor(() => host.lines.some((l) => l.level === 'warn'));
    expect(conn.unmatched().length).toBe(0);
    conn.write('K\r\n');
    await conn.expect(PSYNC_FRESH);
  });

  it('sends AUTH <pass> alone without masteruser', async () => {
    host.auth = { user: '', password: 'pw' };
    newLink(false).start();
    const conn = await master.connection(0);
    await conn.expect(PING);
    conn.write('-NOAUTH Authentication required.\r\n');
    await conn.expect('*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n' + BATCH_6390);
  });

  it('asks PSYNC <replid> <offset+1> with a cached master', async () => {
    state.adoptFullSync(ID_A, 41);
    newLink(true).start();
    await handshake(await master.connection(0), psync(ID_A, 42));
    expect(link.status.replOffset).toBe(41);
    expect(link.status.readReplOffset).toBe(41);
  });

  it('closes on an AUTH error, logs it, and retries a second later', async () => {
    host.auth = { user: '', password: 'bad' };
    newLink(false).start();
    const conn = await master.connection(0);
    await conn.expect(PING);
    conn.write('+PONG\r\n');
    await conn.expect('*2\r\n$4\r\nAUTH\r\n$3\r\nbad\r\n' + BATCH_6390);
    const started = Date.now();
    conn.write('-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+OK\r\n');
    await conn.waitClosed();
    expect(host.lines.find((l) => l.message === 'connection with master failed')?.fields).toEqual({
      reason: 'Unable to AUTH to MASTER: -WRONGPASS invalid username-password pair or user is disabled.',
      state: 'handshake',
    });
    expect(link.status.state).toBe('connect');
    const again = await master.connection(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await again.expect(PING);
  });

  it('retries later with the same cached PSYNC on -NOMASTERLINK', async () => {
    state.adoptFullSync(ID_A, 7);
    newLink(true).start();
    const conn = await master.connection(0);
    await handshake(conn, psync(ID_A, 8));
    conn.write("-NOMASTERLINK Can't SYNC while not connected with my master\r\n");
    await conn.waitClosed();
    await handshake(await master.connection(1), psync(ID_A, 8));
  });
});

describe('full sync (spec §2)', () => {
  it('loads an EOF-framed payload after keepalives, ACKs at once, then applies the stream', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    conn.write('\n\n');
    conn.write(`+FULLRESYNC ${ID_A} 1000\r\n`);
    await waitFor(() => link.status.state === 'sync');
    expect(link.status.syncInProgress).toBe(true);
    expect(link.status.replOffset).toBe(1);
    conn.write(eofPayload(EXAMPLE_RDB));
    await conn.expect(ack(1000));
    expect(host.events).toEqual(['beginLoad', 'commit', 'selectDb:0', 'fullSyncDone', 'linkUp:full']);
    expect(state.replid).toBe(ID_A);
    expect(state.masterReplOffset).toBe(1000);
    expect(state.replid2).toBe(NULL_REPLID);
    expect(host.keyspace.databases[0].size()).toBe(2);
    const stream = Buffer.concat([cmd('SELECT', '0'), cmd('SET', 'k1', 'v1')]);
    conn.write(stream);
    await waitFor(() => state.masterReplOffset === 1052);
    expect(host.executedText()).toEqual([['SELECT', '0'], ['SET', 'k1', 'v1']]);
    expect(host.appliedBytes()).toEqual(stream);
    const s = link.status;
    expect([s.state, s.replOffset, s.readReplOffset, s.syncInProgress, s.lastIoSecondsAgo]).toEqual(['connected', 1052, 1052, false, 0]);
    const logs = host.messages();
    expect(logs).toContain('full sync: receiving the payload');
    expect(logs).toContain('full sync finished');
    expect(host.lines.find((l) => l.message === 'full sync finished')?.fields).toMatchObject({ keys: 2, bytes: 125 });
  });

  it('loads a $len payload after newlines between +FULLRESYNC and $, with the stream in the same write', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    const rdb = buildRdb([['repl-stream-db', 3]], [{ db: 3, key: 'x', value: { kind: 'string', value: '1' } }]);
    conn.write(`+FULLRESYNC ${ID_A} 500\r\n\n\n`);
    await waitFor(() => link.status.state === 'sync');
    conn.write(Buffer.concat([Buffer.from(`$${rdb.length}\r\n`), rdb, cmd('INCR', 'x')]));
    await waitFor(() => state.masterReplOffset === 521);
    expect(host.events).toEqual(['beginLoad', 'commit', 'selectDb:3', 'fullSyncDone', 'linkUp:full']);
    expect(host.keyspace.databases[3].lookupRead('x', 0)).toEqual(Buffer.from('1'));
    expect(host.executedText()).toEqual([['INCR', 'x']]);
    // No ACK after a length-framed load; the first one comes from the 1 s timer.
    expect(conn.unmatched().length).toBe(0);
    link.cron(Date.now() + 1000);
    await conn.expect(ack(521));
  });

  it('takes the PSYNC reply, header, RDB, mark and stream from one write', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    const stream = Buffer.concat([cmd('SELECT', '0'), cmd('DEL', 'foo')]);
    conn.write(Buffer.concat([Buffer.from(`\n+FULLRESYNC ${ID_A} 1000\r\n`), eofPayload(EXAMPLE_RDB), stream]));
    await conn.expect(ack(1000));
    await waitFor(() => state.masterReplOffset === 1000 + stream.length);
    expect(host.executedText()).toEqual([['SELECT', '0'], ['DEL', 'foo']]);
  });

  it('reports the transfer in the status and sends a newline a second while loading', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    conn.write(`+FULLRESYNC ${ID_A} 1000\r\n$85\r\n`);
    conn.write(EXAMPLE_RDB.subarray(0, 40));
    await waitFor(() => link.status.syncReadBytes === 40);
    const s = link.status;
    expect([s.state, s.syncInProgress, s.syncTotalBytes, s.syncLastIoSecondsAgo, s.lastIoSecondsAgo]).toEqual([
      'sync',
      true,
      85,
      0,
      -1,
    ]);
    link.cron(Date.now() + 1000);
    await conn.expect('\n');
    expect(host.lines.find((l) => l.message === 'full sync in progress')?.fields).toEqual({ bytes: 40, keys: 0 });
    conn.write(EXAMPLE_RDB.subarray(40));
    await waitFor(() => link.linkUp);
    expect(link.status.syncTotalBytes).toBe(0);
  });

  it('discards the load on a bad mark and retries with PSYNC ? -1', async () => {
    state.adoptFullSync(ID_B, 99);
    newLink(true).start();
    const conn = await master.connection(0);
    await handshake(conn, psync(ID_B, 100));
    conn.write(`+FULLRESYNC ${ID_A} 1000\r\n$EOF:${MARK}\r\n`);
    conn.write(Buffer.concat([EXAMPLE_RDB, Buffer.from(MARK.replace('0', 'X'))]));
    await conn.waitClosed();
    expect(host.events).toEqual(['beginLoad', 'discard']);
    expect(host.lines.find((l) => l.message === 'connection with master failed')?.fields).toEqual({
      reason: 'the bytes after the RDB are not the EOF mark',
      state: 'payload',
    });
    // +FULLRESYNC dropped the cached master, as 7.0 does; our dataset and ids are untouched.
    expect(state.replid).toBe(ID_B);
    expect(host.keyspace.databases[0].size()).toBe(0);
    await handshake(await master.connection(1), PSYNC_FRESH);
  });

  it('discards the load when the master closes mid-payload', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    conn.write(`+FULLRESYNC ${ID_A} 1000\r\n$85\r\n`);
    conn.write(EXAMPLE_RDB.subarray(0, 50));
    await waitFor(() => link.status.syncReadBytes === 50);
    conn.destroy();
    await waitFor(() => host.events.includes('discard'));
    expect(host.events).toEqual(['beginLoad', 'discard']);
    expect(link.status.linkDownSinceSeconds).toBe(-1);
  });

  it('falls back to SYNC on an unexplained PSYNC error and sends no periodic ACKs', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    conn.write("-ERR unknown command 'PSYNC'\r\n");
    await conn.expect('SYNC\r\n');
    conn.write(Buffer.concat([Buffer.from('$85\r\n'), EXAMPLE_RDB, cmd('SET', 'a', 'b')]));
    await waitFor(() => host.executed.length === 1);
    expect(state.replid).not.toBe(NULL_REPLID);
    expect(state.replid).toMatch(/^[0-9a-f]{40}$/);
    expect(state.masterReplOffset).toBe(27);
    link.cron(Date.now() + 5000);
    conn.write(cmd('REPLCONF', 'GETACK', '*'));
    // The first bytes after the load are the GETACK answer: no periodic ACK went out before it.
    await conn.expect(ack(27));
    expect(host.lines.some((l) => l.message.startsWith('master refused PSYNC: falling back to SYNC'))).toBe(true);
  });
});

describe('stream and offsets (spec §3.9)', () => {
  it('ACKs 1152 inside MULTI, 1227 on GETACK, then 1264, and resumes at 1265', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    await fullSync(conn);
    conn.write(
      Buffer.concat([
        cmd('SELECT', '0'),
        cmd('SET', 'k1', 'v1'),
        cmd('ping'),
        cmd('SET', 'bin\0key', 'x\r\ny'),
        cmd('SET', 'gone', '1', 'PXAT', '1000'),
        cmd('MULTI'),
        cmd('INCR', 'ctr'),
      ]),
    );
    await waitFor(() => host.executed.length === 7);
    const t0 = Date.now();
    link.cron(t0 + 1000);
    await conn.expect(ack(1152));
    conn.write(Buffer.concat([cmd('INCR', 'ctr'), cmd('EXEC'), cmd('REPLCONF', 'GETACK', '*')]));
    await conn.expect(ack(1227));
    link.cron(t0 + 3000);
    await conn.expect(ack(1264));
    expect(state.masterReplOffset).toBe(1264);
    expect(link.status.replOffset).toBe(1264);
    conn.destroy();
    await waitFor(() => host.events.some((e) => e.startsWith('linkDown:')));
    expect(link.status.lastIoSecondsAgo).toBe(-1);
    expect(link.status.replOffset).toBe(1264);
    expect(link.status.linkDownSinceSeconds).toBe(0);
    await handshake(await master.connection(1), psync(ID_A, 1265));
  });

  it('forgets a half transaction when the link drops and asks again from before MULTI', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    await fullSync(conn);
    conn.write(Buffer.concat([cmd('SET', 'a', '1'), cmd('MULTI'), cmd('INCR', 'a')]));
    await waitFor(() => host.executed.length === 3);
    expect(link.status.readReplOffset).toBe(1000 + 27 + 15 + 21);
    conn.destroy();
    await waitFor(() => host.events.includes('discardTransaction'));
    expect(host.events.slice(-2)).toEqual(['discardTransaction', 'linkDown:connection closed']);
    expect(state.masterReplOffset).toBe(1027);
    const again = await master.connection(1);
    await handshake(again, psync(ID_A, 1028));
    again.write(`+CONTINUE ${ID_A}\r\n`);
    again.write(Buffer.concat([cmd('MULTI'), cmd('INCR', 'a'), cmd('EXEC')]));
    await waitFor(() => state.masterReplOffset === 1027 + 15 + 21 + 14);
    expect(host.events.filter((e) => e === 'linkUp:partial')).toHaveLength(1);
  });

  it('closes on inline input from the master and then asks PSYNC ? -1', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    await fullSync(conn);
    conn.write(Buffer.concat([cmd('SET', 'a', '1'), Buffer.from('\r\nSET b 2\r\n')]));
    await conn.waitClosed();
    expect(host.executedText()).toEqual([['SET', 'a', '1']]);
    expect(state.masterReplOffset).toBe(1027);
    expect(host.events.at(-1)).toBe('linkDown:master using the inline protocol: desync');
    expect(link.status.replOffset).toBe(1);
    await handshake(await master.connection(1), PSYNC_FRESH);
  });

  it('drops the link after repl-timeout without data, then reconnects', async () => {
    host.timeoutSec = 5;
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    await fullSync(conn);
    const t0 = Date.now();
    link.cron(t0 + 4000);
    expect(link.linkUp).toBe(true);
    link.cron(t0 + 7000);
    expect(link.linkUp).toBe(false);
    await conn.waitClosed();
    expect(host.events.at(-1)).toBe('linkDown:MASTER timeout: no data nor PING received');
    await handshake(await master.connection(1), psync(ID_A, 1001));
  });

  it('times out a handshake the master never answers', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await conn.expect(PING);
    link.cron(Date.now() + 61_000);
    await conn.waitClosed();
    expect(host.lines.find((l) => l.message === 'connection with master failed')?.fields).toEqual({
      reason: 'timeout in state handshake',
      state: 'handshake',
    });
  });
});

describe('+CONTINUE (spec §5)', () => {
  it('shifts ids on a new replid and applies the backlog bytes from the same segment', async () => {
    state.adoptFullSync(ID_A, 1264);
    newLink(true).start();
    const conn = await master.connection(0);
    await handshake(conn, psync(ID_A, 1265));
    conn.write(Buffer.concat([Buffer.from(`+CONTINUE ${ID_B}\r\n`), cmd('SET', 'k', 'v')]));
    await waitFor(() => state.masterReplOffset === 1264 + 27);
    expect([state.replid, state.replid2, state.secondReplOffset]).toEqual([ID_B, ID_A, 1265]);
    expect(host.events).toEqual(['replidChanged', 'linkUp:partial']);
    expect(host.executedText()).toEqual([['SET', 'k', 'v']]);
    expect(host.lines.find((l) => l.message === 'partial resync accepted')?.fields).toEqual({ offset: 1264, bytes: 27 });
  });

  it('keeps ids on +CONTINUE with the same id or none, and creates a missing backlog', async () => {
    state.restoreAsReplica(ID_A, 10);
    state.freeBacklog();
    newLink(true).start();
    const conn = await master.connection(0);
    await handshake(conn, psync(ID_A, 11));
    conn.write('+CONTINUE\r\n');
    await waitFor(() => link.linkUp);
    expect([state.replid, state.replid2]).toEqual([ID_A, NULL_REPLID]);
    expect(host.events).toEqual(['linkUp:partial']);
    expect(state.backlog?.firstByteOffset).toBe(11);
    conn.write(cmd('PING'));
    await waitFor(() => state.masterReplOffset === 24);
    conn.destroy();
    const again = await master.connection(1);
    await handshake(again, psync(ID_A, 25));
    again.write(`+CONTINUE ${ID_A}\r\n`);
    await waitFor(() => host.events.length === 3);
    expect(host.events).toEqual(['linkUp:partial', 'linkDown:connection closed', 'linkUp:partial']);
  });
});

describe('stop()', () => {
  it('discards a load in progress and never reconnects', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    conn.write(`+FULLRESYNC ${ID_A} 1000\r\n$85\r\n`);
    conn.write(EXAMPLE_RDB.subarray(0, 10));
    await waitFor(() => link.status.syncReadBytes === 10);
    link.stop();
    await conn.waitClosed();
    expect(host.events).toEqual(['beginLoad', 'discard']);
    link.start();
    expect(link.status.state).toBe('connect');
  });

  it('discards a half transaction and reports the link down', async () => {
    newLink(false).start();
    const conn = await master.connection(0);
    await handshake(conn, PSYNC_FRESH);
    await fullSync(conn);
    conn.write(Buffer.concat([cmd('MULTI'), cmd('INCR', 'a')]));
    await waitFor(() => host.executed.length === 2);
    link.stop();
    expect(host.events.slice(-2)).toEqual(['discardTransaction', 'linkDown:replication stopped']);
    expect(state.masterReplOffset).toBe(1000);
  });
});
