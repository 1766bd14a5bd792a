/**
 * A real redis-server 7.0 as the replica of our ReplicationMaster, over TCP (spec/replication.md
 * §1–§4): proves that a real replica accepts our handshake answers, both payload framings, the
 * ACK-gated stream after an EOF payload, +CONTINUE after a reconnect, and that the stream we feed
 * leaves it with exactly our data at exactly our offset.
 *
 * The TCP side is a minimal stand-in for the node's server: it answers PING and REPLCONF, hands
 * PSYNC/SYNC, ACKs and newlines to the master, and runs its cron every 100 ms.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { RequestParser } from '@resplica/resp';
import { RawClient, freePort, startRedisServer, waitFor, type RunningServer } from '@resplica/testing';
import type { ReplicaAnnouncement, ReplicaConnection } from '../types';
import { command, masterFixture, setString, type MasterFixture } from '../../test/master-fakes';

/** ReplicaConnection over a Node socket (no output limit: the test streams a few bytes). */
class SocketReplica implements ReplicaConnection {
  constructor(
    readonly id: number,
    private readonly socket: Socket,
  ) {}
  get peerIp(): string {
    return this.socket.remoteAddress ?? '';
  }
  get pendingBytes(): number {
    return this.socket.writableLength;
  }
  get closed(): boolean {
    return this.socket.destroyed;
  }
  write(bytes: Buffer): boolean {
    return this.socket.destroyed ? false : this.socket.write(bytes);
  }
  whenDrained(): Promise<void> {
    if (!this.socket.writableNeedDrain || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('drain', resolve);
      this.socket.once('close', resolve);
    });
  }
  overOutputLimit(): boolean {
    return false;
  }
  close(): void {
    this.socket.destroy();
  }
}

interface Served {
  /** Every command received except REPLCONF ACK, as strings. */
  readonly handshakes: string[][];
  /** Every REPLCONF ACK offset received, in order. */
  readonly acks: number[];
  stop(): Promise<void>;
}

