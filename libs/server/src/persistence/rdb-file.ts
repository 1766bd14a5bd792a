/**
 * A snapshot file being written. Bytes go to `temp-<pid>-<n>.rdb` in `dir`; only once every byte
 * is on disk (written, fsynced, closed) does a rename put it in place of `dir/dbfilename`, and an
 * fsync of the directory makes the rename itself durable. A crash, a kill -9 or an error at any
 * point before the rename leaves the previous file exactly as it was.
 *
 * Two ways to write: `sync` (SAVE, SHUTDOWN, FLUSHALL: the caller blocks the event loop anyway, as
 * 7.0's SAVE does) and queued (BGSAVE: writes run on libuv's thread pool, one at a time, and the
 * producer watches `congested` / `whenDrained` so an encoder faster than the disk cannot pile the
 * whole snapshot up in memory).
 *
 * With rdb-save-incremental-fsync (7.0's default) the data is fdatasynced every 4 MB, so the final
 * fsync never has to push hundreds of megabytes at once.
 *
 * Invariant: after `commit` fails or `discard` runs, no temp file of ours is left and the target
 * was not touched; the rename happens only after the data's fsync succeeded; the descriptor is
 * closed only when no write is in flight on it.
 */
import { closeSync, fdatasync, fdatasyncSync, fsync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, writev } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** 7.0's REDIS_AUTOSYNC_BYTES: with incremental fsync, the data is synced every this many bytes. */
const AUTOSYNC_BYTES = 4 * 1024 * 1024;
/** Queued bytes above which the producer must pause (BGSAVE backpressure). */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Queued bytes at or below which a paused producer resumes. */
const LOW_WATER_BYTES = 256 * 1024;

const fsyncAsync = promisify(fsync);

