/*
 * Fifty link kills under a continuous write load (spec §4, §5): master and replica of one engine;
 * in each round, writes run and half way through the link is killed — alternately by the master
 * (CLIENT KILL TYPE replica) and by the replica (CLIENT KILL TYPE master). Every round must end in
 * a partial resync (the master's sync_partial_ok counts each one, sync_full stays 1) and identical
 * datasets: a byte lost, doubled or misplaced across a reconnect shows up as a data difference.
 */
import {
  convergedDatasets,
  datasetDiff,
  keyCount,
  mixedWrites,
  RawClient,
  ReplNode,
  startNode,
  stopAll,
  waitFor,
  waitForLinkUp,
} from '@resplica/testing';
import { enginesUnderTest } from './support/engines';
import { syncStats } from './support/stats';

const ROUNDS = 50;
const WRITES_PER_ROUND = 300;

describe.each(enginesUnderTest())('%s master and replica: 50 link kills under writes', (engine) => {
  let master: ReplNode | undefined;
  let replica: ReplNode | undefined;
  let client: RawClient | undefined;
  let masterAdmin: RawClient | undefined;
  let replicaAdmin: RawClient | undefined;

  beforeAll(async () => {
    master = await startNode({ engine });
    replica = await startNode({ engine, replicaOf: master.port });
    client = await RawClient.connect(master.port);
    masterAdmin = await RawClient.connect(master.port);
    replicaAdmin = await RawClient.connect(replica.port);
    await waitForLinkUp(replica.port);
  }, 30000);

  afterAll(async () => {
    for (const c of [client, masterAdmin, replicaAdmin]) c?.destroy();
    await stopAll([replica, master]);
  });

  it('resyncs partially after every kill and keeps identical data', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [admin, type] = round % 2 === 0 ? [masterAdmin!, 'replica'] : [replicaAdmin!, 'master'];
      let killed = false;
      await mixedWrites(client!, WRITES_PER_ROUND, 5000 + round, {
        batch: 50,
        onBatch: async (sent) => {
          if (killed || sent < WRITES_PER_ROUND / 2) return;
          killed = true;
          const reply = (await admin.call('CLIENT', 'KILL', 'TYPE', type)).toString();
          expect(`round ${round} CLIENT KILL TYPE ${type}: ${reply}`).toBe(`round ${round} CLIENT KILL TYPE ${type}: :1\r\n`);
        },
      });
      // Waits for the resync whatever its kind, so a full one fails here at once, naming the round.
      const stats = await waitFor(
        async () => {
          const now = await syncStats(master!.port);
          return now.sync_partial_ok + now.sync_partial_err + now.sync_full > round + 1 ? now : null;
        },
        { timeoutMs: 15000, what: `round ${round}: the resync after CLIENT KILL TYPE ${type}` },
      );
      expect({ round, stats }).toEqual({ round, stats: { sync_full: 1, sync_partial_ok: round + 1, sync_partial_err: 0 } });
      await waitForLinkUp(replica!.port);
      const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port]);
      expect(keyCount(want)).toBeGreaterThan(0);
      expect({ round, diff: datasetDiff(want, replicas[0]) }).toEqual({ round, diff: [] });
    }
  }, 150000);
});
