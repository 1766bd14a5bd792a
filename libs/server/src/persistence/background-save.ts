/**
 * Drives a snapshot writer to a file without stalling clients: BGSAVE without fork. The writer
 * works in slices of at most SLICE_MS (then `setImmediate`, so every socket gets its turn), and
 * pauses while the file's write queue is above its high-water mark (resuming on drain), so memory
 * stays bounded when the disk is slower than the encoder. When every key is written the file is
 * committed (fsync, rename, directory fsync).
 *
 * Progress goes to the `persistence` logger: start, every PROGRESS_INTERVAL_MS the keys done out of
 * the total, and the end (keys, bytes, ms, MB/s). Never keys or values.
 *
 * Invariant: once `abort` was called nothing more is written, and the temp file is removed; `run`
 * then rejects with SaveAborted.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logger';

/** Longest stretch of snapshot work between two event-loop turns (target: < 20 ms added latency). */
const SLICE_MS = 3;
/** Keys per writer step; the clock is read once per step. */
const KEYS_PER_STEP = 32;
/** How often a running save logs its progress. */
const PROGRESS_INTERVAL_MS = 1000;

/** What the driver needs of a snapshot writer (RdbSnapshotWriter satisfies it). */
export interface SteppedWriter {
  /** Writes up to `maxKeys` more keys; true once the whole file (EOF, checksum) is out. */
  step(maxKeys: number): boolean;
  abort(): void;
  readonly bytesWritten: number;
  readonly snapshot: { readonly totalKeys: number; readonly keysEmitted: number };
}

/** What the driver needs of the file (RdbFile satisfies it). */
export interface SnapshotOutput {
  readonly congested: boolean;
  readonly error: Error | null;
  whenDrained(): Promise<void>;
  commit(): Promise<void>;
  discard(): void;
}

/** The outcome of a save, for the log line and for INFO. */
export interface SaveSummary {
  readonly keys: number;
  readonly bytes: number;
  readonly ms: number;
}

/** `run` was stopped by `abort` (FLUSHALL, SHUTDOWN): not a failure of the save itself. */
export class SaveAborted extends Error {
  constructor(reason: string) {
    super(`background save aborted: ${reason}`);
    this.name = 'SaveAborted';
  }
}

/** MB/s with two decimals, for the end-of-save log line. */
export function megabytesPerSecond(bytes: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((bytes / 1e6 / (ms / 1000)) * 100) / 100;
}

export class BackgroundSave {
  readonly startedAtMs: number;
  private abortReason: string | null = null;

  constructor(
    private readonly writer: SteppedWriter,
    private readonly output: SnapshotOutput,
    private readonly log: Logger,
  ) {
    this.startedAtMs = Date.now();
  }

  get keysProcessed(): number {
    return this.writer.snapshot.keysEmitted;
  }

  get keysTotal(): number {
    return this.writer.snapshot.totalKeys;
  }

  /** Stops the save at once: the snapshot stops tracking writes and the temp file is removed. */
  abort(reason: string): void {
    if (this.abortReason !== null) return;
    this.abortReason = reason;
    this.writer.abort();
    this.output.discard();
  }

  /** Writes the whole snapshot and commits the file; rejects with the file's error or SaveAborted. */
  async run(): Promise<SaveSummary> {
    this.log.info({ keys: this.keysTotal }, 'background saving started');
    let nextProgressMs = this.startedAtMs + PROGRESS_INTERVAL_MS;
    for (;;) {
      this.checkRunning();
      const done = this.slice();
      this.checkRunning();
      if (done) break;
      const now = Date.now();
      if (now >= nextProgressMs) {
        nextProgressMs = now + PROGRESS_INTERVAL_MS;
        this.log.info({ keysDone: this.keysProcessed, keysTotal: this.keysTotal, bytes: this.writer.bytesWritten }, 'background saving progress');
      }
      if (this.output.congested) await this.output.whenDrained();
      else await nextTurn();
    }
    await this.output.commit();
    this.checkRunning();
    return { keys: this.keysProcessed, bytes: this.writer.bytesWritten, ms: Date.now() - this.startedAtMs };
  }

  /** Throws when the save was aborted or the file failed, after cleaning up. */
  private checkRunning(): void {
    if (this.abortReason !== null) throw new SaveAborted(this.abortReason);
    const err = this.output.error;
    if (err !== null) {
      this.writer.abort();
      this.output.discard();
      throw err;
    }
  }

  /** One slice of work: steps until done, the time is up, or the file asks to pause. */
  private slice(): boolean {
    const deadline = performance.now() + SLICE_MS;
    for (;;) {
      if (this.writer.step(KEYS_PER_STEP)) return true;
      if (this.output.congested || this.output.error !== null || performance.now() >= deadline) return false;
    }
  }
}
