/*
 * A server's whole dataset in a canonical, comparable form, read through ordinary commands: per
 * database its DBSIZE and, for every key KEYS returns, the TYPE, the absolute deadline
 * (PEXPIRETIME) and the full contents — sorted where the type is unordered (hash fields, set
 * members), in order where it is not (list elements, sorted-set entries by score then member).
 * Optionally OBJECT ENCODING too: equal data can legitimately differ in encoding (a string that was
 * APPENDed to is `raw` on the master but `embstr` once loaded from a snapshot), so only tests that
 * build their data without such history compare it.
 *
 * DBSIZE is read separately from the key list on purpose: on a replica, a logically expired key is
 * hidden from KEYS but still counted until the master's DEL arrives, so the count is what shows
 * a replica that expired a key by itself or missed a DEL.
 */
import { escapeBytes } from '../differential/compare';
import { parseReply, ReplyNode } from '../differential/reply-tree';
import { RawClient } from '../raw-client';
import { Arg } from '../resp-frame';
import { pipelineCalls } from './pipeline';

export interface KeyRecord {
  /** The key, escaped (escapeBytes). */
  readonly key: string;
  /** TYPE; `none` when the key vanished between KEYS and the reads (it expired meanwhile). */
  readonly type: string;
  /** PEXPIRETIME: -1 without a TTL, else the absolute deadline in unix ms. */
  readonly deadline: number;
  readonly contents: string;
  readonly encoding?: string;
}

export interface DbRecord {
  readonly db: number;
  /** DBSIZE, logically expired keys not yet deleted included. */
  readonly size: number;
  /** Sorted by key. */
  readonly keys: readonly KeyRecord[];
}

export type Dataset = readonly DbRecord[];

export interface DatasetOptions {
  /** Also record OBJECT ENCODING. @default false */
  encodings?: boolean;
}

/** The databases the replication suites write to. */
export const DEFAULT_DBS: readonly number[] = [0, 1, 2, 3];

function bytesOf(node: ReplyNode): Buffer {
  return Buffer.from(node.text ?? '', 'latin1');
}

function escaped(node: ReplyNode): string {
  return node.isNull ? '(nil)' : escapeBytes(bytesOf(node));
}

/** The command that reads a key's contents in full, for its type. */
function contentsCommand(key: Buffer, type: string): Arg[] {
  switch (type) {
    case 'string':
      return ['GET', key];
    case 'list':
      return ['LRANGE', key, '0', '-1'];
    case 'set':
      return ['SMEMBERS', key];
    case 'hash':
      return ['HGETALL', key];
    case 'zset':
      return ['ZRANGE', key, '0', '-1', 'WITHSCORES'];
    default:
      return ['TYPE', key];
  }
}

/** Canonical text of the contents reply of a key of `type`. */
function renderContents(reply: ReplyNode, type: string): string {
  if (reply.type === '-') return `error ${reply.text}`;
  const items = reply.items.map(escaped);
  switch (type) {
    case 'string':
      return escaped(reply);
    case 'list':
      return `[${items.join(', ')}]`;
    case 'set':
      return `{${items.sort().join(', ')}}`;
    case 'hash': {
      const pairs: string[] = [];
      for (let i = 0; i + 1 < items.length; i += 2) pairs.push(`${items[i]}=${items[i + 1]}`);
      return `{${pairs.sort().join(', ')}}`;
    }
    case 'zset': {
      const entries: string[] = [];
      for (let i = 0; i + 1 < items.length; i += 2) entries.push(`${items[i]}@${items[i + 1]}`);
      return `[${entries.join(', ')}]`;
    }
    default:
      return '';
  }
}

/** Sends one command and fails unless the reply has the RESP type byte `type`. */
async function call(client: RawClient, type: string, ...argv: Arg[]): Promise<ReplyNode> {
  const reply = parseReply(await client.call(...argv));
  if (reply.type !== type) throw new Error(`${argv.join(' ')}: ${reply.type}${reply.text}`);
  return reply;
}

