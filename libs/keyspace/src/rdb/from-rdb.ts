/**
 * Builds keyspace values from decoded RDB values (RESTORE, loading a file or a sync payload), in
 * the encoding Redis 7.0's rdbLoadObject leaves them in for the same input and limits — which
 * depends on the type id the value came in, not only on its contents:
 *
 * - a plain SET becomes an intset while its members are integers and within set-max-intset-entries
 *   (as does a SET_INTSET blob, converted only when over the entry limit);
 * - a plain HASH (or an old zipmap) is a listpack unless it has more than hash-max-listpack-entries
 *   fields or a field or value longer than hash-max-listpack-value; a HASH_LISTPACK (or ziplist)
 *   blob stays a listpack unless it has too many fields — 7.0 does not scan it for long values;
 * - a ZSET_2 is converted to a listpack when it is small and its members short; a ZSET_LISTPACK
 *   (or ziplist) blob is converted to a skiplist only when it has too many members;
 * - every list is a quicklist; strings take int/embstr/raw from their bytes (encodingOf).
 *
 * Refused (RdbError 'corrupt'): a member or field twice in one value (7.0 refuses it wherever it
 * checks; a shallow-checked listpack it would take as it is, corrupt), a NaN score, and an empty
 * collection (RdbDecoder skips those in a file, as Redis does; RESTORE says "Bad data format").
 *
 * Decoded Buffers are stored as they are: the decoder never hands out a view into its input (see
 * DecodedValue), so they pin no parser chunk (values.ts's invariant). Members and fields arrive as
 * the latin1 strings the keyspace keeps.
 */
import { RdbError, type DecodedValue } from '@resplica/rdb';
import type { EncodingLimits } from '../types/collection';
import { HashValue } from '../types/hash';
import { ListValue } from '../types/list';
import { SetValue } from '../types/set';
import { ZSet } from '../types/zset';
import type { Value } from '../values';

/** The stored value for a decoded one; throws RdbError('corrupt') for what Redis refuses. */
export function fromRdbValue(v: DecodedValue, limits: EncodingLimits): Value {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'list':
      return buildList(v.items);
    case 'set':
      return buildSet(v.members, limits);
    case 'hash':
      return buildHash(v.fields, v.values, v.encoding, limits);
    case 'zset':
      return buildZset(v.members, v.scores, v.encoding, limits);
  }
}

/** Number of elements of a decoded value (1 for a string); 0 is an empty collection. */
export function decodedSize(v: DecodedValue): number {
  switch (v.kind) {
    case 'string':
      return 1;
    case 'list':
      return v.items.length;
    case 'set':
    case 'zset':
      return v.members.length;
    case 'hash':
      return v.fields.length;
  }
}

/** True for the compact blob encodings whose 7.0 loader checks only the element count. */
function isCompactBlob(encoding: string): boolean {
  return encoding === 'listpack' || encoding === 'ziplist';
}

function empty(kind: string): never {
  throw new RdbError('corrupt', `empty ${kind} value`);
}

function buildList(items: Buffer[]): ListValue {
  if (items.length === 0) empty('list');
  const list = new ListValue();
  for (let i = 0; i < items.length; i++) list.pushRight(items[i]);
  return list;
}

/** SetValue.add applies 7.0's intset rules member by member, which is what rdbLoadObject does. */
function buildSet(members: string[], limits: EncodingLimits): SetValue {
  if (members.length === 0) empty('set');
  const set = new SetValue();
  for (let i = 0; i < members.length; i++) {
    if (!set.add(members[i], limits)) throw new RdbError('corrupt', 'duplicate set member');
  }
  return set;
}

function buildHash(fields: string[], values: Buffer[], encoding: string, limits: EncodingLimits): HashValue {
  const n = fields.length;
  if (n === 0) empty('hash');
  const hash = new HashValue();
  // HashValue.set converts on the limits it is given; a listpack blob is judged by its count only.
  const rules = isCompactBlob(encoding) ? countOnlyHashLimits(limits, n) : limits;
  for (let i = 0; i < n; i++) {
    if (!hash.set(fields[i], values[i], rules)) throw new RdbError('corrupt', 'duplicate hash field');
  }
  return hash;
}

/**
 * Limits under which HashValue.set reaches the encoding 7.0 gives a listpack blob of `count`
 * fields: no value is too long, and the entry limit is 0 (convert at the first field) exactly when
 * the blob has too many fields.
 */
function countOnlyHashLimits(limits: EncodingLimits, count: number): EncodingLimits {
  return {
    ...limits,
    hashMaxListpackValue: Infinity,
    hashMaxListpackEntries: count > limits.hashMaxListpackEntries ? 0 : Infinity,
  };
}

/**
 * ZSet.add converts while inserting, but 7.0 decides once for the whole value (after loading a
 * ZSET_2; from the count for a listpack blob), so the decision is made first and imposed with
 * limits that give it: a skiplist must be one from the first member, or a -0 score would be
 * stored as a listpack's 0.
 */
function buildZset(members: string[], scores: number[], encoding: string, limits: EncodingLimits): ZSet {
  const n = members.length;
  if (n === 0) empty('zset');
  let compact = n <= limits.zsetMaxListpackEntries;
  if (compact && !isCompactBlob(encoding)) {
    for (let i = 0; i < n && compact; i++) compact = members[i].length <= limits.zsetMaxListpackValue;
  }
  const rules: EncodingLimits = compact
    ? { ...limits, zsetMaxListpackEntries: Infinity, zsetMaxListpackValue: Infinity }
    : { ...limits, zsetMaxListpackEntries: 0 };
  const zset = new ZSet();
  for (let i = 0; i < n; i++) {
    const score = scores[i];
    if (Number.isNaN(score)) throw new RdbError('corrupt', 'NaN score in a sorted set');
    // One Map lookup per member: a member already there leaves the size unchanged (add() then
    // linked a second node for it, but the set is thrown away with the error).
    zset.add(members[i], score, rules);
    if (zset.size !== i + 1) throw new RdbError('corrupt', 'duplicate sorted set member');
  }
  return zset;
}
