/**
 * ReplicaLink: this node's connection to its master (spec/replication.md §1–§3, §5, §7).
 *
 * Protocol. A connection goes through the ROLE states connect → connecting → handshake → sync →
 * connected. The handshake (handshake.ts) ends in one of three ways: `+CONTINUE` (partial resync:
 * the stream follows the reply line at once), `+FULLRESYNC <replid> <offset>` (a payload follows:
 * `$<len>` or `$EOF:<mark>`, then the stream), or a refusal (retry 1 s later; an unexplained one
 * makes us ask with the old `SYNC`). Every byte that follows a line in the same read is kept (one
 * input buffer, line-input.ts): the payload and the stream can share a segment with the reply.
 *
 * Offsets. The stream's offsets are the master's: byte N after the snapshot point has offset N.
 * `reploff` (stream-applier.ts) counts the bytes of the commands fully applied, never mid-command
 * and never inside the master's MULTI. The applied bytes go to host.applied(), which feeds them to
 * `state` and our sub-replicas, so between reads state.masterReplOffset is reploff. A full sync
 * adopts the master's replid and offset only once the payload is loaded; a `+CONTINUE <newid>`
 * shifts ids (§5). The first PSYNC asks `<state.replid> <state.masterReplOffset + 1>` when the
 * options say there is a cached master, and every reconnect after a link that was up does too:
 * bytes not applied when the link dropped (a half transaction) are simply asked for again.
 * A full sync in progress forgets the cached master (as 7.0 does on +FULLRESYNC), and so does a
 * desynchronised stream: the next request is then `PSYNC ? -1`.
 *
 * Invariants: at most one socket; every event of an older socket is ignored; a load in progress
 * is either committed or discarded; after stop() nothing reconnects.
 */
import type { Socket } from 'node:net';
import { randomReplid, type ReplicationState } from '@resplica/backlog';
import type { LinkStatus, LoadTarget, Logger, ReplicaHost } from '../types';
import { ReplicaLinkError } from './errors';
import { Handshake, type HandshakeStep } from './handshake';
import { LineInput } from './line-input';
import { LinkTimers } from './link-timers';
import { PayloadReader, parsePayloadHeader } from './payload-reader';
import { StreamApplier } from './stream-applier';
import { NEWLINE, SYNC, ackCommand, handshakeBatch } from './wire';

export interface ReplicaLinkOptions {
  host: ReplicaHost;
  state: ReplicationState;
  /** Opens a TCP connection (net.connect); injected so the lib opens no sockets itself. */
  connect: (host: string, port: number) => Socket;
  masterHost: string;
  masterPort: number;
  /**
   * true: the first PSYNC is `PSYNC <state.replid> <state.masterReplOffset+1>` (a demoted master, a
   * replica restarted from its own RDB, any reconnect); false: `PSYNC ? -1`.
   */
  cachedMaster: boolean;
}

const RECONNECT_DELAY_MS = 1000;

/** Where the link is; 'header' and 'payload' are both ROLE's `sync`, 'stream' is `connected`. */
type Phase = 'connect' | 'connecting' | 'handshake' | 'header' | 'payload' | 'stream' | 'stopped';

const ROLE_STATE: Record<Phase, LinkStatus['state']> = {
  connect: 'connect',
  connecting: 'connecting',
  handshake: 'handshake',
  header: 'sync',
  payload: 'sync',
  stream: 'connected',
  stopped: 'connect',
};

/** A full sync being received: what +FULLRESYNC announced (replid null: no usable id, e.g. SYNC). */
interface FullSync {
  readonly replid: string | null;
  readonly offset: number;
  readonly startMs: number;
  target: LoadTarget | null;
  reader: PayloadReader | null;
}

function secondsSince(nowMs: number, thenMs: number): number {
  return Math.max(0, Math.floor((nowMs - thenMs) / 1000));
}

/** repl-stream-db from the payload's AUX fields: the db the stream continues in (§3.3), else 0. */
function streamDbOf(aux: ReadonlyMap<string, Buffer>): number {
  const value = aux.get('repl-stream-db');
  if (value === undefined) return 0;
  const db = Number(value.toString('latin1'));
  return Number.isInteger(db) && db >= 0 ? db : 0;
}

