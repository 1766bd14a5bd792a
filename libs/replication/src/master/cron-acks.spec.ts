/**
 * ACK bookkeeping and the cron duties (spec/replication.md §3.4, §3.5, §4.1, §6.1, §6.2, P17): the
 * PING and GETACK bytes and the offsets they add, WAIT's count, min-replicas' good count, replica
 * timeouts, the backlog ttl, the repl-backlog-size listener and the online output limit.
 * Times are fake unix ms, multiples of 1000 where whole seconds matter.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { NULL_REPLID } from '@resplica/backlog';
import { waitFor } from '@resplica/testing';
import { command, EOF_PSYNC2, masterFixture, NO_CAPA, type FakeConnection, type MasterFixture } from '../../test/master-fakes';

const PING = '*1\r\n$4\r\nping\r\n';
const GETACK = '*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n';
const T = 1_700_000_000_000;

/** A replica attached by partial resync (online at once); its +CONTINUE line is cleared. */
function online(f: MasterFixture, id: number): FakeConnection {
  if (f.state.backlog === null) f.state.createBacklog();
  const conn = f.connection(id);
  f.master.psync(conn, EOF_PSYNC2, f.state.replid, f.state.masterReplOffset + 1);
  conn.clear();
  return conn;
}

describe('ReplicationMaster cron and ACKs', () => {
  let f: MasterFixture;
  afterEach(() => f.dispose());

  it('feeds the 14-byte PING every repl-ping-replica-period cron loops, counted in the offset', () => {
    f = masterFixture();
    const conn = online(f, 1);
    f.master.cron(T, false);
    expect(conn.text()).toBe(PING);
    expect(f.state.masterReplOffset).toBe(14);
    f.master.cron(T + 500, false); // not a new loop: the duties run once a second
    for (let s = 1; s <= 20; s++) f.master.cron(T + s * 1000, false);
    expect(conn.text()).toBe(PING.repeat(3));
    expect(f.state.masterReplOffset).toBe(42);
    expect(f.state.backlog!.copyFrom(1)).toEqual([Buffer.from(PING.repeat(3))]);
  });

  it('follows CONFIG SET repl-ping-replica-period, and never pings from a replica node or without replicas', () => {
    f = masterFixture([['repl-ping-replica-period', '2']]);
    f.state.createBacklog();
    f.master.cron(T, false);
    expect(f.state.masterReplOffset).toBe(0);
    const conn = online(f, 1);
    for (let s = 1; s <= 4; s++) f.master.cron(T + s * 1000, false);
    expect(conn.text()).toBe(PING.repeat(2));
    for (let s = 5; s <= 8; s++) f.master.cron(T + s * 1000, true);
    expect(conn.text()).toBe(PING.repeat(2));
  });

  it('batches REPLCONF GETACK * to one per event-loop turn (37 bytes, counted)', async () => {
    f = masterFixture();
    const conn = online(f, 1);
    f.master.requestAck();
    f.master.requestAck();
    f.master.requestAck();
    expect(conn.text()).toBe('');
    await nextTurn();
    expect(conn.text()).toBe(GETACK);
    expect(f.state.masterReplOffset).toBe(37);
    await nextTurn();
    expect(conn.text()).toBe(GETACK);
    f.master.requestAck();
    await nextTurn();
    expect(conn.text()).toBe(GETACK + GETACK);
    expect(f.state.masterReplOffset).toBe(74);
  });

  it('keeps the highest ACK and its time, refreshes the time on a newline, and notifies only on growth', () => {
    f = masterFixture();
    online(f, 1);
    let notified = 0;
    f.master.onAck(() => notified++);
    f.master.ack(1, 100, T);
    f.master.ack(1, 50, T + 1000);
    expect(f.master.replicas()[0]).toMatchObject({ ackOffset: 100, ackTimeMs: T + 1000 });
    f.master.keepalive(1, T + 2000);
    expect(f.master.replicas()[0]).toMatchObject({ ackOffset: 100, ackTimeMs: T + 2000 });
    f.master.ack(1, 100, T + 3000);
    f.master.ack(99, 500, T);
    f.master.keepalive(99, T);
    expect(notified).toBe(1);
    f.master.ack(1, 101, T + 4000);
    expect(notified).toBe(2);
  });

  it('WAIT counts online replicas whose ACK reached the offset; waiting ones never count', () => {
    f = masterFixture([['repl-diskless-sync-delay', '60']]);
    online(f, 1);
    online(f, 2);
    f.master.psync(f.connection(3), EOF_PSYNC2, '?', -1);
    f.master.ack(1, 100, T);
    f.master.ack(2, 200, T);
    f.master.ack(3, 300, T);
    expect([0, 100, 150, 200, 201].map((o) => f.master.countAcked(o))).toEqual([2, 2, 1, 1, 0]);
    expect(f.master.replicas().map((r) => r.state)).toEqual(['online', 'online', 'wait_bgsave']);
  });

  it('min-replicas counts online replicas whose last ACK is at most max-lag whole seconds old', () => {
    f = masterFixture();
    online(f, 1);
    online(f, 2);
    f.master.ack(1, 1, T + 999);
    f.master.ack(2, 1, T + 5000);
    expect(f.master.goodReplicas(T + 10_999, 10)).toBe(2);
    expect(f.master.goodReplicas(T + 11_000, 10)).toBe(1);
    expect(f.master.goodReplicas(T + 15_999, 10)).toBe(1);
    expect(f.master.goodReplicas(T + 16_000, 10)).toBe(0);
  });

  it('drops an online replica whose last ACK is more than repl-timeout seconds old, never a SYNC client', async () => {
    f = masterFixture([['repl-diskless-sync', 'no']]);
    const legacy = f.connection(2);
    f.master.sync(legacy, NO_CAPA);
    await waitFor(() => f.master.replicas()[0]?.state === 'online');
    const conn = online(f, 1);
    f.master.ack(1, 1, T + 500);
    f.master.cron(T + 60_000, false);
    expect(conn.closed).toBe(false);
    f.master.cron(T + 61_000, false);
    expect([conn.closed, conn.closeReason]).toEqual([true, 'timeout']);
    expect(f.host.log.lines.some((l) => l.level === 'warn' && l.message === 'disconnecting timed out replica (streaming sync)')).toBe(true);
    f.master.cron(T + 1_000_000, false);
    expect(legacy.closed).toBe(false);
    expect(f.master.replicas().map((r) => r.id)).toEqual([2]);
  });

  it('frees the backlog after repl-backlog-ttl seconds without replicas, with a new replid and no replid2', () => {
    f = masterFixture([['repl-backlog-ttl', '10']]);
    f.state.createBacklog();
    f.state.shiftReplid('e'.repeat(40));
    const before = f.state.replid;
    // A replica node never frees its backlog; becoming a master starts the ttl clock (7.0).
    f.master.cron(T, true);
    f.master.cron(T + 100_000_000, true);
    expect(f.master.active).toBe(true);
    const promoted = T + 100_001_000;
    f.master.cron(promoted, false);
    f.master.cron(promoted + 10_000, false);
    expect(f.master.active).toBe(true);
    f.master.cron(promoted + 11_000, false);
    expect(f.master.active).toBe(false);
    expect(f.state.replid).not.toBe(before);
    expect([f.state.replid2, f.state.secondReplOffset]).toEqual([NULL_REPLID, -1]);
    // Without a backlog nothing is counted any more.
    f.master.feed(command('SET', 'a', 'b'));
    expect(f.state.masterReplOffset).toBe(0);
  });

  it('keeps the backlog while a replica is attached, and forever with repl-backlog-ttl 0', () => {
    f = masterFixture([['repl-backlog-ttl', '0']]);
    online(f, 1).close('bye');
    expect(f.master.replicas()).toEqual([]);
    f.master.cron(Date.now() + 1e9, false);
    expect(f.master.active).toBe(true);
    f.config.set([['repl-backlog-ttl', '1']]);
    online(f, 2);
    const later = Date.now() + 2e9;
    f.master.ack(2, 0, later);
    f.master.cron(later, false);
    expect(f.master.active).toBe(true);
  });

  it('resizes the backlog on CONFIG SET repl-backlog-size, until closed', () => {
    f = masterFixture();
    f.state.createBacklog();
    expect(f.config.set([['repl-backlog-size', '32768']])).toBeNull();
    expect([f.state.backlogSize, f.state.backlog!.size]).toEqual([32768, 32768]);
    f.master.close();
    f.config.set([['repl-backlog-size', '65536']]);
    expect(f.state.backlogSize).toBe(32768);
  });

  it('writes stream bytes to an online replica, then drops it when its output limit broke', () => {
    f = masterFixture();
    const conn = online(f, 1);
    const other = online(f, 2);
    f.master.cron(T, false);
    conn.clear();
    other.clear();
    conn.limitChecks.length = 0;
    conn.pendingBytes = 10;
    conn.limitBytes = 5;
    const bytes = command('SET', 'a', 'b');
    f.master.feed(bytes);
    expect(conn.text()).toBe(bytes.toString('latin1'));
    expect(conn.limitChecks).toEqual([[0, T]]);
    expect([conn.closed, conn.closeReason]).toEqual([true, 'output buffer limit reached']);
    f.master.feed(bytes);
    expect(conn.text()).toBe(bytes.toString('latin1'));
    expect(other.text()).toBe(bytes.toString('latin1').repeat(2));
  });

  it('disconnectReplicas closes every replica with the reason and forgets them', () => {
    f = masterFixture([['repl-diskless-sync-delay', '60']]);
    const a = online(f, 1);
    const b = f.connection(2);
    f.master.psync(b, EOF_PSYNC2, '?', -1);
    f.master.disconnectReplicas('promoted');
    expect([a.closeReason, b.closeReason]).toEqual(['promoted', 'promoted']);
    expect(f.master.replicas()).toEqual([]);
    expect([f.master.isReplica(1), f.master.isReplica(2)]).toEqual([false, false]);
  });
});
