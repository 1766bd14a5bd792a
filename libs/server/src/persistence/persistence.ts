/**
 * The node's snapshots: SAVE (synchronous), BGSAVE (sliced, see background-save.ts), the `save`
 * rules the cron applies, the final save of SHUTDOWN and of the signals, FLUSHALL's save, loading
 * the file at start-up, and the numbers INFO persistence prints. Redis 7.0's rdb.c and serverCron
 * are the reference for every rule and log line here.
 *
 * "Changes since the last save" is `keyspace.dirty - dirtyAtLastSave`: the keyspace's counter only
 * ever grows (the dispatcher compares it before and after each command to decide what to propagate),
 * so a save moves the baseline instead of zeroing the counter — to the value the counter had when
 * the snapshot began, as 7.0 subtracts dirty_before_bgsave.
 *
 * Invariant: at most one snapshot writes at a time; a synchronous save first aborts a background
 * one (as 7.0 kills its child), and SAVE/BGSAVE refuse while a background save runs.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { saveParams, type ConfigStore, type SavePoint } from '@resplica/config';
import { RdbSnapshotWriter, type Keyspace } from '@resplica/keyspace';
import type { AuxField } from '@resplica/rdb';
import { REDIS_VERSION } from '../commands/info-sections';
import type { PersistenceStatus } from '../contracts';
import type { Logger } from '../logger';
import { BackgroundSave, megabytesPerSecond, SaveAborted } from './background-save';
import { loadRdbFile } from './load';
import { messageOf, RdbFile } from './rdb-file';
import { dueSavePoint, retryDelayPending, type SaveRuleState } from './save-rules';

/** Keys per writer step in a synchronous save (nothing else runs meanwhile: only the call cost matters). */
const SYNC_STEP_KEYS = 4096;

/** SHUTDOWN's options (and the shutdown-on-sigterm / shutdown-on-sigint values). */
export interface ShutdownFlags {
  readonly save: boolean;
  readonly nosave: boolean;
  readonly force: boolean;
}

/** The flags a signal stands for, from shutdown-on-sigterm / shutdown-on-sigint (`default`, `save`, …). */
export function shutdownFlagsForSignal(setting: string): ShutdownFlags {
  return { save: setting === 'save', nosave: setting === 'nosave', force: setting === 'force' };
}

/** BGSAVE's outcomes, one per reply 7.0 gives. */
export type BgsaveStart = 'started' | 'in-progress' | 'scheduled';

export interface PersistenceOptions {
  readonly config: ConfigStore;
  readonly keyspace: Keyspace;
  /** The `persistence` logger. */
  readonly log: Logger;
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

export class Persistence implements PersistenceStatus, SaveRuleState {
  loading = false;
  loadingStartSec = 0;
  loadingTotalBytes = 0;
  loadingLoadedBytes = 0;
  loadingRdbUsedMem = 0;
  lastSaveSec: number;
  lastBgsaveOk = true;
  lastBgsaveTimeSec = -1;
  saves = 0;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** When the last background save was started (unix s); 0 if never. */
  lastBgsaveTrySec = 0;
  private readonly config: ConfigStore;
  private readonly keyspace: Keyspace;
  private readonly log: Logger;
  private savePoints: SavePoint[];
  private stopWritesOnError: boolean;
  private dirtyAtLastSave: number;
  private running: BackgroundSave | null = null;
  /** A BGSAVE asked for inside EXEC: the cron starts it (7.0's rdb_bgsave_scheduled). */
  private bgsaveScheduled = false;
  /** Numbers temp files, so a SHUTDOWN save never shares a name with the BGSAVE it aborts. */
  private fileSerial = 0;

  /** repl-stream-db, repl-id, repl-offset for the files we write (NodeReplication sets it). */
  replicationAux: () => AuxField[] = () => [];

  constructor(options: PersistenceOptions) {
    this.config = options.config;
    this.keyspace = options.keyspace;
    this.log = options.log;
    // As 7.0 at start-up: the dataset counts as saved now.
    this.lastSaveSec = nowSec();
    this.dirtyAtLastSave = this.keyspace.dirty;
    this.savePoints = saveParams(this.config.str('save'));
    this.stopWritesOnError = this.config.bool('stop-writes-on-bgsave-error');
    this.config.onChange('save', () => (this.savePoints = saveParams(this.config.str('save'))));
    this.config.onChange('stop-writes-on-bgsave-error', () => (this.stopWritesOnError = this.config.bool('stop-writes-on-bgsave-error')));
  }

  // ---- INFO persistence ----------------------------------------------------------------------

  get changesSinceSave(): number {
    return this.keyspace.dirty - this.dirtyAtLastSave;
  }

  get bgsaveInProgress(): boolean {
    return this.running !== null;
  }