async function dbRecord(client: RawClient, db: number, options: DatasetOptions): Promise<DbRecord> {
  await call(client, '+', 'SELECT', String(db));
  const size = Number((await call(client, ':', 'DBSIZE')).text);
  const keys = (await call(client, '*', 'KEYS', '*')).items.map(bytesOf);
  const perKey = options.encodings ? 3 : 2;
  const meta = (
    await pipelineCalls(
      client,
      keys.flatMap((key) => [
        ['TYPE', key],
        ['PEXPIRETIME', key],
        ...(options.encodings ? [['OBJECT', 'ENCODING', key]] : []),
      ]),
    )
  ).map(parseReply);
  const types = keys.map((_key, i) => meta[i * perKey].text ?? '?');
  const contents = (await pipelineCalls(client, keys.map((key, i) => contentsCommand(key, types[i])))).map(parseReply);
  const records = keys.map((key, i) => {
    const record: KeyRecord = {
      key: escapeBytes(key),
      type: types[i],
      deadline: Number(meta[i * perKey + 1].text),
      contents: renderContents(contents[i], types[i]),
    };
    return options.encodings ? { ...record, encoding: meta[i * perKey + 2].text ?? '?' } : record;
  });
  records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { db, size, keys: records };
}

/** Reads the dataset of the server on `port`, database by database (on a connection of its own). */
export async function datasetOf(
  port: number,
  dbs: readonly number[] = DEFAULT_DBS,
  options: DatasetOptions = {},
): Promise<Dataset> {
  const client = await RawClient.connect(port);
  try {
    const out: DbRecord[] = [];
    for (const db of dbs) out.push(await dbRecord(client, db, options));
    return out;
  } finally {
    client.destroy();
  }
}

/** Keys recorded across all databases. */
export function keyCount(dataset: Dataset): number {
  return dataset.reduce((sum, db) => sum + db.keys.length, 0);
}

function describe(record: KeyRecord | undefined): string {
  if (!record) return '(absent)';
  const ttl = record.deadline < 0 ? 'no ttl' : `deadline ${record.deadline}`;
  const encoding = record.encoding === undefined ? '' : ` ${record.encoding}`;
  const contents = record.contents.length > 200 ? `${record.contents.slice(0, 197)}...` : record.contents;
  return `${record.type}${encoding} ${ttl} ${contents}`;
}

function sameRecord(a: KeyRecord, b: KeyRecord): boolean {
  return a.type === b.type && a.deadline === b.deadline && a.contents === b.contents && a.encoding === b.encoding;
}

/**
 * The differences between two datasets, one line per database size or key that differs (at most
 * `limit`, then a count of the rest); empty when they are equal. Deadlines must match exactly: a
 * replica stores the absolute deadline its master propagated.
 */
export function datasetDiff(expected: Dataset, actual: Dataset, limit = 10): string[] {
  const lines: string[] = [];
  const byDb = new Map(actual.map((db) => [db.db, db]));
  for (const want of expected) {
    const got = byDb.get(want.db);
    if (!got) {
      lines.push(`db${want.db}: not read on the second server`);
      continue;
    }
    if (want.size !== got.size) lines.push(`db${want.db} DBSIZE: expected ${want.size}, got ${got.size}`);
    const wantKeys = new Map(want.keys.map((k) => [k.key, k]));
    const gotKeys = new Map(got.keys.map((k) => [k.key, k]));
    for (const key of [...new Set([...wantKeys.keys(), ...gotKeys.keys()])].sort()) {
      const a = wantKeys.get(key);
      const b = gotKeys.get(key);
      if (a && b && sameRecord(a, b)) continue;
      lines.push(`db${want.db} ${key}\n    expected: ${describe(a)}\n    actual:   ${describe(b)}`);
    }
  }
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, limit), `... and ${lines.length - limit} more differences`];
}
