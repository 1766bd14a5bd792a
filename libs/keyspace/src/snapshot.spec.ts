/**
 * Snapshot unit cases: sizes and step accounting, deadlines, and each way a write meets a running
 * snapshot (before and after the walk passed the key, additions, deletions, renames, SWAPDB,
 * FLUSHALL, abort, a failing sink, a write path that bypasses the hooks).
 * The property test over every write command is snapshot-consistency.spec.ts.
 */
import { FakeContext } from '../test/fake-context';
import { RecordingSink, recordKeyspace } from '../test/snapshot-sink';
import { isTombstone } from './database';
import { NOTIFY } from './notify';
import type { Snapshot } from './snapshot';

const NOW = 1_700_000_000_000;

/** Steps until done; returns how many step() calls it took. */
function runToEnd(snapshot: Snapshot, maxKeys: number): number {
  let steps = 1;
  while (!snapshot.step(maxKeys)) steps++;
  return steps;
}

/** Four databases: strings in 0, a list and a hash in 1, nothing in 2, a set and a zset in 3. */
function sampleContext(): FakeContext {
  const ctx = new FakeContext(NOW, 4);
  ctx.run('SET', 'a', '1');
  ctx.run('SET', 'b', 'two');
  ctx.run('SET', 'c', 'x'.repeat(100));
  ctx.run('PEXPIREAT', 'c', String(NOW + 5000));
  ctx.db = ctx.keyspace.databases[1];
  ctx.run('RPUSH', 'l', 'p', 'q', 'r');
  ctx.run('HSET', 'h', 'f', 'v', 'g', 'w');
  ctx.db = ctx.keyspace.databases[3];
  ctx.run('SADD', 's', '1', '2', 'three');
  ctx.run('ZADD', 'z', '1', 'm', '2.5', 'n');
  ctx.run('PEXPIREAT', 'z', String(NOW + 1));
  ctx.db = ctx.keyspace.databases[0];
  return ctx;
}

describe('Snapshot of a still keyspace', () => {
  it('is done at once for an empty keyspace, and never tracks writes', () => {
    const ctx = new FakeContext(NOW, 4);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    expect(snapshot.done).toBe(true);
    expect(snapshot.totalKeys).toBe(0);
    expect(snapshot.dbSizes).toEqual([0, 1, 2, 3].map(() => ({ keys: 0, expires: 0 })));
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    ctx.run('SET', 'k', 'v');
    expect(snapshot.step(10)).toBe(true);
    expect(sink.received.size).toBe(0);
  });

  it('reports the sizes at the start and emits every key with its deadline', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    expect(snapshot.dbSizes).toEqual([
      { keys: 3, expires: 1 },
      { keys: 2, expires: 0 },
      { keys: 0, expires: 0 },
      { keys: 2, expires: 1 },
    ]);
    expect(snapshot.totalKeys).toBe(7);
    expect(ctx.keyspace.snapshots).toEqual([snapshot]);
    runToEnd(snapshot, 100);
    expect(sink.received).toEqual(reference);
    expect(sink.received.get('0:c')?.expireAt).toBe(String(NOW + 5000));
    expect(sink.received.get('0:a')?.expireAt).toBe('-1');
    expect(snapshot.keysEmitted).toBe(7);
    expect(ctx.keyspace.snapshots).toHaveLength(0);
  });

  it('emits exactly maxKeys per step, whatever the step size, across databases', () => {
    for (let n = 1; n <= 8; n++) {
      const ctx = sampleContext();
      const sink = new RecordingSink();
      const snapshot = ctx.keyspace.startSnapshot(sink);
      let steps = 0;
      let done = false;
      while (!done) {
        const before = snapshot.keysEmitted;
        done = snapshot.step(n);
        steps++;
        expect(snapshot.keysEmitted - before).toBe(Math.min(n, 7 - before));
      }
      expect(steps).toBe(Math.ceil(7 / n));
      expect(sink.order.map((id) => id.split(':')[0])).toEqual(['0', '0', '0', '1', '1', '3', '3']);
    }
  });

  it('carries a deadline already past (a forked child would save the key) and an int64 beyond 2^53', () => {
    const ctx = sampleContext();
    ctx.db.setExpire('b', 2n ** 60n);
    ctx.now = NOW + 10_000;
    const sink = new RecordingSink();
    runToEnd(ctx.keyspace.startSnapshot(sink), 3);
    expect(sink.received.get('3:z')?.expireAt).toBe(String(NOW + 1));
    expect(sink.received.get('0:c')?.expireAt).toBe(String(NOW + 5000));
    expect(sink.received.get('0:b')?.expireAt).toBe(String(2n ** 60n));
  });
});

