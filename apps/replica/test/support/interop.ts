/*
 * The interop scenario shared by interop-redis-replica and interop-redis-master: a master of one
 * engine, a replica of the other. (1) A full sync of a dataset with every type and encoding in
 * several databases; (2) live mixed writes with expiries; (3) the master drops the replica's
 * connection (CLIENT KILL TYPE replica) in the middle of writes, and the replica must come back
 * with a partial resync. After each step the datasets must be identical.
 */
import {
  convergedDatasets,
  datasetDiff,
  DEFAULT_DBS,
  Engine,
  infoNumber,
  keyCount,
  mixedWrites,
  RawClient,
  ReplNode,
  SAMPLE_KEYS_PER_DB,
  startNode,
  stopAll,
  waitForLinkUp,
  writeEncodingSamples,
} from '@resplica/testing';
import { syncStats } from './stats';

/** Databases holding the encoding samples (db 1 only gets the mixed writes). */
const SAMPLE_DBS = [0, 2, 3];

export interface InteropPair {
  master: Engine;
  replica: Engine;
}

export function interopScenario(pair: InteropPair): void {
  let master: ReplNode | undefined;
  let replica: ReplNode | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    master = await startNode({ engine: pair.master });
    client = await RawClient.connect(master.port);
    await writeEncodingSamples(client, SAMPLE_DBS);
    replica = await startNode({ engine: pair.replica, replicaOf: master.port });
  }, 30000);

  afterAll(async () => {
    client?.destroy();
    await stopAll([replica, master]);
  });

  it('full sync copies every type and encoding of every database', async () => {
    await waitForLinkUp(replica!.port);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port], DEFAULT_DBS, {
      encodings: true,
    });
    expect(keyCount(want)).toBe(SAMPLE_DBS.length * SAMPLE_KEYS_PER_DB);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(await syncStats(master!.port)).toEqual({ sync_full: 1, sync_partial_ok: 0, sync_partial_err: 0 });
  }, 40000);

  it('live mixed writes with expiries leave identical datasets', async () => {
    const expiredBefore = await infoNumber(master!.port, 'stats', 'expired_keys');
    const load = await mixedWrites(client!, 4000, 101);
    expect(Object.keys(load.errors).filter((error) => error !== 'ERR no such key')).toEqual([]);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port]);
    expect(keyCount(want)).toBeGreaterThan(150);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    // Keys expired on the master while the load ran, so its DELs were part of the stream.
    expect(await infoNumber(master!.port, 'stats', 'expired_keys')).toBeGreaterThan(expiredBefore);
  }, 40000);

  it('CLIENT KILL TYPE replica during writes: the replica resyncs partially', async () => {
    const before = await syncStats(master!.port);
    const killer = await RawClient.connect(master!.port);
    try {
      await mixedWrites(client!, 3000, 202, {
        onBatch: async (sent) => {
          if (sent < 1000 || sent >= 1100) return;
          expect((await killer.call('CLIENT', 'KILL', 'TYPE', 'replica')).toString()).toBe(':1\r\n');
        },
      });
    } finally {
      killer.destroy();
    }
    await waitForLinkUp(replica!.port);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port]);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(await syncStats(master!.port)).toEqual({ ...before, sync_partial_ok: before.sync_partial_ok + 1 });
  }, 40000);
}
