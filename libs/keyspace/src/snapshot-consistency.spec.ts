/**
 * The snapshot's promise, as a property: whatever runs between its steps — any write command of the
 * table through the real handlers, reads that expire keys lazily, the active expire cycle, time
 * passing, WATCH — the keys it emits are exactly the keyspace at the instant it started (type,
 * encoding, contents, deadline, database), each once.
 *
 * Every command runs on a shadow keyspace too, without a snapshot, and must reply the same there.
 *
 * The write commands come from the command table: a write command without a generator in
 * test/snapshot-commands.ts fails the first case, so a new command cannot slip past this property.
 */
import fc from 'fast-check';
import { COMMAND_TABLE } from '@resplica/commands';
import { FakeContext } from '../test/fake-context';
import { DATABASES, Pick, READ_GENERATORS, WRITE_GENERATORS, fillDatabase } from '../test/snapshot-commands';
import { type DatasetRecord, RecordingSink, recordKeyspace } from '../test/snapshot-sink';
import { isTombstone, type Watcher } from './database';
import { Snapshot } from './snapshot';

const NOW = 1_700_000_000_000;

/** Every command (and subcommand, as `parent|sub`) the table flags `write`. */
function writeCommands(): string[] {
  const names: string[] = [];
  for (const spec of COMMAND_TABLE) {
    if (spec.flags.includes('write')) names.push(spec.name);
    for (const sub of spec.subcommands ?? []) if (sub.flags.includes('write')) names.push(`${spec.name}|${sub.name}`);
  }
  return names;
}

/** What differs between two records, as short lines (empty when equal). */
function differences(expected: DatasetRecord, actual: DatasetRecord): string[] {
  const out: string[] = [];
  for (const [id, want] of expected) {
    const got = actual.get(id);
    if (got === undefined) out.push(`missing ${id}`);
    else if (got.value !== want.value || got.expireAt !== want.expireAt) {
      out.push(`${id}: want ${want.value} @${want.expireAt}, got ${got.value} @${got.expireAt}`);
    }
  }
  for (const id of actual.keys()) if (!expected.has(id)) out.push(`unexpected ${id}`);
  return out;
}

/**
 * Write commands get most of the draws; FLUSHALL and FLUSHDB few (after one the snapshot only
 * reads Maps no write reaches any more), SWAPDB a few.
 */
function weightedWrites(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const weight = name === 'flushall' || name === 'flushdb' ? 1 : name === 'swapdb' ? 3 : 6;
    for (let i = 0; i < weight; i++) out.push(name);
  }
  return out;
}

const WRITES = writeCommands();
const DRAWS = weightedWrites(WRITES);
const NOBODY: Watcher = { markDirty: () => undefined };

/** Per write command, over every run: how often it ran, and how often it changed the dataset. */
const coverage = new Map<string, { runs: number; changes: number }>(WRITES.map((name) => [name, { runs: 0, changes: 0 }]));

/** One operation between snapshot steps: [what kind, its seed]. */
type Operation = [number, number];

const realRandom = Math.random;

/**
 * Runs `body` with Math.random replaying `seed`, so that both keyspaces draw the same skip-list
 * levels, SPOP members and RANDOMKEY skips.
 */
function withRandom<T>(seed: number, body: () => T): T {
  const p = new Pick(seed);
  Math.random = () => p.next();
  try {
    return body();
  } finally {
    Math.random = realRandom;
  }
}

/**
 * The snapshot's copies of sorted sets draw skip-list levels too; they must not shift the draws
 * of the command that made them, or the two keyspaces would stop being comparable.
 */
function isolateSnapshotRandomness(): () => void {
  const original = Snapshot.prototype.beforeWrite;
  Snapshot.prototype.beforeWrite = function (this: Snapshot, dict, key) {
    const replayed = Math.random;
    Math.random = realRandom;
    try {
      original.call(this, dict, key);
    } finally {
      Math.random = replayed;
    }
  };
  return () => {
    Snapshot.prototype.beforeWrite = original;
  };
}

/** Replies that depend on the order or number of Map entries, which tombstones change. */
const ORDER_DEPENDENT = new Set(['SCAN', 'RANDOMKEY']);

/** The keys a client can see (not logically expired), described. */
function visible(ctx: FakeContext): DatasetRecord {
  const out: DatasetRecord = new Map();
  for (const [id, record] of recordKeyspace(ctx.keyspace)) {
    if (record.expireAt === '-1' || BigInt(record.expireAt) >= BigInt(ctx.now)) out.set(id, record);
  }
  return out;
}

/** The TOMBSTONE counts match the entries, in every database. */
function tombstonesCounted(ctx: FakeContext): boolean {
  return ctx.keyspace.databases.every((db) => {
    let n = 0;
    for (const value of db.dict.values()) if (isTombstone(value)) n++;
    return n === db.tombstones.count;
  });
}