/** Serves replicas for `f.master` on `port`; returns the server and a stop function. */
async function serveReplicas(f: MasterFixture, port: number): Promise<Served> {
  const handshakes: string[][] = [];
  const acks: number[] = [];
  let nextId = 1;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const id = nextId++;
    const conn = new SocketReplica(id, socket);
    const parser = new RequestParser();
    const announced = { listeningPort: 0, ipAddress: null as string | null, capaEof: false, capaPsync2: false };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      f.master.replicaClosed(id);
    });
    socket.on('data', (chunk: Buffer) => {
      if (f.master.isReplica(id) && chunk.every((b) => b === 0x0a)) f.master.keepalive(id, Date.now());
      parser.feed(chunk);
      for (let argv = parser.next(); argv !== null; argv = parser.next()) {
        const args = argv.map((a) => a.toString('latin1'));
        const name = args[0].toLowerCase();
        if (name !== 'replconf' || args[1].toLowerCase() !== 'ack') handshakes.push(args);
        if (name === 'ping') socket.write('+PONG\r\n');
        else if (name === 'replconf') replconf(args, announced, id, socket);
        else if (name === 'psync') f.master.psync(conn, { ...announced } as ReplicaAnnouncement, args[1], Number(args[2]));
        else if (name === 'sync') f.master.sync(conn, { ...announced } as ReplicaAnnouncement);
        else socket.write('-ERR unexpected command\r\n');
      }
    });
  });
  const replconf = (args: string[], a: { listeningPort: number; capaEof: boolean; capaPsync2: boolean }, id: number, socket: Socket): void => {
    for (let i = 1; i + 1 < args.length; i += 2) {
      const [opt, val] = [args[i].toLowerCase(), args[i + 1]];
      if (opt === 'ack') {
        acks.push(Number(val));
        f.master.ack(id, Number(val), Date.now());
        return;
      }
      if (opt === 'listening-port') a.listeningPort = Number(val);
      if (opt === 'capa' && val === 'eof') a.capaEof = true;
      if (opt === 'capa' && val === 'psync2') a.capaPsync2 = true;
    }
    socket.write('+OK\r\n');
  };
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const cron = setInterval(() => f.master.cron(Date.now(), false), 100);
  return {
    handshakes,
    acks,
    stop: async () => {
      clearInterval(cron);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The RESP bulk reply of a GET, as bytes. */
const bulk = (value: string): Buffer => Buffer.from(`$${Buffer.byteLength(value, 'latin1')}\r\n${value}\r\n`, 'latin1');

describe('a real redis-server 7.0 replicating from ReplicationMaster', () => {
  let f: MasterFixture;
  let tcp: Served;
  let redis: RunningServer;
  let client: RawClient;

  async function start(settings: [string, string][]): Promise<void> {
    f = masterFixture(settings);
    setString(f.keyspace, 0, 'plain', 'hello');
    setString(f.keyspace, 0, 'bin\0key\r\n', 'x\r\ny');
    setString(f.keyspace, 2, 'other-db', 'two');
    setString(f.keyspace, 0, 'ttl', 'soon');
    f.keyspace.databases[0].setExpire('ttl', Date.now() + 3_600_000);
    const port = await freePort();
    tcp = await serveReplicas(f, port);
    redis = await startRedisServer(['--replicaof', '127.0.0.1', String(port)]);
    client = await RawClient.connect(redis.port);
  }

  afterEach(async () => {
    client?.destroy();
    await redis?.stop();
    await tcp?.stop();
    f?.dispose();
  });

  /** Waits until the replica's latest ACK is our offset; its link is up and INFO shows that offset. */
  async function caughtUp(): Promise<void> {
    await waitFor(() => tcp.acks.at(-1) === f.state.masterReplOffset, { timeoutMs: 10_000, what: 'the ACK of our offset' });
    expect(f.master.replicas()[0].ackOffset).toBe(f.state.masterReplOffset);
    const info = (await client.call('INFO', 'replication')).toString('latin1');
    expect(info).toContain('master_link_status:up');
    expect(Number(/master_repl_offset:(\d+)/.exec(info)![1])).toBe(f.state.masterReplOffset);
  }

  async function checkData(): Promise<void> {
    expect(await client.call('GET', 'plain')).toEqual(bulk('hello'));
    expect(await client.call('GET', Buffer.from('bin\0key\r\n', 'latin1'))).toEqual(bulk('x\r\ny'));
    expect((await client.call('PTTL', 'ttl')).toString()).toMatch(/^:\d{7}\r\n$/);
    expect(await client.call('DBSIZE')).toEqual(Buffer.from(':3\r\n'));
    expect(await client.call('SELECT', '2')).toEqual(Buffer.from('+OK\r\n'));
    expect(await client.call('GET', 'other-db')).toEqual(bulk('two'));
    expect(await client.call('SELECT', '0')).toEqual(Buffer.from('+OK\r\n'));
  }

  it('syncs with the EOF form, gets the stream after its ACK, answers GETACK and continues after a reconnect', async () => {
    await start([]);
    await waitFor(() => f.master.replicas()[0]?.state === 'online' && f.master.counters.syncFull === 1, { timeoutMs: 10_000 });
    expect(tcp.handshakes.map((a) => a.join(' ')).slice(0, 4)).toEqual([
      'PING',
      `REPLCONF listening-port ${redis.port}`,
      'REPLCONF capa eof capa psync2',
      'PSYNC ? -1',
    ]);
    await caughtUp();
    await checkData();

    // The first command after a full sync carries a SELECT (resetStreamDb), as the node does.
    f.master.feed(Buffer.concat([command('SELECT', '0'), command('SET', 'fed', '1'), command('DEL', 'plain')]));
    f.master.feed(Buffer.concat([command('SELECT', '2'), command('SET', 'fed2', '2')]));
    await caughtUp();
    expect(await client.call('GET', 'fed')).toEqual(bulk('1'));
    expect(await client.call('EXISTS', 'plain')).toEqual(Buffer.from(':0\r\n'));

    // GETACK right behind a command: the replica answers with the offset before the GETACK itself.
    f.master.feed(command('INCR', 'counter'));
    const beforeGetack = f.state.masterReplOffset;
    const seen = tcp.acks.length;
    f.master.requestAck();
    await waitFor(() => tcp.acks.slice(seen).includes(beforeGetack), { timeoutMs: 900, what: 'the ACK answering GETACK' });
    expect(f.state.masterReplOffset).toBe(beforeGetack + 37);
    await caughtUp();
    expect(tcp.acks.slice(seen).filter((o) => o !== beforeGetack && o !== beforeGetack + 37)).toEqual([]);

    // Dropped, it comes back with PSYNC <replid> <offset+1> and gets +CONTINUE and what it missed.
    f.master.disconnectReplicas('test reconnect');
    f.master.feed(command('SET', 'missed', 'while-away'));
    await waitFor(() => f.master.counters.syncPartialOk === 1, { timeoutMs: 10_000, what: 'a partial resync' });
    expect(tcp.handshakes.filter((a) => a[0] === 'PSYNC').map((a) => a.join(' '))).toEqual([
      'PSYNC ? -1',
      `PSYNC ${f.state.replid} ${beforeGetack + 37 + 1}`,
    ]);
    await caughtUp();
    expect(await client.call('SELECT', '2')).toEqual(Buffer.from('+OK\r\n'));
    expect(await client.call('GET', 'missed')).toEqual(bulk('while-away'));
    expect(f.master.counters).toEqual({ syncFull: 1, syncPartialOk: 1, syncPartialErr: 0 });
  });

  it('syncs with the length form from a disk snapshot, the stream following the RDB at once', async () => {
    await start([['repl-diskless-sync', 'no']]);
    await waitFor(() => f.master.replicas()[0]?.state === 'online', { timeoutMs: 10_000 });
    await caughtUp();
    await checkData();
    f.master.feed(Buffer.concat([command('SELECT', '0'), command('SET', 'fed', 'disk')]));
    await caughtUp();
    expect(await client.call('GET', 'fed')).toEqual(bulk('disk'));
    await waitFor(() => f.files().length === 0, { what: 'the temp file to be removed' });
  });
});
