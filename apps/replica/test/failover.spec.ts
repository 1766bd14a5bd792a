/*
 * A manual failover with PSYNC2 (spec §5): master M with replicas R1 and R2, all of one engine.
 * After writes, R1 is promoted (REPLICAOF NO ONE), then R2 and the old master M are re-pointed at
 * it (REPLICAOF host port). Both must continue with a partial resync accepted through R1's
 * replid2 (M's old replid, valid up to the promotion offset), so R1 counts two partial resyncs and
 * no full one; writes on R1 then reach both, and all three datasets are identical.
 */
import {
  convergedDatasets,
  datasetDiff,
  infoFields,
  keyCount,
  mixedWrites,
  RawClient,
  ReplNode,
  startNode,
  stopAll,
  waitForLinkUp,
} from '@resplica/testing';
import { enginesUnderTest } from './support/engines';
import { syncStats } from './support/stats';

async function replication(port: number): Promise<Map<string, string>> {
  return new Map(await infoFields(port, 'replication'));
}

async function command(port: number, ...argv: string[]): Promise<string> {
  const client = await RawClient.connect(port);
  try {
    return (await client.call(...argv)).toString('latin1');
  } finally {
    client.destroy();
  }
}

describe.each(enginesUnderTest())('%s nodes: failover to a replica', (engine) => {
  let m: ReplNode | undefined;
  let r1: ReplNode | undefined;
  let r2: ReplNode | undefined;

  beforeAll(async () => {
    m = await startNode({ engine });
    r1 = await startNode({ engine, replicaOf: m.port });
    r2 = await startNode({ engine, replicaOf: m.port });
    await waitForLinkUp(r1.port);
    await waitForLinkUp(r2.port);
  }, 30000);

  afterAll(async () => {
    await stopAll([r2, r1, m]);
  });

  it('promotes R1, re-points R2 and M with partial resyncs, and converges', async () => {
    const onM = await RawClient.connect(m!.port);
    try {
      await mixedWrites(onM, 1500, 71);
    } finally {
      onM.destroy();
    }
    const { master: before, replicas: copies, offset } = await convergedDatasets(m!.port, [r1!.port, r2!.port]);
    expect(datasetDiff(before, copies[0])).toEqual([]);
    expect(datasetDiff(before, copies[1])).toEqual([]);
    const oldReplid = (await replication(m!.port)).get('master_replid');
    expect(await syncStats(r1!.port)).toEqual({ sync_full: 0, sync_partial_ok: 0, sync_partial_err: 0 });

    expect(await command(r1!.port, 'REPLICAOF', 'NO', 'ONE')).toBe('+OK\r\n');
    const promoted = await replication(r1!.port);
    expect(promoted.get('role')).toBe('master');
    expect(promoted.get('master_replid2')).toBe(oldReplid);
    expect(promoted.get('master_replid')).not.toBe(oldReplid);
    expect(promoted.get('second_repl_offset')).toBe(String(offset + 1));
    expect(promoted.get('master_repl_offset')).toBe(String(offset));

    expect(await command(r2!.port, 'REPLICAOF', '127.0.0.1', String(r1!.port))).toBe('+OK\r\n');
    expect(await command(m!.port, 'REPLICAOF', '127.0.0.1', String(r1!.port))).toBe('+OK\r\n');
    await waitForLinkUp(r2!.port);
    await waitForLinkUp(m!.port);

    const onR1 = await RawClient.connect(r1!.port);
    try {
      await mixedWrites(onR1, 1500, 72);
    } finally {
      onR1.destroy();
    }
    const after = await convergedDatasets(r1!.port, [r2!.port, m!.port]);
    expect(keyCount(after.master)).toBeGreaterThan(100);
    expect(datasetDiff(after.master, after.replicas[0])).toEqual([]);
    expect(datasetDiff(after.master, after.replicas[1])).toEqual([]);

    expect(await syncStats(r1!.port)).toEqual({ sync_full: 0, sync_partial_ok: 2, sync_partial_err: 0 });
    const newReplid = promoted.get('master_replid');
    for (const port of [r1!.port, r2!.port, m!.port]) {
      const info = await replication(port);
      expect({ port, replid: info.get('master_replid'), replid2: info.get('master_replid2') }).toEqual({
        port,
        replid: newReplid,
        replid2: oldReplid,
      });
    }
  }, 50000);
});
