/**
 * Persistence in process: the real keyspace, snapshot writer, file and loader in a temp dir. What a
 * save writes is read back by loading it into a fresh keyspace.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStoreImpl, lookupParam } from '@resplica/config';
import { Keyspace } from '@resplica/keyspace';
import { silentLogger } from '../logger';
import { BGSAVE_RETRY_DELAY_SEC } from './save-rules';
import { Persistence } from './persistence';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resplica-persistence-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup(save = ''): { keyspace: Keyspace; persistence: Persistence; config: ConfigStoreImpl } {
  const config = new ConfigStoreImpl(null);
  expect(config.load(lookupParam('dir')!, dir)).toBeNull();
  expect(config.set([['save', save]])).toBeNull();
  const keyspace = new Keyspace({ databases: 16 });
  return { keyspace, persistence: new Persistence({ config, keyspace, log: silentLogger }), config };
}

function put(keyspace: Keyspace, db: number, key: string, value: string): void {
  keyspace.databases[db].set(key, Buffer.from(value));
  keyspace.dirty++;
}

/** Loads dir/dump.rdb into a fresh keyspace through a second Persistence: key → value per db. */
async function reload(): Promise<Map<string, string>> {
  const { keyspace, persistence } = setup();
  await persistence.loadAtStart(true);
  const out = new Map<string, string>();
  keyspace.databases.forEach((db, i) => {
    for (const [key, value] of db.dict) out.set(`${i}:${key}`, (value as Buffer).toString());
  });
  return out;
}

function until(cond: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10000;
    const poll = (): void => {
      if (cond()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(poll, 2);
    };
    poll();
  });
}

