/*
 * A deterministic dump of a whole server, read through ordinary commands: for every key of every
 * database, its TYPE, OBJECT ENCODING, absolute deadline (PEXPIRETIME) and full contents — sorted
 * where the type is unordered (hash fields, set members), in order where it is not (lists, sorted
 * sets by score then member). Two servers that hold the same data give equal dumps, except for
 * deadlines set by relative TTLs, which may differ by the milliseconds between the two commands.
 *
 * Invariant: a dump reads only; it never changes what it dumps (no expiry is due during a run).
 */
import { escapeBytes, parseReply, RawClient, ReplyNode } from '@resplica/testing';
import { render } from './judge';

const DATABASES = 16;
/** Deadlines from relative TTLs set on both servers within this many ms count as equal. */
const DEADLINE_TOLERANCE_MS = 1000;

export interface DumpEntry {
  /** `db<n> <key>`, the key escaped; entries are sorted by it. */
  where: string;
  type: string;
  encoding: string;
  /** PEXPIRETIME: -1 for none, else the absolute deadline in ms. */
  deadline: number;
  contents: string;
}

async function call(client: RawClient, ...argv: (string | Buffer)[]): Promise<ReplyNode> {
  return parseReply(await client.call(...argv));
}

/** The full contents of one key, rendered canonically for its type. */
async function contentsOf(client: RawClient, key: Buffer, type: string): Promise<string> {
  switch (type) {
    case 'string':
      return render(await call(client, 'GET', key));
    case 'list':
      return render(await call(client, 'LRANGE', key, '0', '-1'));
    case 'set':
      return (await call(client, 'SMEMBERS', key)).items.map(render).sort().join(' ');
    case 'hash': {
      const items = (await call(client, 'HGETALL', key)).items.map(render);
      const pairs: string[] = [];
      for (let i = 0; i + 1 < items.length; i += 2) pairs.push(`${items[i]}=${items[i + 1]}`);
      return pairs.sort().join(' ');
    }
    case 'zset':
      return render(await call(client, 'ZRANGE', key, '0', '-1', 'WITHSCORES'));
    default:
      return `(no dump for type ${type})`;
  }
}

/** Dumps every key of every database through `client` (a RESP2 connection of its own). */
export async function dumpServer(client: RawClient): Promise<DumpEntry[]> {
  const entries: DumpEntry[] = [];
  for (let db = 0; db < DATABASES; db++) {
    await client.call('SELECT', String(db));
    const keys = (await call(client, 'KEYS', '*')).items.map((k) => Buffer.from(k.text ?? '', 'latin1'));
    for (const key of keys) {
      const type = (await call(client, 'TYPE', key)).text ?? '?';
      const encoding = (await call(client, 'OBJECT', 'ENCODING', key)).text ?? '?';
      const deadline = Number((await call(client, 'PEXPIRETIME', key)).text);
      const contents = await contentsOf(client, key, type);
      entries.push({ where: `db${db} ${escapeBytes(key)}`, type, encoding, deadline, contents });
    }
  }
  await client.call('SELECT', '0');
  return entries.sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}

function describe(entry: DumpEntry | undefined): string {
  if (!entry) return '(absent)';
  const ttl = entry.deadline < 0 ? 'no ttl' : `deadline ${entry.deadline}`;
  const contents = entry.contents.length > 300 ? `${entry.contents.slice(0, 297)}...` : entry.contents;
  return `${entry.type} ${entry.encoding} ${ttl}: ${contents}`;
}

function sameEntry(a: DumpEntry, b: DumpEntry): boolean {
  const deadlinesAgree =
    a.deadline === b.deadline || (a.deadline >= 0 && b.deadline >= 0 && Math.abs(a.deadline - b.deadline) <= DEADLINE_TOLERANCE_MS);
  return a.type === b.type && a.encoding === b.encoding && a.contents === b.contents && deadlinesAgree;
}

/** One line per key that differs between the two dumps (empty when they agree). */
export function compareDumps(ours: DumpEntry[], reference: DumpEntry[]): string[] {
  const oursBy = new Map(ours.map((e) => [e.where, e]));
  const referenceBy = new Map(reference.map((e) => [e.where, e]));
  const where = [...new Set([...oursBy.keys(), ...referenceBy.keys()])].sort();
  const out: string[] = [];
  for (const w of where) {
    const a = oursBy.get(w);
    const b = referenceBy.get(w);
    if (a && b && sameEntry(a, b)) continue;
    out.push(`${w}\n    ours:      ${describe(a)}\n    reference: ${describe(b)}`);
  }
  return out;
}
