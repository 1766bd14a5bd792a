/**
 * The keyspace's values as the RDB encoder takes them (DUMP, snapshots): a thin view over the
 * stored structure, never a copy of it.
 *
 * Members and fields are passed as the keyspace's own latin1 strings (RdbBytes allows them), so no
 * element is copied into a Buffer here. The iterables walk the live structure lazily: the encoder
 * must consume them before the value changes (DUMP and the snapshot sink both encode at once).
 *
 * The compact flags mirror OBJECT ENCODING, so the type id written is the one 7.0 writes for the
 * same value: SET_INTSET for an intset, HASH_LISTPACK / ZSET_LISTPACK for listpacks, plain SET /
 * HASH / ZSET_2 otherwise, and QUICKLIST_2 for every list.
 */
import type { RdbHash, RdbList, RdbSet, RdbValue, RdbZset } from '@resplica/rdb';
import { HashValue } from '../types/hash';
import { ListValue } from '../types/list';
import { SetValue } from '../types/set';
import { NIL, ZSet } from '../types/zset';
import type { Value } from '../values';

/** The RDB view of a stored value. */
export function toRdbValue(v: Value): RdbValue {
  if (v instanceof Uint8Array) return { kind: 'string', value: v };
  if (v instanceof ListValue) return listView(v);
  if (v instanceof HashValue) return hashView(v);
  if (v instanceof SetValue) return setView(v);
  if (v instanceof ZSet) return zsetView(v);
  throw new Error(`toRdbValue: no RDB form for a ${v.type} value`);
}

/** A list head first: the ListValue is its own (lazy) iterable. */
function listView(list: ListValue): RdbList {
  return { kind: 'list', length: list.size, items: list };
}

/**
 * A set in Redis's order: an intset's members ascending (the SET_INTSET blob must be sorted), a
 * hashtable's in insertion order (Redis's own hash order cannot be reproduced, and the loader
 * does not care).
 */
function setView(set: SetValue): RdbSet {
  return { kind: 'set', size: set.size, members: set, intset: set.encoding() === 'intset' };
}

/** A hash in insertion order, which is a listpack hash's own order (HGETALL shows it). */
function hashView(hash: HashValue): RdbHash {
  return { kind: 'hash', size: hash.size, entries: hash.fields, listpack: hash.encoding() === 'listpack' };
}

/**
 * A sorted set. A listpack must be written in score/member order; a skiplist is written highest
 * score first, as 7.0 writes ZSET_2 (so a loader's inserts land at the head of its skip list, and
 * our DUMP of a large sorted set is byte-identical to Redis's).
 */
function zsetView(zset: ZSet): RdbZset {
  const listpack = zset.encoding() === 'listpack';
  return { kind: 'zset', size: zset.size, entries: listpack ? ascending(zset) : descending(zset), listpack };
}

/** Pairs lowest first along level 0 (one pair per element: the RdbZset contract's shape). */
function* ascending(zset: ZSet): Generator<readonly [string, number]> {
  for (let n = zset.first(); n !== NIL; n = zset.next(n)) yield [zset.memberOf(n), zset.scoreOf(n)];
}

/** Pairs highest first along the backward links. */
function* descending(zset: ZSet): Generator<readonly [string, number]> {
  for (let n = zset.last(); n !== NIL; n = zset.prev(n)) yield [zset.memberOf(n), zset.scoreOf(n)];
}