  get bgsaveStartSec(): number {
    return this.running === null ? 0 : Math.floor(this.running.startedAtMs / 1000);
  }

  get currentSaveKeysProcessed(): number {
    return this.running === null ? 0 : this.running.keysProcessed;
  }

  get currentSaveKeysTotal(): number {
    return this.running === null ? 0 : this.running.keysTotal;
  }

  /**
   * 7.0's MISCONF condition: with stop-writes-on-bgsave-error and save rules set, the last
   * background save failed, so writes (and PING) are refused until a save succeeds.
   */
  get writesRefused(): boolean {
    return !this.lastBgsaveOk && this.stopWritesOnError && this.savePoints.length > 0;
  }

  // ---- files ---------------------------------------------------------------------------------

  /** `dir` as an absolute path ('' is the working directory). */
  get dir(): string {
    const dir = this.config.str('dir');
    return dir === '' ? process.cwd() : isAbsolute(dir) ? dir : resolve(dir);
  }

  private get filePath(): string {
    return join(this.dir, this.config.str('dbfilename'));
  }

  /** Start-up check, as 7.0 refuses to start when it cannot chdir to `dir`. */
  checkDir(): void {
    const dir = this.dir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`Can't use dir '${dir}': not an existing directory`);
  }

  // ---- saving --------------------------------------------------------------------------------

  /**
   * A synchronous save (SAVE, SHUTDOWN, FLUSHALL): the whole snapshot is written before this
   * returns. True on success; a failure is logged and leaves the previous file in place.
   */
  saveSync(): boolean {
    const started = Date.now();
    const dirtyAtStart = this.keyspace.dirty;
    let file: RdbFile | null = null;
    let writer: RdbSnapshotWriter | null = null;
    try {
      file = this.openFile(true);
      writer = this.startWriter(file);
      while (!writer.step(SYNC_STEP_KEYS)) {
        if (file.error !== null) break;
      }
      file.commitSync();
    } catch (err) {
      writer?.abort();
      file?.discard();
      this.log.warn({ err: messageOf(err) }, 'write error saving DB on disk');
      return false;
    }
    const ms = Date.now() - started;
    this.saved(dirtyAtStart);
    this.log.info({ keys: writer.snapshot.keysEmitted, bytes: file.bytes, ms, mbPerSec: megabytesPerSecond(file.bytes, ms) }, 'DB saved on disk');
    return true;
  }

  /** SAVE: counted in rdb_saves; refused by the caller while a background save runs. */
  saveCommand(): boolean {
    this.saves++;
    return this.saveSync();
  }

  /**
   * BGSAVE (and the cron): starts a background save unless one runs. Inside EXEC it is only
   * scheduled, as 7.0 does, so the snapshot never catches a transaction half applied.
   */
  bgsaveCommand(insideExec: boolean): BgsaveStart {
    if (this.running !== null) return 'in-progress';
    if (insideExec) {
      this.bgsaveScheduled = true;
      return 'scheduled';
    }
    this.startBackgroundSave(nowSec());
    return 'started';
  }

  /** Stops a running background save (FLUSHALL, SHUTDOWN); its temp file is removed. */
  abortBackgroundSave(reason: string): void {
    const save = this.running;
    if (save === null) return;
    this.log.warn({ reason }, 'background save in progress: aborting it');
    this.running = null;
    save.abort(reason);
  }

  /** FLUSHALL with save rules saves the (now empty) dataset at once, as 7.0 does. */
  afterFlushAll(): void {
    if (this.savePoints.length > 0) this.saveSync();
  }

  /**
   * SHUTDOWN's and the signals' save, 7.0's finishShutdown: aborts a running background save,
   * then saves when asked to, or when save rules exist and NOSAVE was not given. False when that
   * save failed without FORCE: the node must keep running. While loading nothing is saved (the
   * dataset is incomplete).
   */
  finalSave(flags: ShutdownFlags): boolean {
    this.abortBackgroundSave('shutdown');
    if (this.loading) return true;
    if (!(flags.save || (this.savePoints.length > 0 && !flags.nosave))) return true;
    this.log.info({}, 'saving the final RDB snapshot before exiting');
    if (this.saveSync()) return true;
    if (flags.force) {
      this.log.warn({}, 'error trying to save the DB, exiting anyway (FORCE)');
      return true;
    }
    this.log.warn({}, "error trying to save the DB, can't exit");
    return false;
  }

