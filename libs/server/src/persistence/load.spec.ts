/**
 * loadRdbFile: a file of many read chunks loads every key (the next chunk is read while one is
 * decoded), progress reaches the file's size, bytes after the RDB are ignored with a warning, and
 * a truncated file or a missing one fails with an RdbLoadError naming it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyspace } from '@resplica/keyspace';
import { RdbEncoder } from '@resplica/rdb';
import { silentLogger, type Logger } from '../logger';
import { loadRdbFile, RdbLoadError, type LoadOptions } from './load';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resplica-load-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An RDB file of `count` string keys k:<i> → v:<i> (incompressible enough to span many 64 KiB reads). */
function rdbOf(count: number): Buffer {
  const chunks: Buffer[] = [];
  const encoder = new RdbEncoder({ write: (c) => chunks.push(c) }, { compression: false });
  encoder.header([['redis-ver', '7.0.15']]);
  encoder.selectDb(0, { keys: count, expires: 0 });
  for (let i = 0; i < count; i++) encoder.key(`k:${i}`, { kind: 'string', value: `v:${i}:${'abcdefghij'.repeat(i % 7)}` }, -1);
  encoder.finish();
  return Buffer.concat(chunks);
}

function write(bytes: Buffer): string {
  const path = join(dir, 'dump.rdb');
  writeFileSync(path, bytes);
  return path;
}

/** Options that record the progress reports and the warnings. */
function recording(): { options: LoadOptions; progress: number[]; warnings: string[]; total: number[] } {
  const progress: number[] = [];
  const warnings: string[] = [];
  const total: number[] = [];
  const log: Logger = { ...silentLogger, warn: (_fields, message) => warnings.push(message), child: () => log };
  return {
    options: { log, verifyChecksum: true, dropExpired: true, onStart: (bytes) => total.push(bytes), onProgress: (loaded) => progress.push(loaded) },
    progress,
    warnings,
    total,
  };
}

describe('loadRdbFile', () => {
  it('loads a file of many read chunks, every key, with progress up to its size', async () => {
    const file = rdbOf(30000);
    expect(file.length).toBeGreaterThan(8 * 64 * 1024);
    const keyspace = new Keyspace({ databases: 16 });
    const { options, progress, total } = recording();
    const result = await loadRdbFile(write(file), keyspace, options);
    expect(result).toMatchObject({ keysLoaded: 30000, keysExpired: 0, bytes: file.length });
    expect(keyspace.databases[0].size()).toBe(30000);
    expect(keyspace.databases[0].lookupRead('k:29999', Date.now())?.toString()).toBe(`v:29999:${'abcdefghij'.repeat(29999 % 7)}`);
    expect(total).toEqual([file.length]);
    expect(progress.length).toBe(Math.ceil(file.length / (64 * 1024)));
    expect(progress.every((p, i) => i === 0 || p > progress[i - 1])).toBe(true);
    expect(progress[progress.length - 1]).toBe(file.length);
  });

  it('ignores bytes after the end of the RDB, with a warning', async () => {
    const file = rdbOf(20000);
    const keyspace = new Keyspace({ databases: 16 });
    const { options, warnings } = recording();
    const result = await loadRdbFile(write(Buffer.concat([file, Buffer.alloc(200000, 0x2a)])), keyspace, options);
    expect(result.keysLoaded).toBe(20000);
    expect(warnings).toEqual(['bytes after the end of the RDB file are ignored']);
  });

  it('fails on a truncated file, naming it', async () => {
    const file = rdbOf(20000);
    const path = write(file.subarray(0, file.length - 100000));
    const { options } = recording();
    const failure = loadRdbFile(path, new Keyspace({ databases: 16 }), options);
    await expect(failure).rejects.toBeInstanceOf(RdbLoadError);
    await expect(failure).rejects.toThrow(`Failed loading ${path}: the file is truncated (RDB ended after ${file.length - 100000} bytes, inside the unit at byte`);
  });

  it('fails on a missing file, naming it', async () => {
    const path = join(dir, 'absent.rdb');
    const { options } = recording();
    await expect(loadRdbFile(path, new Keyspace({ databases: 16 }), options)).rejects.toThrow(/^Fatal error loading the DB from .*absent\.rdb: /);
  });
});
