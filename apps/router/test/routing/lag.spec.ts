/**
 * Replica lag: exact bytes and ms against the master's reported offsets (master-offsets.ts), and
 * the hysteresis that keeps a replica near a bound from flapping (freshness.ts).
 */
import { HISTORY_LIMIT, MasterOffsets } from '../../src/routing/master-offsets';
import { bench, id, masterReport, reasonOf, replicaReport, type Bench } from './harness';

describe('MasterOffsets', () => {
  it('lag bytes: latest master offset − applied; lag ms: since the first report not applied', () => {
    const h = new MasterOffsets();
    h.record(100, 1000);
    h.record(200, 2000);
    h.record(300, 3000);
    expect(h.lagOf(300, 3500)).toEqual({ bytes: 0, ms: 0 });
    expect(h.lagOf(400, 3500)).toEqual({ bytes: 0, ms: 0 });
    expect(h.lagOf(299, 3500)).toEqual({ bytes: 1, ms: 500 });
    expect(h.lagOf(200, 3500)).toEqual({ bytes: 100, ms: 500 });
    expect(h.lagOf(199, 3500)).toEqual({ bytes: 101, ms: 1500 });
    expect(h.lagOf(0, 3500)).toEqual({ bytes: 300, ms: 2500 });
  });

  it('a repeated offset keeps its first time; a lower one starts a new history', () => {
    const h = new MasterOffsets();
    h.record(100, 1000);
    h.record(100, 1900);
    expect(h.lagOf(0, 2000)).toEqual({ bytes: 100, ms: 1000 });
    h.record(50, 2000);
    expect(h.lagOf(0, 2500)).toEqual({ bytes: 50, ms: 500 });
  });

  it('no history, no lag', () => {
    expect(new MasterOffsets().lagOf(0, 5)).toEqual({ bytes: 0, ms: 0 });
  });

  it(`keeps the last ${HISTORY_LIMIT} increases; beyond them lag ms is the oldest entry's age`, () => {
    const h = new MasterOffsets();
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h.record(i, i);
    const now = HISTORY_LIMIT + 10;
    expect(h.lagOf(10, now)).toEqual({ bytes: HISTORY_LIMIT, ms: HISTORY_LIMIT - 1 });
    expect(h.lagOf(0, now)).toEqual({ bytes: HISTORY_LIMIT + 10, ms: HISTORY_LIMIT - 1 });
  });
});

/** A master on 7000 that reports 100 more bytes every 100 ms, and a replica on 7001 that trails. */
function steady(b: Bench): { tick(): void; replicaBehind(ms: number): void } {
  let offset = 0;
  return {
    tick() {
      b.clock.now += 100;
      offset += 100;
      b.feed.emit(masterReport(7000, offset));
    },
    // Applied what the master had reported `ms` + 100 ago: the next report, `ms` ago, is missing.
    replicaBehind(ms: number) {
      b.feed.emit(replicaReport(7001, { appliedOffset: offset - ms - 100 }));
    },
  };
}

function lagOf(b: Bench, port: number): { lagBytes: number; lagMs: number } {
  const s = b.table.snapshot().find((x) => x.id === id(port))!;
  return { lagBytes: s.lagBytes, lagMs: s.lagMs };
}

describe('lag in the table', () => {
  it('is measured when the replica reports, against the master reports received by then', () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 1000));
    b.clock.now += 700;
    b.feed.emit(replicaReport(7001, { appliedOffset: 400 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 600, lagMs: 700 });
    b.clock.now += 200;
    b.feed.emit(masterReport(7000, 5000)); // a later master report does not re-measure the replica
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 600, lagMs: 700 });
    b.feed.emit(replicaReport(7001, { appliedOffset: 1000 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 4000, lagMs: 0 });
  });

  it('is 0 before any master report, and for a replica ahead of the last one', () => {
    const b = bench();
    b.feed.emit(replicaReport(7001, { appliedOffset: 500 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 0, lagMs: 0 });
    b.feed.emit(masterReport(7000, 400));
    b.feed.emit(replicaReport(7001, { appliedOffset: 500 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 0, lagMs: 0 });
  });

  it('only the elected master’s reports count, and a new master starts a new history', () => {
    const b = bench();
    b.feed.emit(masterReport(7000, 1000));
    b.clock.now += 100;
    b.feed.emit(replicaReport(7002, { appliedOffset: 900 }));
    b.feed.emit({ kind: 'role-changed', nodeId: 'node-7002', role: 'master' });
    b.clock.now += 100;
    b.feed.emit(replicaReport(7001, { appliedOffset: 0 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 0, lagMs: 0 });
    b.feed.emit(masterReport(7000, 2000)); // the old master is no longer elected
    b.feed.emit(masterReport(7002, 950));
    b.clock.now += 300;
    b.feed.emit(replicaReport(7001, { appliedOffset: 900 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 50, lagMs: 300 });
  });

  it('a steady replica shows its delay at the resolution of the master’s reports', () => {
    const b = bench();
    const s = steady(b);
    for (let i = 0; i < 10; i++) s.tick();
    s.replicaBehind(0);
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 100, lagMs: 0 });
    s.replicaBehind(300);
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 400, lagMs: 300 });
  });
});

