/**
 * The master side of replication (spec/replication.md §1.4, §1.5, §2, §3.4, §3.5, §4, §6.1–6.2):
 * what a node does for the clients that became its replicas.
 *
 * Design, in 7.0's terms:
 * - The stream: every byte the node propagates comes through `feed`. It is counted and kept in
 *   the backlog (ReplicationState), then written to each online replica, held for each replica
 *   whose snapshot has begun, and skipped for replicas still waiting for their snapshot to start
 *   (that snapshot will contain its effect).
 * - PSYNC: `state.decide` says whether the backlog can continue the replica's history (§4.2):
 *   `+CONTINUE` and the missing bytes, the replica online at once and the stream's SELECT db left
 *   alone. Otherwise a full resync: the replica joins a FullSyncJob (full-sync-job.ts), which
 *   sends `+FULLRESYNC`, the RDB and then the held bytes.
 * - ACKs: REPLCONF ACK records the highest offset and the time (replica-table.ts); WAIT and
 *   min-replicas read them; the first ACK after an EOF-framed payload starts that replica's stream.
 * - The cron (master-cron.ts) pings, times out, sends keepalive newlines and expires the backlog.
 *
 * Invariants:
 * - A replica is in the table from its PSYNC/SYNC until it is closed or dropped, in attach order.
 * - For every replica, the bytes written after its `+FULLRESYNC <id> <off>` payload (or after
 *   `+CONTINUE` and the backlog from its offset) are exactly the stream from that offset on.
 * - Bytes passed to `feed` are kept (held lists, sockets) without copying: the caller must not
 *   change them afterwards, the same rule as socket.write.
 */
import type { ReplicationState } from '@resplica/backlog';
import type { ConfigStore } from '@resplica/config';
import type { Keyspace } from '@resplica/keyspace';
import type {
  Logger,
  MasterHost,
  ReplicaAnnouncement,
  ReplicaConnection,
  ReplicaInfo,
  ReplicationCounters,
} from '../types';
import { FullSyncJob, type JobContext } from './full-sync-job';
import { MasterCron } from './master-cron';
import { PHASE, ReplicaRecord } from './replica-record';
import { ReplicaTable } from './replica-table';
import { continueLine, errorLine, GETACK_COMMAND } from './wire';

export interface ReplicationMasterOptions {
  readonly state: ReplicationState;
  readonly keyspace: Keyspace;
  readonly config: ConfigStore;
  readonly host: MasterHost;
}

export class ReplicationMaster {
  /** INFO stats: sync_full, sync_partial_ok, sync_partial_err. */
  readonly counters: ReplicationCounters = { syncFull: 0, syncPartialOk: 0, syncPartialErr: 0 };
  private readonly state: ReplicationState;
  private readonly config: ConfigStore;
  private readonly host: MasterHost;
  private readonly log: Logger;
  private readonly table = new ReplicaTable();
  private readonly jobs: FullSyncJob[] = [];
  private readonly duties: MasterCron;
  private readonly jobContext: JobContext;
  private readonly ackListeners: (() => void)[] = [];
  private ackRequest: NodeJS.Immediate | null = null;
  /**
   * The time output limits of online replicas are checked with: the last one cron/ack/keepalive
   * gave (7.0 uses its cached server.unixtime too), so feed reads no clock for them.
   */
  private clockMs: number;
  private readonly stopSizeListener: () => void;

  constructor(options: ReplicationMasterOptions) {
    this.state = options.state;
    this.config = options.config;
    this.host = options.host;
    this.log = options.host.log.child({ component: 'repl-master' });
    this.clockMs = Date.now();
    this.duties = new MasterCron(
      {
        log: this.log,
        state: this.state,
        config: this.config,
        table: this.table,
        feed: (bytes) => this.feed(bytes),
        dropReplica: (r, reason) => this.dropReplica(r, reason),
      },
      this.clockMs,
    );
    this.jobContext = {
      log: this.log,
      state: this.state,
      keyspace: options.keyspace,
      config: this.config,
      host: this.host,
      payloadSent: (r, form) => this.payloadSent(r, form),
      dropReplica: (r, reason) => this.dropReplica(r, reason),
      jobEnded: (job) => this.jobEnded(job),
    };
    this.stopSizeListener = this.config.onChange('repl-backlog-size', () =>
      this.state.setBacklogSize(this.config.num('repl-backlog-size')),
    );
  }

  /** True while there is a backlog: the node then propagates into `feed`. */
  get active(): boolean {
    return this.state.backlog !== null;
  }

