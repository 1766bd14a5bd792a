/**
 * SORT and SORT_RO: key [BY pattern] [LIMIT offset count] [GET pattern …] [ASC|DESC] [ALPHA]
 * [STORE destination] (SORT_RO refuses STORE as a syntax error).
 *
 * Semantics are Redis 7.0's (sortGenericCommand): options are parsed before the key is read;
 * lists, sets and sorted sets sort, anything else is WRONGTYPE and a missing key is an empty list.
 * Numeric order compares the doubles strtod reads (sort-score.ts), ties broken by the elements'
 * bytes so the result is deterministic; ALPHA compares bytes (the C locale's strcoll). A BY pattern
 * without `*` means "do not sort": lists and sorted sets keep their order (DESC reverses it and
 * LIMIT selects a range of it), a set keeps its own order unless the result is stored, when it is
 * sorted ALPHA for determinism. STORE writes a list (or deletes the destination when the result is
 * empty) and is propagated as sent.
 *
 * Invariant: the value being sorted is never modified (apart from the zset encoding Redis flips);
 * elements are copied out before BY/GET lookups run.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { ListValue } from '../types/list';
import { ZSet } from '../types/zset';
import { isString, keyOf } from '../values';
import { sortScore } from './sort-score';
import { allElements, convertForSort, elementRange, lookupByPattern, newSortList, starIndex } from './sort-sources';

export const ERR_SORT_SCORE = "ERR One or more scores can't be converted into double";

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  sortBy: Buffer | null;
  dontSort: boolean;
  gets: Buffer[];
  store: Buffer | null;
}

/** A LIMIT bound as C's long; int64 values beyond 2^53 only need their sign and size here. */
function limitValue(arg: Buffer): number | null {
  const v = parseLongLong(arg);
  return v === null ? null : Number(v);
}

/** Parses argv[2..]; null after replying an error. */
function parseOptions(ctx: CommandContext, argv: Buffer[], readOnly: boolean): SortOptions | null {
  const o: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    sortBy: null,
    dontSort: false,
    gets: [],
    store: null,
  };
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (argIs(a, 'asc')) o.desc = false;
    else if (argIs(a, 'desc')) o.desc = true;
    else if (argIs(a, 'alpha')) o.alpha = true;
    else if (argIs(a, 'limit') && left >= 2) {
      const start = limitValue(argv[j + 1]);
      const count = start === null ? null : limitValue(argv[j + 2]);
      if (start === null || count === null) {
        ctx.reply.error(ERR_NOT_INTEGER);
        return null;
      }
      o.limitStart = start;
      o.limitCount = count;
      j += 2;
    } else if (!readOnly && argIs(a, 'store') && left >= 1) {
      o.store = argv[++j];
    } else if (argIs(a, 'by') && left >= 1) {
      o.sortBy = argv[++j];
      // A pattern without `*` cannot name per-element keys: Redis then skips sorting altogether.
      o.dontSort = starIndex(o.sortBy) === -1;
    } else if (argIs(a, 'get') && left >= 1) {
      o.gets.push(argv[++j]);
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return o;
}

/**
 * Sorts `elements` in place by Redis's sortCompare. Returns false (nothing replied) when a numeric
 * key cannot be read as a double.
 */
function sortElements(ctx: CommandContext, elements: Buffer[], o: SortOptions): boolean {
  const n = elements.length;
  const write = o.store !== null;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let cmp: (a: number, b: number) => number;
  if (o.alpha) {
    if (o.sortBy === null) {
      cmp = (a, b) => Buffer.compare(elements[a], elements[b]);
    } else {
      const by = new Array<Buffer | null>(n);
      for (let i = 0; i < n; i++) by[i] = lookupByPattern(ctx, o.sortBy, elements[i], write);
      // Elements whose BY key is missing sort first.
      cmp = (a, b) => {
        const x = by[a];
        const y = by[b];
        if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
        return Buffer.compare(x, y);
      };
    }
  } else {
    const scores = new Float64Array(n);
    let bad = false;
    for (let i = 0; i < n; i++) {
      const source = o.sortBy === null ? elements[i] : lookupByPattern(ctx, o.sortBy, elements[i], write);
      // A missing BY key scores 0.
      if (source === null) continue;
      const s = sortScore(source);
      if (s === null) bad = true;
      else scores[i] = s;
    }
    if (bad) return false;
    cmp = (a, b) => {
      const x = scores[a];
      const y = scores[b];
      return x > y ? 1 : x < y ? -1 : Buffer.compare(elements[a], elements[b]);
    };
  }
  order.sort(o.desc ? (a, b) => -cmp(a, b) : cmp);
  const copy = elements.slice();
  for (let i = 0; i < n; i++) elements[i] = copy[order[i]];
  return true;
}