describe('lag hysteresis: leave above the bound, return at or below 80% of it', () => {
  it('bytes: out above the bound, back only at 80%', () => {
    const b = bench(['--max-replica-lag-bytes', '1000', '--max-replica-lag-ms', '0']);
    b.feed.emit(masterReport(7000, 10_000));
    const behind = (bytes: number): void => b.feed.emit(replicaReport(7001, { appliedOffset: 10_000 - bytes }));
    behind(1000);
    expect(reasonOf(b, 7001)).toBe('');
    behind(1001);
    expect(reasonOf(b, 7001)).toBe('lag');
    behind(999);
    expect(reasonOf(b, 7001)).toBe('lag');
    behind(801);
    expect(reasonOf(b, 7001)).toBe('lag');
    behind(800);
    expect(reasonOf(b, 7001)).toBe('');
  });

  it('bytes: a replica oscillating around the bound leaves once and stays out', () => {
    const b = bench(['--max-replica-lag-bytes', '1000', '--max-replica-lag-ms', '0']);
    b.feed.emit(masterReport(7000, 10_000));
    b.feed.emit(replicaReport(7001, { appliedOffset: 10_000 }));
    const before = b.changes.count;
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) {
      b.feed.emit(replicaReport(7001, { appliedOffset: 10_000 - (i % 2 === 0 ? 1010 : 990) }));
      seen.push(reasonOf(b, 7001)!);
    }
    expect(seen.every((r) => r === 'lag')).toBe(true);
    expect(b.changes.count - before).toBe(1);
  });

  it('ms: out above the bound, back only at 80%, no flapping around it', () => {
    const b = bench(['--max-replica-lag-bytes', '0', '--max-replica-lag-ms', '1000']);
    const s = steady(b);
    for (let i = 0; i < 30; i++) s.tick();
    s.replicaBehind(1000);
    expect(reasonOf(b, 7001)).toBe('');
    s.tick();
    s.replicaBehind(1100);
    expect(reasonOf(b, 7001)).toBe('lag');
    const before = b.changes.count;
    for (let i = 0; i < 20; i++) {
      s.tick();
      s.replicaBehind(i % 2 === 0 ? 900 : 1100);
      expect(reasonOf(b, 7001)).toBe('lag');
    }
    expect(b.changes.count).toBe(before);
    s.tick();
    s.replicaBehind(800);
    expect(reasonOf(b, 7001)).toBe('');
  });

  it('either bound takes a replica out; both must be at 80% for it to return', () => {
    const b = bench(['--max-replica-lag-bytes', '10000', '--max-replica-lag-ms', '1000']);
    const s = steady(b);
    for (let i = 0; i < 30; i++) s.tick();
    s.replicaBehind(1200); // ms over; bytes 1300 well under
    expect(reasonOf(b, 7001)).toBe('lag');
    s.tick();
    s.replicaBehind(700); // ms back under 80%, bytes 800 too
    expect(reasonOf(b, 7001)).toBe('');
  });

  it('a bound of 0 is no bound', () => {
    const b = bench(['--max-replica-lag-bytes', '0', '--max-replica-lag-ms', '0']);
    b.feed.emit(masterReport(7000, 1e12));
    b.clock.now += 3_000;
    b.feed.emit(replicaReport(7001, { appliedOffset: 0 }));
    expect(lagOf(b, 7001)).toEqual({ lagBytes: 1e12, lagMs: 3000 });
    expect(reasonOf(b, 7001)).toBe('');
  });

  it('CONFIG SET of a bound re-judges the last measurement at once', () => {
    const b = bench(['--max-replica-lag-bytes', '1000', '--max-replica-lag-ms', '0']);
    b.feed.emit(masterReport(7000, 10_000));
    b.feed.emit(replicaReport(7001, { appliedOffset: 9_500 }));
    expect(b.config.set([['max-replica-lag-bytes', '400']])).toBeNull();
    expect(reasonOf(b, 7001)).toBe('lag');
    expect(b.config.set([['max-replica-lag-bytes', '600']])).toBeNull(); // 500 > 80% of 600
    expect(reasonOf(b, 7001)).toBe('lag');
    expect(b.config.set([['max-replica-lag-bytes', '625']])).toBeNull(); // 500 = 80% of 625
    expect(reasonOf(b, 7001)).toBe('');
  });
});
