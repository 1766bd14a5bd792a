/**
 * ReplicationState: the §4.2 decision table (including the example observed against a real 7.0
 * master) and the id/offset/backlog values after each §5 event.
 */
import { ReplicationState, randomReplid } from './state';
import { MIN_BACKLOG_SIZE, NULL_REPLID } from './types';

const B9 = 'b9e7d1c3a5f7091b2d3f4e5a6b7c8d9e0f1a2b3c';
const B5 = '5b64a0e1f2c3d4b5a6978877665544332211aabb';
const OTHER = 'ffffffffffffffffffffffffffffffffffffffff';

function snapshot(s: ReplicationState) {
  return {
    replid: s.replid,
    replid2: s.replid2,
    secondReplOffset: s.secondReplOffset,
    masterReplOffset: s.masterReplOffset,
    backlog: s.backlog && {
      size: s.backlog.size,
      firstByteOffset: s.backlog.firstByteOffset,
      histlen: s.backlog.histlen,
    },
  };
}

/**
 * The observed master: replid b9e7…, offset 747, replid2 5b64… valid to 706 (it was promoted at
 * offset 705), backlog from 631 (created at offset 630 while it still replicated 5b64…).
 */
function observedMaster(): ReplicationState {
  const s = new ReplicationState({ backlogSize: 1 << 20, replid: B5 });
  s.masterReplOffset = 630;
  s.createBacklog();
  s.feed(Buffer.alloc(705 - 630, 0x61));
  s.shiftReplid(B9);
  s.feed(Buffer.alloc(747 - 705, 0x62));
  return s;
}

describe('randomReplid', () => {
  it('is 40 lowercase hex chars and differs between calls', () => {
    const a = randomReplid();
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(randomReplid()).not.toBe(a);
  });
});

