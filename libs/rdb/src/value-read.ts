/**
 * Value bodies (spec §8.6) for every type id a 7.0 server reads except streams and modules (see
 * skip-read.ts). Each reader is a generator over a ReadCursor: it yields the byte count a try read
 * needs whenever the buffered input runs out, and resumes exactly where it stopped once the driver
 * has made those bytes contiguous. An element loop therefore never restarts from the value's start
 * however the input is chunked, and only the value being decoded is held in memory.
 *
 * A reader returns the decoded value, or null for an empty collection, which 7.0 skips on load.
 */
import { TYPE, QUICKLIST_NODE } from './constants';
import { NEED, ReadCursor } from './cursor-read';
import { PackedEntries, parseScore } from './entry-read';
import { RdbError } from './errors';
import { readIntset } from './intset-read';
import { ListpackReader } from './listpack-read';
import type { DecodedValue } from './model';
import { UNSLABBED } from './value-slab';
import { readZipmap } from './zipmap-read';
import { ZiplistReader } from './ziplist-read';

/** A value reader: yields byte counts it needs, returns the value (null: empty, skipped). */
export type ValueSteps = Generator<number, DecodedValue | null, void>;

/** ZSET (type 3) text doubles: a length byte of 253/254/255 stands for NaN/+inf/−inf. */
const TEXT_DOUBLE_NAN = 253;
const TEXT_DOUBLE_POS_INF = 254;
const TEXT_DOUBLE_NEG_INF = 255;

/** True for the type ids ValueReader decodes. */
export function isDecodableType(type: number): boolean {
  return (type >= TYPE.string && type <= TYPE.zset2) || (type >= TYPE.hashZipmap && type <= TYPE.listQuicklist) ||
    (type >= TYPE.hashListpack && type <= TYPE.listQuicklist2);
}

export class ValueReader {
  /** Readers of hash and sorted-set blobs: hash values come from the cursor's value slab. */
  private readonly listpack: ListpackReader;
  private readonly ziplist: ZiplistReader;
  /**
   * Readers of list blobs: the keyspace copies list items into its own blocks, so they are plain
   * allocations, not slab slices that would stay pinned, dead, beside kept values.
   */
  private readonly listListpack = new ListpackReader(UNSLABBED);
  private readonly listZiplist = new ZiplistReader(UNSLABBED);

  constructor(private readonly c: ReadCursor) {
    this.listpack = new ListpackReader(c.values);
    this.ziplist = new ZiplistReader(c.values);
  }

  /** Reads the body of a value of `type` (one isDecodableType accepts). */
  *read(type: number): ValueSteps {
    switch (type) {
      case TYPE.string: {
        const c = this.c;
        let value: Buffer | null;
        while ((value = c.tryString()) === null) yield c.need;
        return { kind: 'string', value };
      }
      case TYPE.list:
        return yield* this.plainList();
      case TYPE.set:
        return yield* this.plainSet();
      case TYPE.zset:
      case TYPE.zset2:
        return yield* this.plainZset(type === TYPE.zset2);
      case TYPE.hash:
        return yield* this.plainHash();
      case TYPE.listQuicklist:
      case TYPE.listQuicklist2:
        return yield* this.quicklist(type === TYPE.listQuicklist2);
    }
    const c = this.c;
    let blob: Buffer | null;
    while ((blob = c.tryBlob()) === null) yield c.need;
    switch (type) {
      case TYPE.hashZipmap: {
        const { fields, values } = readZipmap(blob, this.c.values);
        return { kind: 'hash', fields, values, encoding: 'zipmap' };
      }
      case TYPE.setIntset:
        return { kind: 'set', members: readIntset(blob), encoding: 'intset' };
      case TYPE.listZiplist:
        this.listZiplist.open(blob, 'list');
        return listOf(this.listZiplist, 'ziplist');
      case TYPE.zsetZiplist:
        this.ziplist.open(blob, 'sorted set');
        return zsetOf(this.ziplist, 'ziplist');
      case TYPE.hashZiplist:
        this.ziplist.open(blob, 'hash');
        return hashOf(this.ziplist, 'ziplist');
      case TYPE.hashListpack:
        this.listpack.open(blob, 'hash');
        return hashOf(this.listpack, 'listpack');
      case TYPE.zsetListpack:
        this.listpack.open(blob, 'sorted set');
        return zsetOf(this.listpack, 'listpack');
    }
    throw new RdbError('corrupt', `unknown value type ${type}`);
  }

