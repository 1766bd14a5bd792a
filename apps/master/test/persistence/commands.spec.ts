/*
 * SAVE, BGSAVE, LASTSAVE, INFO persistence, the `save` rules, FLUSHALL's save, MISCONF and
 * SHUTDOWN [SAVE|NOSAVE|FORCE] on the built master, with the replies a real redis-server 7.0 gives
 * side by side where they are deterministic.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, waitFor, type RunningServer } from '@resplica/testing';
import { checkRdb, fillStrings, info, infoField, removeDirs, startOurs, startReference, tempDir } from './support';

const MISCONF =
  "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";

const servers: RunningServer[] = [];
const clients: RawClient[] = [];

async function start(which: 'ours' | 'reference', dir: string, args: string[] = []): Promise<[RunningServer, RawClient]> {
  const server = await (which === 'ours' ? startOurs(dir, args) : startReference(dir, args));
  servers.push(server);
  const client = await RawClient.connect(server.port);
  clients.push(client);
  return [server, client];
}

async function text(client: RawClient, ...argv: string[]): Promise<string> {
  return (await client.call(...argv)).toString('latin1');
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(() => removeDirs());

describe('INFO persistence', () => {
  it("lists 7.0's fields in 7.0's order, with a fresh server's values", async () => {
    const [, ours] = await start('ours', tempDir('info'));
    const [, reference] = await start('reference', tempDir('info-ref'));
    const oursFields = await info(ours);
    const referenceFields = await info(reference);
    expect([...oursFields.keys()]).toEqual([...referenceFields.keys()]);
    for (const name of ['loading', 'rdb_changes_since_last_save', 'rdb_bgsave_in_progress', 'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'rdb_saves', 'current_save_keys_total', 'aof_enabled']) {
      expect([name, oursFields.get(name)]).toEqual([name, referenceFields.get(name)]);
    }
    expect(Math.abs(Number(oursFields.get('rdb_last_save_time')) - Date.now() / 1000)).toBeLessThan(60);
  });
});

describe('SAVE, BGSAVE, LASTSAVE', () => {
  it('SAVE writes dir/dbfilename, resets the change count and moves LASTSAVE', async () => {
    const dir = tempDir('save');
    const [, c] = await start('ours', dir, ['--dbfilename', 'snap.rdb']);
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    expect(await infoField(c, 'rdb_changes_since_last_save')).toBe('2');
    const before = Number((await text(c, 'LASTSAVE')).slice(1));
    expect(await text(c, 'SAVE')).toBe('+OK\r\n');
    expect(readdirSync(dir)).toEqual(['snap.rdb']);
    expect((await checkRdb(join(dir, 'snap.rdb'))).ok).toBe(true);
    const fields = await info(c);
    expect(fields.get('rdb_changes_since_last_save')).toBe('0');
    expect(fields.get('rdb_saves')).toBe('1');
    expect(fields.get('rdb_last_bgsave_time_sec')).toBe('-1');
    const after = Number((await text(c, 'LASTSAVE')).slice(1));
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after).toBe(Number(fields.get('rdb_last_save_time')));
  });

  it('rdbcompression decides whether long strings are LZF-compressed, per save', async () => {
    const dir = tempDir('compression');
    const [, c] = await start('ours', dir);
    await c.call('SET', 'long', 'abcd'.repeat(5000));
    await c.call('CONFIG', 'SET', 'rdbcompression', 'no');
    await c.call('SAVE');
    const plain = statSync(join(dir, 'dump.rdb')).size;
    await c.call('CONFIG', 'SET', 'rdbcompression', 'yes');
    await c.call('SAVE');
    const compressed = statSync(join(dir, 'dump.rdb')).size;
    expect(plain).toBeGreaterThan(20000);
    expect(compressed).toBeLessThan(2000);
    expect((await checkRdb(join(dir, 'dump.rdb'))).ok).toBe(true);
  });

  it('argument errors as 7.0', async () => {
    const [, ours] = await start('ours', tempDir('args'));
    const [, reference] = await start('reference', tempDir('args-ref'));
    for (const argv of [['BGSAVE', 'foo'], ['BGSAVE', 'SCHEDULE', 'x'], ['SAVE', 'x'], ['LASTSAVE', 'x'], ['MULTI'], ['SAVE'], ['EXEC']]) {
      expect([argv.join(' '), await text(ours, ...argv)]).toEqual([argv.join(' '), await text(reference, ...argv)]);
    }
  });

  it('BGSAVE runs in the background; a second BGSAVE, BGSAVE SCHEDULE and SAVE are refused meanwhile', async () => {
    const dir = tempDir('bgsave');
    const [, c] = await start('ours', dir);
    await fillStrings(c, 'k', 200_000, 100);
    expect(await text(c, 'BGSAVE')).toBe('+Background saving started\r\n');
    expect(await text(c, 'BGSAVE')).toBe('-ERR Background save already in progress\r\n');
    expect(await text(c, 'BGSAVE', 'SCHEDULE')).toBe('-ERR Background save already in progress\r\n');
    expect(await text(c, 'SAVE')).toBe('-ERR Background save already in progress\r\n');
    const during = await info(c);
    expect(during.get('rdb_bgsave_in_progress')).toBe('1');
    expect(during.get('current_save_keys_total')).toBe('200000');
    expect(Number(during.get('rdb_current_bgsave_time_sec'))).toBeGreaterThanOrEqual(0);
    // Clients are served while it runs.
    expect(await text(c, 'SET', 'during', 'x')).toBe('+OK\r\n');
    await waitFor(async () => (await infoField(c, 'rdb_bgsave_in_progress')) === '0', { timeoutMs: 30000, what: 'the BGSAVE to end' });
    const after = await info(c);
    expect(after.get('rdb_last_bgsave_status')).toBe('ok');
    expect(after.get('rdb_saves')).toBe('1');
    // The write made during the save is not in it: one change left.
    expect(after.get('rdb_changes_since_last_save')).toBe('1');
    expect(Number(after.get('rdb_last_bgsave_time_sec'))).toBeGreaterThanOrEqual(0);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect((await checkRdb(join(dir, 'dump.rdb'))).ok).toBe(true);
  });

  it('BGSAVE inside EXEC is scheduled, and the cron runs it', async () => {
    const dir = tempDir('schedule');
    const [, c] = await start('ours', dir);
    await c.call('SET', 'a', '1');
    await c.call('MULTI');
    await c.call('BGSAVE');
    await c.call('BGSAVE', 'SCHEDULE');
    expect(await text(c, 'EXEC')).toBe('*2\r\n+Background saving scheduled\r\n+Background saving scheduled\r\n');
    await waitFor(async () => (await infoField(c, 'rdb_saves')) === '1' && (await infoField(c, 'rdb_bgsave_in_progress')) === '0', {
      timeoutMs: 5000,
      what: 'the scheduled BGSAVE',
    });
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
  });
});

describe('save rules', () => {
  it('`save 1 1` saves in the background after a write; CONFIG SET save "" stops it', async () => {
    const dir = tempDir('rules');
    const [, c] = await start('ours', dir, ['--save', '1 1']);
    const startedAt = Number(await infoField(c, 'rdb_last_save_time'));
    await c.call('SET', 'a', '1');
    await waitFor(async () => Number(await infoField(c, 'rdb_last_save_time')) > startedAt && (await infoField(c, 'rdb_changes_since_last_save')) === '0', {
      timeoutMs: 5000,
      what: 'the save rule to fire',
    });
    expect(await infoField(c, 'rdb_saves')).toBe('1');
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    expect(await text(c, 'CONFIG', 'SET', 'save', '')).toBe('+OK\r\n');
    await c.call('SET', 'b', '2');
    // A rule would have fired within two seconds: give it well over that.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const fields = await info(c);
    expect(fields.get('rdb_saves')).toBe('1');
    expect(fields.get('rdb_changes_since_last_save')).toBe('1');
  });

  it('FLUSHALL saves the empty dataset when rules exist, and not otherwise', async () => {
    const withRules = tempDir('flush-rules');
    const [, c] = await start('ours', withRules, ['--save', '3600 1']);
    await c.call('SET', 'a', '1');
    expect(existsSync(join(withRules, 'dump.rdb'))).toBe(false);
    expect(await text(c, 'FLUSHALL')).toBe('+OK\r\n');
    expect(existsSync(join(withRules, 'dump.rdb'))).toBe(true);
    expect(await infoField(c, 'rdb_changes_since_last_save')).toBe('0');
    expect(await infoField(c, 'rdb_saves')).toBe('0');
    const without = tempDir('flush-none');
    const [, d] = await start('ours', without, ['--save', '']);
    await d.call('SET', 'a', '1');
    await d.call('FLUSHALL');
    expect(readdirSync(without)).toEqual([]);
  });
});

describe('failing saves', () => {
  /** A directory named dump.rdb, made once the server runs: every save then fails at its rename. */
  function block(dir: string): void {
    mkdirSync(join(dir, 'dump.rdb'));
  }

  it('SAVE answers a bare -ERR and leaves nothing behind; BGSAVE fails later and then MISCONF refuses writes and PING', async () => {
    const dir = tempDir('blocked');
    const [, c] = await start('ours', dir, ['--save', '3600 1']);
    block(dir);
    expect(await text(c, 'SAVE')).toBe('-ERR\r\n');
    expect(await infoField(c, 'rdb_last_bgsave_status')).toBe('ok');
    expect(await text(c, 'BGSAVE')).toBe('+Background saving started\r\n');
    await waitFor(async () => (await infoField(c, 'rdb_last_bgsave_status')) === 'err', { timeoutMs: 5000, what: 'the BGSAVE to fail' });
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(statSync(join(dir, 'dump.rdb')).isDirectory()).toBe(true);
    expect(await text(c, 'SET', 'a', '1')).toBe(MISCONF);
    expect(await text(c, 'PING')).toBe(MISCONF);
    expect(await text(c, 'GET', 'a')).toBe('$-1\r\n');
    await c.call('MULTI');
    expect(await text(c, 'SET', 'a', '1')).toBe(MISCONF);
    expect(await text(c, 'EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(await text(c, 'CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no')).toBe('+OK\r\n');
    expect(await text(c, 'SET', 'a', '1')).toBe('+OK\r\n');
    expect(await infoField(c, 'rdb_saves')).toBe('2');
  });

  it('SHUTDOWN fails when its save fails, keeps serving, and exits with NOSAVE or FORCE', async () => {
    const dir = tempDir('blocked');
    const [server, c] = await start('ours', dir, ['--save', '3600 1']);
    block(dir);
    expect(await text(c, 'SHUTDOWN')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    expect(await text(c, 'SHUTDOWN', 'SAVE')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    expect(await text(c, 'PING')).toBe('+PONG\r\n');
    c.send('*2\r\n$8\r\nSHUTDOWN\r\n$5\r\nFORCE\r\n');
    expect((await c.readUntilClosed()).length).toBe(0);
    await new Promise((resolve) => server.process.once('exit', resolve));
    expect(server.process.exitCode).toBe(0);
    expect(server.output()).toMatch(/error trying to save the DB, exiting anyway/);
  });
});

describe('SHUTDOWN', () => {
  it('SAVE writes a file even without save rules; NOSAVE skips it even with rules', async () => {
    const saved = tempDir('shutdown-save');
    const [a, c] = await start('ours', saved);
    await c.call('SET', 'k', 'v');
    c.send('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n');
    await c.readUntilClosed();
    await new Promise((resolve) => a.process.once('exit', resolve));
    expect(existsSync(join(saved, 'dump.rdb'))).toBe(true);

    const skipped = tempDir('shutdown-nosave');
    const [b, d] = await start('ours', skipped, ['--save', '3600 1']);
    await d.call('SET', 'k', 'v');
    d.send('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    await d.readUntilClosed();
    await new Promise((resolve) => b.process.once('exit', resolve));
    expect(readdirSync(skipped)).toEqual([]);
  });

  it('SIGTERM saves when save rules are set, unless shutdown-on-sigterm says nosave', async () => {
    const dir = tempDir('sigterm');
    const [server, c] = await start('ours', dir, ['--save', '3600 1']);
    await c.call('SET', 'k', 'v');
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    expect((await checkRdb(join(dir, 'dump.rdb'))).ok).toBe(true);

    const skipped = tempDir('sigterm-nosave');
    const [other, d] = await start('ours', skipped, ['--save', '3600 1', '--shutdown-on-sigterm', 'nosave']);
    await d.call('SET', 'k', 'v');
    await other.stop();
    expect(other.process.exitCode).toBe(0);
    expect(readdirSync(skipped)).toEqual([]);
  });
});
