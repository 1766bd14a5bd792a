/**
 * Full resync (spec/replication.md §1.5, §2, P3, P5, P18): what a replica receives, byte by byte.
 * `+FULLRESYNC <replid> <offset>` at the snapshot instant, the EOF-marked or length-prefixed RDB
 * that decodes to exactly the dataset of that instant (even with writes while it is produced), and
 * the stream bytes fed meanwhile: after the ACK for the EOF form, right after the RDB for `$len`.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { waitFor } from '@resplica/testing';
import {
  BASE_AUX,
  command,
  dumpStrings,
  EOF_PSYNC2,
  masterFixture,
  NO_CAPA,
  parseFullSync,
  setString,
  type FakeConnection,
  type MasterFixture,
} from '../../test/master-fakes';

/** `n` string keys per database in `dbs`, some with a TTL. */
function populate(f: MasterFixture, n: number, dbs: number[] = [0], valueBytes = 20): void {
  for (const db of dbs) {
    for (let i = 0; i < n; i++) {
      setString(f.keyspace, db, `k${i}`, `${db}:${i}:`.padEnd(valueBytes, 'v'));
      if (i % 7 === 0) f.keyspace.databases[db].setExpire(`k${i}`, Date.now() + 3_600_000 + i);
    }
  }
}

/** Without LZF the repeated test values make an RDB of several 64 KiB chunks, so a job can stall mid-way. */
const SEVERAL_CHUNKS: [string, string][] = [['rdbcompression', 'no']];

const stateOf = (f: MasterFixture, id: number): string | undefined => f.master.replicas().find((r) => r.id === id)?.state;

/** The bytes written to `conn` after the first `from` bytes. */
const after = (conn: FakeConnection, from: number): string => conn.received().subarray(from).toString('latin1');

