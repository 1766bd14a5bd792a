/*
 * The rules a replica and its master follow beyond moving data (spec §3.7, §6, §7), each checked
 * as exact bytes or exact field lists, for a master/replica pair of one engine (the replica
 * reaches its master through a proxy, so the link can be cut): READONLY, WAIT on master and
 * replica, min-replicas-to-write, CLIENT LIST flags, ROLE replies, INFO replication field order
 * (against a separate real redis pair), expired keys hidden but counted on a partitioned replica,
 * replica-serve-stale-data no, and a replica restarted from its own snapshot resyncing partially.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  convergedDatasets,
  datasetDiff,
  infoFields,
  infoNumber,
  mixedWrites,
  RawClient,
  ReplNode,
  restartNode,
  startNode,
  stopAll,
  TcpProxy,
  waitFor,
  waitForLinkUp,
  waitForOffsetsEqual,
} from '@resplica/testing';
import { enginesUnderTest } from './support/engines';
import { syncStats } from './support/stats';

const READONLY = "-READONLY You can't write against a read only replica.\r\n";
const WAIT_ON_REPLICA =
  '-ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is ' +
  'configured to be writable (which is not the default) writes to replicas are just local and are not propagated.\r\n';
const NOREPLICAS = '-NOREPLICAS Not enough good replicas to write.\r\n';
const EXECABORT = '-EXECABORT Transaction discarded because of previous errors.\r\n';
const MASTERDOWN = "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n";

/** One command on a fresh connection; the reply's bytes as latin1 text. */
async function call(port: number, ...argv: string[]): Promise<string> {
  const client = await RawClient.connect(port);
  try {
    return (await client.call(...argv)).toString('latin1');
  } finally {
    client.destroy();
  }
}

/** Commands in order on one connection (SELECT carries over); the replies as latin1 text. */
async function session(port: number, ...commands: string[][]): Promise<string[]> {
  const client = await RawClient.connect(port);
  try {
    const replies: string[] = [];
    for (const argv of commands) replies.push((await client.call(...argv)).toString('latin1'));
    return replies;
  } finally {
    client.destroy();
  }
}

