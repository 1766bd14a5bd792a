/**
 * KeyspaceLoader: an RDB file written by RdbEncoder, read by RdbDecoder into a Keyspace — every
 * type, TTLs, AUX fields — and the load rules: expired keys dropped only when asked, empty values
 * skipped, duplicate keys and databases beyond the keyspace refused, `dirty` untouched.
 */
import { crc64, RdbDecoder, RdbEncoder, RdbError, type RdbValue } from '@resplica/rdb';
import { Keyspace } from '../keyspace';
import { encodingOf } from '../values';
import { KeyspaceLoader } from './loader';

const NOW = 1_700_000_000_000;
const b = (s: string) => Buffer.from(s, 'latin1');

/** An RDB file of `keys` (db, key, value, expireAt), written the way the snapshot writer does. */
function rdbFile(keys: [number, string, RdbValue, number | bigint][]): Buffer {
  const chunks: Buffer[] = [];
  const enc = new RdbEncoder({ write: (c) => chunks.push(c) });
  enc.header([['redis-ver', '7.0.15'], ['repl-offset', 1234]]);
  let db = -1;
  for (const [d, key, value, at] of keys) {
    if (d !== db) enc.selectDb(d, { keys: 1, expires: 0 });
    db = d;
    enc.key(key, value, at);
  }
  enc.finish();
  return Buffer.concat(chunks);
}

function load(file: Buffer, keyspace: Keyspace, dropExpired: boolean): KeyspaceLoader {
  const loader = new KeyspaceLoader(keyspace, { now: NOW, dropExpired });
  const decoder = new RdbDecoder(loader, { databases: keyspace.databases.length });
  decoder.push(file);
  decoder.end();
  return loader;
}

const str = (s: string): RdbValue => ({ kind: 'string', value: s });