describe('ReplicationMaster full resync', () => {
  let f: MasterFixture;
  afterEach(() => f.dispose());

  it('EOF form: +FULLRESYNC at the current offset, $EOF:<mark>, the RDB, the mark; the stream waits for the ACK', async () => {
    f = masterFixture();
    populate(f, 50, [0, 3]);
    f.state.createBacklog();
    f.master.feed(command('SET', 'before', '1'));
    const offset = f.state.masterReplOffset;
    f.host.streamDbValue = 3;
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, '?', -1);
    expect(conn.text()).toBe('');
    expect(stateOf(f, 1)).toBe('wait_bgsave');
    await waitFor(() => stateOf(f, 1) === 'online');
    const got = parseFullSync(conn.received());
    expect([got.newlinesBefore, got.replid, got.offset, got.newlinesAfter, got.form]).toEqual([0, f.state.replid, offset, 0, 'eof']);
    expect(got.rest.length).toBe(0);
    expect(dumpStrings(got.keyspace)).toEqual(dumpStrings(f.keyspace));
    expect(got.aux).toEqual([
      ...BASE_AUX.slice(0, 4).map(([n, v]) => [n, String(v)]),
      ['repl-stream-db', '3'],
      ['repl-id', f.state.replid],
      ['repl-offset', String(offset)],
      ['aof-base', '0'],
    ]);
    expect(f.host.streamDbResets).toBe(1);

    // P3: nothing after the mark until the replica's first ACK, then everything held, in order.
    const payloadLength = conn.received().length;
    const held = [command('SET', 'a', '1'), command('DEL', 'b')];
    for (const bytes of held) f.master.feed(bytes);
    expect(conn.received().length).toBe(payloadLength);
    f.master.ack(1, offset, Date.now());
    expect(after(conn, payloadLength)).toBe(Buffer.concat(held).toString('latin1'));
    const live = command('INCR', 'c');
    f.master.feed(live);
    expect(after(conn, payloadLength)).toBe(Buffer.concat([...held, live]).toString('latin1'));
    expect(f.master.replicas()[0]).toMatchObject({ state: 'online', ackOffset: offset });
    expect(f.master.counters).toEqual({ syncFull: 1, syncPartialOk: 0, syncPartialErr: 0 });
  });

  it('the RDB holds exactly the dataset of the +FULLRESYNC instant while writes go on, and they follow as stream', async () => {
    f = masterFixture();
    populate(f, 3000, [0, 1], 200);
    f.state.createBacklog();
    const conn = f.connection(1);
    conn.setCongested(true);
    let atStart: Record<string, string> | null = null;
    let offsetAtStart = -1;
    f.host.onSnapshotStart = () => {
      atStart = dumpStrings(f.keyspace);
      offsetAtStart = f.state.masterReplOffset;
    };
    f.master.psync(conn, EOF_PSYNC2, '?', -1);
    await waitFor(() => atStart !== null && conn.chunks.length >= 3);
    const fed: Buffer[] = [];
    let rounds = 0;
    while (stateOf(f, 1) === 'wait_bgsave') {
      // Writes between two slices of the snapshot: keys the walk passed and keys it has not reached.
      const db = f.keyspace.databases[rounds % 2];
      setString(f.keyspace, rounds % 2, `k${rounds}`, `changed-${rounds}`);
      setString(f.keyspace, rounds % 2, `k${2999 - rounds}`, `changed-late-${rounds}`);
      db.delete(`k${1500 + rounds}`);
      setString(f.keyspace, rounds % 2, `new${rounds}`, 'added');
      db.setExpire(`k${2000 + rounds}`, Date.now() + 1000);
      const bytes = command('MULTI-OF-WRITES', String(rounds));
      fed.push(bytes);
      f.master.feed(bytes);
      rounds++;
      // Lets the job write one more slice, then stalls it again on the next chunk.
      conn.setCongested(false);
      conn.setCongested(true);
      await nextTurn();
      if (rounds > 200) throw new Error('the snapshot never finished');
    }
    conn.setCongested(false);
    // Usually 7 rounds; on a loaded machine a slice can time out before filling a chunk and the job
    // then goes on by itself, so fewer rounds happen. Two or more still put writes mid-snapshot.
    expect(rounds).toBeGreaterThan(1);
    const got = parseFullSync(conn.received());
    expect(got.offset).toBe(offsetAtStart);
    expect(dumpStrings(got.keyspace)).toEqual(atStart);
    expect(dumpStrings(got.keyspace)).not.toEqual(dumpStrings(f.keyspace));
    const payloadLength = conn.received().length;
    f.master.ack(1, offsetAtStart, Date.now());
    expect(conn.received().subarray(payloadLength)).toEqual(Buffer.concat(fed));
    expect(f.state.masterReplOffset).toBe(offsetAtStart + Buffer.concat(fed).length);
  });

  it('$len form: newline while the file is written, $<len>, the RDB, then the held stream at once; SYNC gets no +FULLRESYNC', async () => {
    f = masterFixture([['repl-diskless-sync', 'no']]);
    populate(f, 200, [0, 5]);
    const psync = f.connection(1);
    const legacy = f.connection(2);
    legacy.setCongested(true);
    f.master.psync(psync, EOF_PSYNC2, '?', -1);
    f.master.sync(legacy, NO_CAPA);
    // The cron runs while the disk snapshot is being written: a newline to both, and (its first
    // loop, with replicas) a PING into the stream, held for both.
    f.host.onSnapshotStart = () => f.master.cron(Date.now(), false);
    await waitFor(() => stateOf(f, 1) === 'online' && stateOf(f, 2) === 'send_bulk');
    const fed = command('SET', 'x', 'y');
    f.master.feed(fed);
    const ping = '*1\r\n$4\r\nping\r\n';

    const got = parseFullSync(psync.received());
    expect([got.newlinesBefore, got.replid, got.offset, got.newlinesAfter, got.form]).toEqual([0, f.state.replid, 0, 1, 'bulk']);
    expect(dumpStrings(got.keyspace)).toEqual(dumpStrings(f.keyspace));
    expect(got.rest.toString('latin1')).toBe(ping + fed.toString('latin1'));

    // Still sending to the congested SYNC client: its stream stays held.
    expect(legacy.text().startsWith('\n$')).toBe(true);
    legacy.setCongested(false);
    await waitFor(() => stateOf(f, 2) === 'online');
    const old = parseFullSync(legacy.received(), false);
    expect([old.newlinesBefore, old.replid, old.form]).toEqual([1, null, 'bulk']);
    expect(old.rdb).toEqual(got.rdb);
    expect(old.rest.toString('latin1')).toBe(ping + fed.toString('latin1'));
    await waitFor(() => f.files().length === 0, { what: 'the temp file to be removed' });
  });

  it('uses the length form when a replica lacks capa eof, even with repl-diskless-sync yes', async () => {
    f = masterFixture();
    populate(f, 10);
    const conn = f.connection(1);
    f.master.psync(conn, { ...EOF_PSYNC2, capaEof: false }, '?', -1);
    await waitFor(() => stateOf(f, 1) === 'online');
    expect(parseFullSync(conn.received()).form).toBe('bulk');
  });

  it('two replicas share one job: the delay window sends newlines, then both get the same offset and RDB', async () => {
    f = masterFixture([['repl-diskless-sync-delay', '1']]);
    populate(f, 30);
    const t0 = Date.now();
    const a = f.connection(1);
    const b = f.connection(2);
    f.master.psync(a, EOF_PSYNC2, '?', -1);
    await nextTurn();
    f.master.psync(b, EOF_PSYNC2, '?', -1);
    f.master.cron(t0, false);
    f.master.cron(t0 + 1000, false);
    expect([a.text(), b.text()]).toEqual(['\n\n', '\n\n']);
    await waitFor(() => stateOf(f, 1) === 'online' && stateOf(f, 2) === 'online', { timeoutMs: 4000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    const ga = parseFullSync(a.received());
    const gb = parseFullSync(b.received());
    // The cron's first loop fed a PING (14 bytes) while they waited: the snapshot starts after it.
    expect([ga.newlinesBefore, ga.offset, gb.newlinesBefore, gb.offset]).toEqual([2, 14, 2, 14]);
    expect(ga.replid).toBe(gb.replid);
    expect(ga.rdb).toEqual(gb.rdb);
    expect(f.host.streamDbResets).toBe(1);
    expect(f.master.counters.syncFull).toBe(2);
  });

  it('starts early once repl-diskless-sync-max-replicas replicas wait', async () => {
    f = masterFixture([
      ['repl-diskless-sync-delay', '60'],
      ['repl-diskless-sync-max-replicas', '2'],
    ]);
    const a = f.connection(1);
    f.master.psync(a, EOF_PSYNC2, '?', -1);
    await nextTurn();
    await nextTurn();
    expect(a.text()).toBe('');
    f.master.psync(f.connection(2), EOF_PSYNC2, '?', -1);
    await waitFor(() => stateOf(f, 1) === 'online' && stateOf(f, 2) === 'online', { timeoutMs: 2000 });
  });

  it('a replica without capa eof joining a delayed job starts it at once, in the length form for all', async () => {
    f = masterFixture([['repl-diskless-sync-delay', '60']]);
    const a = f.connection(1);
    const b = f.connection(2);
    f.master.psync(a, EOF_PSYNC2, '?', -1);
    f.master.psync(b, NO_CAPA, '?', -1);
    await waitFor(() => stateOf(f, 1) === 'online' && stateOf(f, 2) === 'online', { timeoutMs: 2000 });
    expect([parseFullSync(a.received()).form, parseFullSync(b.received()).form]).toEqual(['bulk', 'bulk']);
  });

  it('a job whose only replica left before it started is dropped; the next replica gets a new one', async () => {
    f = masterFixture([['repl-diskless-sync-delay', '60']]);
    const a = f.connection(1);
    f.master.psync(a, EOF_PSYNC2, '?', -1);
    a.close('gone');
    expect(f.master.replicas()).toEqual([]);
    f.master.psync(f.connection(2, '10.0.0.2'), NO_CAPA, '?', -1);
    await waitFor(() => stateOf(f, 2) === 'online', { timeoutMs: 2000 });
    expect(f.host.streamDbResets).toBe(1);
    expect(a.text()).toBe('');
  });

  it('a replica that closes mid-transfer leaves the job; the other completes', async () => {
    f = masterFixture(SEVERAL_CHUNKS);
    populate(f, 2000, [0], 100);
    const a = f.connection(1);
    const b = f.connection(2);
    a.setCongested(true);
    f.master.psync(a, EOF_PSYNC2, '?', -1);
    f.master.psync(b, EOF_PSYNC2, '?', -1);
    await waitFor(() => b.chunks.length >= 3);
    expect(stateOf(f, 1)).toBe('wait_bgsave');
    const bLength = b.received().length;
    b.close('client killed');
    a.setCongested(false);
    await waitFor(() => stateOf(f, 1) === 'online');
    expect(dumpStrings(parseFullSync(a.received()).keyspace)).toEqual(dumpStrings(f.keyspace));
    expect(b.received().length).toBe(bLength);
    expect(f.master.replicas().map((r) => r.id)).toEqual([1]);
  });

  it('drops a replica whose transfer is stuck for repl-timeout, so the others go on', async () => {
    f = masterFixture([...SEVERAL_CHUNKS, ['repl-timeout', '5']]);
    populate(f, 2000, [0], 100);
    const stuck = f.connection(1);
    const ok = f.connection(2);
    stuck.setCongested(true);
    f.master.psync(stuck, EOF_PSYNC2, '?', -1);
    f.master.psync(ok, EOF_PSYNC2, '?', -1);
    await waitFor(() => ok.chunks.length >= 3);
    expect([stateOf(f, 1), stateOf(f, 2)]).toEqual(['wait_bgsave', 'wait_bgsave']);
    // It stalled at most a few ms before `now`: not yet 5 s at now + 4.9 s, past it at now + 6.1 s.
    const now = Date.now();
    f.master.cron(now + 4900, false);
    expect(stuck.closed).toBe(false);
    f.master.cron(now + 6100, false);
    expect([stuck.closed, stuck.closeReason]).toEqual([true, 'timeout during full sync']);
    await waitFor(() => stateOf(f, 2) === 'online');
    expect(parseFullSync(ok.received()).form).toBe('eof');
  });

  it('drops a replica whose held stream breaks its output limit; the other keeps every byte', async () => {
    f = masterFixture(SEVERAL_CHUNKS);
    populate(f, 2000, [0], 100);
    const small = f.connection(1);
    const big = f.connection(2);
    small.limitBytes = 100;
    small.setCongested(true);
    f.master.psync(small, EOF_PSYNC2, '?', -1);
    f.master.psync(big, EOF_PSYNC2, '?', -1);
    await waitFor(() => big.chunks.length >= 3);
    expect(stateOf(f, 1)).toBe('wait_bgsave');
    const fed = [command('SET', 'aaaaaaaa', 'bbbbbbbb'), command('SET', 'cccccccc', 'dddddddd'), command('SET', 'eeeeeeee', 'ffffffff')];
    f.master.feed(fed[0]);
    f.master.feed(fed[1]);
    expect(small.closed).toBe(false);
    expect(small.limitChecks.map(([extra]) => extra)).toEqual([fed[0].length, fed[0].length + fed[1].length]);
    f.master.feed(fed[2]);
    expect([small.closed, small.closeReason]).toEqual([true, 'output buffer limit reached']);
    expect(f.host.log.lines.some((l) => l.level === 'warn' && l.message === 'replica dropped: output buffer limit reached')).toBe(true);
    await waitFor(() => stateOf(f, 2) === 'online');
    const got = parseFullSync(big.received());
    const length = big.received().length;
    f.master.ack(2, got.offset!, Date.now());
    expect(big.received().subarray(length)).toEqual(Buffer.concat(fed));
  });

  it('answers -ERR BGSAVE failed and closes the replica when the snapshot file cannot be created', async () => {
    f = masterFixture([['repl-diskless-sync', 'no']]);
    f.host.dir = '/nonexistent/resplica-test-dir';
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, '?', -1);
    await waitFor(() => conn.closed);
    expect(conn.text()).toBe("-ERR BGSAVE failed, replication can't continue\r\n");
    expect(f.master.replicas()).toEqual([]);
    expect(f.host.streamDbResets).toBe(0);
  });

  it('close() aborts a running job: no more bytes, no temp file left', async () => {
    f = masterFixture([['repl-diskless-sync', 'no'], ...SEVERAL_CHUNKS]);
    populate(f, 20000, [0], 200);
    const conn = f.connection(1);
    let filesAtClose: string[] = [];
    // Queued at the snapshot instant, so it runs right after the job's first slice.
    f.host.onSnapshotStart = () =>
      setImmediate(() => {
        filesAtClose = f.files();
        f.master.close();
      });
    f.master.psync(conn, NO_CAPA, '?', -1);
    await waitFor(() => filesAtClose.length === 1);
    expect(filesAtClose[0]).toMatch(new RegExp(`^temp-repl-${process.pid}-\\d+\\.rdb$`));
    await waitFor(() => f.files().length === 0, { what: 'the temp file to be removed' });
    await nextTurn();
    expect(conn.text()).toMatch(/^\+FULLRESYNC [0-9a-f]{40} 0\r\n$/);
    expect(f.master.replicas()).toEqual([]);
  });

  it('logs start, end and sizes but never a key or a value', async () => {
    f = masterFixture([['repl-diskless-sync', 'no']]);
    setString(f.keyspace, 0, 'secret-key', 'secret-value');
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, '?', -1);
    await waitFor(() => stateOf(f, 1) === 'online');
    f.master.feed(command('SET', 'secret-key2', 'secret-value2'));
    const messages = f.host.log.lines.map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['full sync snapshot started', 'full sync snapshot done', 'snapshot file sent: replica online']));
    const done = f.host.log.lines.find((l) => l.message === 'full sync snapshot done')!;
    expect(done.fields).toMatchObject({ component: 'repl-master', keys: 1, bytes: parseFullSync(conn.received()).rdb.length });
    expect(JSON.stringify(f.host.log.lines)).not.toMatch(/secret/);
  });
});
