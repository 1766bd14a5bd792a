/**
 * ReplicaLink over an in-memory socket whose reads the test cuts exactly: the master's whole side
 * of a sync (handshake replies, PSYNC reply, payload header, RDB, mark, stream) delivered whole,
 * byte by byte, and in two pieces at every boundary must give the same result (P7). Fake timers
 * check the 1 s reconnect, stop() and the ROLE state sequence.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { ReplicationState } from '@resplica/backlog';
import { encodeCommand } from '@resplica/resp';
import { FakeReplicaHost } from '../../test/replica/fake-host';
import { EXAMPLE_RDB } from '../../test/replica/sample-rdb';
import { ReplicaLink } from './link';

/** The part of a net.Socket the link uses; reads are emitted by the test. */
class FakeSocket extends EventEmitter {
  readonly written: Buffer[] = [];
  destroyed = false;
  write(bytes: Buffer): boolean {
    this.written.push(Buffer.from(bytes));
    return true;
  }
  setNoDelay(): this {
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
  sent(): string {
    return Buffer.concat(this.written).toString('latin1');
  }
}

const ID = 'c'.repeat(40);
const MARK = 'fedcba9876543210fedcba9876543210fedcba98';
const cmd = (...args: string[]): Buffer => encodeCommand(args.map((s) => Buffer.from(s, 'latin1')));
const ack = (offset: number): string => `*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$${String(offset).length}\r\n${offset}\r\n`;
const HANDSHAKE_SENT =
  '*1\r\n$4\r\nPING\r\n' +
  '*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n6390\r\n' +
  '*5\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n' +
  '*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n';

/** The §3.9 walk-through stream, after +FULLRESYNC … 1000. */
const STREAM = Buffer.concat([
  cmd('SELECT', '0'),
  cmd('SET', 'k1', 'v1'),
  cmd('ping'),
  cmd('SET', 'bin\0key', 'x\r\ny'),
  cmd('SET', 'gone', '1', 'PXAT', '1000'),
  cmd('MULTI'),
  cmd('INCR', 'ctr'),
  cmd('INCR', 'ctr'),
  cmd('EXEC'),
  cmd('REPLCONF', 'GETACK', '*'),
]);
const EXECUTED = [
  ['SELECT', '0'],
  ['SET', 'k1', 'v1'],
  ['ping'],
  ['SET', 'bin\0key', 'x\r\ny'],
  ['SET', 'gone', '1', 'PXAT', '1000'],
  ['MULTI'],
  ['INCR', 'ctr'],
  ['INCR', 'ctr'],
  ['EXEC'],
];

/** Everything a master sends, from the PING reply on, with keepalive newlines where they occur. */
function masterScript(framing: 'eof' | 'length'): Buffer {
  const payload =
    framing === 'eof'
      ? Buffer.concat([Buffer.from(`$EOF:${MARK}\r\n`), EXAMPLE_RDB, Buffer.from(MARK)])
      : Buffer.concat([Buffer.from('\n\n$85\r\n'), EXAMPLE_RDB]);
  return Buffer.concat([Buffer.from(`+PONG\r\n+OK\r\n+OK\r\n\n\n+FULLRESYNC ${ID} 1000\r\n`), payload, STREAM]);
}

interface Run {
  state: ReplicationState;
  host: FakeReplicaHost;
  link: ReplicaLink;
  sockets: FakeSocket[];
}

function newRun(): Run {
  const state = new ReplicationState({ backlogSize: 1 << 20 });
  const host = new FakeReplicaHost(state);
  const sockets: FakeSocket[] = [];
  const link = new ReplicaLink({
    host,
    state,
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s as unknown as Socket;
    },
    masterHost: '127.0.0.1',
    masterPort: 6380,
    cachedMaster: false,
  });
  return { state, host, link, sockets };
}

/** Plays the script in `pieces` and sums up what the replica did. */
function play(pieces: Buffer[]): object {
  const { state, host, link, sockets } = newRun();
  link.start();
  sockets[0].emit('connect');
  for (const piece of pieces) sockets[0].emit('data', piece);
  const db0 = host.keyspace.databases[0];
  const result = {
    sent: sockets[0].sent(),
    events: [...host.events],
    executed: host.executedText(),
    applied: host.appliedBytes().toString('latin1'),
    offset: state.masterReplOffset,
    replid: state.replid,
    status: [link.status.state, link.status.replOffset, link.status.readReplOffset],
    keys: [db0.lookupRead('foo', 0)?.toString(), db0.lookupRead('temp', 0)?.toString()],
  };
  link.stop();
  return result;
}

function expected(framing: 'eof' | 'length'): object {
  return {
    sent: HANDSHAKE_SENT + (framing === 'eof' ? ack(1000) : '') + ack(1227),
    events: ['beginLoad', 'commit', 'selectDb:0', 'fullSyncDone', 'linkUp:full'],
    executed: EXECUTED,
    applied: STREAM.toString('latin1'),
    offset: 1264,
    replid: ID,
    status: ['connected', 1264, 1264],
    keys: ['bar', 'hello'],
  };
}

describe.each(['eof', 'length'] as const)('the whole sync in any cut (%s framing)', (framing) => {
  const script = masterScript(framing);

  it('in one read', () => {
    expect(play([script])).toEqual(expected(framing));
  });

  it('byte by byte', () => {
    expect(play([...script].map((b) => Buffer.from([b])))).toEqual(expected(framing));
  });

  it('in two reads split at every boundary', () => {
    for (let i = 1; i < script.length; i++) {
      expect({ split: i, ...play([script.subarray(0, i), script.subarray(i)]) }).toEqual({ split: i, ...expected(framing) });
    }
  });
});

describe('timers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('goes connect → connecting → handshake → sync → connected', () => {
    const { link, sockets } = newRun();
    expect(link.status.state).toBe('connect');
    link.start();
    expect(link.status.state).toBe('connecting');
    sockets[0].emit('connect');
    expect(link.status.state).toBe('handshake');
    sockets[0].emit('data', Buffer.from(`+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC ${ID} 1000\r\n`));
    expect(link.status.state).toBe('sync');
    sockets[0].emit('data', Buffer.concat([Buffer.from('$85\r\n'), EXAMPLE_RDB]));
    expect(link.status.state).toBe('connected');
    link.stop();
  });

  it('reconnects exactly 1 s after a failure, and never after stop()', () => {
    const { link, sockets } = newRun();
    link.start();
    sockets[0].emit('error', new Error('ECONNREFUSED'));
    sockets[0].emit('close');
    expect(sockets[0].destroyed).toBe(true);
    expect(link.status.state).toBe('connect');
    jest.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    expect(link.status.state).toBe('connecting');
    sockets[1].emit('close');
    link.stop();
    jest.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('sends the load newline at most once a second, only while the payload arrives', () => {
    const { link, sockets } = newRun();
    link.start();
    sockets[0].emit('connect');
    sockets[0].emit('data', Buffer.from(`+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC ${ID} 1000\r\n`));
    const before = sockets[0].written.length;
    // Before the header: no newline.
    link.cron(Date.now() + 1000);
    expect(sockets[0].written.length).toBe(before);
    sockets[0].emit('data', Buffer.concat([Buffer.from('$85\r\n'), EXAMPLE_RDB.subarray(0, 10)]));
    const t0 = Date.now();
    for (let ms = 0; ms <= 3000; ms += 100) link.cron(t0 + ms);
    expect(sockets[0].written.slice(before).map((b) => b.toString())).toEqual(['\n', '\n', '\n']);
    link.stop();
  });
});
