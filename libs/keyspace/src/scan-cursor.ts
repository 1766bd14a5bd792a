/**
 * The SCAN family's cursor, shared by SCAN (a database's keys) and HSCAN/SSCAN/ZSCAN (a collection's
 * fields or members), and their common `cursor [MATCH pattern] [COUNT n] [TYPE t]` parsing.
 *
 * API
 * - `parseScanCursor(arg)` → the cursor as a uint64 bigint (strtoull's wrap of a leading `-`), or
 *   null: reply `ERR invalid cursor`. Redis checks the cursor before the key, so call it first.
 * - `parseScanOptions(argv, from, allowType)` → `ScanOptions`, or the error text to reply
 *   (`ERR syntax error` for an unknown/incomplete option, TYPE outside SCAN, or COUNT < 1;
 *   `ERR value is not an integer or out of range` for a non-integer COUNT). For a collection Redis
 *   parses the options only once the key exists and has the right type.
 * - `ScanCursors` (one per Database, `db.scans`) pages through any insertion-ordered container —
 *   a Map (entries) or a Set (members), anything `OrderedSource` — with `page(...)`; its caller
 *   keeps a running count of removals from that container (`deletions`).
 * - `scanCollection(ctx, cursor, options, target)` runs HSCAN/SSCAN/ZSCAN once the key is found and
 *   type-checked, and writes the reply; `writeEmptyScan(reply)` answers a missing key.
 * - Compact collections (Redis's listpack/intset encodings) are returned whole in one call with
 *   cursor 0 whatever the cursor and COUNT, as Redis does: pass `compact: true`.
 *
 * Design: a JS Map/Set iterates in insertion order, and its iterators stay valid across inserts and
 * deletes (a live iterator visits every entry still present that it has not passed, and entries
 * added later). So a scan in progress is simply a live iterator, kept in a small bounded cache
 * keyed by the cursor string we returned. A cursor also encodes where it stands, so a cursor that
 * fell out of the cache (or was handed to two clients) is resumed by skipping entries:
 *
 *   cursor = position × 2^32 + (deletions mod 2^32)
 *
 * `position` is a lower bound of the index of the next unvisited entry and `deletions` the
 * container's running count of removed entries at that time. Inserts only append (an overwrite keeps
 * its place), so the only thing that moves an entry to a lower index is a deletion before it, by one
 * each. Resuming at max(0, position − deletions since) therefore never skips an entry that was
 * present throughout — Redis's guarantee — at the price of possible repeats, which SCAN allows.
 * A container replaced by another object (a key deleted and re-created) resumes by skipping too:
 * the cache only hands an iterator back to the container it iterates.
 *
 * Termination: an iterator would also visit entries added during the scan, so a scan under steady
 * inserts could never end. Every entry present throughout sits, when a scan starts (or resumes by
 * skipping) at position P over a container of N entries, among the next N − P entries of the
 * iteration (inserts only append), so the scan ends after visiting that many; cached iterators carry
 * this `remaining` budget, and a skipping resume recomputes it from the current size.
 *
 * Invariants: a cached iterator is owned by one cursor (taking it removes it from the cache); a
 * container whose entries are moved to a new Map/Set must count them all as deletions.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong, stringMatch } from '@resplica/commands';
import type { Reply } from '@resplica/commands';
import type { CommandContext } from './context';

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

const TWO_64 = 2n ** 64n;

/** Parses a SCAN cursor as strtoull does (a leading `-` wraps); null when invalid. */
export function parseScanCursor(arg: Buffer): bigint | null {
  const text = arg.toString('latin1');
  if (!/^-?\d+$/.test(text)) return null;
  let v = BigInt(text);
  if (v >= TWO_64 || v <= -TWO_64) return null;
  if (v < 0n) v += TWO_64;
  return v;
}

/** The options after the cursor. */
export interface ScanOptions {
  /** COUNT: how many entries one call visits (Redis: buckets), default 10. */
  count: number;
  /** MATCH pattern, or null for none (`*` is dropped: it matches everything). */
  pattern: Buffer | null;
  /** TYPE (SCAN only), lower case, or null. */
  type: string | null;
}

/**
 * Parses `[MATCH p] [COUNT n] [TYPE t]` from argv[from]; returns the options or the error reply
 * text. TYPE is a syntax error unless `allowType` (Redis accepts it on SCAN only).
 */