/** True when no TOMBSTONE entry is left in any database (every one was buried). */
function noTombstones(ctx: FakeContext): boolean {
  return ctx.keyspace.databases.every((db) => db.tombstones.count === 0 && [...db.dict.values()].every((v) => !isTombstone(v)));
}

describe('Snapshot under writes', () => {
  it('saves a key before its first write, once, and skips keys added after the start', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.db = ctx.keyspace.databases[1];
    ctx.run('RPUSH', 'l', 's');
    ctx.run('LPOP', 'l');
    ctx.run('HSET', 'new', 'f', 'v');
    ctx.run('RPUSH', 'l2', 'x');
    expect(snapshot.keysSavedByWrites).toBe(1);
    expect(snapshot.trackedKeys).toBe(3);
    // Only step() emits.
    expect(sink.order).toEqual([]);
    runToEnd(snapshot, 2);
    expect(sink.received).toEqual(reference);
  });

  it('emits once a key the walk had passed before it was written, deleted and created again', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    snapshot.step(2);
    expect(sink.order).toEqual(['0:a', '0:b']);
    ctx.run('SET', 'a', '9');
    ctx.run('APPEND', 'b', '!');
    ctx.run('DEL', 'a', 'b');
    ctx.run('SET', 'a', 'again');
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
    expect(noTombstones(ctx)).toBe(true);
    expect(ctx.run('GET', 'a')).toBe('$5\r\nagain\r\n');
    expect(ctx.run('DBSIZE')).toBe(':2\r\n');
  });

  it('keeps a deleted key out of sight while its entry waits for the walk, then removes it', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('DEL', 'b');
    expect(ctx.db.tombstones.count).toBe(1);
    expect(ctx.run('DBSIZE')).toBe(':2\r\n');
    expect(ctx.run('EXISTS', 'b')).toBe(':0\r\n');
    expect(ctx.run('GET', 'b')).toBe('$-1\r\n');
    expect(ctx.run('TYPE', 'b')).toBe('+none\r\n');
    expect(ctx.run('KEYS', '*')).toBe('*2\r\n$1\r\na\r\n$1\r\nc\r\n');
    expect(ctx.run('SCAN', '0', 'COUNT', '100')).toBe('*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nc\r\n');
    for (let i = 0; i < 20; i++) expect(ctx.run('RANDOMKEY')).not.toBe('$1\r\nb\r\n');
    expect(ctx.run('DEL', 'b')).toBe(':0\r\n');
    expect(ctx.db.getExpire('b')).toBe(-1);
    snapshot.step(2);
    expect(noTombstones(ctx)).toBe(true);
    expect(ctx.db.dict.has('b')).toBe(false);
    runToEnd(snapshot, 10);
    expect(sink.received).toEqual(reference);
  });

  it('brings a deleted key back in its place, as new, and still emits its state at the start', () => {
    /** The `new` events of DEL c, SET c, RENAME a b (over an existing b). */
    const newEvents = (ctx: FakeContext): string[] => {
      const events: string[] = [];
      ctx.keyspace.notifyMask = NOTIFY.newKey;
      ctx.keyspace.notify = (_cls, event, key) => void (event === 'new' && events.push(key));
      ctx.run('DEL', 'c');
      ctx.run('SET', 'c', 'new');
      ctx.run('RENAME', 'a', 'b');
      return events;
    };
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    expect(newEvents(ctx)).toEqual(newEvents(sampleContext()));
    expect(ctx.db.tombstones.count).toBe(1);
    expect(ctx.run('DBSIZE')).toBe(':2\r\n');
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
    expect(noTombstones(ctx)).toBe(true);
    expect(ctx.run('GET', 'c')).toBe('$3\r\nnew\r\n');
  });

  it('overwrites in place (same-length SET) only after saving the old bytes', () => {
    const ctx = new FakeContext(NOW, 1);
    ctx.run('SET', 'k', 'old');
    const stored = ctx.db.dict.get('k');
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('SET', 'k', 'new');
    expect(ctx.db.dict.get('k')).toBe(stored);
    runToEnd(snapshot, 1);
    expect(sink.received.get('0:k')?.value).toBe('string "old"');
  });

  it('saves a key before GETEX changes its TTL after a read lookup (setExpire, removeExpire)', () => {
    const ctx = sampleContext();
    ctx.run('PEXPIREAT', 'a', String(NOW + 7000));
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('GETEX', 'a', 'PERSIST');
    ctx.run('GETEX', 'c', 'PX', '100');
    ctx.run('GETEX', 'b', 'PERSIST');
    expect(snapshot.keysSavedByWrites).toBe(2);
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
  });

  it('saves no copy for what a write only reads (STORE sources, COPY source, SORT BY keys)', () => {
    const ctx = sampleContext();
    ctx.run('SADD', 'x', '1', '2');
    ctx.run('ZADD', 'y', '1', 'p');
    ctx.run('RPUSH', 'list', '1', '2');
    const snapshot = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.run('SUNIONSTORE', 'u', 'x', 'x');
    ctx.run('ZUNIONSTORE', 'v', '1', 'y');
    ctx.run('COPY', 'a', 'a2');
    ctx.run('SORT', 'list', 'BY', 'a*', 'GET', 'b*', 'STORE', 'sorted');
    expect(snapshot.keysSavedByWrites).toBe(0);
    expect(snapshot.trackedKeys).toBe(4);
  });

  it('follows the captured Maps through SWAPDB and keeps emitting them after FLUSHALL', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('SWAPDB', '0', '3');
    // Database 0 now holds what the snapshot knows as database 3.
    ctx.run('SADD', 's', 'more');
    expect(snapshot.keysSavedByWrites).toBe(1);
    ctx.run('SET', 'a', 'not the one in the snapshot');
    expect(snapshot.keysSavedByWrites).toBe(1);
    ctx.db = ctx.keyspace.databases[3];
    ctx.run('SET', 'a', 'changed');
    ctx.run('DEL', 'b');
    expect(snapshot.keysSavedByWrites).toBe(3);
    expect(ctx.keyspace.databases[3].tombstones.count).toBe(1);
    snapshot.step(1);
    ctx.run('FLUSHALL');
    expect(ctx.keyspace.databases[3].tombstones.count).toBe(0);
    ctx.run('SET', 'b', 'after the flush');
    runToEnd(snapshot, 2);
    expect(sink.received).toEqual(reference);
  });

  it('saves a key before lazy or active expiry deletes it', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.now = NOW + 10_000;
    ctx.run('GET', 'c');
    expect(ctx.db.has('c')).toBe(false);
    ctx.keyspace.activeExpireCycle(ctx.now, 1000);
    expect(ctx.keyspace.databases[3].has('z')).toBe(false);
    expect(snapshot.keysSavedByWrites).toBe(2);
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
    expect(noTombstones(ctx)).toBe(true);
  });
});

