/**
 * RdbSnapshotWriter into a memory sink, read back with RdbDecoder: the file holds every key of
 * every database with its TTL, SELECTDB + RESIZEDB once per non-empty database, and — with writes
 * made through the command handlers between steps — exactly the data of the instant it began.
 */
import { RdbDecoder, type DecodedValue, type RdbExpire, type RdbHandler } from '@resplica/rdb';
import fc from 'fast-check';
import { FakeContext } from '../../test/fake-context';
import { describeValue, type Described } from '../../test/rdb-values';
import type { Keyspace } from '../keyspace';
import { KeyspaceLoader } from './loader';
import { RdbSnapshotWriter } from './snapshot-writer';

const NOW = 1_700_000_000_000;

/** Every opcode-level event of a decoded file, in order, and the file's keys loaded into a keyspace. */
class Recorder implements RdbHandler {
  readonly events: string[] = [];
  readonly loaded: FakeContext;
  private readonly loader: KeyspaceLoader;

  constructor(databases: number) {
    this.loaded = new FakeContext(NOW, databases);
    this.loader = new KeyspaceLoader(this.loaded.keyspace, { now: NOW, dropExpired: false });
  }
  aux(name: Buffer, value: Buffer): void {
    this.events.push(`aux ${name.toString()}=${value.toString()}`);
  }
  selectDb(index: number): void {
    this.events.push(`select ${index}`);
  }
  resizeDb(keys: number, expires: number): void {
    this.events.push(`resize ${keys} ${expires}`);
  }
  key(dbIndex: number, key: string, value: DecodedValue, expireAt: RdbExpire): void {
    this.events.push(`key ${dbIndex}`);
    this.loader.key(dbIndex, key, value, expireAt);
  }
}

/** Writes the whole snapshot in steps of `perStep` keys, calling `between` after each step. */
function writeFile(keyspace: Keyspace, perStep: number, between: () => void = () => undefined): { file: Buffer; writer: RdbSnapshotWriter } {
  const chunks: Buffer[] = [];
  const writer = new RdbSnapshotWriter(keyspace, { write: (c) => chunks.push(c) }, { aux: [['redis-ver', '7.0.15'], ['aof-base', 0]], compression: true });
  for (let guard = 0; !writer.step(perStep); guard++) {
    if (guard > 100_000) throw new Error('snapshot never finished');
    between();
  }
  return { file: Buffer.concat(chunks), writer };
}

function read(file: Buffer, databases: number): Recorder {
  const recorder = new Recorder(databases);
  const decoder = new RdbDecoder(recorder, { databases });
  expect(decoder.push(file)).toBe(file.length);
  decoder.end();
  return recorder;
}

/** Every key of every database: value description and deadline. */
function stateOf(keyspace: Keyspace): Record<string, { value: Described; expireAt: number | bigint }> {
  const out: Record<string, { value: Described; expireAt: number | bigint }> = {};
  for (const db of keyspace.databases) {
    for (const [key, value] of db.entries()) out[`${db.index}:${key}`] = { value: describeValue(value), expireAt: db.getExpire(key) };
  }
  return out;
}

/** A keyspace with every type and encoding over databases 0, 2 and 5 (1, 3, 4 stay empty). */
function populated(): FakeContext {
  const c = new FakeContext(NOW, 8);
  c.run('SET', 's', 'hello');
  c.run('SET', 'n', '12345');
  c.run('SET', 'big', 'ab'.repeat(3000));
  c.run('RPUSH', 'list', 'a', 'b', '1');
  c.run('SADD', 'intset', '3', '1', '2');
  c.run('SADD', 'set', 'x', 'y');
  c.db = c.keyspace.databases[2];
  c.run('HSET', 'hash', 'f', 'v');
  c.run('HSET', 'bighash', 'f', 'v'.repeat(100));
  c.run('ZADD', 'zset', '1', 'a', '2', 'b');
  c.run('ZADD', 'bigzset', '1', 'm'.repeat(100), '-0', 'z');
  c.run('PEXPIRE', 'hash', '5000');
  c.db = c.keyspace.databases[5];
  c.run('SET', 'only', 'one', 'PX', '100');
  c.db = c.keyspace.databases[0];
  return c;
}

