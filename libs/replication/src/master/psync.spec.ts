/**
 * PSYNC answers (spec/replication.md §1.5, §4.2): +CONTINUE with exactly the backlog bytes from
 * the asked offset at every boundary, the fall-back to a full resync with 7.0's counters, refusals,
 * and the first replica creating the backlog with a new history.
 */
import { NULL_REPLID } from '@resplica/backlog';
import { waitFor } from '@resplica/testing';
import { command, EOF_PSYNC2, masterFixture, NO_CAPA, type MasterFixture } from '../../test/master-fakes';

/** A stream of `n` distinct commands, fed with a backlog but no replicas; returns their bytes. */
function feedStream(f: MasterFixture, n: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = command('SET', `key:${i}`, `value-${i}`);
    parts.push(bytes);
    f.master.feed(bytes);
  }
  return Buffer.concat(parts);
}

describe('ReplicationMaster.psync', () => {
  let f: MasterFixture;
  afterEach(() => f.dispose());

  it('answers +CONTINUE and the exact backlog slice for every offset the backlog can serve', () => {
    f = masterFixture();
    f.state.createBacklog();
    const stream = feedStream(f, 20);
    const first = f.state.backlog!.firstByteOffset;
    expect(first).toBe(1);
    expect(f.state.masterReplOffset).toBe(stream.length);
    const offsets = [first, first + 1, 29, 30, stream.length, stream.length + 1];
    offsets.forEach((offset, i) => {
      const conn = f.connection(100 + i);
      f.master.psync(conn, EOF_PSYNC2, f.state.replid, offset);
      const expected = Buffer.concat([Buffer.from(`+CONTINUE ${f.state.replid}\r\n`), stream.subarray(offset - first)]);
      expect(conn.received()).toEqual(expected);
    });
    expect(f.master.counters).toEqual({ syncFull: 0, syncPartialOk: offsets.length, syncPartialErr: 0 });
    expect(f.master.replicas().map((r) => r.state)).toEqual(offsets.map(() => 'online'));
    // A partial resync keeps the stream's SELECT db: the replica kept its own.
    expect(f.host.streamDbResets).toBe(0);
  });

  it('matches the replid case-insensitively and sends the bare +CONTINUE without capa psync2', () => {
    f = masterFixture();
    f.state.createBacklog();
    const stream = feedStream(f, 3);
    const conn = f.connection(1);
    f.master.psync(conn, NO_CAPA, f.state.replid.toUpperCase(), 10);
    expect(conn.text()).toBe(`+CONTINUE\r\n${stream.subarray(9).toString('latin1')}`);
  });

  it('serves the oldest bytes of a backlog that wrapped, in order', () => {
    f = masterFixture([['repl-backlog-size', '16384']]);
    f.state.createBacklog();
    const stream = feedStream(f, 1000);
    const backlog = f.state.backlog!;
    expect(backlog.histlen).toBe(16384);
    const first = backlog.firstByteOffset;
    expect(first).toBe(stream.length - 16384 + 1);
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, f.state.replid, first);
    expect(conn.received()).toEqual(Buffer.concat([Buffer.from(`+CONTINUE ${f.state.replid}\r\n`), stream.subarray(first - 1)]));
    const before = f.connection(2);
    f.master.psync(before, EOF_PSYNC2, f.state.replid, first - 1);
    expect(before.text()).toBe('');
    expect(f.master.counters).toEqual({ syncFull: 1, syncPartialOk: 1, syncPartialErr: 1 });
  });

  it('goes online at once: later stream bytes follow the backlog slice directly', () => {
    f = masterFixture();
    f.state.createBacklog();
    feedStream(f, 2);
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, f.state.replid, f.state.masterReplOffset + 1);
    expect(conn.text()).toBe(`+CONTINUE ${f.state.replid}\r\n`);
    const next = command('DEL', 'a');
    f.master.feed(next);
    expect(conn.text()).toBe(`+CONTINUE ${f.state.replid}\r\n${next.toString('latin1')}`);
  });

  it('continues on replid2 up to second_repl_offset, and refuses past it (counting the failure)', async () => {
    f = masterFixture();
    f.state.createBacklog();
    feedStream(f, 5);
    const old = f.state.replid;
    f.state.shiftReplid('b'.repeat(40));
    const limit = f.state.secondReplOffset;
    expect(limit).toBe(f.state.masterReplOffset + 1);
    feedStream(f, 2);
    const ok = f.connection(1);
    f.master.psync(ok, EOF_PSYNC2, old, limit);
    expect(ok.text().startsWith(`+CONTINUE ${'b'.repeat(40)}\r\n`)).toBe(true);
    const past = f.connection(2);
    f.master.psync(past, EOF_PSYNC2, old, limit + 1);
    expect(f.master.counters).toEqual({ syncFull: 1, syncPartialOk: 1, syncPartialErr: 1 });
    await waitFor(() => past.text().startsWith(`+FULLRESYNC ${'b'.repeat(40)} ${f.state.masterReplOffset}\r\n`));
  });

  it('counts a failed PSYNC only when the replid does not start with "?"', () => {
    f = masterFixture();
    f.master.psync(f.connection(1), EOF_PSYNC2, '?', -1);
    f.master.psync(f.connection(2), EOF_PSYNC2, '?anything', 5);
    expect(f.master.counters).toEqual({ syncFull: 2, syncPartialOk: 0, syncPartialErr: 0 });
    f.master.psync(f.connection(3), EOF_PSYNC2, 'c'.repeat(40), 1);
    f.master.psync(f.connection(4), EOF_PSYNC2, '', 1);
    f.master.sync(f.connection(5), NO_CAPA);
    expect(f.master.counters).toEqual({ syncFull: 5, syncPartialOk: 0, syncPartialErr: 2 });
  });

  it('logs why a partial resync was refused, and warns about an offset past the end', () => {
    f = masterFixture();
    f.state.createBacklog();
    feedStream(f, 1);
    f.master.psync(f.connection(1), EOF_PSYNC2, f.state.replid, f.state.masterReplOffset + 2);
    const lines = f.host.log.lines.filter((l) => l.fields['client'] === 1);
    expect(lines.map((l) => [l.level, l.message, l.fields['reason'] ?? null])).toEqual([
      ['info', 'partial resync not accepted: backlog does not hold the offset', 'offset out of range'],
      ['warn', 'replica asked for an offset beyond the master replication offset', 'offset out of range'],
      ['info', 'full resync: replica waits for its snapshot', null],
    ]);
  });

  it('answers the host refusal as an error line and attaches nothing', () => {
    f = masterFixture();
    f.host.refusal = "NOMASTERLINK Can't SYNC while not connected with my master";
    const conn = f.connection(1);
    f.master.psync(conn, EOF_PSYNC2, '?', -1);
    const legacy = f.connection(2);
    f.master.sync(legacy, NO_CAPA);
    expect(conn.text()).toBe("-NOMASTERLINK Can't SYNC while not connected with my master\r\n");
    expect(legacy.text()).toBe("-NOMASTERLINK Can't SYNC while not connected with my master\r\n");
    expect([f.master.isReplica(1), f.master.isReplica(2), f.master.active]).toEqual([false, false, false]);
    expect(f.master.counters).toEqual({ syncFull: 0, syncPartialOk: 0, syncPartialErr: 0 });
  });

  it('creates the backlog for the first replica with a new replid and no replid2 (7.0)', () => {
    f = masterFixture();
    f.state.shiftReplid('d'.repeat(40));
    const before = f.state.replid;
    expect(f.master.active).toBe(false);
    f.master.psync(f.connection(1), EOF_PSYNC2, before, 1);
    expect(f.master.active).toBe(true);
    expect(f.state.replid).not.toBe(before);
    expect(f.state.replid).toMatch(/^[0-9a-f]{40}$/);
    expect([f.state.replid2, f.state.secondReplOffset]).toEqual([NULL_REPLID, -1]);
    expect(f.state.backlog!.firstByteOffset).toBe(f.state.masterReplOffset + 1);
    const id = f.state.replid;
    f.master.psync(f.connection(2), EOF_PSYNC2, '?', -1);
    expect(f.state.replid).toBe(id);
  });

  it('keeps the replid when a backlog already exists', () => {
    f = masterFixture();
    f.state.createBacklog();
    const id = f.state.replid;
    f.master.psync(f.connection(1), EOF_PSYNC2, '?', -1);
    expect(f.state.replid).toBe(id);
  });

  it('shows the announced address, else the peer address, and the listening port', () => {
    f = masterFixture();
    f.state.createBacklog();
    f.master.psync(f.connection(1, '10.0.0.5'), { ...EOF_PSYNC2, ipAddress: '192.168.7.7' }, f.state.replid, 1);
    f.master.psync(f.connection(2, '10.0.0.6'), NO_CAPA, f.state.replid, 1);
    expect(f.master.replicas()).toEqual([
      { id: 1, ip: '192.168.7.7', port: 6380, state: 'online', ackOffset: 0, ackTimeMs: expect.any(Number) },
      { id: 2, ip: '10.0.0.6', port: 6381, state: 'online', ackOffset: 0, ackTimeMs: expect.any(Number) },
    ]);
    expect([f.master.isReplica(1), f.master.isReplica(3)]).toEqual([true, false]);
  });
});
