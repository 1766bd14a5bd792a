/*
 * Loading the snapshot file at start-up: while a big file loads the port already listens and
 * clients get -LOADING (INFO answers, with loading:1 and the progress fields), then the data is
 * served; a corrupt or truncated file stops the node with a message naming the file and the
 * problem, and leaves the file's bytes as they were.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, waitFor } from '@resplica/testing';
import { info, removeDirs, spawnOurs, startReference, tempDir, writeDataset, type Spawned } from './support';

/** Keys in the big file: enough that loading it takes well over the time a client needs to connect. */
const BIG_KEYS = 2_000_000;

const spawned: Spawned[] = [];
const clients: RawClient[] = [];

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of spawned.splice(0)) s.child.kill('SIGKILL');
});

afterAll(() => removeDirs());

/** A valid dump.rdb written by redis-server 7.0 in a new dir; its bytes. */
async function referenceFile(label: string, fill: (client: RawClient) => Promise<unknown>, args: string[] = []): Promise<{ dir: string; bytes: Buffer }> {
  const dir = tempDir(label);
  const reference = await startReference(dir, args);
  const client = await RawClient.connect(reference.port);
  try {
    await fill(client);
    expect((await client.call('SAVE')).toString()).toBe('+OK\r\n');
  } finally {
    client.destroy();
    await reference.stop();
  }
  return { dir, bytes: readFileSync(join(dir, 'dump.rdb')) };
}

describe('loading at start-up', () => {
  it('answers -LOADING and INFO loading:1 while a big file loads, then serves its data', async () => {
    const { dir, bytes } = await referenceFile('big', (c) => c.call('DEBUG', 'POPULATE', String(BIG_KEYS), 'key', '20'), ['--enable-debug-command', 'yes']);
    const ours = await spawnOurs(dir);
    spawned.push(ours);
    const c = await waitFor(() => RawClient.connect(ours.port), { timeoutMs: 10000, intervalMs: 5, what: 'the port to listen' });
    clients.push(c);
    expect((await c.call('PING')).toString()).toBe('-LOADING Redis is loading the dataset in memory\r\n');
    expect((await c.call('GET', 'key:1')).toString()).toBe('-LOADING Redis is loading the dataset in memory\r\n');
    const during = await info(c);
    expect(during.get('loading')).toBe('1');
    expect(during.get('loading_total_bytes')).toBe(String(bytes.length));
    expect(Number(during.get('loading_loaded_bytes'))).toBeLessThan(bytes.length);
    expect(Number(during.get('loading_start_time'))).toBeGreaterThan(0);
    await waitFor(async () => (await c.call('PING')).toString() === '+PONG\r\n', { timeoutMs: 60000, what: 'the load to finish' });
    expect((await c.call('DBSIZE')).toString()).toBe(`:${BIG_KEYS}\r\n`);
    expect((await c.call('GET', 'key:123')).toString()).toBe('$20\r\nvalue:123\0\0\0\0\0\0\0\0\0\0\0\r\n');
    const after = await info(c);
    expect(after.get('loading')).toBe('0');
    expect(after.get('rdb_last_load_keys_loaded')).toBe(String(BIG_KEYS));
    expect(ours.output()).toMatch(/"component":"persistence".*"msg":"done loading RDB"/);
  }, 120000);

  it('drops keys whose deadline passed while the file sat on disk, and counts them', async () => {
    const { dir } = await referenceFile('expired', async (c) => {
      await c.call('SET', 'gone', 'x', 'PX', '100');
      await c.call('SET', 'kept', 'y');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const ours = await spawnOurs(dir);
    spawned.push(ours);
    const c = await waitFor(async () => {
      const client = await RawClient.connect(ours.port);
      if ((await client.call('PING')).toString() === '+PONG\r\n') return client;
      client.destroy();
      return null;
    }, { timeoutMs: 10000, what: 'the node to serve' });
    clients.push(c);
    expect((await c.call('DBSIZE')).toString()).toBe(':1\r\n');
    const fields = await info(c);
    expect([fields.get('rdb_last_load_keys_loaded'), fields.get('rdb_last_load_keys_expired')]).toEqual(['1', '1']);
  }, 30000);
});

describe('a damaged file at start-up', () => {
  const damages: [string, (good: Buffer) => Buffer, RegExp][] = [
    ['truncated', (good) => good.subarray(0, Math.floor(good.length / 2)), /truncated/],
    ['a flipped byte in the data', (good) => flipAt(good, Math.floor(good.length / 2)), /corrupt|checksum|truncated/],
    ['a wrong checksum', (good) => flipAt(good, good.length - 1), /checksum/],
    ['not an RDB file', () => Buffer.from('this is not a snapshot\n'), /version|RDB/],
    ['empty', () => Buffer.alloc(0), /truncated/],
  ];

  for (const [what, damage, problem] of damages) {
    it(`${what}: the node exits non-zero naming the file and the problem; the bytes stay as they were`, async () => {
      const { dir, bytes } = await referenceFile('damaged', writeDataset);
      const bad = damage(bytes);
      const path = join(dir, 'dump.rdb');
      writeFileSync(path, bad);
      const mtime = statSync(path).mtimeMs;
      const ours = await spawnOurs(dir);
      spawned.push(ours);
      expect(await ours.exited).toBe(1);
      const errorLine = ours.output().split('\n').find((l) => l.includes('"level":50')) ?? '';
      expect(errorLine).toContain(path);
      expect(errorLine).toMatch(problem);
      expect(readFileSync(path).equals(bad)).toBe(true);
      expect(statSync(path).mtimeMs).toBe(mtime);
    }, 30000);
  }
});

function flipAt(buf: Buffer, at: number): Buffer {
  const out = Buffer.from(buf);
  out[at] ^= 0xff;
  return out;
}
