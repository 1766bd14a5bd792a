/**
 * What SORT reads and writes besides its own key: the elements of the sorted value (list, set or
 * sorted set), the BY/GET pattern lookups (`prefix*suffix` string keys and `prefix*->field` hash
 * fields), and the list STORE builds.
 *
 * A list or set value is read through its iterator (`[Symbol.iterator]`, yielding elements as
 * owned Buffers or latin1 strings; a list head to tail); STORE builds a ListValue.
 *
 * Invariant: nothing here modifies the value being sorted, except that a sorted set is marked
 * skiplist-encoded, as Redis 7.0 converts it destructively before sorting.
 */
import type { CommandContext } from '../context';
import { HashValue } from '../types/hash';
import { type CollectionValue, DEFAULT_ENCODING_LIMITS } from '../types/collection';
import { ListValue } from '../types/list';
import { NIL, ZSet } from '../types/zset';
import { isString, keyOf } from '../values';

const STAR = 0x2a;
const HASH_SIGN = 0x23;

/** A new list holding `items`, head to tail (SORT … STORE); the list takes ownership of them. */
export function newSortList(items: Buffer[]): ListValue {
  const list = new ListValue();
  for (const item of items) list.pushRight(item);
  return list;
}

/** The elements of a list or set value in its own order, as Buffers. */
function iterated(v: CollectionValue): Buffer[] {
  const out: Buffer[] = [];
  if (!(Symbol.iterator in v)) throw new Error(`SORT: ${v.type} values are not iterable`);
  for (const e of v as Iterable<Buffer | string>) out.push(typeof e === 'string' ? Buffer.from(e, 'latin1') : e);
  return out;
}

/** Every element of the value to sort, in its natural order (a zset by score). */
export function allElements(v: CollectionValue): Buffer[] {
  if (v instanceof ZSet) {
    const out: Buffer[] = [];
    for (let n = v.first(); n !== NIL; n = v.next(n)) out.push(Buffer.from(v.memberOf(n), 'latin1'));
    return out;
  }
  return iterated(v);
}

/**
 * Elements start..end (0-based, inclusive, already clamped) of a list or sorted set in its own
 * order, or counted from the tail when `desc` (SORT BY nosort reads only the LIMIT range).
 */
export function elementRange(v: ListValue | ZSet, start: number, end: number, desc: boolean): Buffer[] {
  const out: Buffer[] = [];
  if (end < start) return out;
  if (v instanceof ZSet) {
    // One O(log n) seek to the first node, then a walk along level 0.
    let n = desc ? v.atRank(v.size - 1 - start) : v.atRank(start);
    for (let i = start; i <= end && n !== NIL; i++) {
      out.push(Buffer.from(v.memberOf(n), 'latin1'));
      n = desc ? v.prev(n) : v.next(n);
    }
    return out;
  }
  // A list indexes in O(1): only the LIMIT range is touched.
  for (let i = start; i <= end; i++) out.push(v.at(desc ? v.size - 1 - i : i));
  return out;
}

/** Redis 7.0 converts a listpack sorted set to a skiplist before sorting it (visible in OBJECT ENCODING). */
export function convertForSort(v: CollectionValue): void {
  // A member longer than any limit forces the conversion through the type's own rule.
  if (v instanceof ZSet) v.fitEncoding(DEFAULT_ENCODING_LIMITS, Number.POSITIVE_INFINITY);
}

/** Index of the first `*` of a pattern, or -1 (as strchr, the search ends at a NUL byte). */
export function starIndex(pattern: Buffer): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === STAR) return i;
    if (pattern[i] === 0) return -1;
  }
  return -1;
}

/**
 * Redis's lookupKeyByPattern: `#` is the element itself; otherwise the first `*` is replaced by the
 * element and the key read (a string), or with `->field` after the `*`, that field of a hash.
 * Null when the pattern has no `*`, the key is missing or of another type, or the field is absent.
 * `write` looks keys up without read statistics (SORT … STORE, as Redis).
 */
export function lookupByPattern(ctx: CommandContext, pattern: Buffer, element: Buffer, write: boolean): Buffer | null {
  if (pattern.length === 1 && pattern[0] === HASH_SIGN) return element;
  const star = starIndex(pattern);
  if (star === -1) return null;
  let arrow = pattern.indexOf('->', star + 1, 'latin1');
  // `->` at the very end names no field: the pattern is then a plain key pattern.
  if (arrow !== -1 && arrow + 2 >= pattern.length) arrow = -1;
  const suffixEnd = arrow === -1 ? pattern.length : arrow;
  const key =
    pattern.toString('latin1', 0, star) + element.toString('latin1') + pattern.toString('latin1', star + 1, suffixEnd);
  const v = write ? ctx.db.lookupWriteSource(key, ctx.now) : ctx.db.lookupRead(key, ctx.now);
  if (v === undefined) return null;
  if (arrow === -1) return isString(v) ? v : null;
  if (!(v instanceof HashValue)) return null;
  return v.get(keyOf(pattern.subarray(arrow + 2))) ?? null;
}