describe('KeyspaceLoader', () => {
  it('loads every type into its database with its TTL, and keeps the AUX fields', () => {
    const ks = new Keyspace({ databases: 4 });
    ks.dirty = 7;
    const file = rdbFile([
      [0, 's', str('hello'), -1],
      [0, 'ttl', str('x'), NOW + 5000],
      [0, 'far', str('x'), 2n ** 62n],
      [2, 'l', { kind: 'list', length: 2, items: ['a', 'b'] }, -1],
      [2, 'i', { kind: 'set', size: 2, members: ['1', '2'], intset: true }, -1],
      [3, 'h', { kind: 'hash', size: 1, entries: [['f', 'v']], listpack: true }, -1],
      [3, 'z', { kind: 'zset', size: 1, entries: [['m', 1.5]], listpack: false }, -1],
    ]);
    const loader = load(file, ks, true);
    expect(loader.keysLoaded).toBe(7);
    expect(ks.dirty).toBe(7);
    const [db0, , db2, db3] = ks.databases;
    expect(db0.dict.get('s')?.toString()).toBe('hello');
    expect(db0.getExpire('ttl')).toBe(NOW + 5000);
    expect(db0.getExpire('far')).toBe(2n ** 62n);
    expect(db0.getExpire('s')).toBe(-1);
    expect(encodingOf(db2.dict.get('l')!)).toBe('quicklist');
    expect(encodingOf(db2.dict.get('i')!)).toBe('intset');
    expect(encodingOf(db3.dict.get('h')!)).toBe('listpack');
    expect(encodingOf(db3.dict.get('z')!)).toBe('listpack');
    expect(ks.databases[1].size()).toBe(0);
    expect(loader.auxFields.get('redis-ver')?.toString()).toBe('7.0.15');
    expect(loader.auxFields.get('repl-offset')?.toString()).toBe('1234');
  });

  it('drops keys already expired only when asked (a master), keeping a deadline equal to now', () => {
    const file = rdbFile([
      [0, 'gone', str('x'), NOW - 1],
      [0, 'edge', str('x'), NOW],
      [0, 'kept', str('x'), -1],
    ]);
    const master = new Keyspace({ databases: 16 });
    const m = load(file, master, true);
    expect([m.keysLoaded, m.expiredSkipped]).toEqual([2, 1]);
    expect([...master.databases[0].dict.keys()]).toEqual(['edge', 'kept']);
    const replica = new Keyspace({ databases: 16 });
    const r = load(file, replica, false);
    expect([r.keysLoaded, r.expiredSkipped]).toEqual([3, 0]);
    expect(replica.databases[0].getExpire('gone')).toBe(NOW - 1);
  });

  it('never sees empty values (the decoder skips them, as Redis does)', () => {
    const ks = new Keyspace({ databases: 16 });
    // REDIS0010, SELECTDB 0, SET "e" of 0 members, STRING "k" = "v", EOF, CRC (the encoder
    // refuses to write an empty value, so the file is spelled out).
    const head = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xfe, 0, 2, 1, 0x65, 0, 0, 1, 0x6b, 1, 0x76, 0xff])]);
    const crc = Buffer.alloc(8);
    crc.writeBigUInt64LE(crc64(head));
    const loader = load(Buffer.concat([head, crc]), ks, true);
    expect(loader.keysLoaded).toBe(1);
    expect(ks.databases[0].dict.has('e')).toBe(false);
  });

  it('skips and counts an empty value handed to it directly', () => {
    const ks = new Keyspace({ databases: 16 });
    const loader = new KeyspaceLoader(ks, { now: NOW, dropExpired: true });
    loader.key(0, 'e', { kind: 'hash', fields: [], values: [], encoding: 'listpack' }, -1);
    expect([loader.keysLoaded, loader.emptySkipped, ks.databases[0].size()]).toEqual([0, 1, 0]);
  });

  it('refuses a duplicate key in one database, not the same key in two', () => {
    const ks = new Keyspace({ databases: 16 });
    expect(load(rdbFile([[0, 'k', str('1'), -1], [1, 'k', str('2'), -1]]), ks, true).keysLoaded).toBe(2);
    const again = new Keyspace({ databases: 16 });
    expect(() => load(rdbFile([[0, 'k', str('1'), -1], [0, 'k', str('2'), -1]]), again, true)).toThrow(
      expect.objectContaining({ name: 'RdbError', code: 'corrupt', message: expect.stringMatching(/duplicate key in db 0: "k"/) }),
    );
  });

  it('while a snapshot runs, a key over a deleted one the snapshot still keeps is new; a live one is a duplicate', () => {
    const ks = new Keyspace({ databases: 16 });
    const db = ks.databases[0];
    db.set('gone', b('old'));
    db.set('live', b('old'));
    const snapshot = ks.startSnapshot({ key: () => undefined });
    db.delete('gone');
    expect(db.dict.size).toBe(2); // 'gone' is a TOMBSTONE the snapshot has yet to emit
    const loader = new KeyspaceLoader(ks, { now: NOW, dropExpired: true });
    loader.key(0, 'gone', { kind: 'string', value: b('new') }, -1);
    expect(db.lookupRead('gone', NOW)).toEqual(b('new'));
    expect(() => loader.key(0, 'live', { kind: 'string', value: b('new') }, -1)).toThrow(/duplicate key in db 0: "live"/);
    snapshot.abort();
  });

  it('refuses a database index the keyspace does not have, at SELECTDB or at a key', () => {
    const ks = new Keyspace({ databases: 2 });
    const loader = new KeyspaceLoader(ks, { now: NOW, dropExpired: true });
    expect(() => loader.selectDb(2)).toThrow(RdbError);
    expect(() => loader.key(5, 'k', { kind: 'string', value: b('v') }, -1)).toThrow(/db index 5 is beyond the 2 databases/);
    expect(ks.databases[0].size() + ks.databases[1].size()).toBe(0);
  });

  it('refuses a corrupt value (a duplicate member) with the decoder error code', () => {
    const ks = new Keyspace({ databases: 16 });
    const loader = new KeyspaceLoader(ks, { now: NOW, dropExpired: true });
    const dup = { kind: 'set' as const, members: ['a', 'a'], encoding: 'plain' };
    expect(() => loader.key(0, 's', dup, -1)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });
});
