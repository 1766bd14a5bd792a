import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RdbFile, SnapshotFileError } from './rdb-file';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resplica-rdbfile-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function open(sync: boolean, serial = 1): RdbFile {
  return new RdbFile({ dir, filename: 'dump.rdb', serial, sync, incrementalFsync: true });
}

/** `count` chunks of `size` bytes, each filled with its index, and their concatenation. */
function chunks(count: number, size: number): { parts: Buffer[]; whole: Buffer } {
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) parts.push(Buffer.alloc(size, i & 0xff));
  return { parts, whole: Buffer.concat(parts) };
}

describe('RdbFile', () => {
  it('writes to temp-<pid>-<serial>.rdb and only a commit puts it in place (sync)', () => {
    writeFileSync(join(dir, 'dump.rdb'), 'old');
    const file = open(true, 7);
    expect(file.tempPath).toBe(join(dir, `temp-${process.pid}-7.rdb`));
    file.write(Buffer.from('new '));
    file.write(Buffer.from('bytes'));
    expect(readFileSync(join(dir, 'dump.rdb'), 'utf8')).toBe('old');
    file.commitSync();
    expect(readFileSync(join(dir, 'dump.rdb'), 'utf8')).toBe('new bytes');
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(file.bytes).toBe(9);
  });

  it('queues writes, reports congestion above the high-water mark and drains (async)', async () => {
    const file = open(false);
    const { parts, whole } = chunks(40, 64 * 1024);
    let pauses = 0;
    for (const part of parts) {
      file.write(part);
      if (file.congested) {
        pauses++;
        await file.whenDrained();
        expect(file.congested).toBe(false);
      }
    }
    expect(pauses).toBeGreaterThan(0);
    await file.commit();
    expect(readFileSync(join(dir, 'dump.rdb')).equals(whole)).toBe(true);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
  });

  it('writes more than the incremental fsync interval intact (sync and async)', async () => {
    const { parts, whole } = chunks(150, 64 * 1024);
    const sync = open(true);
    for (const part of parts) sync.write(part);
    sync.commitSync();
    expect(readFileSync(join(dir, 'dump.rdb')).equals(whole)).toBe(true);
    const queued = open(false, 2);
    for (const part of parts) {
      queued.write(Buffer.from(part));
      if (queued.congested) await queued.whenDrained();
    }
    await queued.commit();
    expect(readFileSync(join(dir, 'dump.rdb')).equals(whole)).toBe(true);
  });

  it('discard removes the temp file, leaves the target, and makes commit fail', async () => {
    writeFileSync(join(dir, 'dump.rdb'), 'old');
    const file = open(false);
    file.write(Buffer.alloc(1000));
    file.discard();
    file.discard();
    await expect(file.commit()).rejects.toThrow(SnapshotFileError);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(readFileSync(join(dir, 'dump.rdb'), 'utf8')).toBe('old');
  });

  it('a failed rename (the target is a directory) cleans up and names the step', () => {
    mkdirSync(join(dir, 'dump.rdb'));
    const file = open(true);
    file.write(Buffer.from('data'));
    let error: unknown;
    try {
      file.commitSync();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SnapshotFileError);
    expect((error as SnapshotFileError).step).toBe('rename');
    expect((error as SnapshotFileError).path).toBe(join(dir, 'dump.rdb'));
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
  });

  it('cannot open in a missing directory', () => {
    rmSync(dir, { recursive: true });
    expect(() => open(true)).toThrow(/^open .*temp-\d+-1\.rdb: ENOENT/);
    mkdirSync(dir);
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(false);
  });
});
