/**
 * The temp file of a disk (length-framed) full sync: `temp-repl-<pid>-<n>.rdb` in `dir`. The
 * snapshot writer hands it chunks (a ByteSink); they are written in order on libuv's thread pool,
 * one writev at a time, and the producer pauses while too much waits for the disk (`congested`,
 * `whenDrained`). The file only carries the payload to replicas, so nothing is fsynced.
 *
 * Invariants: chunks reach the file in the order given; after the first error nothing more is
 * written and `finish` rejects with it; `remove` leaves no file behind and never closes the
 * descriptor under a write in flight.
 */
import { close, closeSync, openSync, unlink, writev } from 'node:fs';
import { join } from 'node:path';
import type { ByteSink } from '@resplica/rdb';

/** Queued bytes above which the producer pauses. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Queued bytes at or below which a paused producer resumes. */
const LOW_WATER_BYTES = 256 * 1024;

export class TempRdbFile implements ByteSink {
  readonly path: string;
  /** Bytes handed to `write`: the payload length once `finish` resolved. */
  bytes = 0;
  error: Error | null = null;
  private fd: number | null;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private busy = false;
  private removed = false;
  private waiters: (() => void)[] = [];

  /** Creates the file; throws when it cannot (the job then fails before +FULLRESYNC). */
  constructor(dir: string, serial: number) {
    this.path = join(dir, `temp-repl-${process.pid}-${serial}.rdb`);
    this.fd = openSync(this.path, 'w');
  }

  get congested(): boolean {
    return this.queuedBytes > HIGH_WATER_BYTES;
  }

  write(chunk: Buffer): void {
    if (this.error !== null || this.removed) return;
    this.bytes += chunk.length;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (!this.busy) this.next();
  }

  /** Resolves once the queue is at the low-water mark, on error, or when removed. */
  whenDrained(): Promise<void> {
    if (this.queuedBytes <= LOW_WATER_BYTES || this.error !== null || this.removed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Waits for every queued byte, closes the descriptor; rejects with the first write error. */
  async finish(): Promise<void> {
    while (this.busy && this.error === null && !this.removed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.error !== null) throw this.error;
    if (this.removed) throw new Error(`${this.path} was removed`);
    const fd = this.fd!;
    this.fd = null;
    await new Promise<void>((resolve, reject) => close(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Drops the file: pending chunks are discarded and the path unlinked (once no write is in flight). */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.wake();
    if (!this.busy) this.release();
  }

  private next(): void {
    if (this.removed) {
      this.busy = false;
      this.release();
      return;
    }
    if (this.queue.length === 0 || this.error !== null) {
      this.busy = false;
      this.wake();
      return;
    }
    this.busy = true;
    const chunks = this.queue;
    this.queue = [];
    let n = 0;
    for (const c of chunks) n += c.length;
    writev(this.fd!, chunks, (err, written) => {
      this.queuedBytes -= n;
      if (this.error === null) {
        if (err) this.error = err;
        else if (written !== n) this.error = new Error(`short write to ${this.path}: ${written} of ${n} bytes`);
      }
      if (this.queuedBytes <= LOW_WATER_BYTES) this.wake();
      this.next();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Closes the descriptor if still open and unlinks the file; errors are moot at this point. */
  private release(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    unlink(this.path, () => undefined);
  }
}
