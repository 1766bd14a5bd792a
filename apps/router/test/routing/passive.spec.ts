/**
 * Passive health: the proxy's reports take a backend out at once; PINGs (real timers, 10 ms apart
 * here) and fresh reports bring it back, each only when it is the proof that backend can give.
 */
import { waitFor } from '@resplica/testing';
import { bench, id, masterReport, reasonOf, replicaReport, serving } from './harness';

describe('reportFailure', () => {
  it('takes a replica out at once; it needs a +PONG and a report after the failure to return', async () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.feed.emit(replicaReport(7002));
    b.table.reportFailure(id(7001), 'connection error');
    expect(b.picks(4)).toEqual([id(7002), id(7002), id(7002), id(7002)]);
    expect(reasonOf(b, 7001)).toBe('connection error');

    b.feed.emit(replicaReport(7001)); // a report alone is not enough
    await waitFor(() => (b.pings.asked.get(id(7001)) ?? 0) >= 2, { what: 'PINGs to 7001' });
    expect(serving(b)).toEqual([id(7002)]);

    b.pings.alive.add(id(7001));
    await waitFor(() => serving(b).length === 2, { what: '7001 back after +PONG' });
    expect(b.changes.count).toBe(4); // in, in, out, back
  });

  it('a +PONG alone is not enough for a node that publishes health', async () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.pings.alive.add(id(7001));
    b.table.reportFailure(id(7001), 'timeout');
    await waitFor(() => b.pings.asked.get(id(7001)) === 1, { what: 'one PING' });
    expect(reasonOf(b, 7001)).toBe('timeout');
    expect(b.pings.asked.get(id(7001))).toBe(1); // answered: no more PINGs
    b.feed.emit(replicaReport(7001));
    expect(serving(b)).toEqual([id(7001)]);
  });

  it('the report must show a fresh replica: passive health and state are judged together', async () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.pings.alive.add(id(7001));
    b.table.reportFailure(id(7001), 'connection error');
    b.feed.emit(replicaReport(7001, { loading: true }));
    await waitFor(() => b.pings.asked.get(id(7001)) === 1, { what: 'one PING' });
    expect(reasonOf(b, 7001)).toBe('loading');
  });

  it('takes the master out of writes; master() is null until it proves alive', async () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 0));
    b.table.reportFailure(id(7000), 'connection error');
    expect(b.table.master()).toBeNull();
    b.pings.alive.add(id(7000));
    await waitFor(() => b.pings.asked.get(id(7000)) === 1, { what: 'one PING' });
    expect(b.table.master()).toBeNull();
    b.feed.emit(masterReport(7000, 0));
    expect(b.table.master()?.id).toBe(id(7000));
  });

  it('reports about unknown backends and reports after close() are ignored', async () => {
    const b = bench();
    b.table.reportFailure('10.0.0.1:1', 'connection error');
    b.feed.emit(replicaReport(7001));
    await b.table.close();
    b.table.reportFailure(id(7001), 'connection error');
    expect(b.table.snapshot().map((s) => s.reason)).toEqual(['']);
    expect(b.feed.closed).toBe(true);
  });
});

describe('reportUnusable', () => {
  it('-LOADING takes a replica out until a report arrives; no PING is sent', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.table.reportUnusable(id(7001), '-LOADING reply');
    expect(b.picks(2)).toEqual([null, null]);
    expect(reasonOf(b, 7001)).toBe('-LOADING reply');
    b.feed.emit(replicaReport(7001, { loading: true }));
    expect(reasonOf(b, 7001)).toBe('loading');
    b.feed.emit(replicaReport(7001));
    expect(b.picks(1)).toEqual([id(7001)]);
    expect(b.pings.asked.size).toBe(0);
  });

  it('events other than a report do not clear it', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.table.reportUnusable(id(7001), '-MASTERDOWN reply');
    b.feed.emit({ kind: 'link-up', nodeId: 'node-7001' });
    expect(reasonOf(b, 7001)).toBe('-MASTERDOWN reply');
  });

  it('after a failure it adds the need for a report, and keeps the need for a PING', async () => {
    const b = bench();
    b.feed.emit(replicaReport(7001));
    b.table.reportFailure(id(7001), 'connection error');
    b.feed.emit(replicaReport(7001));
    b.table.reportUnusable(id(7001), '-LOADING reply');
    b.pings.alive.add(id(7001));
    await waitFor(() => b.pings.asked.get(id(7001)) === 1, { what: 'one PING' });
    expect(reasonOf(b, 7001)).toBe('-LOADING reply');
    b.feed.emit(replicaReport(7001));
    expect(serving(b)).toEqual([id(7001)]);
  });
});