describe('RdbSnapshotWriter', () => {
  it('writes header and AUX, each non-empty database once with its sizes, every key, EOF', () => {
    const c = populated();
    const before = stateOf(c.keyspace);
    const { file, writer } = writeFile(c.keyspace, 2);
    expect(file.subarray(0, 9).toString()).toBe('REDIS0010');
    expect(writer.bytesWritten).toBe(file.length);
    expect(writer.snapshot.done).toBe(true);
    const r = read(file, 8);
    expect(r.events.filter((e) => !e.startsWith('key'))).toEqual([
      'aux redis-ver=7.0.15',
      'aux aof-base=0',
      'select 0',
      'resize 6 0',
      'select 2',
      'resize 4 1',
      'select 5',
      'resize 1 1',
    ]);
    expect(stateOf(r.loaded.keyspace)).toEqual(before);
    expect(r.loaded.keyspace.dirty).toBe(0);
  });

  it('writes an empty keyspace as header, AUX and EOF', () => {
    const c = new FakeContext(NOW, 4);
    const { file } = writeFile(c.keyspace, 10);
    expect(read(file, 4).events).toEqual(['aux redis-ver=7.0.15', 'aux aof-base=0']);
  });

  it('keeps returning true once finished, without writing more', () => {
    const c = populated();
    const { writer, file } = writeFile(c.keyspace, 100);
    expect(writer.step(1)).toBe(true);
    expect(writer.bytesWritten).toBe(file.length);
  });

  it('selects each database once, with its RESIZEDB, even when keys of later databases change first', () => {
    const c = populated();
    const before = stateOf(c.keyspace);
    let writes = 0;
    const { file } = writeFile(c.keyspace, 1, () => {
      // While db 0 is being walked, change keys of db 5 and 2, then of db 0.
      const order = [5, 2, 0];
      if (writes < order.length) {
        c.db = c.keyspace.databases[order[writes]];
        c.run('DEL', order[writes] === 5 ? 'only' : order[writes] === 2 ? 'zset' : 'list');
        c.db = c.keyspace.databases[0];
      }
      writes++;
    });
    const r = read(file, 8);
    const selects = r.events.filter((e) => e.startsWith('select') || e.startsWith('resize'));
    for (const db of [0, 2, 5]) {
      const first = selects.indexOf(`select ${db}`);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(selects[first + 1]).toMatch(/^resize /);
    }
    expect(selects.filter((e) => e.startsWith('select'))).toHaveLength(3);
    expect(selects.filter((e) => e.startsWith('resize'))).toHaveLength(3);
    expect(stateOf(r.loaded.keyspace)).toEqual(before);
  });

  it('abort stops the snapshot: later writes emit nothing', () => {
    const c = populated();
    const chunks: Buffer[] = [];
    const writer = new RdbSnapshotWriter(c.keyspace, { write: (chunk) => chunks.push(chunk) }, { aux: [], compression: false });
    writer.step(1);
    writer.abort();
    const written = writer.bytesWritten;
    c.run('DEL', 's', 'n', 'big', 'list', 'intset', 'set');
    expect(writer.bytesWritten).toBe(written);
  });
});

/** Writes of every family, as commands, on keys the populated keyspace has (and new ones). */
const write = fc.oneof(
  fc.constantFrom(
    ['SET', 's', 'changed'],
    ['APPEND', 'big', 'x'],
    ['INCR', 'n'],
    ['DEL', 's'],
    ['DEL', 'list'],
    ['RPUSH', 'list', 'more'],
    ['LPOP', 'list'],
    ['SADD', 'intset', 'notint'],
    ['SREM', 'set', 'x'],
    ['SADD', 'newset', '1'],
    ['RENAME', 'set', 'renamed'],
    ['EXPIRE', 'intset', '100'],
    ['PERSIST', 'big'],
    ['MOVE', 's', '3'],
    ['COPY', 'big', 'copied', 'DB', '2'],
    ['FLUSHDB'],
    ['SWAPDB', '0', '2'],
    ['SET', 'fresh', 'new'],
  ).map((argv) => ({ db: 0, argv })),
  fc.constantFrom(
    ['HSET', 'hash', 'f', 'other', 'g', 'new'],
    ['HDEL', 'bighash', 'f'],
    ['ZADD', 'zset', '5', 'a', '9', 'c'],
    ['ZREM', 'bigzset', 'z'],
    ['ZPOPMIN', 'zset'],
    ['DEL', 'hash'],
    ['PEXPIRE', 'zset', '1'],
    ['FLUSHALL'],
  ).map((argv) => ({ db: 2, argv })),
);

describe('RdbSnapshotWriter under writes', () => {
  it('holds the state of the instant it began, whatever is written between steps', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), (writes, perStep) => {
        const c = populated();
        const before = stateOf(c.keyspace);
        let next = 0;
        const { file } = writeFile(c.keyspace, perStep, () => {
          for (let i = 0; i < 2 && next < writes.length; i++, next++) {
            const { db, argv } = writes[next];
            c.db = c.keyspace.databases[db];
            c.run(...argv);
          }
        });
        expect(stateOf(read(file, 8).loaded.keyspace)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