export class ReplicaLink {
  private readonly host: ReplicaHost;
  private readonly state: ReplicationState;
  private readonly connectFn: (host: string, port: number) => Socket;
  private readonly masterHost: string;
  private readonly masterPort: number;
  private readonly log: Logger;
  /** The next PSYNC names our replid and offset (else `? -1`). */
  private cachedMaster: boolean;
  /** INFO shows our offsets while disconnected (else 1 and 1, 7.0's "no master state"). */
  private hasMasterState: boolean;
  private phase: Phase = 'connect';
  private stopped = false;
  private socket: Socket | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private input = new LineInput();
  private handshake: Handshake | null = null;
  private sync: FullSync | null = null;
  private applier: StreamApplier | null = null;
  /** The master only accepted SYNC: it expects no periodic ACKs and names no history. */
  private prePsync = false;
  private timers = new LinkTimers(Date.now());
  /** When a link that was up went down; null when it never was up since we became a replica. */
  private linkDownSinceMs: number | null = null;

  constructor(options: ReplicaLinkOptions) {
    this.host = options.host;
    this.state = options.state;
    this.connectFn = options.connect;
    this.masterHost = options.masterHost;
    this.masterPort = options.masterPort;
    this.cachedMaster = options.cachedMaster;
    this.hasMasterState = options.cachedMaster;
    this.log = options.host.log.child({ component: 'replica-link', master: `${options.masterHost}:${options.masterPort}` });
  }

  /** Connects now; after a lost link reconnects at once, after a failed attempt 1 s later, until stop(). */
  start(): void {
    if (this.stopped || this.socket !== null) return;
    this.clearRetry();
    this.connectNow();
  }

  /**
   * Ends the link for good (REPLICAOF NO ONE, another master): closes the socket, discards a load
   * in progress and a half-received transaction, and never reconnects.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearRetry();
    this.drop('replication stopped');
    this.phase = 'stopped';
  }

  get linkUp(): boolean {
    return this.phase === 'stream';
  }

  /** The link as INFO replication and ROLE show it (§7.2). */
  get status(): LinkStatus {
    const now = Date.now();
    const live = this.applier !== null && this.phase === 'stream';
    const syncing = this.phase === 'header' || this.phase === 'payload';
    const cachedOffset = this.hasMasterState ? this.state.masterReplOffset : 1;
    const reader = this.sync?.reader ?? null;
    return {
      host: this.masterHost,
      port: this.masterPort,
      state: ROLE_STATE[this.phase],
      lastIoSecondsAgo: live ? secondsSince(now, this.timers.lastIoMs) : -1,
      syncInProgress: syncing,
      readReplOffset: live ? this.applier!.readOffset : cachedOffset,
      replOffset: live ? this.applier!.offset : cachedOffset,
      syncTotalBytes: syncing && reader !== null ? reader.totalBytes : 0,
      syncReadBytes: syncing && reader !== null ? reader.readBytes : 0,
      syncLastIoSecondsAgo: syncing ? secondsSince(now, this.timers.lastIoMs) : 0,
      linkDownSinceSeconds: this.linkDownSinceMs === null ? -1 : secondsSince(now, this.linkDownSinceMs),
    };
  }

  /** Called ~10×/s: repl-timeout, the 1 s ACK, the load keepalive and the sync progress log. */
  cron(nowMs: number): void {
    if (this.socket === null) return;
    if (this.timers.timedOut(nowMs, this.host.replTimeoutSec())) {
      this.drop(this.phase === 'stream' ? 'MASTER timeout: no data nor PING received' : `timeout in state ${this.phase}`);
      return;
    }
    if (this.phase === 'stream') {
      if (!this.prePsync && this.timers.ackDue(nowMs)) this.sendAck(this.applier!.offset, nowMs);
    } else if (this.phase === 'payload') {
      if (this.timers.newlineDue(nowMs)) this.socket.write(NEWLINE);
      if (this.timers.progressDue(nowMs)) {
        const sync = this.sync!;
        this.log.info({ bytes: sync.reader!.readBytes, keys: sync.target!.keysLoaded }, 'full sync in progress');
      }
    }
  }

