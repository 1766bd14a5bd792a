/*
 * Chained replication A → B → C, all of one engine (spec §5 "Chained replication", §3.3): B
 * forwards exactly the bytes it applied, so the replid and offsets are identical along the chain,
 * and C full-syncs from B while B's link to A has database 3 selected. The stream that follows
 * carries no SELECT (A's stream is still in db 3), so C must start in the db named by the
 * snapshot's repl-stream-db: writes landing in db 0 on C show up as a data difference.
 */
import {
  convergedDatasets,
  datasetDiff,
  datasetOf,
  infoFields,
  mixedWrites,
  RawClient,
  ReplNode,
  startNode,
  stopAll,
  waitFor,
  waitForLinkUp,
} from '@resplica/testing';
import { enginesUnderTest } from './support/engines';

const DBS = [0, 1, 2, 3];

/** The `db=` of the client with `flags=M` in CLIENT LIST (the link to this node's master). */
async function masterLinkDb(port: number): Promise<string | undefined> {
  const client = await RawClient.connect(port);
  try {
    const list = (await client.call('CLIENT', 'LIST')).toString('latin1');
    return / flags=M (?:.*? )?db=(\d+) /.exec(list)?.[1];
  } finally {
    client.destroy();
  }
}

/**
 * Waits until no short TTL of the load is pending on `port` (every key visible and no deadline
 * within a minute), so no expiry DEL — which would carry a SELECT of its own db — enters the
 * stream while the test relies on the stream staying in db 3.
 */
async function waitForNoPendingExpiry(port: number): Promise<void> {
  await waitFor(
    async () => {
      const soon = Date.now() + 60000;
      const dataset = await datasetOf(port, DBS);
      return dataset.every((db) => db.size === db.keys.length && db.keys.every((k) => k.deadline < 0 || k.deadline > soon));
    },
    { timeoutMs: 10000, what: `the short TTLs on port ${port} to be expired and deleted` },
  );
}

async function replicationOf(port: number): Promise<Map<string, string>> {
  return new Map(await infoFields(port, 'replication'));
}

describe.each(enginesUnderTest())('%s chain A → B → C', (engine) => {
  let a: ReplNode | undefined;
  let b: ReplNode | undefined;
  let c: ReplNode | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    a = await startNode({ engine });
    b = await startNode({ engine, replicaOf: a.port });
    client = await RawClient.connect(a.port);
    await waitForLinkUp(b.port);
  }, 30000);

  afterAll(async () => {
    client?.destroy();
    await stopAll([c, b, a]);
  });

  it('C full-syncs from B while B is in db 3 and follows the stream in db 3', async () => {
    await mixedWrites(client!, 2000, 61);
    await waitForNoPendingExpiry(a!.port);
    expect((await client!.call('SELECT', '3')).toString()).toBe('+OK\r\n');
    expect((await client!.call('SET', 'chain:before-c', 'x')).toString()).toBe('+OK\r\n');
    await waitFor(async () => (await masterLinkDb(b!.port)) === '3', { what: "B's master link to select db 3" });

    c = await startNode({ engine, replicaOf: b!.port });
    await waitForLinkUp(c.port);
    expect(await masterLinkDb(c.port)).toBe('3');
    expect(await masterLinkDb(b!.port)).toBe('3');

    // A's stream is still in db 3: these go out without a SELECT.
    expect((await client!.call('SET', 'chain:after-c', 'y')).toString()).toBe('+OK\r\n');
    expect((await client!.call('RPUSH', 'chain:list', 'p', 'q')).toString()).toBe(':2\r\n');
    expect((await client!.call('INCRBY', 'chain:counter', '7')).toString()).toBe(':7\r\n');
    const { master: want, replicas } = await convergedDatasets(a!.port, [b!.port, c.port], DBS);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(datasetDiff(want, replicas[1])).toEqual([]);
    expect(want[3].keys.map((k) => k.key)).toEqual(expect.arrayContaining(['chain:after-c', 'chain:list', 'chain:counter']));
  }, 40000);

  it('has one replid and identical offsets along the chain, through writes in several dbs', async () => {
    await mixedWrites(client!, 2000, 62);
    const { master: want, replicas, offset } = await convergedDatasets(a!.port, [b!.port, c!.port], DBS);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(datasetDiff(want, replicas[1])).toEqual([]);
    const [ia, ib, ic] = await Promise.all([a!, b!, c!].map((node) => replicationOf(node.port)));
    const replid = ia.get('master_replid');
    for (const [name, info] of [['A', ia], ['B', ib], ['C', ic]] as const) {
      expect({ name, replid: info.get('master_replid'), offset: info.get('master_repl_offset') }).toEqual({
        name,
        replid,
        offset: String(offset),
      });
    }
    expect([ib.get('slave_repl_offset'), ic.get('slave_repl_offset')]).toEqual([String(offset), String(offset)]);
    expect(ib.get('connected_slaves')).toBe('1');
  }, 40000);
});
