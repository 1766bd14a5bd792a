/**
 * ReplicaLink against a real redis-server 7.0 master (on a free port, no persistence, no diskless
 * delay): it loads the master's listpack/intset/quicklist data in both payload framings, follows
 * writes with the master's exact offsets, answers WAIT's GETACK, and ACKs the offset the master
 * reports for it in INFO.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { ReplicationState } from '@resplica/backlog';
import { encodingOf, typeName, type CollectionValue, type Value } from '@resplica/keyspace';
import { RawClient, startRedisServer, waitFor, type RunningServer } from '@resplica/testing';
import { FakeReplicaHost } from '../../test/replica/fake-host';
import { ReplicaLink } from './link';

const HAVE_REDIS = existsSync('/usr/bin/redis-server');

let server: RunningServer;
let client: RawClient;
let link: ReplicaLink | null = null;
/** The node's cron, as the server drives it (~10 times a second): periodic ACKs and timeouts. */
let cron: NodeJS.Timeout | null = null;

async function info(): Promise<string> {
  return (await client.call('INFO', 'replication')).toString('latin1');
}

function field(text: string, name: string): string {
  const m = new RegExp(`^${name}:(.*)\r$`, 'm').exec(text);
  if (m === null) throw new Error(`no ${name} in INFO`);
  return m[1];
}

async function masterOffset(): Promise<number> {
  return Number(field(await info(), 'master_repl_offset'));
}

/** Keys of every kind whose compact encodings the payload carries. */
async function populate(): Promise<void> {
  const items = Array.from({ length: 300 }, (_, i) => `item-${i}`);
  await client.call('HSET', 'h', 'f1', 'v1', 'f2', 'v2');
  await client.call('SADD', 's', '1', '2', '3');
  await client.call('RPUSH', 'l', ...items);
  await client.call('ZADD', 'z', '1', 'a', '2.5', 'b');
  await client.call('SADD', 'big', ...items);
  await client.call('SET', 'n', '12345');
  await client.call('SET', 't', 'v', 'PX', '100000');
  await client.call('SELECT', '5');
  await client.call('SET', 'd5', 'x');
  await client.call('SELECT', '0');
}

function describeValue(v: Value | undefined): [string, string, number] | undefined {
  if (v === undefined) return undefined;
  const size = typeName(v) === 'string' ? (v as Buffer).length : (v as CollectionValue).size;
  return [typeName(v), encodingOf(v), size];
}

(HAVE_REDIS ? describe : describe.skip).each(['yes', 'no'])('against redis-server 7.0 (repl-diskless-sync %s)', (diskless) => {
  beforeEach(async () => {
    server = await startRedisServer(['--repl-diskless-sync-delay', '0', '--repl-diskless-sync', diskless]);
    client = await RawClient.connect(server.port);
    await populate();
  });

  afterEach(async () => {
    if (cron !== null) clearInterval(cron);
    cron = null;
    link?.stop();
    link = null;
    client.destroy();
    await server.stop();
  });

  it('loads the dataset, follows writes at the master offset and answers WAIT', async () => {
    const state = new ReplicationState({ backlogSize: 1 << 20 });
    const host = new FakeReplicaHost(state);
    link = new ReplicaLink({
      host,
      state,
      connect: (h, p) => connect(p, h),
      masterHost: '127.0.0.1',
      masterPort: server.port,
      cachedMaster: false,
    });
    link.start();
    // A real master may still count the replica as receiving its RDB when the ACK sent right after
    // the load arrives, and then starts the stream only at the next ACK: the 1 s periodic one.
    cron = setInterval(() => link?.cron(Date.now()), 100);
    await waitFor(() => link!.linkUp, { timeoutMs: 10_000, what: 'the link to come up' });
    expect(host.events).toEqual(['beginLoad', 'commit', 'selectDb:0', 'fullSyncDone', 'linkUp:full']);
    const started = host.lines.find((l) => l.message === 'full sync: receiving the payload');
    expect(started?.fields).toMatchObject({ framing: diskless === 'yes' ? 'eof' : 'length' });
    const replid = field(await info(), 'master_replid');
    expect(state.replid).toBe(replid);
    const synced = state.masterReplOffset;

    const db0 = host.keyspace.databases[0];
    const now = Date.now();
    expect(describeValue(db0.lookupRead('h', now))).toEqual(['hash', 'listpack', 2]);
    expect(describeValue(db0.lookupRead('s', now))).toEqual(['set', 'intset', 3]);
    expect(describeValue(db0.lookupRead('l', now))).toEqual(['list', 'quicklist', 300]);
    expect(describeValue(db0.lookupRead('z', now))).toEqual(['zset', 'listpack', 2]);
    expect(describeValue(db0.lookupRead('big', now))).toEqual(['set', 'hashtable', 300]);
    expect(describeValue(db0.lookupRead('n', now))).toEqual(['string', 'int', 5]);
    expect(db0.getExpire('t')).toBeGreaterThan(now + 90_000);
    expect(db0.size()).toBe(7);
    expect(host.keyspace.databases[5].lookupRead('d5', now)).toEqual(Buffer.from('x'));

    await client.call('SET', 'a', '1');
    await client.call('INCR', 'n');
    await client.call('EXPIRE', 'a', '1000');
    await client.call('MULTI');
    await client.call('SET', 'x', '1');
    await client.call('INCR', 'x');
    await client.call('EXEC');
    const after = await masterOffset();
    await waitFor(() => link!.status.replOffset === after, { what: `reploff ${after}` });
    expect(state.masterReplOffset).toBe(after);
    expect(host.appliedBytes().length).toBe(after - synced);
    const names = host.executedText().map((argv) => argv[0].toUpperCase());
    expect(names).toEqual(['SELECT', 'SET', 'INCR', 'PEXPIREAT', 'MULTI', 'SET', 'INCR', 'EXEC']);

    // WAIT makes the master send REPLCONF GETACK; only our ACK can release it with 1.
    expect((await client.call('WAIT', '1', '5000')).toString()).toBe(':1\r\n');
    const withGetAck = await masterOffset();
    await waitFor(() => link!.status.replOffset === withGetAck);
    link.cron(Date.now() + 1000);
    await waitFor(async () => field(await info(), 'slave0').includes(`,offset=${withGetAck},`), {
      what: `the master to record our ACK of ${withGetAck}`,
    });
  });
});