  private *plainList(): ValueSteps {
    const c = this.c;
    let count: number;
    while ((count = c.tryLength()) === NEED) yield c.need;
    const items: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      let item: Buffer | null;
      while ((item = c.tryString(UNSLABBED)) === null) yield c.need;
      items.push(item);
    }
    return count === 0 ? null : { kind: 'list', items, encoding: 'plain' };
  }

  private *plainSet(): ValueSteps {
    const c = this.c;
    let count: number;
    while ((count = c.tryLength()) === NEED) yield c.need;
    const members: string[] = [];
    for (let i = 0; i < count; i++) {
      let member: string | null;
      while ((member = c.tryLatin1()) === null) yield c.need;
      members.push(member);
    }
    return count === 0 ? null : { kind: 'set', members, encoding: 'plain' };
  }

  private *plainHash(): ValueSteps {
    const c = this.c;
    let count: number;
    while ((count = c.tryLength()) === NEED) yield c.need;
    const fields: string[] = [];
    const values: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      let field: string | null;
      while ((field = c.tryLatin1()) === null) yield c.need;
      let value: Buffer | null;
      while ((value = c.tryString()) === null) yield c.need;
      fields.push(field);
      values.push(value);
    }
    return count === 0 ? null : { kind: 'hash', fields, values, encoding: 'plain' };
  }

  /** ZSET_2 (binary little-endian doubles) or the old ZSET (text doubles). */
  private *plainZset(binary: boolean): ValueSteps {
    const c = this.c;
    let count: number;
    while ((count = c.tryLength()) === NEED) yield c.need;
    const members: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i < count; i++) {
      let member: string | null;
      while ((member = c.tryLatin1()) === null) yield c.need;
      let at: number;
      let score: number;
      if (binary) {
        while ((at = c.tryFixed(8)) === NEED) yield c.need;
        score = c.buf.readDoubleLE(at);
      } else {
        while ((at = c.tryFixed(1)) === NEED) yield c.need;
        const length = c.buf[at];
        if (length === TEXT_DOUBLE_POS_INF) score = Infinity;
        else if (length === TEXT_DOUBLE_NEG_INF) score = -Infinity;
        else if (length === TEXT_DOUBLE_NAN) score = NaN;
        else {
          while ((at = c.tryFixed(length)) === NEED) yield c.need;
          score = parseScore(c.buf, at, length, 'sorted set');
        }
      }
      if (Number.isNaN(score)) throw c.corrupt('sorted set score is NaN');
      members.push(member);
      scores.push(score);
    }
    return count === 0 ? null : { kind: 'zset', members, scores, encoding: 'plain' };
  }

  /** LIST_QUICKLIST_2 (container + listpack or plain node) or LIST_QUICKLIST (ziplist nodes). */
  private *quicklist(v2: boolean): ValueSteps {
    const c = this.c;
    let nodes: number;
    while ((nodes = c.tryLength()) === NEED) yield c.need;
    const items: Buffer[] = [];
    for (let i = 0; i < nodes; i++) {
      let container: number = QUICKLIST_NODE.packed;
      if (v2) {
        while ((container = c.tryLength()) === NEED) yield c.need;
        if (container !== QUICKLIST_NODE.packed && container !== QUICKLIST_NODE.plain) {
          throw c.corrupt(`quicklist node container ${container} is neither 1 (plain) nor 2 (packed)`);
        }
      }
      if (container === QUICKLIST_NODE.plain) {
        let element: Buffer | null;
        while ((element = c.tryString(UNSLABBED)) === null) yield c.need;
        if (element.length === 0) throw c.corrupt('quicklist node is empty');
        items.push(element);
        continue;
      }
      let blob: Buffer | null;
      while ((blob = c.tryBlob()) === null) yield c.need;
      if (blob.length === 0) throw c.corrupt('quicklist node is empty');
      const reader = v2 ? this.listListpack : this.listZiplist;
      reader.open(blob, 'quicklist node');
      // Empty nodes are skipped, as 7.0 does; a list left with no element is an empty key.
      while (reader.next()) items.push(reader.bytes());
    }
    return items.length === 0 ? null : { kind: 'list', items, encoding: 'quicklist' };
  }
}

function listOf(reader: PackedEntries, encoding: string): DecodedValue | null {
  const items: Buffer[] = [];
  while (reader.next()) items.push(reader.bytes());
  return items.length === 0 ? null : { kind: 'list', items, encoding };
}

function hashOf(reader: PackedEntries, encoding: string): DecodedValue | null {
  const fields: string[] = [];
  const values: Buffer[] = [];
  while (reader.next()) {
    const field = reader.latin1();
    if (!reader.next()) throw new RdbError('corrupt', `hash ${encoding}: a field without a value (odd entry count)`);
    fields.push(field);
    values.push(reader.bytes());
  }
  return fields.length === 0 ? null : { kind: 'hash', fields, values, encoding };
}

function zsetOf(reader: PackedEntries, encoding: string): DecodedValue | null {
  const members: string[] = [];
  const scores: number[] = [];
  while (reader.next()) {
    const member = reader.latin1();
    if (!reader.next()) throw new RdbError('corrupt', `sorted set ${encoding}: a member without a score (odd entry count)`);
    const score = reader.score();
    if (Number.isNaN(score)) throw new RdbError('corrupt', `sorted set ${encoding}: score is NaN`);
    members.push(member);
    scores.push(score);
  }
  return members.length === 0 ? null : { kind: 'zset', members, scores, encoding };
}