/**
 * Runs one case; returns the differences between the snapshot and the keyspace at its start.
 * `only` restricts the writes to one command (the per-command property). Every command also runs
 * on a shadow keyspace with no snapshot: the replies must be the same (a running snapshot and its
 * tombstones are invisible to clients), and so must the visible data at the end.
 */
function runCase(seed: number, operations: readonly Operation[], only?: string): string[] {
  const ctx = new FakeContext(NOW, DATABASES);
  const shadow = new FakeContext(NOW, DATABASES);
  ctx.mayBlock = false;
  shadow.mayBlock = false;
  for (const c of [ctx, shadow]) {
    const fill = new Pick(seed);
    withRandom(seed, () => {
      for (const db of c.keyspace.databases) {
        c.db = db;
        fillDatabase(fill, c);
      }
    });
    c.db = c.keyspace.databases[0];
    // Some deadlines pass before the start: those keys are still stored and must be emitted.
    c.now += fill.int(0, 1500);
  }
  const reference = recordKeyspace(ctx.keyspace);
  const sink = new RecordingSink();
  const snapshot = ctx.keyspace.startSnapshot(sink);
  expect(snapshot.totalKeys).toBe(reference.size);
  for (const [kind, opSeed] of operations) {
    const p = new Pick(opSeed);
    if (kind < 12) {
      snapshot.step(p.int(1, 3));
    } else if (kind < 16) {
      const ms = p.int(0, 1500);
      ctx.now += ms;
      shadow.now += ms;
    } else if (kind < 18) {
      ctx.keyspace.activeExpireCycle(ctx.now, 1000);
      shadow.keyspace.activeExpireCycle(shadow.now, 1000);
    } else if (kind < 21) {
      const index = p.int(0, DATABASES - 1);
      ctx.db = ctx.keyspace.databases[index];
      shadow.db = shadow.keyspace.databases[index];
    } else if (kind < 22) {
      const key = `s${p.int(0, 4)}`;
      ctx.db.watch(key, NOBODY, ctx.now);
      shadow.db.watch(key, NOBODY, shadow.now);
    } else {
      const name = kind < 28 ? null : (only ?? p.of(DRAWS));
      const argv = name === null ? p.of(READ_GENERATORS)(p, ctx) : WRITE_GENERATORS[name](p, ctx);
      const reply = withRandom(opSeed, () => ctx.run(...argv));
      const changed = ctx.dirtyDelta() > 0;
      const shadowReply = withRandom(opSeed, () => shadow.run(...argv));
      if (reply !== shadowReply && !ORDER_DEPENDENT.has(String(argv[0]))) {
        throw new Error(`${argv.join(' ')} replied ${JSON.stringify(reply)}, without a snapshot ${JSON.stringify(shadowReply)}`);
      }
      const seen = name === null ? undefined : coverage.get(name);
      if (seen !== undefined) {
        seen.runs++;
        if (changed) seen.changes++;
      }
    }
    if (!tombstonesCounted(ctx)) throw new Error('a TOMBSTONE count is off');
  }
  let steps = 0;
  while (!snapshot.step(1 + (steps % 4))) {
    if (++steps > reference.size + DATABASES) throw new Error('the snapshot does not end');
  }
  expect(snapshot.keysEmitted).toBe(snapshot.totalKeys);
  expect(snapshot.trackedKeys).toBe(0);
  expect(ctx.keyspace.snapshots).toHaveLength(0);
  expect(ctx.keyspace.databases.map((db) => db.tombstones.count)).toEqual(ctx.keyspace.databases.map(() => 0));
  expect(tombstonesCounted(ctx)).toBe(true);
  expect(differences(visible(shadow), visible(ctx))).toEqual([]);
  return differences(reference, sink.received);
}

describe('Snapshot consistency under every write command', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = isolateSnapshotRandomness();
  });
  afterAll(() => restore());

  it('has a generator for every write command of the command table', () => {
    expect(WRITES.length).toBeGreaterThan(80);
    expect(WRITES.filter((name) => WRITE_GENERATORS[name] === undefined)).toEqual([]);
    expect(Object.keys(WRITE_GENERATORS).filter((name) => !WRITES.includes(name))).toEqual([]);
  });

  it('emits exactly the keyspace of the instant it started, each key once', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.tuple(fc.nat(99), fc.nat()), { minLength: 60, maxLength: 250 }),
        (seed, operations) => {
          expect(runCase(seed, operations)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  // Each command again, alone among reads, expiry and steps, so that it meets many keys the walk has
  // not reached yet, with their TTLs: the mix above draws each one only some hundred times.
  it.each(WRITES)('emits the keyspace of the start around %s', (name) => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.tuple(fc.nat(99), fc.nat()), { minLength: 5, maxLength: 40 }),
        (seed, operations) => {
          expect(runCase(seed, operations, name)).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('drew every write command, and saw each change the dataset', () => {
    const never = [...coverage].filter(([, c]) => c.changes === 0).map(([name, c]) => `${name} (${c.runs} runs)`);
    expect(never).toEqual([]);
  });
});