describe('Snapshot lifecycle', () => {
  it('stops tracking writes on abort and removes its tombstones; step() then throws', () => {
    const ctx = sampleContext();
    const snapshot = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.run('DEL', 'a', 'c');
    expect(ctx.db.tombstones.count).toBe(2);
    snapshot.abort();
    expect(noTombstones(ctx)).toBe(true);
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    ctx.run('SET', 'b', 'x');
    expect(snapshot.trackedKeys).toBe(0);
    expect(() => snapshot.step(1)).toThrow('snapshot aborted');
  });

  it('aborts when the sink throws, and step() rethrows the error', () => {
    const ctx = sampleContext();
    const failure = new Error('disk full');
    const snapshot = ctx.keyspace.startSnapshot({
      key: () => {
        throw failure;
      },
    });
    ctx.run('DEL', 'b');
    expect(() => snapshot.step(1)).toThrow(failure);
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    expect(noTombstones(ctx)).toBe(true);
    expect(() => snapshot.step(1)).toThrow('snapshot aborted');
  });

  it('runs two snapshots side by side, each complete, sharing tombstones', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const first = new RecordingSink();
    const one = ctx.keyspace.startSnapshot(first);
    one.step(2);
    ctx.run('SET', 'c', 'changed');
    ctx.run('DEL', 'l9');
    const afterWrite = recordKeyspace(ctx.keyspace);
    const second = new RecordingSink();
    const two = ctx.keyspace.startSnapshot(second);
    ctx.run('DEL', 'a', 'b', 'c');
    expect(ctx.keyspace.snapshots).toEqual([one, two]);
    expect(ctx.db.tombstones.count).toBe(3);
    runToEnd(two, 3);
    // The first snapshot still needs those entries.
    expect(ctx.db.tombstones.count).toBe(3);
    runToEnd(one, 1);
    expect(first.received).toEqual(reference);
    expect(second.received).toEqual(afterWrite);
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    expect(noTombstones(ctx)).toBe(true);
  });

  it('counts and skips tombstones that predate it', () => {
    const ctx = sampleContext();
    const one = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.run('DEL', 'b');
    const afterDelete = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const two = ctx.keyspace.startSnapshot(sink);
    expect(two.dbSizes[0]).toEqual({ keys: 2, expires: 1 });
    ctx.run('SET', 'b', 'back');
    runToEnd(two, 1);
    expect(sink.received).toEqual(afterDelete);
    runToEnd(one, 10);
    expect(noTombstones(ctx)).toBe(true);
  });

  it('throws when a key left its Map without the hooks (the invariant the hooks keep)', () => {
    const ctx = sampleContext();
    const snapshot = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.db.dict.delete('b');
    expect(() => runToEnd(snapshot, 100)).toThrow('snapshot lost 1 keys: a write bypassed the Database hooks');
    expect(ctx.keyspace.snapshots).toHaveLength(0);
  });
});

