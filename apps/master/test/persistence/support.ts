/*
 * Shared pieces of the persistence tests: servers started in a directory of the test's choosing
 * (ours and a real redis-server 7.0), INFO fields, pipelined writes, a dataset that exercises every
 * type and encoding 7.0 writes, and redis-check-rdb.
 *
 * Invariant: every temp dir made here is removed by the `cleanup` the caller runs in afterAll.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeCommand, freePort, masterBinary, RawClient, startMaster, startRedisServer, type Arg, type RunningServer } from '@resplica/testing';

const run = promisify(execFile);

/** A fresh temp dir; `removeDirs` deletes every one made so far. */
const made: string[] = [];
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `resplica-persist-${label}-`));
  made.push(dir);
  return dir;
}

export function removeDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Our master with its files in `dir` (flags after it override). */
export function startOurs(dir: string, args: string[] = []): Promise<RunningServer> {
  return startMaster(['--bind', '127.0.0.1', '--dir', dir, ...args]);
}

/** A real redis-server 7.0 with its files in `dir` (no save rules unless `args` set some). */
export function startReference(dir: string, args: string[] = []): Promise<RunningServer> {
  return startRedisServer(['--dir', dir, ...args]);
}

/** Our master as a bare process (for start-ups that fail or take long): output and exit code. */
export interface Spawned {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  readonly exited: Promise<number | null>;
}

export async function spawnOurs(dir: string, args: string[] = []): Promise<Spawned> {
  const port = await freePort();
  const child = spawn(process.execPath, [masterBinary(), '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, output: () => out, exited };
}

/** The `name:value` fields of an INFO reply. */
export async function info(client: RawClient, section = 'persistence'): Promise<Map<string, string>> {
  const text = (await client.call('INFO', section)).toString('latin1');
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('$')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

export async function infoField(client: RawClient, name: string): Promise<string> {
  const value = (await info(client)).get(name);
  if (value === undefined) throw new Error(`INFO persistence has no ${name}`);
  return value;
}

/** Sends every command in one write and reads all replies; throws on the first error reply. */
export async function pipeline(client: RawClient, commands: readonly (readonly Arg[])[]): Promise<void> {
  client.send(Buffer.concat(commands.map((argv) => encodeCommand(argv))));
  for (let i = 0; i < commands.length; i++) {
    const reply = await client.readReply(30000);
    if (reply[0] === 0x2d) throw new Error(`${String(commands[i][0])} failed: ${reply.toString('latin1')}`);
  }
}

/** `count` string keys `<prefix><i>` of `valueBytes` bytes each, written in pipelined batches. */
export async function fillStrings(client: RawClient, prefix: string, count: number, valueBytes: number): Promise<void> {
  const value = Buffer.alloc(valueBytes, 'v');
  const batch = 5000;
  for (let start = 0; start < count; start += batch) {
    const commands: Arg[][] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) commands.push(['SET', `${prefix}${i}`, value]);
    await pipeline(client, commands);
  }
}

/** An absolute deadline an hour from now: the same on every server it is set on. */
function inAnHour(): string {
  return String(Date.now() + 3600_000);
}

function range(n: number, f: (i: number) => Arg): Arg[] {
  const out: Arg[] = [];
  for (let i = 0; i < n; i++) out.push(f(i));
  return out;
}

/**
 * Writes data in every encoding 7.0 keeps: strings as int, embstr and raw (with long
 * compressible and binary values), lists (quicklist, several nodes), sets (intset, hashtable of
 * ints, of strings), hashes and sorted sets (listpack, and beyond their count and value limits),
 * deadlines on keys of each type, in databases 0, 3 and 15, binary key names.
 */
export async function writeDataset(client: RawClient): Promise<void> {
  const deadline = inAnHour();
  const long = 'abc'.repeat(100);
  await pipeline(client, [
    ['SELECT', '0'],
    ['SET', 'str:int', '12345'],
    ['SET', 'str:neg', '-42'],
    ['SET', 'str:bigint', '9223372036854775807'],
    ['SET', 'str:embstr', 'hello world'],
    ['SET', 'str:raw', long],
    ['SET', 'str:bin', Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10])],
    ['SET', Buffer.from([0xff, 0, 0x80, 0x41]), 'binary key'],
    ['APPEND', 'str:appended', 'grown'],
    ['RPUSH', 'list:small', 'a', '1', '-2', 'longer element here', '300000'],
    ['RPUSH', 'list:big', ...range(2000, (i) => `element-${i}-${'x'.repeat(40)}`)],
    ['RPUSH', 'list:ints', ...range(1000, (i) => String(i * 1000 - 500000))],
    ['SADD', 'set:ints', '1', '2', '3', '-100', '9223372036854775807'],
    ['SADD', 'set:manyints', ...range(600, (i) => String(i * 7))],
    ['SADD', 'set:strings', 'apple', 'banana', 'cherry', '12'],
    ['HSET', 'hash:small', 'f1', 'v1', 'f2', '2', 'num', '-7'],
    ['HSET', 'hash:many', ...range(1200, (i) => (i % 2 === 0 ? `field-${i / 2}` : `value-${i}`))],
    ['HSET', 'hash:longvalue', 'f', 'y'.repeat(100)],
    ['ZADD', 'zset:small', '1', 'one', '2.5', 'two and a half', '-3', 'minus', 'inf', 'top', '-inf', 'bottom'],
    ['ZADD', 'zset:many', ...range(400, (i) => (i % 2 === 0 ? String(i / 2 + 0.125) : `member-${i}`))],
    ['ZADD', 'zset:longmember', '1', 'm'.repeat(80)],
    ['SELECT', '3'],
    ['SET', 'ttl:str', 'expiring', 'PXAT', deadline],
    ['RPUSH', 'ttl:list', 'x', 'y'],
    ['PEXPIREAT', 'ttl:list', deadline],
    ['SADD', 'ttl:set', '5', '6'],
    ['PEXPIREAT', 'ttl:set', deadline],
    ['HSET', 'ttl:hash', 'a', 'b'],
    ['PEXPIREAT', 'ttl:hash', deadline],
    ['ZADD', 'ttl:zset', '1', 'a'],
    ['PEXPIREAT', 'ttl:zset', deadline],
    ['SET', 'plain', 'no ttl'],
    ['SELECT', '15'],
    ['SET', 'last:db', 'fifteen'],
    ['HSET', 'last:hash', ...range(20, (i) => `k${i}`)],
    ['SELECT', '0'],
  ]);
}

/** Runs redis-check-rdb on a file: its exit code and output. */
export async function checkRdb(path: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('redis-check-rdb', [path], { timeout: 60000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}