describe('Persistence', () => {
  it('saveSync writes a file that loads back; the change count restarts from the save', async () => {
    const { keyspace, persistence } = setup();
    put(keyspace, 0, 'a', '1');
    put(keyspace, 7, 'b', 'two');
    expect(persistence.changesSinceSave).toBe(2);
    expect(persistence.saveSync()).toBe(true);
    expect(persistence.changesSinceSave).toBe(0);
    expect(persistence.lastBgsaveOk).toBe(true);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(await reload()).toEqual(new Map([['0:a', '1'], ['7:b', 'two']]));
  });

  it('a background save writes the dataset as it was when it began, while writes go on', async () => {
    const { keyspace, persistence } = setup();
    for (let i = 0; i < 20000; i++) put(keyspace, 0, `k${i}`, `v${i}`);
    expect(persistence.bgsaveCommand(false)).toBe('started');
    expect(persistence.bgsaveInProgress).toBe(true);
    expect(persistence.currentSaveKeysTotal).toBe(20000);
    expect(persistence.bgsaveCommand(false)).toBe('in-progress');
    put(keyspace, 0, 'k0', 'changed');
    put(keyspace, 0, 'new', 'after the start');
    keyspace.databases[0].delete('k1');
    keyspace.dirty++;
    await until(() => !persistence.bgsaveInProgress);
    expect(persistence.lastBgsaveOk).toBe(true);
    expect(persistence.lastBgsaveTimeSec).toBeGreaterThanOrEqual(0);
    expect(persistence.saves).toBe(1);
    // The three writes made during the save remain unsaved.
    expect(persistence.changesSinceSave).toBe(3);
    const loaded = await reload();
    expect(loaded.size).toBe(20000);
    expect(loaded.get('0:k0')).toBe('v0');
    expect(loaded.get('0:k1')).toBe('v1');
    expect(loaded.has('0:new')).toBe(false);
  });

  it('inside EXEC, BGSAVE is scheduled and the cron starts it', async () => {
    const { keyspace, persistence } = setup();
    put(keyspace, 0, 'a', '1');
    expect(persistence.bgsaveCommand(true)).toBe('scheduled');
    expect(persistence.bgsaveInProgress).toBe(false);
    persistence.cron(Date.now());
    expect(persistence.bgsaveInProgress).toBe(true);
    await until(() => !persistence.bgsaveInProgress);
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
  });

  it('the cron applies the save rules, and waits after a failed background save', async () => {
    const { keyspace, persistence } = setup('10 1');
    const start = persistence.lastSaveSec * 1000;
    put(keyspace, 0, 'a', '1');
    persistence.cron(start + 10_000);
    expect(persistence.bgsaveInProgress).toBe(false);
    mkdirSync(join(dir, 'dump.rdb'));
    persistence.cron(start + 11_000);
    expect(persistence.bgsaveInProgress).toBe(true);
    await until(() => !persistence.bgsaveInProgress);
    expect(persistence.lastBgsaveOk).toBe(false);
    expect(persistence.writesRefused).toBe(true);
    const tried = start + 11_000;
    persistence.cron(tried + BGSAVE_RETRY_DELAY_SEC * 1000);
    expect(persistence.bgsaveInProgress).toBe(false);
    rmSync(join(dir, 'dump.rdb'), { recursive: true });
    persistence.cron(tried + (BGSAVE_RETRY_DELAY_SEC + 1) * 1000);
    expect(persistence.bgsaveInProgress).toBe(true);
    await until(() => !persistence.bgsaveInProgress);
    expect(persistence.lastBgsaveOk).toBe(true);
    expect(persistence.writesRefused).toBe(false);
    expect(persistence.saves).toBe(2);
  });

  it('FLUSHALL aborts a running save and, with rules, saves the empty dataset', async () => {
    const { keyspace, persistence } = setup('3600 1');
    for (let i = 0; i < 50000; i++) put(keyspace, 0, `k${i}`, 'v');
    expect(persistence.saveSync()).toBe(true);
    put(keyspace, 0, 'one more', 'v');
    persistence.bgsaveCommand(false);
    persistence.abortBackgroundSave('FLUSHALL');
    keyspace.dirty += keyspace.flushAll() + 1;
    persistence.afterFlushAll();
    await until(() => !persistence.bgsaveInProgress);
    expect(persistence.lastBgsaveOk).toBe(true);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect((await reload()).size).toBe(0);
  });

  it('the final save: rules or SAVE write, NOSAVE skips, a failure blocks shutdown unless FORCE', () => {
    const { keyspace, persistence, config } = setup('3600 1');
    put(keyspace, 0, 'a', '1');
    expect(persistence.finalSave({ save: false, nosave: true, force: false })).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(persistence.finalSave({ save: false, nosave: false, force: false })).toBe(true);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    rmSync(join(dir, 'dump.rdb'));
    expect(config.set([['save', '']])).toBeNull();
    expect(persistence.finalSave({ save: false, nosave: false, force: false })).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(join(dir, 'dump.rdb'));
    expect(persistence.finalSave({ save: true, nosave: false, force: false })).toBe(false);
    expect(persistence.finalSave({ save: true, nosave: false, force: true })).toBe(true);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
  });

  it('loadAtStart reports loading while it runs and counts what it loaded', async () => {
    const { keyspace, persistence } = setup();
    for (let i = 0; i < 30000; i++) put(keyspace, 1, `k${i}`, 'v');
    expect(persistence.saveSync()).toBe(true);
    const fresh = setup();
    const loading = fresh.persistence.loadAtStart(true);
    expect(fresh.persistence.loading).toBe(true);
    await loading;
    expect(fresh.persistence.loading).toBe(false);
    expect(fresh.persistence.lastLoadKeysLoaded).toBe(30000);
    expect(fresh.persistence.changesSinceSave).toBe(0);
    expect(fresh.keyspace.databases[1].size()).toBe(30000);
  });

  it('a damaged file fails the load with a message naming it, and is left alone', async () => {
    writeFileSync(join(dir, 'dump.rdb'), Buffer.from('REDIS0010\xfa', 'latin1'));
    const { persistence } = setup();
    await expect(persistence.loadAtStart(true)).rejects.toThrow(`Failed loading ${join(dir, 'dump.rdb')}: the file is truncated`);
    expect(persistence.loading).toBe(false);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
  });
});
