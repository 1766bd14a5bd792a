/*
 * End to end: clients see the same replies through a router as from the master directly. The
 * script (script.ts: every data type, other databases, transactions, errors) and the two-client
 * scenarios (a WATCH conflict, blocking pops woken by another client, pub/sub) run first against
 * the master, then, on a flushed dataset, through a router whose reads go to three replicas —
 * with ioredis in RESP2 and RESP3, and with redis-cli. The transcripts must be equal.
 */
import { RawClient, infoNumber, waitFor } from '@resplica/testing';
import { cliPubSubTranscript, cliTranscript } from './cli-run';
import { startCluster, type Cluster } from './cluster';
import { ioredisPubSubTranscript, ioredisTranscript, type Transcript } from './ioredis-run';
import type { RunContext } from './script';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster();
}, 30000);

afterAll(() => cluster?.stop());

function context(port: number): RunContext {
  return {
    port,
    barrier: () => cluster.barrier(),
    blockedOnMaster: async () => {
      await waitFor(async () => (await infoNumber(cluster.master.port, 'clients', 'blocked_clients')) === 1, {
        what: 'a client blocked on the master',
      });
    },
  };
}

/** FLUSHALL on the master itself, and the replicas empty too. */
async function flushAll(): Promise<void> {
  const client = await RawClient.connect(cluster.master.port);
  try {
    expect((await client.call('FLUSHALL')).toString()).toBe('+OK\r\n');
  } finally {
    client.destroy();
  }
  await cluster.barrier();
}

/** The script against the master directly, then through `router`, each on an empty dataset. */
async function bothWays(router: number, run: (ctx: RunContext) => Promise<Transcript>): Promise<[Transcript, Transcript]> {
  await flushAll();
  const direct = await run(context(cluster.master.port));
  await flushAll();
  return [direct, await run(context(router))];
}

describe.each([2, 3] as const)('ioredis with protocol %i', (protocol) => {
  it('gets the master’s replies through the router: data types, transactions, blocking pops', async () => {
    const [direct, routed] = await bothWays(cluster.routers[0].port, (ctx) => ioredisTranscript(ctx, protocol));
    // The scenarios really ran: the direct transcript has the outcomes Redis defines.
    expect(direct).toContainEqual(['a: MULTI SET w:k mine EXEC', null]);
    expect(direct).toContainEqual(['a: BLPOP q:1 5', ['q:1', 'x']]);
    expect(routed).toEqual(direct);
  }, 30000);

  it('gets the master’s replies through the router: pub/sub', async () => {
    const [direct, routed] = await bothWays(cluster.routers[0].port, (ctx) => ioredisPubSubTranscript(ctx, protocol));
    expect(direct).toContainEqual(['a: messages', ['message ps:ch hello', 'pmessage ps:* ps:ch hello']]);
    expect(routed).toEqual(direct);
  }, 15000);
});

describe('redis-cli', () => {
  it('prints the same through the router as from the master: data types, transactions, blocking pops', async () => {
    const [direct, routed] = await bothWays(cluster.routers[1].port, cliTranscript);
    expect(direct).toContainEqual(['a: WATCH w:k; MULTI; SET w:k mine; EXEC', 'OK\nOK\nQUEUED\n(nil)\n']);
    expect(direct).toContainEqual(['a: BLPOP q:1 5', '1) "q:1"\n2) "x"\n']);
    expect(routed).toEqual(direct);
  }, 40000);

  it('prints the same through the router as from the master: pub/sub', async () => {
    const [direct, routed] = await bothWays(cluster.routers[1].port, cliPubSubTranscript);
    expect(direct).toContainEqual(['b: PUBLISH ps:ch hello', '(integer) 1\n']);
    expect(routed).toEqual(direct);
  }, 15000);
});
