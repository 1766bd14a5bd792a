/**
 * One full-sync snapshot shared by the replicas that joined it (spec/replication.md §1.5 steps
 * 7–9, §2, P3, P5, P18) — what 7.0 does with a forked child, done here with a fork-less keyspace
 * snapshot driven in short slices between event-loop turns.
 *
 * Life of a job:
 * 1. `waiting`: created by the first replica that needs a full sync. It waits
 *    repl-diskless-sync-delay seconds for more replicas when the payload can go diskless (7.0's
 *    delay), else it starts at the next turn so replicas arriving in the same turn share it.
 *    Replicas join with `add`; `startSoon` cuts the wait short.
 * 2. `running`: `start` does in one synchronous step what 7.0 does at the fork: records the
 *    offset, writes `+FULLRESYNC <replid> <offset>` (not to SYNC clients), resets the stream's
 *    SELECT db and begins the snapshot. From then on every fed stream byte is held for the
 *    members (their phase is `snapshot`), so the RDB plus the held bytes is exactly the stream
 *    from that offset.
 *    - EOF form (repl-diskless-sync and every member has capa eof): `$EOF:<mark>\r\n`, the RDB
 *      written straight to every member's socket, the mark. Members then wait for their ACK.
 *    - Length form: the RDB goes to a temp file; then each member gets `$<len>\r\n` and the
 *      file, at its own pace, and goes online after the last byte. The file is removed after.
 * 3. `ended`: nothing more happens; the master forgets the job.
 *
 * Backpressure: the writer pauses while any member's socket (EOF form) or the file (length form)
 * is congested. A member that leaves (closed, output limit) is removed and the others go on; a
 * job without members aborts its snapshot.
 *
 * Invariant: once ended, the job never writes to a socket again and its temp file is gone.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ConfigStore } from '@resplica/config';
import type { ReplicationState } from '@resplica/backlog';
import { RdbSnapshotWriter, type Keyspace } from '@resplica/keyspace';
import type { ByteSink } from '@resplica/rdb';
import type { Logger, MasterHost } from '../types';
import { PHASE, type ReplicaRecord } from './replica-record';
import { sendFile } from './send-file';
import { replicationAux } from './sync-aux';
import { TempRdbFile } from './temp-rdb-file';
import { bulkHeader, eofHeader, errorLine, fullResyncLine, randomEofMark } from './wire';

/** Longest stretch of snapshot work between two event-loop turns. */
const SLICE_MS = 3;
/** Keys per writer step; the clock is read once per step. */
const KEYS_PER_STEP = 32;
const PROGRESS_INTERVAL_MS = 1000;
/** 7.0's reply to replicas whose snapshot could not be started. */
const SNAPSHOT_FAILED = "ERR BGSAVE failed, replication can't continue";

/** What a job needs from the master that owns it. */
export interface JobContext {
  readonly log: Logger;
  readonly state: ReplicationState;
  readonly keyspace: Keyspace;
  readonly config: ConfigStore;
  readonly host: MasterHost;
  /** A member's whole payload is on its socket: the master puts it online or awaits its ACK. */
  payloadSent(r: ReplicaRecord, form: 'eof' | 'bulk'): void;
  /** The job failed for this member: the master closes it. */
  dropReplica(r: ReplicaRecord, reason: string): void;
  /** The job ended (done, failed or aborted): the master forgets it. */
  jobEnded(job: FullSyncJob): void;
}

/** Tells apart the temp files of jobs of this process. */
let fileSerial = 0;

export class FullSyncJob {
  phase: 'waiting' | 'running' | 'ended' = 'waiting';
  /** The replicas this snapshot is for, in join order. */
  readonly members: ReplicaRecord[] = [];
  /** True when the payload is EOF-framed (decided at start). */
  eof = false;
  private readonly ctx: JobContext;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private writer: RdbSnapshotWriter | null = null;
  private file: TempRdbFile | null = null;
  private startedAtMs = 0;

  /** Starts after `delayMs`, or at the next turn when it is 0. */
  constructor(ctx: JobContext, delayMs: number) {
    this.ctx = ctx;
    if (delayMs > 0) this.timer = setTimeout(() => this.start(), delayMs);
    else this.startSoon();
  }

  add(r: ReplicaRecord): void {
    this.members.push(r);
  }

  /** Starts at the next turn instead of waiting out the delay. */
  startSoon(): void {
    if (this.phase !== 'waiting' || this.immediate !== null) return;
    this.immediate = setImmediate(() => this.start());
  }

  /** A member left: the others go on; without members the snapshot is abandoned. */
  remove(r: ReplicaRecord): void {
    const at = this.members.indexOf(r);
    if (at < 0) return;
    this.members.splice(at, 1);
    if (this.members.length === 0 && this.phase !== 'ended') this.abort('no replicas left');
  }

  /** Stops everything at once (no replicas left, master closing). */
  abort(reason: string): void {
    if (this.phase === 'ended') return;
    if (this.phase === 'running') this.ctx.log.info({ reason }, 'full sync snapshot aborted');
    this.writer?.abort();
    this.end();
  }