/** An error's message; duck-typed, since errors from another realm (test runners) fail instanceof. */
export function messageOf(cause: unknown): string {
  const message = (cause as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(cause);
}

/** A failed step of writing a snapshot file (`open`, `write`, `fsync`, `rename`, …), for the log. */
export class SnapshotFileError extends Error {
  constructor(
    readonly step: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${step} ${path}: ${messageOf(cause)}`, { cause });
    this.name = 'SnapshotFileError';
  }
}

export interface RdbFileOptions {
  /** `dir`, absolute. */
  readonly dir: string;
  /** `dbfilename`. */
  readonly filename: string;
  /** Tells this process's temp files apart (a SHUTDOWN save can start while a BGSAVE's is open). */
  readonly serial: number;
  /** Writes block (SAVE) instead of being queued (BGSAVE). */
  readonly sync: boolean;
  /** rdb-save-incremental-fsync. */
  readonly incrementalFsync: boolean;
}

/** fsync of a directory: makes a rename inside it survive a power loss. */
function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class RdbFile {
  readonly tempPath: string;
  readonly targetPath: string;
  /** Bytes handed to `write` so far. */
  bytes = 0;
  /** The first error; once set, writes are dropped and `commit` fails with it. */
  error: SnapshotFileError | null = null;
  private fd: number;
  private readonly sync: boolean;
  private readonly syncEvery: number;
  private sinceSync = 0;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  /** A write or fdatasync is running on the thread pool. */
  private busy = false;
  private discarded = false;
  private drainWaiter: (() => void) | null = null;
  private idleWaiter: (() => void) | null = null;

  /** Creates the temp file; throws SnapshotFileError('open') when it cannot. */
  constructor(options: RdbFileOptions) {
    this.tempPath = join(options.dir, `temp-${process.pid}-${options.serial}.rdb`);
    this.targetPath = join(options.dir, options.filename);
    this.sync = options.sync;
    this.syncEvery = options.incrementalFsync ? AUTOSYNC_BYTES : 0;
    try {
      this.fd = openSync(this.tempPath, 'w');
    } catch (err) {
      throw new SnapshotFileError('open', this.tempPath, err);
    }
  }

  /** True while the producer should pause: too many bytes wait for the disk. */
  get congested(): boolean {
    return this.queuedBytes > HIGH_WATER_BYTES;
  }

  /** ByteSink: takes ownership of `chunk` (the encoder hands each chunk over once). */
  write(chunk: Buffer): void {
    if (this.error !== null || this.discarded) return;
    this.bytes += chunk.length;
    if (this.sync) {
      this.writeNow(chunk);
      return;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (!this.busy) this.next();
  }

  /** Resolves once the queue is back under the low-water mark, or writing stopped (error, discard). */
  whenDrained(): Promise<void> {
    if (!this.congested || this.error !== null || this.discarded) return Promise.resolve();
    return new Promise((resolve) => (this.drainWaiter = resolve));
  }

  /** SAVE's end: fsync, close, rename over the target, fsync the directory. Throws SnapshotFileError. */
  commitSync(): void {
    this.throwIfStopped();
    try {
      fsyncSync(this.fd);
    } catch (err) {
      this.fail('fsync', err);
    }
    this.replaceTarget();
  }

  /**
   * BGSAVE's end: waits for the queued writes and fsyncs without blocking the loop; then closes,
   * renames and fsyncs the directory synchronously (metadata only, quick), so no discard can slip
   * in between the rename and its bookkeeping.
   */
  async commit(): Promise<void> {
    await this.whenIdle();
    this.throwIfStopped();
    this.busy = true;
    let fsyncError: unknown = null;
    try {
      await fsyncAsync(this.fd);
    } catch (err) {
      fsyncError = err;
    }
    this.busy = false;
    if (this.discarded) this.closeFd();
    this.throwIfStopped();
    if (fsyncError !== null) this.fail('fsync', fsyncError);
    this.replaceTarget();
  }

  /**
   * Gives up: drops queued bytes, removes the temp file and closes it (at once, or when the write
   * in flight completes). Safe to call more than once.
   */
  discard(): void {
    this.discarded = true;
    this.queue = [];
    this.queuedBytes = 0;
    try {
      unlinkSync(this.tempPath);
    } catch {
      // Already gone (removed by an earlier discard): nothing to clean up.
    }
    if (!this.busy) this.closeFd();
    this.wake();
  }

  /** Throws the first write error (or a discard), after cleaning up. */
  private throwIfStopped(): void {
    if (this.error === null && !this.discarded) return;
    const err = this.error ?? new SnapshotFileError('write', this.tempPath, new Error('discarded'));
    this.discard();
    throw err;
  }

  private fail(step: string, cause: unknown): never {
    this.error = new SnapshotFileError(step, step === 'rename' ? this.targetPath : this.tempPath, cause);
    this.discard();
    throw this.error;
  }

  /** Close, rename over the target, fsync the directory (the data is already fsynced). */
  private replaceTarget(): void {
    const fd = this.fd;
    this.fd = -1;
    try {
      closeSync(fd);
    } catch (err) {
      this.fail('close', err);
    }
    try {
      renameSync(this.tempPath, this.targetPath);
    } catch (err) {
      this.fail('rename', err);
    }
    const dir = dirname(this.targetPath);
    try {
      fsyncDirSync(dir);
    } catch (err) {
      // The rename happened: the new file is in place, only its durability is in doubt.
      throw new SnapshotFileError('fsync-dir', dir, err);
    }
  }

  /** Closing on the way out: an error here changes nothing (the file is being given up). */
  private closeFd(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      closeSync(fd);
    } catch {
      // The descriptor is released even when close reports an error.
    }
  }

  private writeNow(chunk: Buffer): void {
    try {
      let off = 0;
      while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
      this.sinceSync += chunk.length;
      if (this.syncEvery > 0 && this.sinceSync >= this.syncEvery) {
        fdatasyncSync(this.fd);
        this.sinceSync = 0;
      }
    } catch (err) {
      this.error = new SnapshotFileError('write', this.tempPath, err);
    }
  }

  /** Starts the next thread-pool operation: an incremental fdatasync when due, else one writev of everything queued. */
  private next(): void {
    if (this.syncEvery > 0 && this.sinceSync >= this.syncEvery) {
      this.busy = true;
      fdatasync(this.fd, this.afterSync);
      return;
    }
    if (this.queue.length === 0) {
      this.wake();
      return;
    }
    const batch = this.queue;
    const batchBytes = this.queuedBytes;
    this.queue = [];
    this.busy = true;
    writev(this.fd, batch, (err, written) => {
      if (err === null && written !== batchBytes) err = new Error(`short write: ${written} of ${batchBytes} bytes`);
      // A discard meanwhile already zeroed the count.
      if (!this.discarded) this.queuedBytes -= batchBytes;
      this.sinceSync += batchBytes;
      this.settle(err, 'write');
    });
  }

  private readonly afterSync = (err: NodeJS.ErrnoException | null): void => {
    this.sinceSync = 0;
    this.settle(err, 'fsync');
  };

  /** A thread-pool operation finished: record its error, honour a discard made meanwhile, or go on. */
  private settle(err: Error | null, step: string): void {
    this.busy = false;
    if (err !== null && this.error === null) this.error = new SnapshotFileError(step, this.tempPath, err);
    if (this.discarded) this.closeFd();
    if (this.discarded || this.error !== null) {
      this.wake();
      return;
    }
    if (this.queuedBytes <= LOW_WATER_BYTES) this.wakeDrain();
    this.next();
  }

  private whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => (this.idleWaiter = resolve));
  }

  private wakeDrain(): void {
    const w = this.drainWaiter;
    this.drainWaiter = null;
    if (w !== null) w();
  }

  /** Wakes a paused producer, and a commit waiting for the queue once nothing is in flight. */
  private wake(): void {
    this.wakeDrain();
    if (this.busy) return;
    const w = this.idleWaiter;
    this.idleWaiter = null;
    if (w !== null) w();
  }
}