describe('ReplicationState', () => {
  it('boots with a random replid, no replid2, offset 0 and no backlog', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    expect(s.replid).toMatch(/^[0-9a-f]{40}$/);
    expect(snapshot(s)).toEqual({
      replid: s.replid,
      replid2: NULL_REPLID,
      secondReplOffset: -1,
      masterReplOffset: 0,
      backlog: null,
    });
    expect(s.backlogSize).toBe(1 << 20);
    expect(new ReplicationState({ backlogSize: 1, replid: B9 }).replid).toBe(B9);
  });

  it('counts nothing while there is no backlog', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    s.feed(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(s.masterReplOffset).toBe(0);
  });

  it('feeds offset and backlog together once a backlog exists', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    s.masterReplOffset = 10;
    s.createBacklog();
    expect([s.backlog!.firstByteOffset, s.backlog!.histlen, s.backlog!.endOffset]).toEqual([11, 0, 10]);
    s.feed(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(s.masterReplOffset).toBe(24);
    expect(s.backlog!.endOffset).toBe(24);
    expect(Buffer.concat(s.backlog!.copyFrom(11)).toString()).toBe('*1\r\n$4\r\nPING\r\n');
    const same = s.backlog;
    s.createBacklog();
    expect(s.backlog).toBe(same);
    s.freeBacklog();
    expect(s.backlog).toBeNull();
  });

  it('stores a new backlog size and resizes a live backlog', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    s.setBacklogSize(100);
    expect(s.backlogSize).toBe(100);
    s.createBacklog();
    expect(s.backlog!.size).toBe(MIN_BACKLOG_SIZE);
    s.feed(Buffer.alloc(MIN_BACKLOG_SIZE + 10));
    s.setBacklogSize(1 << 20);
    expect(s.backlogSize).toBe(1 << 20);
    expect(snapshot(s).backlog).toEqual({ size: 1 << 20, firstByteOffset: 11, histlen: MIN_BACKLOG_SIZE });
  });

  describe('decide (§4.2)', () => {
    it('reproduces the decisions observed against a real master', () => {
      const s = observedMaster();
      expect(snapshot(s)).toEqual({
        replid: B9,
        replid2: B5,
        secondReplOffset: 706,
        masterReplOffset: 747,
        backlog: { size: 1 << 20, firstByteOffset: 631, histlen: 117 },
      });
      expect(s.decide(B9, 748)).toEqual({ ok: true });
      expect(s.decide(B9, 749)).toEqual({ ok: false, reason: 'offset out of range' });
      expect(s.decide(B5, 700)).toEqual({ ok: true });
      expect(s.decide(B5, 707)).toEqual({ ok: false, reason: 'replid mismatch' });
      expect(s.decide(B9, 0)).toEqual({ ok: false, reason: 'offset out of range' });
    });

    it('accepts every offset from the first byte to one past the last, nothing outside', () => {
      const s = observedMaster();
      expect(s.decide(B9, 630)).toEqual({ ok: false, reason: 'offset out of range' });
      expect(s.decide(B9, 631)).toEqual({ ok: true });
      expect(s.decide(B9, 747)).toEqual({ ok: true });
      expect(s.decide(B5, 631)).toEqual({ ok: true });
      expect(s.decide(B5, 630)).toEqual({ ok: false, reason: 'offset out of range' });
      expect(s.decide(B5, 706)).toEqual({ ok: true });
      for (const bad of [NaN, 700.5, Infinity]) {
        expect(s.decide(B9, bad)).toEqual({ ok: false, reason: 'offset out of range' });
      }
    });

    it('compares ids case-insensitively', () => {
      const s = observedMaster();
      expect(s.decide(B9.toUpperCase(), 748)).toEqual({ ok: true });
      expect(s.decide(B5.toUpperCase(), 706)).toEqual({ ok: true });
      const upper = new ReplicationState({ backlogSize: 1 << 20, replid: B9.toUpperCase() });
      upper.createBacklog();
      expect(upper.decide(B9, 1)).toEqual({ ok: true });
    });

    it('forces a full sync for ?, and refuses unknown ids before looking at the backlog', () => {
      const s = observedMaster();
      expect(s.decide('?', -1)).toEqual({ ok: false, reason: 'forced' });
      expect(s.decide('?', 748)).toEqual({ ok: false, reason: 'forced' });
      expect(s.decide(OTHER, 748)).toEqual({ ok: false, reason: 'replid mismatch' });
      // An unset replid2 is not an id anyone can continue on.
      const fresh = new ReplicationState({ backlogSize: 1 << 20, replid: B9 });
      fresh.createBacklog();
      expect(fresh.decide(NULL_REPLID, 1)).toEqual({ ok: false, reason: 'replid mismatch' });
      fresh.freeBacklog();
      expect(fresh.decide(OTHER, 1)).toEqual({ ok: false, reason: 'replid mismatch' });
    });

    it('refuses a matching id without a backlog', () => {
      const s = new ReplicationState({ backlogSize: 1 << 20, replid: B9 });
      expect(s.decide(B9, 1)).toEqual({ ok: false, reason: 'no backlog' });
    });

    it('accepts a caught-up replica on an empty backlog, with nothing to send', () => {
      const s = new ReplicationState({ backlogSize: 1 << 20, replid: B9 });
      s.masterReplOffset = 42;
      s.createBacklog();
      expect(s.decide(B9, 43)).toEqual({ ok: true });
      expect(s.backlog!.copyFrom(43)).toEqual([]);
      expect(s.decide(B9, 42)).toEqual({ ok: false, reason: 'offset out of range' });
      expect(s.decide(B9, 44)).toEqual({ ok: false, reason: 'offset out of range' });
    });
  });

  it('shiftReplid keeps the old id valid up to the next offset (promotion at 705)', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20, replid: B5 });
    s.createBacklog();
    s.feed(Buffer.alloc(705));
    s.shiftReplid(B9);
    expect(snapshot(s)).toMatchObject({ replid: B9, replid2: B5, secondReplOffset: 706, masterReplOffset: 705 });
    expect(s.backlog!.histlen).toBe(705);
  });

  it('changeReplid makes a new random id and clears replid2', () => {
    const s = observedMaster();
    s.changeReplid();
    expect(s.replid).toMatch(/^[0-9a-f]{40}$/);
    expect(s.replid).not.toBe(B9);
    expect([s.replid2, s.secondReplOffset, s.masterReplOffset]).toEqual([NULL_REPLID, -1, 747]);
    s.shiftReplid(B9);
    s.clearReplid2();
    expect([s.replid2, s.secondReplOffset]).toEqual([NULL_REPLID, -1]);
  });

  it('adoptFullSync takes the master history with a new empty backlog of the configured size', () => {
    const s = observedMaster();
    const old = s.backlog;
    s.setBacklogSize(MIN_BACKLOG_SIZE * 2);
    s.adoptFullSync(OTHER, 9000);
    expect(snapshot(s)).toEqual({
      replid: OTHER,
      replid2: NULL_REPLID,
      secondReplOffset: -1,
      masterReplOffset: 9000,
      backlog: { size: MIN_BACKLOG_SIZE * 2, firstByteOffset: 9001, histlen: 0 },
    });
    expect(s.backlog).not.toBe(old);
    s.feed(Buffer.from('abc'));
    expect([s.masterReplOffset, s.backlog!.endOffset]).toEqual([9003, 9003]);
    expect(s.decide(OTHER, 9001)).toEqual({ ok: true });
  });

  it('restoreAsMaster keeps its random id and lets old replicas continue via replid2', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    const own = s.replid;
    s.restoreAsMaster(B5, 1000);
    expect(snapshot(s)).toEqual({
      replid: own,
      replid2: B5,
      secondReplOffset: 1001,
      masterReplOffset: 1000,
      backlog: { size: 1 << 20, firstByteOffset: 1001, histlen: 0 },
    });
    expect(s.decide(B5, 1001)).toEqual({ ok: true });
    s.feed(Buffer.from('x'));
    expect(s.decide(B5, 1002)).toEqual({ ok: false, reason: 'replid mismatch' });
    expect(s.decide(own, 1002)).toEqual({ ok: true });
  });

  it('restoreAsReplica resumes the saved history so its first PSYNC asks for offset+1', () => {
    const s = new ReplicationState({ backlogSize: 1 << 20 });
    s.shiftReplid(B9);
    s.restoreAsReplica(B5, 1000);
    expect(snapshot(s)).toEqual({
      replid: B5,
      replid2: NULL_REPLID,
      secondReplOffset: -1,
      masterReplOffset: 1000,
      backlog: { size: 1 << 20, firstByteOffset: 1001, histlen: 0 },
    });
  });
});