  /**
   * Stream bytes (hot path: every write command). Counted and kept in the backlog, then per
   * replica: written when online, held once its snapshot began, skipped before that. A replica
   * whose output (socket + held bytes) breaks its limit is dropped after the loop.
   */
  feed(bytes: Buffer): void {
    this.state.feed(bytes);
    const list = this.table.list;
    let now = 0;
    let over: ReplicaRecord[] | null = null;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r.phase === PHASE.online) {
        r.conn.write(bytes);
        if (!r.conn.overOutputLimit(0, this.clockMs)) continue;
      } else if (r.phase !== PHASE.waitStart) {
        r.hold(bytes);
        if (now === 0) now = Date.now();
        if (!r.conn.overOutputLimit(r.heldBytes, now)) continue;
      } else {
        continue;
      }
      (over ??= []).push(r);
    }
    if (over === null) return;
    for (const r of over) {
      this.log.warn({ replica: r.name, client: r.id, heldBytes: r.heldBytes }, 'replica dropped: output buffer limit reached');
      this.dropReplica(r, 'output buffer limit reached');
    }
  }

  /** PSYNC <replid> <offset> from a client that is not yet a replica (§1.5 steps 6–9). */
  psync(conn: ReplicaConnection, a: ReplicaAnnouncement, replid: string, offset: number): void {
    if (this.refused(conn)) return;
    const decision = this.state.decide(replid, offset);
    if (decision.ok) {
      this.continueReplica(conn, a, offset);
      return;
    }
    // 7.0 counts a failed PSYNC unless the replica forced the full sync with an id starting '?'.
    if (!replid.startsWith('?')) this.counters.syncPartialErr++;
    this.logRefusal(conn, replid, offset, decision.reason);
    this.fullResync(conn, a, false);
  }

  /** Plain SYNC (pre-PSYNC replicas, redis-cli --replica): a full sync without +FULLRESYNC. */
  sync(conn: ReplicaConnection, a: ReplicaAnnouncement): void {
    if (this.refused(conn)) return;
    this.fullResync(conn, a, true);
  }

  /** REPLCONF ACK <offset>: never replies. The first ACK after an EOF payload starts the stream. */
  ack(connId: number, offset: number, nowMs: number): void {
    const r = this.table.get(connId);
    if (r === undefined) return;
    this.clockMs = nowMs;
    const grew = this.table.recordAck(r, offset, nowMs);
    if (r.phase === PHASE.awaitAck) {
      this.log.info({ replica: r.name, client: r.id, heldBytes: r.heldBytes }, 'replica acknowledged its snapshot: streaming');
      r.goOnline();
    }
    if (grew) for (const listener of this.ackListeners.slice()) listener();
  }

  /** A bare `\n` from a replica: refreshes its ACK time only (§3.5). */
  keepalive(connId: number, nowMs: number): void {
    const r = this.table.get(connId);
    if (r === undefined) return;
    this.clockMs = nowMs;
    r.ackTimeMs = nowMs;
  }

  /** The server closed a replica's connection (or saw it close). */
  replicaClosed(connId: number): void {
    const r = this.table.get(connId);
    if (r === undefined) return;
    this.log.info({ replica: r.name, client: r.id }, 'replica connection closed');
    this.forget(r);
  }

  isReplica(connId: number): boolean {
    return this.table.get(connId) !== undefined;
  }

  /** INFO replication's slaveN lines and ROLE, in attach order. */
  replicas(): ReplicaInfo[] {
    return this.table.infos();
  }

  /** WAIT: online replicas whose ACK reached `offset`. */
  countAcked(offset: number): number {
    return this.table.countAcked(offset);
  }

  /** min-replicas-to-write: online replicas that ACKed within `maxLagSec`. */
  goodReplicas(nowMs: number, maxLagSec: number): number {
    return this.table.goodReplicas(nowMs, maxLagSec);
  }

  /** WAIT blocked: one `REPLCONF GETACK *` into the stream once this event-loop turn is over. */
  requestAck(): void {
    if (this.ackRequest !== null) return;
    this.ackRequest = setImmediate(() => {
      this.ackRequest = null;
      this.feed(GETACK_COMMAND);
    });
  }

  /** Called after an ACK raised some replica's offset (WAIT re-checks its waiters). */
  onAck(listener: () => void): void {
    this.ackListeners.push(listener);
  }

  /** About ten times a second; the duties themselves run once a second (master-cron.ts). */
  cron(nowMs: number, isReplicaNode: boolean): void {
    this.clockMs = nowMs;
    this.duties.run(nowMs, isReplicaNode);
  }

  /** Closes every replica (promotion, a full sync of this node from its own master, …). */
  disconnectReplicas(reason: string): void {
    const all = this.table.list.slice();
    if (all.length > 0) this.log.info({ replicas: all.length, reason }, 'disconnecting replicas');
    for (const r of all) this.dropReplica(r, reason);
  }

  /** Aborts running snapshots and forgets every replica (the node is shutting down). */
  close(): void {
    this.stopSizeListener();
    if (this.ackRequest !== null) clearImmediate(this.ackRequest);
    this.ackRequest = null;
    for (const job of this.jobs.slice()) job.abort('master closing');
    for (const r of this.table.clear()) {
      r.forget();
      r.job = null;
    }
  }

  private refused(conn: ReplicaConnection): boolean {
    const refusal = this.host.refusePsync();
    if (refusal === null) return false;
    conn.write(errorLine(refusal));
    return true;
  }

  /** `+CONTINUE` and the backlog from `offset`: online at once, no SELECT reset (§4.2). */
  private continueReplica(conn: ReplicaConnection, a: ReplicaAnnouncement, offset: number): void {
    const r = new ReplicaRecord(conn, a, false, PHASE.online, Date.now());
    this.table.add(r);
    conn.write(continueLine(this.state.replid, a.capaPsync2));
    let bytes = 0;
    for (const chunk of this.state.backlog!.copyFrom(offset)) {
      conn.write(chunk);
      bytes += chunk.length;
    }
    this.counters.syncPartialOk++;
    this.log.info({ replica: r.name, client: r.id, offset, bytes }, 'partial resync accepted');
  }

  /** Full resync (§1.5 steps 7–9): backlog if needed, then join a waiting job or start one. */
  private fullResync(conn: ReplicaConnection, a: ReplicaAnnouncement, preSync: boolean): void {
    this.counters.syncFull++;
    if (this.state.backlog === null) {
      // 7.0: the first replica of a master without backlog starts a new history.
      if (this.table.size === 0) this.state.changeReplid();
      this.state.createBacklog();
      this.log.info({ replid: this.state.replid, offset: this.state.masterReplOffset }, 'replication backlog created');
    }
    const r = new ReplicaRecord(conn, a, preSync, PHASE.waitStart, Date.now());
    this.table.add(r);
    // Only a payload that can go diskless waits for more replicas; any other starts at once and
    // takes every replica waiting with it (7.0 starts a disk snapshot straight from SYNC).
    const delaySec = this.config.bool('repl-diskless-sync') && a.capaEof ? this.config.num('repl-diskless-sync-delay') : 0;
    let job = this.jobs.find((j) => j.phase === 'waiting');
    if (job === undefined) {
      job = new FullSyncJob(this.jobContext, delaySec * 1000);
      this.jobs.push(job);
    }
    job.add(r);
    r.job = job;
    if (delaySec === 0) job.startSoon();
    const maxWaiting = this.config.num('repl-diskless-sync-max-replicas');
    if (maxWaiting > 0 && job.members.length >= maxWaiting) job.startSoon();
    this.log.info(
      { replica: r.name, client: r.id, sync: preSync ? 'SYNC' : 'PSYNC', waiting: job.members.length, delaySec },
      'full resync: replica waits for its snapshot',
    );
  }

  /** A job put a replica's whole payload on its socket (§2.4). */
  private payloadSent(r: ReplicaRecord, form: 'eof' | 'bulk'): void {
    r.job = null;
    r.stalledSinceMs = 0;
    r.ackTimeMs = Date.now();
    if (form === 'bulk') {
      this.log.info({ replica: r.name, client: r.id, heldBytes: r.heldBytes }, 'snapshot file sent: replica online');
      r.goOnline();
    } else {
      this.log.info({ replica: r.name, client: r.id }, 'streamed snapshot sent: waiting for REPLCONF ACK');
      r.phase = PHASE.awaitAck;
    }
  }

  private jobEnded(job: FullSyncJob): void {
    const at = this.jobs.indexOf(job);
    if (at >= 0) this.jobs.splice(at, 1);
  }

  /** Forgets a replica and closes its connection. */
  private dropReplica(r: ReplicaRecord, reason: string): void {
    this.forget(r);
    if (!r.conn.closed) r.conn.close(reason);
  }

  private forget(r: ReplicaRecord): void {
    if (!this.table.remove(r)) return;
    r.forget();
    const job = r.job;
    r.job = null;
    job?.remove(r);
    if (this.table.size === 0) this.duties.lastReplicaLeft(Date.now());
  }

  private logRefusal(conn: ReplicaConnection, replid: string, offset: number, reason: string): void {
    const fields = { client: conn.id, replid, offset, reason };
    if (reason === 'forced') {
      this.log.info(fields, 'full resync requested by replica');
    } else if (reason === 'replid mismatch') {
      this.log.info(
        { ...fields, myReplid: this.state.replid, myReplid2: this.state.replid2, secondReplOffset: this.state.secondReplOffset },
        'partial resync not accepted: replication id mismatch or offset past the end of the second id',
      );
    } else {
      const backlog = this.state.backlog;
      this.log.info(
        { ...fields, backlogFirstByte: backlog?.firstByteOffset ?? null, masterReplOffset: this.state.masterReplOffset },
        'partial resync not accepted: backlog does not hold the offset',
      );
      if (offset > this.state.masterReplOffset) {
        this.log.warn(fields, 'replica asked for an offset beyond the master replication offset');
      }
    }
  }
}
