/*
 * kill -9 in the middle of a BGSAVE never costs the previous good file: the save writes a temp
 * file and renames it only when complete, so after the crash the old snapshot is still in place,
 * redis-check-rdb accepts it, and a restart loads exactly the old data.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, waitFor, type RunningServer } from '@resplica/testing';
import { compareDumps, dumpServer } from '../model/dump';
import { checkRdb, fillStrings, infoField, removeDirs, startOurs, tempDir, writeDataset } from './support';

const servers: RunningServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(() => removeDirs());

it('kill -9 during BGSAVE leaves the previous good file in place', async () => {
  const dir = tempDir('kill9');
  const first = await startOurs(dir);
  servers.push(first);
  const c = await RawClient.connect(first.port);
  clients.push(c);
  await writeDataset(c);
  expect((await c.call('SAVE')).toString()).toBe('+OK\r\n');
  const good = await dumpServer(c);

  await c.call('SELECT', '5');
  await fillStrings(c, 'big:', 300_000, 100);
  expect((await c.call('BGSAVE')).toString()).toBe('+Background saving started\r\n');
  // Kill only once the new file is being written: the save is in progress and its temp file exists.
  await waitFor(async () => (await infoField(c, 'rdb_bgsave_in_progress')) === '1' && readdirSync(dir).some((f) => f.startsWith('temp-')), {
    timeoutMs: 10000,
    intervalMs: 5,
    what: 'the BGSAVE to be writing its temp file',
  });
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));

  const check = await checkRdb(join(dir, 'dump.rdb'));
  expect([check.ok, check.output]).toEqual([true, expect.stringContaining('RDB looks OK')]);
  const second = await startOurs(dir);
  servers.push(second);
  const d = await RawClient.connect(second.port);
  clients.push(d);
  expect(compareDumps(await dumpServer(d), good)).toEqual([]);
}, 120000);