export function parseScanOptions(argv: Buffer[], from: number, allowType: boolean): ScanOptions | string {
  const options: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) return ERR_SYNTAX;
    const name = argv[i];
    const value = argv[i + 1];
    if (argIs(name, 'count')) {
      const c = parseLongLong(value);
      if (c === null) return ERR_NOT_INTEGER;
      if (c < 1) return ERR_SYNTAX;
      options.count = Number(c);
    } else if (argIs(name, 'match')) {
      options.pattern = value.length === 1 && value[0] === 0x2a ? null : value;
    } else if (allowType && argIs(name, 'type')) {
      options.type = value.toString('latin1').toLowerCase();
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Cursors
// ---------------------------------------------------------------------------------------------

/** What a scan iterates: a Map (yields entries) or a Set (yields members), in insertion order. */
export interface OrderedSource<T> {
  readonly size: number;
  [Symbol.iterator](): Iterator<T>;
}

/** Scans in progress remembered per database; older ones resume by skipping (see above). */
const MAX_CACHED_CURSORS = 256;

const TWO_32 = 4294967296;

interface LiveScan {
  source: object;
  it: Iterator<unknown>;
  remaining: number;
}

/** One page of a scan: the cursor to reply and the entries kept. */
export interface ScanPage<T> {
  /** '0' when the scan is complete. */
  cursor: string;
  items: T[];
}

export class ScanCursors {
  private readonly live = new Map<string, LiveScan>();

  /**
   * Visits up to `count` entries of `source` from `cursor` and returns those `keep` accepts, with
   * the cursor that continues the scan. `deletions` is the container's running removal count read
   * before this call (`keep` may delete entries, as SCAN's lazy expiry does). The cursor must
   * already be a valid uint64 (parseScanCursor).
   */
  page<T>(cursor: bigint, source: OrderedSource<T>, deletions: number, count: number, keep: (item: T) => boolean): ScanPage<T> {
    const { it, position, remaining } = this.resume(cursor, source, deletions);
    const items: T[] = [];
    let visited = 0;
    let done = remaining <= 0;
    while (!done && visited < count) {
      const step = it.next();
      if (step.done === true) {
        done = true;
        break;
      }
      visited++;
      if (visited >= remaining) done = true;
      if (keep(step.value)) items.push(step.value);
    }
    const next = done ? '0' : this.issue(source, it, position + visited, remaining - visited, deletions);
    return { cursor: next, items };
  }

  /** Forgets every scan (the containers they iterate were replaced). */
  clear(): void {
    this.live.clear();
  }

  /** An iterator positioned at `cursor` over `source`, with its position bound and budget. */
  private resume<T>(cursor: bigint, source: OrderedSource<T>, deletions: number): { it: Iterator<T>; position: number; remaining: number } {
    if (cursor === 0n) return { it: source[Symbol.iterator](), position: 0, remaining: source.size };
    const text = cursor.toString();
    const position = Number(cursor / 4294967296n);
    const issued = Number(cursor % 4294967296n);
    const deleted = (deletions - issued + TWO_32) % TWO_32;
    const lower = Math.max(0, position - deleted);
    const cached = this.live.get(text);
    if (cached !== undefined && cached.source === source) {
      this.live.delete(text);
      // Same container object, so the iterator yields its entry type.
      return { it: cached.it as Iterator<T>, position: lower, remaining: cached.remaining };
    }
    const it = source[Symbol.iterator]();
    for (let i = 0; i < lower; i++) {
      if (it.next().done === true) break;
    }
    return { it, position: lower, remaining: source.size - lower };
  }

  /** Remembers a live iterator and returns the cursor text that resumes it. */
  private issue(source: object, it: Iterator<unknown>, position: number, remaining: number, deletions: number): string {
    const cursor = (BigInt(position) * 4294967296n + BigInt(deletions % TWO_32)).toString();
    if (this.live.size >= MAX_CACHED_CURSORS && !this.live.has(cursor)) {
      // Evict the oldest: Map iteration order is insertion order.
      const oldest = this.live.keys().next();
      if (oldest.done !== true) this.live.delete(oldest.value);
    }
    // Two containers may issue the same text: the later one wins the slot, the earlier resumes
    // by skipping (still correct, only slower).
    this.live.set(cursor, { source, it, remaining });
    return cursor;
  }
}

// ---------------------------------------------------------------------------------------------
// HSCAN / SSCAN / ZSCAN
// ---------------------------------------------------------------------------------------------

/** What a collection type hands to scanCollection. */
export interface ScanTarget<T> {
  /** The live container in insertion order. */
  readonly source: OrderedSource<T>;
  /** Running count of entries removed from `source` (see the design note above). */
  readonly deletions: number;
  /** True for Redis's listpack/intset encodings: everything in one call, cursor 0. */
  readonly compact: boolean;
  /** Reply elements per entry: 1 for set members, 2 for field + value or member + score. */
  readonly width: 1 | 2;
  /** The bytes MATCH tests (the field or the member). */
  matchBytes(item: T): Buffer;
  /** Writes the `width` reply elements of one entry (as bulk strings, as Redis 7.0 does). */
  write(reply: Reply, item: T): void;
}

/** `*2 0 *0`: the reply to a scan of a missing key. */
export function writeEmptyScan(reply: Reply): void {
  reply.arrayHeader(2);
  reply.bulk('0');
  reply.arrayHeader(0);
}

/**
 * The rest of HSCAN/SSCAN/ZSCAN once the cursor parsed and the key was found with the right type:
 * parses the options from argv[3], pages and replies.
 */
export function scanCollection<T>(ctx: CommandContext, argv: Buffer[], cursor: bigint, target: ScanTarget<T>): void {
  const options = parseScanOptions(argv, 3, false);
  if (typeof options === 'string') return ctx.reply.error(options);
  const pattern = options.pattern;
  const keep = pattern === null ? acceptAll : (item: T) => stringMatch(pattern, target.matchBytes(item));
  let page: ScanPage<T>;
  if (target.compact) {
    const items: T[] = [];
    for (const item of target.source) if (keep(item)) items.push(item);
    page = { cursor: '0', items };
  } else {
    page = ctx.db.scans.page(cursor, target.source, target.deletions, options.count, keep);
  }
  const reply = ctx.reply;
  reply.arrayHeader(2);
  reply.bulk(page.cursor);
  reply.arrayHeader(page.items.length * target.width);
  for (const item of page.items) target.write(reply, item);
}

function acceptAll(): boolean {
  return true;
}