describe('Snapshot memory', () => {
  it('tracks only the keys written or added, wherever the walk is', () => {
    const ctx = new FakeContext(NOW, 2);
    for (let i = 0; i < 10; i++) ctx.db.set(`small:${i}`, Buffer.from('v'));
    const big = ctx.keyspace.databases[1];
    for (let i = 0; i < 100_000; i++) big.set(`key:${i}`, Buffer.from(String(i)));
    const snapshot = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.db = big;
    for (let i = 0; i < 10; i++) ctx.run('SET', `key:${i * 997}`, 'changed');
    ctx.run('SET', 'brand new', 'x');
    expect(snapshot.trackedKeys).toBe(11);
    expect(snapshot.keysSavedByWrites).toBe(10);
    snapshot.step(50_000);
    expect(snapshot.trackedKeys).toBe(11);
    for (let i = 0; i < 10; i++) ctx.run('DEL', `key:${i}`);
    // key:0 was saved by its SET and emitted from that copy: its deletion removes it outright. The
    // other nine were walked past unwritten: their deletion saves them (a copy the walk will never
    // claim) and leaves a tombstone until the walk of this database ends.
    expect(snapshot.trackedKeys).toBe(20);
    expect(big.tombstones.count).toBe(9);
    runToEnd(snapshot, 10_000);
    expect(snapshot.trackedKeys).toBe(0);
    expect(snapshot.keysEmitted).toBe(100_010);
    expect(noTombstones(ctx)).toBe(true);
  });
});
