/*
 * A backlog too small for the gap (spec §4): the master runs with the minimum
 * `repl-backlog-size 16kb` and its replica reaches it through a proxy. A partition during which
 * the master writes a few KB ends in a partial resync (the control: the gap fits); one during
 * which it writes far more than 16 KB must end in a full resync (the bytes the replica needs are
 * gone), counted as sync_full and sync_partial_err, with identical data afterwards.
 */
import {
  convergedDatasets,
  datasetDiff,
  infoNumber,
  mixedWrites,
  RawClient,
  ReplNode,
  startNode,
  stopAll,
  TcpProxy,
  waitFor,
  waitForLinkUp,
} from '@resplica/testing';
import { enginesUnderTest } from './support/engines';
import { syncStats } from './support/stats';

const BACKLOG_BYTES = 16 * 1024;

describe.each(enginesUnderTest())('%s master with a 16kb backlog', (engine) => {
  let master: ReplNode | undefined;
  let replica: ReplNode | undefined;
  let proxy: TcpProxy | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    master = await startNode({ engine, args: ['--repl-backlog-size', '16kb'] });
    proxy = await TcpProxy.start(master.port);
    replica = await startNode({ engine, replicaOf: proxy.port });
    client = await RawClient.connect(master.port);
    await waitForLinkUp(replica.port);
  }, 30000);

  afterAll(async () => {
    client?.destroy();
    await stopAll([replica, master]);
    await proxy?.close();
  });

  /** Partitions the replica, runs `writes` commands on the master, heals; returns the bytes written. */
  async function partitionedWrites(writes: number, seed: number): Promise<number> {
    proxy!.setMode('refuse');
    proxy!.cutAll();
    await waitFor(async () => (await infoNumber(master!.port, 'replication', 'connected_slaves')) === 0, {
      what: 'the master to drop its replica',
    });
    const from = await infoNumber(master!.port, 'replication', 'master_repl_offset');
    await mixedWrites(client!, writes, seed);
    const written = (await infoNumber(master!.port, 'replication', 'master_repl_offset')) - from;
    proxy!.setMode('pass');
    return written;
  }

  it('reports the configured size', async () => {
    expect(await infoNumber(master!.port, 'replication', 'repl_backlog_size')).toBe(BACKLOG_BYTES);
  });

  it('resyncs partially when the gap fits in the backlog', async () => {
    const before = await syncStats(master!.port);
    const written = await partitionedWrites(60, 31);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(BACKLOG_BYTES / 2);
    await waitForLinkUp(replica!.port);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port]);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(await syncStats(master!.port)).toEqual({ ...before, sync_partial_ok: before.sync_partial_ok + 1 });
  }, 30000);

  it('resyncs fully when far more than the backlog was written', async () => {
    const before = await syncStats(master!.port);
    const written = await partitionedWrites(3000, 32);
    expect(written).toBeGreaterThan(4 * BACKLOG_BYTES);
    expect(await infoNumber(master!.port, 'replication', 'repl_backlog_histlen')).toBeLessThan(written);
    await waitForLinkUp(replica!.port);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica!.port]);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(await syncStats(master!.port)).toEqual({
      sync_full: before.sync_full + 1,
      sync_partial_ok: before.sync_partial_ok,
      sync_partial_err: before.sync_partial_err + 1,
    });
  }, 30000);
});
