/**
 * Snapshot unit cases: sizes and step accounting, deadlines, and each way a write meets a running
 * snapshot (before and after the walk passed the key, additions, deletions, renames, SWAPDB,
 * FLUSHALL, abort, a failing sink, a write path that bypasses the hooks).
 * The property test over every write command is snapshot-consistency.spec.ts.
 */
import { FakeContext } from '../test/fake-context';
import { RecordingSink, recordKeyspace } from '../test/snapshot-sink';
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

describe('Snapshot under writes', () => {
  it('saves a key before its first write, once, and skips keys added after the start', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.db = ctx.keyspace.databases[1];
    ctx.run('RPUSH', 'l', 's');
    expect(sink.order).toEqual(['1:l']);
    ctx.run('LPOP', 'l');
    ctx.run('HSET', 'new', 'f', 'v');
    ctx.run('RPUSH', 'l2', 'x');
    expect(sink.order).toEqual(['1:l']);
    expect(snapshot.keysForcedByWrites).toBe(1);
    runToEnd(snapshot, 2);
    expect(sink.received).toEqual(reference);
  });

  it('does not emit again a key the walk already emitted when it is written afterwards', () => {
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
    expect(snapshot.keysForcedByWrites).toBe(0);
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
  });

  it('emits a deleted key before the deletion, and skips it when it is created again', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('DEL', 'c');
    ctx.run('SET', 'c', 'new');
    ctx.run('RENAME', 'a', 'b');
    expect(new Set(sink.order)).toEqual(new Set(['0:c', '0:a', '0:b']));
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
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

  it('follows the captured Maps through SWAPDB and keeps emitting them after FLUSHALL', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('SWAPDB', '0', '3');
    // Database 0 now holds what the snapshot knows as database 3.
    ctx.run('SADD', 's', 'more');
    expect(sink.order).toEqual(['3:s']);
    ctx.run('SET', 'a', 'not the one in the snapshot');
    expect(sink.order).toEqual(['3:s']);
    ctx.db = ctx.keyspace.databases[3];
    ctx.run('SET', 'a', 'changed');
    expect(sink.order).toEqual(['3:s', '0:a']);
    snapshot.step(1);
    ctx.run('FLUSHALL');
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
    expect(ctx.db.dict.has('c')).toBe(false);
    ctx.keyspace.activeExpireCycle(ctx.now, 1000);
    expect(ctx.keyspace.databases[3].dict.has('z')).toBe(false);
    expect(sink.order).toEqual(['0:c', '3:z']);
    runToEnd(snapshot, 1);
    expect(sink.received).toEqual(reference);
  });

  it('completes at its next step once writes forced every key out', () => {
    const ctx = new FakeContext(NOW, 1);
    ctx.run('SET', 'a', '1');
    ctx.run('SET', 'b', '2');
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    ctx.run('DEL', 'a', 'b');
    ctx.run('SET', 'c', '3');
    expect(sink.order).toEqual(['0:a', '0:b']);
    expect(snapshot.done).toBe(false);
    expect(snapshot.step(1)).toBe(true);
    expect(sink.order).toEqual(['0:a', '0:b']);
  });
});

describe('Snapshot lifecycle', () => {
  it('stops tracking writes on abort, and step() then throws', () => {
    const ctx = sampleContext();
    const sink = new RecordingSink();
    const snapshot = ctx.keyspace.startSnapshot(sink);
    snapshot.abort();
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    ctx.run('SET', 'a', 'x');
    expect(sink.order).toEqual([]);
    expect(() => snapshot.step(1)).toThrow('snapshot aborted');
  });

  it('lets the write finish when the sink throws, aborts, and step() rethrows the error', () => {
    const ctx = sampleContext();
    const failure = new Error('disk full');
    const snapshot = ctx.keyspace.startSnapshot({
      key: () => {
        throw failure;
      },
    });
    ctx.run('SET', 'a', 'written');
    expect(ctx.run('GET', 'a')).toBe('$7\r\nwritten\r\n');
    expect(ctx.keyspace.snapshots).toHaveLength(0);
    expect(() => snapshot.step(1)).toThrow(failure);
  });

  it('runs two snapshots side by side, each complete', () => {
    const ctx = sampleContext();
    const reference = recordKeyspace(ctx.keyspace);
    const first = new RecordingSink();
    const one = ctx.keyspace.startSnapshot(first);
    one.step(2);
    ctx.run('SET', 'c', 'changed');
    const afterWrite = recordKeyspace(ctx.keyspace);
    const second = new RecordingSink();
    const two = ctx.keyspace.startSnapshot(second);
    ctx.run('DEL', 'a', 'b', 'c');
    expect(ctx.keyspace.snapshots).toEqual([one, two]);
    runToEnd(two, 3);
    runToEnd(one, 1);
    expect(first.received).toEqual(reference);
    expect(second.received).toEqual(afterWrite);
    expect(ctx.keyspace.snapshots).toHaveLength(0);
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
  it('tracks only the keys written, until the walk reaches their database', () => {
    const ctx = new FakeContext(NOW, 2);
    for (let i = 0; i < 10; i++) ctx.db.set(`small:${i}`, Buffer.from('v'));
    const big = ctx.keyspace.databases[1];
    for (let i = 0; i < 100_000; i++) big.set(`key:${i}`, Buffer.from(String(i)));
    const snapshot = ctx.keyspace.startSnapshot(new RecordingSink());
    ctx.db = big;
    for (let i = 0; i < 10; i++) ctx.run('SET', `key:${i * 997}`, 'changed');
    ctx.run('SET', 'brand new', 'x');
    expect(snapshot.trackedKeys).toBe(11);
    expect(snapshot.keysForcedByWrites).toBe(10);
    // While database 0 is walked, its walked keys are tracked too (see snapshot.ts) …
    snapshot.step(10);
    expect(snapshot.trackedKeys).toBe(21);
    // … and dropped once its walk ends; this step then meets key:0, already saved by its write.
    snapshot.step(1);
    expect(snapshot.trackedKeys).toBe(11);
    expect(snapshot.keysEmitted).toBe(20);
    // key:1 … key:1000, of which key:997 was saved by its write.
    snapshot.step(1000);
    expect(snapshot.trackedKeys).toBe(11 + 999);
    runToEnd(snapshot, 10_000);
    expect(snapshot.trackedKeys).toBe(0);
    expect(snapshot.keysEmitted).toBe(100_010);
  });
});