  private end(): void {
    this.phase = 'ended';
    this.clearTimers();
    this.file?.remove();
    this.ctx.jobEnded(this);
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** The fork instant: offset, +FULLRESYNC, SELECT reset and snapshot in one synchronous step. */
  private start(): void {
    this.clearTimers();
    if (this.phase !== 'waiting') return;
    const { state, host, config, log } = this.ctx;
    const members = this.members.slice();
    this.phase = 'running';
    this.eof = config.bool('repl-diskless-sync') && members.every((m) => m.capaEof);
    let sink: ByteSink;
    let mark: Buffer | null = null;
    if (this.eof) {
      mark = randomEofMark();
      sink = { write: (chunk) => this.writeToMembers(chunk) };
    } else {
      try {
        this.file = new TempRdbFile(host.dir, ++fileSerial);
      } catch (err) {
        log.warn({ err, dir: host.dir }, 'full sync snapshot could not start');
        for (const m of members) {
          m.conn.write(errorLine(SNAPSHOT_FAILED));
          this.ctx.dropReplica(m, 'snapshot failed to start');
        }
        // Dropping the last member has ended the job already.
        if (this.phase === 'running') this.end();
        return;
      }
      sink = this.file;
    }
    const offset = state.masterReplOffset;
    const replid = state.replid;
    const resync = fullResyncLine(replid, offset);
    for (const m of members) {
      m.phase = PHASE.snapshot;
      if (!m.preSync) m.conn.write(resync);
      if (mark !== null) m.conn.write(eofHeader(mark));
    }
    // A write may have closed the last member, which aborts the job.
    if (this.phase !== 'running') return;
    host.resetStreamDb();
    const aux = replicationAux(host.baseAux(), host.streamDb(), replid, offset);
    this.startedAtMs = Date.now();
    this.writer = new RdbSnapshotWriter(this.ctx.keyspace, sink, { aux, compression: config.bool('rdbcompression') });
    if (this.phase !== 'running') {
      this.writer.abort();
      return;
    }
    log.info(
      { replicas: members.map((m) => m.name), offset, form: this.eof ? 'eof' : 'disk', keys: this.writer.snapshot.totalKeys },
      'full sync snapshot started',
    );
    void this.run(mark);
  }

  /** EOF form sink: every chunk to every member; a congested socket marks its member stalled. */
  private writeToMembers(chunk: Buffer): void {
    // A copy: a write may close its member, which leaves the list.
    for (const m of this.members.slice()) {
      if (!m.conn.write(chunk) && m.stalledSinceMs === 0) m.stalledSinceMs = Date.now();
    }
  }

  private async run(mark: Buffer | null): Promise<void> {
    const writer = this.writer!;
    try {
      let nextProgressMs = this.startedAtMs + PROGRESS_INTERVAL_MS;
      while (!this.slice(writer)) {
        const now = Date.now();
        if (now >= nextProgressMs) {
          nextProgressMs = now + PROGRESS_INTERVAL_MS;
          this.ctx.log.info(
            { keysDone: writer.snapshot.keysEmitted, keysTotal: writer.snapshot.totalKeys, bytes: writer.bytesWritten },
            'full sync snapshot progress',
          );
        }
        await this.pause();
        if (this.phase !== 'running') return;
      }
      if (this.file !== null) await this.file.finish();
      if (this.phase !== 'running') return;
      this.ctx.log.info(
        { keys: writer.snapshot.keysEmitted, bytes: writer.bytesWritten, ms: Date.now() - this.startedAtMs },
        'full sync snapshot done',
      );
      if (mark !== null) this.finishEof(mark);
      else await this.sendBulk(this.file!);
    } catch (err) {
      if (this.phase !== 'running') return;
      this.ctx.log.error({ err }, 'full sync snapshot failed');
      writer.abort();
      for (const m of this.members.slice()) this.ctx.dropReplica(m, 'full sync snapshot failed');
      if (this.phase === 'running') this.end();
    }
  }

  /** One slice of work: steps until done, the time is up, or the output asks to pause. */
  private slice(writer: RdbSnapshotWriter): boolean {
    const deadline = performance.now() + SLICE_MS;
    for (;;) {
      if (writer.step(KEYS_PER_STEP)) return true;
      if (this.congested() || performance.now() >= deadline) return false;
    }
  }

  private congested(): boolean {
    if (this.file !== null) return this.file.congested;
    for (const m of this.members) if (m.stalledSinceMs !== 0) return true;
    return false;
  }

  /** Yields one turn, or waits until the congested outputs drained. */
  private async pause(): Promise<void> {
    if (this.file !== null) {
      if (this.file.congested) await this.file.whenDrained();
      else await nextTurn();
      return;
    }
    const stalled = this.members.filter((m) => m.stalledSinceMs !== 0);
    if (stalled.length === 0) {
      await nextTurn();
      return;
    }
    await Promise.all(stalled.map((m) => m.conn.whenDrained()));
    for (const m of stalled) m.stalledSinceMs = 0;
  }

  /** EOF form: the mark after the RDB, then each member waits for its first ACK (P3). */
  private finishEof(mark: Buffer): void {
    for (const m of this.members.slice()) {
      m.stalledSinceMs = 0;
      m.conn.write(mark);
      // The write may have closed it (and, for the last member, ended the job).
      if (!m.conn.closed) this.ctx.payloadSent(m, 'eof');
    }
    if (this.phase === 'running') this.end();
  }

  /** Length form: `$<len>\r\n` and the file to every member, each at its own pace. */
  private async sendBulk(file: TempRdbFile): Promise<void> {
    const length = file.bytes;
    const header = bulkHeader(length);
    await Promise.all(
      this.members.slice().map(async (m) => {
        m.phase = PHASE.sendBulk;
        m.conn.write(header);
        const stopped = (): boolean => this.phase !== 'running' || !this.members.includes(m);
        try {
          if (await sendFile(file.path, length, m, stopped)) this.ctx.payloadSent(m, 'bulk');
        } catch (err) {
          if (stopped()) return;
          this.ctx.log.error({ err, replica: m.name }, 'sending the full sync file failed');
          this.ctx.dropReplica(m, 'sending the full sync file failed');
        }
      }),
    );
    if (this.phase === 'running') this.end();
  }
}