  /** The cron: the save rules, then a scheduled BGSAVE (7.0's serverCron order). */
  cron(nowMs: number): void {
    if (this.loading || this.running !== null) return;
    const now = Math.floor(nowMs / 1000);
    const due = dueSavePoint(this.savePoints, this, now);
    if (due !== null) {
      this.log.info({ changes: due.changes, seconds: due.seconds }, `${due.changes} changes in ${due.seconds} seconds. Saving...`);
      this.startBackgroundSave(now);
      return;
    }
    if (this.bgsaveScheduled && !retryDelayPending(this, now)) {
      this.bgsaveScheduled = false;
      this.startBackgroundSave(now);
    }
  }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * Loads `dir/dbfilename` when it exists, with `loading` set meanwhile. Rejects (the caller stops
   * the node) on an unreadable, truncated or corrupt file; the file itself is only ever read.
   */
  async loadAtStart(dropExpired: boolean): Promise<ReadonlyMap<string, Buffer> | null> {
    const path = this.filePath;
    if (!existsSync(path)) return null;
    this.loading = true;
    this.loadingStartSec = nowSec();
    this.loadingLoadedBytes = 0;
    this.loadingRdbUsedMem = 0;
    let result: Awaited<ReturnType<typeof loadRdbFile>>;
    try {
      result = await loadRdbFile(path, this.keyspace, {
        log: this.log,
        verifyChecksum: this.config.bool('rdbchecksum'),
        dropExpired,
        onStart: (totalBytes) => (this.loadingTotalBytes = totalBytes),
        onProgress: (loadedBytes, rdbUsedMem) => {
          this.loadingLoadedBytes = loadedBytes;
          this.loadingRdbUsedMem = rdbUsedMem;
        },
      });
    } finally {
      this.loading = false;
    }
    this.lastLoadKeysLoaded = result.keysLoaded;
    this.lastLoadKeysExpired = result.keysExpired;
    // Loading is not a change: the dataset equals the file.
    this.dirtyAtLastSave = this.keyspace.dirty;
    return result.aux;
  }

  // ---- internals -----------------------------------------------------------------------------

  private openFile(sync: boolean): RdbFile {
    return new RdbFile({
      dir: this.dir,
      filename: this.config.str('dbfilename'),
      serial: ++this.fileSerial,
      sync,
      incrementalFsync: this.config.bool('rdb-save-incremental-fsync'),
    });
  }

  /** The AUX fields 7.0 writes before the replication ones: version, bits, ctime, used-mem. */
  baseAux(): AuxField[] {
    const m = process.memoryUsage();
    return [
      ['redis-ver', REDIS_VERSION],
      ['redis-bits', 64],
      ['ctime', nowSec()],
      ['used-mem', m.heapUsed + m.external],
    ];
  }

  /** A file's AUX fields in 7.0's order: base, replication info when there is any, aof-base. */
  private auxFields(): AuxField[] {
    return [...this.baseAux(), ...this.replicationAux(), ['aof-base', 0]];
  }

  /** Begins the snapshot (this instant is the one the file shows) and writes the header. */
  private startWriter(file: RdbFile): RdbSnapshotWriter {
    return new RdbSnapshotWriter(this.keyspace, file, { aux: this.auxFields(), compression: this.config.bool('rdbcompression') });
  }

  /** A save that began when dirty was `dirtyAtStart` succeeded. */
  private saved(dirtyAtStart: number): void {
    this.dirtyAtLastSave = dirtyAtStart;
    this.lastSaveSec = nowSec();
    this.lastBgsaveOk = true;
  }

  /** rdbSaveBackground at `now` (unix s): counted, remembered as the last try, then run to its end. */
  private startBackgroundSave(now: number): void {
    this.saves++;
    this.lastBgsaveTrySec = now;
    const dirtyAtStart = this.keyspace.dirty;
    let file: RdbFile;
    try {
      file = this.openFile(false);
    } catch (err) {
      this.backgroundSaveFailed(Date.now(), err);
      return;
    }
    const save = new BackgroundSave(this.startWriter(file), file, this.log);
    this.running = save;
    save.run().then(
      (summary) => {
        if (this.running === save) this.running = null;
        this.lastBgsaveTimeSec = nowSec() - Math.floor(save.startedAtMs / 1000);
        this.saved(dirtyAtStart);
        this.log.info({ ...summary, mbPerSec: megabytesPerSecond(summary.bytes, summary.ms) }, 'background saving terminated with success');
      },
      (err: unknown) => {
        if (this.running === save) this.running = null;
        if (err instanceof SaveAborted) {
          this.lastBgsaveTimeSec = nowSec() - Math.floor(save.startedAtMs / 1000);
          this.log.warn({ reason: err.message }, 'background saving aborted');
          return;
        }
        this.backgroundSaveFailed(save.startedAtMs, err);
      },
    );
  }

  private backgroundSaveFailed(startedAtMs: number, err: unknown): void {
    this.lastBgsaveTimeSec = nowSec() - Math.floor(startedAtMs / 1000);
    this.lastBgsaveOk = false;
    this.log.warn({ err: messageOf(err) }, 'background saving error');
  }
}