/** The output of element j: itself, or one value per GET pattern. */
function outputsOf(ctx: CommandContext, element: Buffer, o: SortOptions, out: (Buffer | null)[]): void {
  if (o.gets.length === 0) {
    out.push(element);
    return;
  }
  for (const g of o.gets) out.push(lookupByPattern(ctx, g, element, o.store !== null));
}

function sortGeneric(ctx: CommandContext, argv: Buffer[], readOnly: boolean): void {
  const o = parseOptions(ctx, argv, readOnly);
  if (o === null) return;
  const sourceKey = keyOf(argv[1]);
  const v = ctx.db.lookupRead(sourceKey, ctx.now);
  if (v !== undefined && (isString(v) || v.type === 'hash')) return ctx.reply.error(ERR_WRONGTYPE);
  if (o.dontSort && v !== undefined && v.type === 'set' && o.store !== null) {
    // A set has no order of its own a replica would reproduce: stored results are sorted ALPHA.
    o.dontSort = false;
    o.alpha = true;
    o.sortBy = null;
  }
  if (v !== undefined) {
    // SORT converts a compact sorted set even on a read: a snapshot records the encoding it had.
    if (v instanceof ZSet) ctx.db.willModify(sourceKey);
    convertForSort(v);
  }
  const len = v === undefined ? 0 : v.size;
  let start = o.limitStart < 0 ? 0 : o.limitStart;
  let end = o.limitCount < 0 ? len - 1 : start + o.limitCount - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;
  let elements: Buffer[];
  if (v === undefined) {
    elements = [];
  } else if (o.dontSort && (v instanceof ListValue || v instanceof ZSet)) {
    // Only the LIMIT range is read, in the value's own order (reversed by DESC).
    elements = elementRange(v, start, end, o.desc);
    end -= start;
    start = 0;
  } else {
    elements = allElements(v);
  }
  if (!o.dontSort && !sortElements(ctx, elements, o)) return ctx.reply.error(ERR_SORT_SCORE);
  const out: (Buffer | null)[] = [];
  for (let j = start; j <= end; j++) outputsOf(ctx, elements[j], o, out);
  if (o.store === null) {
    ctx.reply.arrayHeader(out.length);
    for (const x of out) ctx.reply.bulk(x);
    return;
  }
  store(ctx, o.store, out);
}

/** STORE: the outputs become a list at `destination` (missing GET values as empty strings). */
function store(ctx: CommandContext, destination: Buffer, out: (Buffer | null)[]): void {
  const db = ctx.db;
  const key = keyOf(destination);
  // Expire a stale destination first, so that storing over it is a new key (its `new` event).
  db.lookupWrite(key, ctx.now);
  if (out.length > 0) {
    const items = out.map((x) => (x === null ? Buffer.alloc(0) : Buffer.from(x)));
    db.set(key, newSortList(items));
    ctx.keyspace.dirty += out.length;
    ctx.keyspace.notify(NOTIFY.list, 'sortstore', key, db.index);
  } else if (db.delete(key)) {
    ctx.keyspace.dirty++;
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
  }
  ctx.reply.integer(out.length);
}

function sortCommand(ctx: CommandContext, argv: Buffer[]): void {
  sortGeneric(ctx, argv, false);
}

function sortRoCommand(ctx: CommandContext, argv: Buffer[]): void {
  sortGeneric(ctx, argv, true);
}

/** SORT and SORT_RO, by lower-case name, for keyspaceHandlers. */
export const sortHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['sort', sortCommand],
  ['sort_ro', sortRoCommand],
];