  private connectNow(): void {
    this.retryTimer = null;
    this.phase = 'connecting';
    this.timers = new LinkTimers(Date.now());
    this.input = new LineInput();
    this.log.info({}, 'connecting to master');
    let socket: Socket;
    try {
      socket = this.connectFn(this.masterHost, this.masterPort);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cannot connect to master');
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.onConnect(socket));
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (err: Error) => this.onGone(socket, `error: ${err.message}`));
    socket.on('close', () => this.onGone(socket, 'connection closed'));
  }

  private onConnect(socket: Socket): void {
    if (socket !== this.socket) return;
    this.phase = 'handshake';
    this.timers.lastIoMs = Date.now();
    const auth = this.host.masterAuth();
    const batch = handshakeBatch({
      user: auth.user,
      password: auth.password,
      announcePort: this.host.announcePort(),
      announceIp: this.host.announceIp(),
    });
    const psync = this.cachedMaster ? { replid: this.state.replid, offset: this.state.masterReplOffset + 1 } : null;
    this.handshake = new Handshake(batch, psync, this.log);
    socket.write(this.handshake.start());
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.timers.lastIoMs = Date.now();
    try {
      switch (this.phase) {
        case 'stream':
          this.applier!.push(chunk);
          return;
        case 'payload':
          this.feedPayload(chunk);
          return;
        default:
          this.input.push(chunk);
          this.readLines(socket);
      }
    } catch (err) {
      if (socket !== this.socket) return;
      if (err instanceof ReplicaLinkError) this.drop(err.message, err.desync);
      else this.drop(`error: ${(err as Error).message}`);
    }
  }

  private onGone(socket: Socket, reason: string): void {
    if (socket === this.socket) this.drop(reason);
  }

  /** Reads reply and header lines for as long as the link is in a line phase. */
  private readLines(socket: Socket): void {
    while (socket === this.socket && (this.phase === 'handshake' || this.phase === 'header')) {
      const line = this.input.line();
      if (line === null) return;
      if (this.phase === 'handshake') this.onHandshakeStep(socket, this.handshake!.onLine(line));
      else this.onHeaderLine(line);
    }
  }

  private onHandshakeStep(socket: Socket, step: HandshakeStep): void {
    switch (step.kind) {
      case 'wait':
        return;
      case 'send':
        socket.write(step.bytes);
        return;
      case 'fail':
        this.drop(step.reason);
        return;
      case 'full':
        this.log.info({ replid: step.replid, offset: step.offset }, 'master accepted a full resync');
        this.beginFullSync(step.replid, step.offset);
        return;
      case 'sync':
        this.log.warn({ reply: step.reply }, 'master refused PSYNC: falling back to SYNC (no replication id, offsets from 0)');
        socket.write(SYNC);
        this.prePsync = true;
        this.beginFullSync(null, 0);
        return;
      case 'continue':
        this.continueSync(step.replid);
    }
  }

  /** +FULLRESYNC or SYNC: the cached master is forgotten, a payload header comes next. */
  private beginFullSync(replid: string | null, offset: number): void {
    this.cachedMaster = false;
    this.hasMasterState = false;
    this.sync = { replid, offset, startMs: Date.now(), target: null, reader: null };
    this.phase = 'header';
  }

  private onHeaderLine(line: string): void {
    // Newlines while a disk snapshot is being written (§2.1).
    if (line === '') return;
    if (line.startsWith('-')) throw new ReplicaLinkError(`master aborted the full sync: ${line}`);
    if (!line.startsWith('$')) throw new ReplicaLinkError(`bad reply instead of the full-sync payload: '${line}'`);
    const header = parsePayloadHeader(line);
    const sync = this.sync!;
    sync.target = this.host.beginLoad();
    sync.reader = new PayloadReader(header, sync.target.handler);
    this.phase = 'payload';
    this.log.info(
      { framing: header.framing, size: header.framing === 'length' ? header.length : null },
      'full sync: receiving the payload',
    );
    this.feedPayload(this.input.take());
  }

  /** Payload bytes (possibly none); the bytes after the payload start the stream. */
  private feedPayload(bytes: Buffer): void {
    const used = this.sync!.reader!.push(bytes);
    if (!this.sync!.reader!.done) return;
    const socket = this.socket;
    this.finishFullSync();
    if (used < bytes.length && this.socket === socket && this.phase === 'stream') {
      this.applier!.push(bytes.subarray(used));
    }
  }

  /** The payload is loaded: swap it in, adopt the master's history, start the stream (§2.3). */
  private finishFullSync(): void {
    const sync = this.sync!;
    const target = sync.target!;
    const reader = sync.reader!;
    const keys = target.keysLoaded;
    const aux = target.commit();
    sync.target = null;
    const replid = sync.replid ?? randomReplid();
    this.state.adoptFullSync(replid, sync.offset);
    this.host.selectDb(streamDbOf(aux));
    this.host.fullSyncDone();
    const now = Date.now();
    // A master holds the stream after an EOF-framed payload until this ACK (P4).
    if (reader.eofFramed) this.sendAck(sync.offset, now);
    this.log.info({ keys, bytes: reader.readBytes, ms: now - sync.startMs }, 'full sync finished');
    this.sync = null;
    this.enterStream('full', sync.offset);
  }

  /** +CONTINUE: the stream follows the reply line, maybe in the same read (§5). */
  private continueSync(replid: string | null): void {
    const state = this.state;
    if (replid !== null && replid !== state.replid) {
      this.log.info({ replid, previous: state.replid, offset: state.masterReplOffset }, 'master replication id changed');
      state.shiftReplid(replid);
      this.host.replidChanged();
    }
    // A replica restarted from its own RDB may have no backlog yet.
    if (state.backlog === null) state.createBacklog();
    const rest = this.input.take();
    this.log.info({ offset: state.masterReplOffset, bytes: rest.length }, 'partial resync accepted');
    const socket = this.socket;
    this.enterStream('partial', state.masterReplOffset);
    if (rest.length > 0 && this.socket === socket && this.phase === 'stream') this.applier!.push(rest);
  }

  private enterStream(kind: 'full' | 'partial', offset: number): void {
    this.phase = 'stream';
    this.handshake = null;
    this.applier = new StreamApplier(this.host, offset, (reploff) => this.sendAck(reploff, Date.now()));
    this.timers.acked(Date.now());
    this.linkDownSinceMs = null;
    this.hasMasterState = !this.prePsync;
    this.cachedMaster = !this.prePsync;
    this.host.linkUp(kind);
  }

  private sendAck(offset: number, nowMs: number): void {
    this.socket?.write(ackCommand(offset));
    this.timers.acked(nowMs);
  }

  /**
   * Closes the current connection (no-op without one): a load in progress is discarded, a half
   * transaction forgotten, and unless stopped a reconnect is scheduled.
   */
  private drop(reason: string, desync = false): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    socket.destroy();
    const wasUp = this.phase === 'stream';
    this.applier?.close();
    this.applier = null;
    this.handshake = null;
    this.input = new LineInput();
    const target = this.sync?.target ?? null;
    this.sync = null;
    if (target !== null) {
      target.discard();
      this.log.warn({ reason }, 'full sync aborted: loaded data discarded');
    }
    if (wasUp) {
      // Bytes of a half transaction were never applied: the next PSYNC asks for them again.
      if (this.host.inTransaction()) this.host.discardTransaction();
      this.linkDownSinceMs = Date.now();
      this.host.linkDown(reason);
    }
    if (desync) {
      this.cachedMaster = false;
      this.hasMasterState = false;
    }
    this.prePsync = false;
    const level = desync ? 'warn' : 'info';
    this.log[level]({ reason, state: this.phase }, wasUp ? 'link with master lost' : 'connection with master failed');
    this.phase = 'connect';
    // As 7.0: a link that was up reconnects at once (waiting risks the backlog moving past our
    // offset); a failed attempt waits before the next.
    this.scheduleRetry(wasUp ? 0 : RECONNECT_DELAY_MS);
  }

  private scheduleRetry(delayMs = RECONNECT_DELAY_MS): void {
    this.phase = 'connect';
    this.clearRetry();
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => this.connectNow(), delayMs);
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
