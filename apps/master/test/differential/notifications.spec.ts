/*
 * Differential suite: keyspace notifications. Client 1 PSUBSCRIBEs to every keyspace and keyevent
 * channel, client 0 runs commands, then client 1 sends PING and reads every pending message plus
 * the PONG — so the exact message sequence (channels, payloads, order) is compared byte for byte
 * with a real redis-server 7.0. With `KEA` each event is two messages (keyspace, then keyevent).
 *
 * Expiry events are timing-driven; they are compared apart (last describe) with bounded waits.
 * Not covered here: the events of the list/set/zset/hash families (their own suites).
 */
import { RawClient, RunningServer, Session, Step, waitFor } from '@resplica/testing';
import { startWithReference } from '../server-under-test';
import { describeDifferential } from './support';

const SUBSCRIBE: Step = { client: 1, cmd: ['PSUBSCRIBE', '__key*__:*'] };

/** Client 1 reads `messages` pending messages, then the reply to its PING. */
function drain(messages: number): Step {
  return { client: 1, cmd: ['PING'], replies: messages + 1 };
}

/** A session: set the flags, subscribe, run `steps`, drain `messages`. */
function notified(name: string, flags: string, steps: Step[], messages: number): Session {
  return { name, steps: [['CONFIG', 'SET', 'notify-keyspace-events', flags], SUBSCRIBE, ...steps, drain(messages)] };
}