/** INFO replication field names, `slave<i>` lines as `slave<i>`. */
async function replicationFieldNames(port: number): Promise<string[]> {
  return (await infoFields(port, 'replication')).map(([name]) => name.replace(/^slave\d+$/, 'slave<i>'));
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** Lines of CLIENT LIST whose flags are exactly `flags`. */
async function clientsWithFlags(port: number, flags: string): Promise<string[]> {
  const list = (await call(port, 'CLIENT', 'LIST')).replace(/^\$\d+\r\n/, '');
  return list.split('\n').filter((line) => line.includes(` flags=${flags} `));
}

describe.each(enginesUnderTest())('replica rules on a %s pair', (engine) => {
  let master: ReplNode | undefined;
  let replica: ReplNode | undefined;
  let proxy: TcpProxy | undefined;
  let referenceMaster: ReplNode | undefined;
  let referenceReplica: ReplNode | undefined;
  let replicaDir = '';

  beforeAll(async () => {
    replicaDir = mkdtempSync(join(tmpdir(), 'resplica-rules-replica-'));
    master = await startNode({ engine });
    proxy = await TcpProxy.start(master.port);
    replica = await startNode({ engine, replicaOf: proxy.port, dir: replicaDir });
    referenceMaster = await startNode({ engine: 'redis' });
    referenceReplica = await startNode({ engine: 'redis', replicaOf: referenceMaster.port });
    await waitForLinkUp(replica.port);
    await waitForLinkUp(referenceReplica.port);
  }, 30000);

  afterAll(async () => {
    await stopAll([replica, master, referenceReplica, referenceMaster]);
    await proxy?.close();
    if (replicaDir) rmSync(replicaDir, { recursive: true, force: true });
  });

  /** Cuts the replica off its master (new connections refused) and waits until it sees it. */
  async function partition(): Promise<void> {
    proxy!.setMode('refuse');
    proxy!.cutAll();
    await waitFor(async () => (await infoFields(replica!.port, 'replication')).some(([n, v]) => n === 'master_link_status' && v === 'down'), {
      what: 'the replica to see its link down',
    });
  }

  async function heal(): Promise<void> {
    proxy!.setMode('pass');
    await waitForLinkUp(replica!.port);
  }

  it('refuses writes from clients with the exact READONLY error', async () => {
    expect(await call(replica!.port, 'SET', 'k', 'v')).toBe(READONLY);
    expect(await call(replica!.port, 'DEL', 'k')).toBe(READONLY);
    expect(await call(replica!.port, 'GET', 'k')).toBe('$-1\r\n');
  });

  it('WAIT counts acknowledging replicas on the master and is refused on the replica', async () => {
    expect(await session(master!.port, ['SET', 'waited', '1'], ['WAIT', '1', '5000'], ['WAIT', '2', '200'])).toEqual([
      '+OK\r\n',
      ':1\r\n',
      ':1\r\n',
    ]);
    expect(await call(replica!.port, 'WAIT', '0', '0')).toBe(WAIT_ON_REPLICA);
  });

  it('min-replicas-to-write refuses writes with NOREPLICAS while too few replicas are good', async () => {
    try {
      expect(await call(master!.port, 'CONFIG', 'SET', 'min-replicas-to-write', '2')).toBe('+OK\r\n');
      expect(await call(master!.port, 'SET', 'guarded', '1')).toBe(NOREPLICAS);
      expect(await session(master!.port, ['MULTI'], ['SET', 'guarded', '1'], ['EXEC'])).toEqual([
        '+OK\r\n',
        NOREPLICAS,
        EXECABORT,
      ]);
      const fields = new Map(await infoFields(master!.port, 'replication'));
      expect(fields.get('min_slaves_good_slaves')).toBe('1');
      expect(await call(master!.port, 'CONFIG', 'SET', 'min-replicas-to-write', '1')).toBe('+OK\r\n');
      expect(await call(master!.port, 'SET', 'guarded', '1')).toBe('+OK\r\n');
    } finally {
      await call(master!.port, 'CONFIG', 'SET', 'min-replicas-to-write', '0');
    }
  });

  it('CLIENT LIST shows the replica with flags=S and the master link with flags=M', async () => {
    expect(await clientsWithFlags(master!.port, 'S')).toHaveLength(1);
    expect(await clientsWithFlags(replica!.port, 'M')).toHaveLength(1);
    expect(await clientsWithFlags(replica!.port, 'S')).toHaveLength(0);
    expect(await clientsWithFlags(master!.port, 'M')).toHaveLength(0);
  });

  it('ROLE replies have the exact Redis shapes on both sides', async () => {
    // Read ROLE between two INFO reads that agree (no stream byte in between) once the replica's
    // ACK has caught up, so the offsets expected are the ones ROLE saw.
    const seen = await waitFor(
      async () => {
        const before = new Map(await infoFields(master!.port, 'replication'));
        const roles = [await call(master!.port, 'ROLE'), await call(replica!.port, 'ROLE')];
        const after = await infoNumber(master!.port, 'replication', 'master_repl_offset');
        const offset = Number(before.get('master_repl_offset'));
        const acked = before.get('slave0')?.includes(`,offset=${offset},`);
        return offset === after && acked ? { offset, roles } : null;
      },
      { timeoutMs: 10000, what: "the replica's ACK to reach the master's offset" },
    );
    const off = String(seen.offset);
    expect(seen.roles[0]).toBe(
      `*3\r\n$6\r\nmaster\r\n:${off}\r\n*1\r\n*3\r\n${bulk('127.0.0.1')}${bulk(String(replica!.port))}${bulk(off)}`,
    );
    expect(seen.roles[1]).toBe(`*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:${proxy!.port}\r\n$9\r\nconnected\r\n:${off}\r\n`);
  }, 15000);

  it('INFO replication prints the fields of a real redis pair, in the same order', async () => {
    expect(await replicationFieldNames(master!.port)).toEqual(await replicationFieldNames(referenceMaster!.port));
    expect(await replicationFieldNames(replica!.port)).toEqual(await replicationFieldNames(referenceReplica!.port));
  });

  it('hides an expired key from reads but counts it until the master deletes it', async () => {
    expect(await session(master!.port, ['SELECT', '5'], ['SET', 'volatile', 'v', 'PX', '1500'])).toEqual(['+OK\r\n', '+OK\r\n']);
    await waitForOffsetsEqual(master!.port, [replica!.port]);
    expect(await session(replica!.port, ['SELECT', '5'], ['GET', 'volatile'])).toEqual(['+OK\r\n', '$1\r\nv\r\n']);
    await partition();
    try {
      await waitFor(async () => (await session(replica!.port, ['SELECT', '5'], ['GET', 'volatile']))[1] === '$-1\r\n', {
        what: 'the key to expire on the partitioned replica',
      });
      expect(
        await session(replica!.port, ['SELECT', '5'], ['EXISTS', 'volatile'], ['KEYS', '*'], ['TTL', 'volatile'], ['DBSIZE']),
      ).toEqual(['+OK\r\n', ':0\r\n', '*0\r\n', ':-2\r\n', ':1\r\n']);
    } finally {
      await heal();
    }
    await waitFor(async () => (await session(replica!.port, ['SELECT', '5'], ['DBSIZE']))[1] === ':0\r\n', {
      what: "the master's DEL of the expired key to reach the replica",
    });
    expect(await session(master!.port, ['SELECT', '5'], ['DBSIZE'])).toEqual(['+OK\r\n', ':0\r\n']);
  }, 20000);

  it('with replica-serve-stale-data no, answers MASTERDOWN while the link is down, INFO still', async () => {
    expect(await call(replica!.port, 'CONFIG', 'SET', 'replica-serve-stale-data', 'no')).toBe('+OK\r\n');
    try {
      expect(await call(replica!.port, 'GET', 'k')).toBe('$-1\r\n');
      await partition();
      expect(await call(replica!.port, 'GET', 'k')).toBe(MASTERDOWN);
      expect(await call(replica!.port, 'PING')).toBe(MASTERDOWN);
      expect(await call(replica!.port, 'DBSIZE')).toBe(MASTERDOWN);
      expect(await call(replica!.port, 'INFO', 'replication')).toMatch(/^\$\d+\r\n# Replication\r\nrole:slave\r\n.*master_link_status:down\r\n/s);
      await heal();
      expect(await call(replica!.port, 'PING')).toBe('+PONG\r\n');
    } finally {
      proxy!.setMode('pass');
      await call(replica!.port, 'CONFIG', 'SET', 'replica-serve-stale-data', 'yes');
    }
  }, 20000);

  it('a replica restarted from its own snapshot (SHUTDOWN SAVE) resyncs partially', async () => {
    const client = await RawClient.connect(master!.port);
    try {
      await mixedWrites(client, 1000, 91);
    } finally {
      client.destroy();
    }
    await waitForOffsetsEqual(master!.port, [replica!.port]);
    const before = await syncStats(master!.port);
    const stopped = replica!;
    const admin = await RawClient.connect(stopped.port);
    admin.send('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n');
    await admin.closed;
    await waitFor(() => stopped.process.exitCode !== null || stopped.process.signalCode !== null, {
      timeoutMs: 10000,
      what: 'the replica to exit after SHUTDOWN SAVE',
    });
    await stopped.stop();

    replica = await restartNode(stopped);
    await waitForLinkUp(replica.port);
    const { master: want, replicas } = await convergedDatasets(master!.port, [replica.port]);
    expect(datasetDiff(want, replicas[0])).toEqual([]);
    expect(await syncStats(master!.port)).toEqual({ ...before, sync_partial_ok: before.sync_partial_ok + 1 });
  }, 30000);
});