const sessions: Session[] = [
  notified(
    'string commands: set, expire, del, persist, append, incrby, incrbyfloat, setrange',
    'KEA',
    [
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v2', 'EX', '100'],
      ['SETNX', 'k', 'v'],
      ['SETNX', 'k2', 'v'],
      ['SETEX', 'k3', '100', 'v'],
      ['PSETEX', 'k4', '100000', 'v'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['GETSET', 'a', '5'],
      ['GETDEL', 'b'],
      ['GETEX', 'a', 'EX', '100'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'PXAT', '1'],
      ['APPEND', 'c', 'x'],
      ['INCR', 'd'],
      ['INCRBY', 'd', '5'],
      ['DECR', 'd'],
      ['DECRBY', 'd', '2'],
      ['INCRBYFLOAT', 'd', '1.5'],
      ['SETRANGE', 'c', '0', 'zz'],
      ['SETRANGE', 'e', '0', ''],
      ['SET', 'q', 'v', 'GET'],
    ],
    50,
  ),
  notified(
    'generic commands: rename_from/to, move_from/to, copy_to, del, expire, persist',
    'KEA',
    [
      ['SET', 'k2', 'v'],
      ['RENAME', 'k2', 'k3'],
      ['SET', 'k4', 'v'],
      ['RENAME', 'k3', 'k4'],
      ['RENAMENX', 'k4', 'k5'],
      ['RENAMENX', 'k5', 'k5'],
      ['SET', 'x', '1'],
      ['MOVE', 'x', '1'],
      ['COPY', 'k5', 'k6'],
      ['COPY', 'k5', 'k6', 'REPLACE'],
      ['COPY', 'k5', 'k5', 'DB', '1'],
      ['DEL', 'k5', 'k6', 'nope'],
      ['UNLINK', 'x'],
      ['SET', 'e', 'v'],
      ['EXPIRE', 'e', '100'],
      ['EXPIRE', 'e', '100', 'NX'],
      ['PEXPIRE', 'e', '100000'],
      ['EXPIREAT', 'e', '99999999999'],
      ['PEXPIREAT', 'e', '9999999999999'],
      ['PERSIST', 'e'],
      ['PERSIST', 'e'],
      ['EXPIRE', 'e', '0'],
      ['SET', 'e', 'v'],
      ['PEXPIRE', 'e', '-5'],
    ],
    50,
  ),
  notified(
    'bitmaps: setbit always, BITFIELD only when a field changed, BITOP set/del',
    'KEA',
    [
      ['SETBIT', 'b', '7', '1'],
      ['SETBIT', 'b', '7', '1'],
      ['BITFIELD', 'b', 'SET', 'u8', '0', '5'],
      ['BITFIELD', 'b', 'SET', 'u8', '0', '5'],
      ['BITFIELD', 'b', 'INCRBY', 'u8', '0', '1', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'],
      ['BITOP', 'AND', 'd', 'b', 'b'],
      ['BITOP', 'AND', 'd', 'nope'],
      ['BITOP', 'AND', 'nope2', 'nope'],
      ['BITOP', 'NOT', 'd', 'b'],
      ['LCS', 'b', 'd'],
    ],
    12,
  ),
  notified(
    'new and keymiss events (n and m are not part of A)',
    'KEnm',
    [
      ['SET', 'k', 'v'],
      ['GET', 'nope'],
      ['TYPE', 'nope'],
      ['MGET', 'nope', 'k', 'nope2'],
      ['STRLEN', 'nope'],
      ['TTL', 'nope'],
      ['OBJECT', 'ENCODING', 'nope'],
      ['MEMORY', 'USAGE', 'nope'],
      ['EXISTS', 'k', 'nope'],
      ['INCR', 'n'],
      ['DEL', 'nope'],
    ],
    18,
  ),
  notified('K alone publishes keyspace channels only', 'Kg', [['SET', 'k', 'v'], ['DEL', 'k'], ['SET', 'k', 'v']], 1),
  notified('E alone publishes keyevent channels only', 'Eg', [['SET', 'k', 'v'], ['DEL', 'k'], ['SET', 'k', 'v']], 1),
  notified('classes without K or E publish nothing', 'g$', [['SET', 'k', 'v'], ['DEL', 'k']], 0),
  {
    name: 'CONFIG GET prints the canonical letters (n hidden after A, as 7.0)',
    steps: [
      ...['KEA', 'KEAn', 'Kn', 'nmdtexzhsl$gK', 'g$lshzxetd', 'g$lshzxetdK', '$lshzxetdmnKE', 'Ex', ''].flatMap(
        (flags): Step[] => [
          ['CONFIG', 'SET', 'notify-keyspace-events', flags],
          ['CONFIG', 'GET', 'notify-keyspace-events'],
        ],
      ),
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEZ'],
    ],
  },
];

describeDifferential('keyspace notifications', sessions);

/** Reads one pub/sub message from each side and expects the same bytes. */
async function sameMessage(ours: RawClient, reference: RawClient): Promise<void> {
  const [a, b] = await Promise.all([ours.readReply(3000), reference.readReply(3000)]);
  expect(a.toString('latin1')).toBe(b.toString('latin1'));
}

describe('differential: expired events', () => {
  let ours: RunningServer | undefined;
  let reference: RunningServer | undefined;
  beforeAll(async () => {
    [ours, reference] = await startWithReference();
  }, 30000);
  afterAll(async () => {
    await Promise.all([ours?.stop(), reference?.stop()]);
  });

  it('publishes `expired` once a key with a TTL is gone', async () => {
    // The session runner cannot wait for time to pass, so both sides are driven here: each key
    // expires by access (EXISTS) or by the active cycle, whichever comes first; the message is the same.
    const pairs = await Promise.all(
      [ours!, reference!].map(async (server) => {
        const admin = await RawClient.connect(server.port);
        const sub = await RawClient.connect(server.port);
        await admin.call('FLUSHALL');
        await admin.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
        await sub.call('SUBSCRIBE', '__keyevent@0__:expired');
        await admin.call('SET', 'k', 'v', 'PX', '20');
        return { admin, sub };
      }),
    );
    try {
      for (const p of pairs) {
        await waitFor(async () => (await p.admin.call('EXISTS', 'k')).toString('latin1') === ':0\r\n', { timeoutMs: 3000 });
      }
      await sameMessage(pairs[0].sub, pairs[1].sub);
    } finally {
      for (const p of pairs) {
        p.admin.destroy();
        p.sub.destroy();
      }
    }
  });
});
