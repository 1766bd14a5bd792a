/**
 * One client connection: its socket, request parser, reply writer, keyspace context, and the state
 * the central checks read (auth, MULTI queue, WATCHed keys, pub/sub, reply mode).
 *
 * Reading: every complete command in a chunk is dispatched before the next read (ioredis pipelines
 * its handshake). Writing: handlers append to the ReplyWriter; the first reply of a turn puts the
 * client on the turn's pending-flush list, and one setImmediate per event-loop turn flushes every
 * client on it, each under one cork. A pipeline of N commands costs one syscall, and a reply written
 * to this client by another one (PUBLISH, MONITOR) is flushed the same way.
 *
 * Why setImmediate and not process.nextTick: nextTick runs after each socket's read callback, so
 * reads and writes of the 50 clients of a benchmark interleave and every write wakes the peer
 * mid-batch. The check phase runs once after the poll phase has delivered every readable socket, so
 * all reads of a turn happen first and all writes follow (Redis's beforeSleep order).
 *
 * Invariant: after `closeNow`, nothing is read or written any more; the host learns of the close
 * exactly once, from the socket's 'close' event.
 */
import type { Socket } from 'node:net';
import { ReplyWriter, RequestParser } from '@resplica/resp';
import type { Database, Keyspace, Watcher } from '@resplica/keyspace';
import type { ClientView, ReplyMode } from './contracts';
import type { BlockedState } from './blocking';
import { ClientContext } from './client-context';
import { ClientReply } from './client-reply';
import type { Logger } from './logger';
import type { CommandEntry } from '@resplica/commands';
import type { ClientClass } from '@resplica/config';
import type { OutputLimits, SoftLimitState } from './output-limits';
import { outputLimitExceeded } from './output-limits';
import type { Route } from './routes';
import type { Stats } from './stats';

/** What a client needs from the node that accepted it. */
export interface ClientHost {
  readonly stats: Stats;
  readonly outputLimits: OutputLimits;
  dispatch(client: Client, argv: Buffer[]): void;
  clientClosed(client: Client): void;
}

/** REPLCONF's announcements, filled in as they arrive. */
export interface ReplicaAnnouncementState {
  listeningPort: number;
  ipAddress: string | null;
  capaEof: boolean;
  capaPsync2: boolean;
}

/** A command queued between MULTI and EXEC, resolved once when queued. */
export interface QueuedCommand {
  readonly route: Route;
  readonly argv: Buffer[];
}

/** A WATCHed key (keyspace key string) and the db it lives in. */
export interface WatchedKey {
  readonly db: Database;
  readonly key: string;
}

const CLOSE_NONE = 0;
const CLOSE_AFTER_REPLY = 1;
const CLOSED = 2;

/** Clients with replies written this turn, flushed together at the end of the turn. */
const pendingFlush: Client[] = [];
let flushTurnScheduled = false;

/** The check-phase callback: flushes every client that wrote this turn, in the order they wrote. */
function flushPendingClients(): void {
  flushTurnScheduled = false;
  // A flush may make another client write (it cannot today, but the list tolerates growth).
  for (let i = 0; i < pendingFlush.length; i++) pendingFlush[i].flush();
  pendingFlush.length = 0;
}

export class Client implements ClientView, SoftLimitState, Watcher {
  name: string | null = null;
  libName = '';
  libVersion = '';
  authenticated: boolean;
  user = 'default';
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly createdAtMs: number;
  lastInteractionMs: number;
  lastCommand = 'NULL';
  /**
   * The command table entry of this client's last command and its route (routes never change after
   * start-up): a pipeline of one command resolves its route once, not once per command.
   */
  routedEntry: CommandEntry | null = null;
  routedRoute: Route | null = null;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  monitor = false;
  /** MULTI queue; null outside a transaction. */
  multiQueue: QueuedCommand[] | null = null;
  /** A command was rejected while queueing: EXEC answers EXECABORT. */
  multiFailed = false;
  readonly watched: WatchedKey[] = [];
  /** A WATCHed key was modified (Redis's CLIENT_DIRTY_CAS): EXEC answers a null array. */
  watchDirty = false;
  dbIndex = 0;
  softLimitSinceMs = 0;
  /**
   * Replication role of this connection: `replica` once it sent PSYNC/SYNC (flag S), `master` for
   * the pseudo-client that applies our master's stream (flag M).
   */
  replRole: 'none' | 'replica' | 'master' = 'none';
  /** What it announced with REPLCONF before PSYNC (listening-port, ip-address, capa). */
  replAnnounce: ReplicaAnnouncementState | null = null;
  /** master_repl_offset right after this client's last command: the offset WAIT waits for. */
  woff = 0;
  /** Set while parked in a blocking command (blocking.ts); its pipelined commands wait meanwhile. */
  blocked: BlockedState | null = null;
  /** The reply writer; `reply` is the gate in front of it. */
  readonly writer: ReplyWriter;
  readonly reply: ClientReply;
  readonly ctx: ClientContext;
  readonly parser: RequestParser;
  private mode: ReplyMode = 'on';
  private closeState = CLOSE_NONE;
  private flushScheduled = false;
  private readingPaused = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly host: ClientHost,
    keyspace: Keyspace,
    nowMs: number,
    authenticated: boolean,
    readonly log: Logger,
  ) {
    this.authenticated = authenticated;
    this.addr = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.laddr = `${socket.localAddress ?? '?'}:${socket.localPort ?? 0}`;
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    this.createdAtMs = nowMs;
    this.lastInteractionMs = nowMs;
    this.writer = new ReplyWriter();
    this.reply = new ClientReply(this.writer, host.stats, this);
    this.ctx = new ClientContext(this.reply, keyspace, keyspace.databases[0]);
    this.parser = new RequestParser();
    this.parser.authenticated = authenticated;
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** CLIENT REPLY mode; anything but `on` mutes the reply gate (dispatch turns `skip` back on). */
  get replyMode(): ReplyMode {
    return this.mode;
  }

  set replyMode(mode: ReplyMode) {
    this.mode = mode;
    this.reply.muted = mode !== 'on';
  }

  get inMulti(): boolean {
    return this.multiQueue !== null;
  }

  get queuedCount(): number {
    return this.multiQueue === null ? 0 : this.multiQueue.length;
  }

  get watchCount(): number {
    return this.watched.length;
  }

  /** In RESP2 a subscribed client may only run the pub/sub commands, PING, QUIT and RESET. */
  get subscribed(): boolean {
    return this.channels.size + this.patterns.size > 0;
  }

  get closing(): boolean {
    return this.closeState !== CLOSE_NONE;
  }

  /** The output-buffer-limit class this client is judged by. */
  get limitClass(): ClientClass {
    if (this.replRole === 'replica') return 'slave';
    return this.subscribed ? 'pubsub' : 'normal';
  }

  /** Switches the selected database (SELECT, RESET). The index is validated by the caller. */
  select(index: number, db: Database): void {
    this.dbIndex = index;
    this.ctx.db = db;
  }

  /** Negotiated protocol (HELLO, RESET). */
  setProtocol(protocol: 2 | 3): void {
    this.writer.protocol = protocol;
  }

  /** keyspace Watcher: a WATCHed key changed, so EXEC must fail. */
  markDirty(): void {
    this.watchDirty = true;
  }

  setAuthenticated(value: boolean): void {
    this.authenticated = value;
    this.parser.authenticated = value;
  }

  queryBufferBytes(): number {
    return this.parser.bufferedBytes;
  }

  outputBufferBytes(): number {
    return this.writer.pendingBytes + this.socket.writableLength;
  }

  flags(): string {
    let f = '';
    if (this.replRole === 'replica') f += 'S';
    else if (this.replRole === 'master') f += 'M';
    if (this.monitor) f += 'O';
    if (this.subscribed) f += 'P';
    if (this.multiQueue !== null) f += 'x';
    if (this.blocked !== null) f += 'b';
    if (this.watchDirty) f += 'd';
    if (this.closeState === CLOSE_AFTER_REPLY) f += 'c';
    return f === '' ? 'N' : f;
  }

  closeAfterReply(): void {
    if (this.closeState === CLOSE_NONE) this.closeState = CLOSE_AFTER_REPLY;
    this.scheduleFlush();
  }

  closeNow(reason: string): void {
    if (this.closeState === CLOSED) return;
    this.closeState = CLOSED;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ reason }, 'closing client');
    this.writer.takeChunks();
    this.socket.destroy();
  }

  /** Called by the reply gate on every write: makes sure this turn ends with one flush. */
  scheduleFlush(): void {
    if (this.flushScheduled || this.closeState === CLOSED) return;
    this.flushScheduled = true;
    pendingFlush.push(this);
    if (!flushTurnScheduled) {
      flushTurnScheduled = true;
      setImmediate(flushPendingClients);
    }
  }

  /**
   * Writes everything the writer holds under one cork, then checks the output limits against
   * what the socket still holds (a reader that stopped reading makes writableLength grow).
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.closeState === CLOSED) return;
    const chunks = this.writer.takeChunks();
    let bytes = 0;
    let accepted = true;
    if (chunks.length === 1) {
      bytes = chunks[0].length;
      accepted = this.socket.write(chunks[0]);
    } else if (chunks.length > 1) {
      this.socket.cork();
      for (let i = 0; i < chunks.length; i++) {
        bytes += chunks[i].length;
        accepted = this.socket.write(chunks[i]);
      }
      this.socket.uncork();
    }
    this.host.stats.netOutputBytes += bytes;
    if (this.closeState === CLOSE_AFTER_REPLY) {
      this.closeState = CLOSED;
      this.socket.end();
      return;
    }
    if (this.hasOutputLimit() && this.checkOutputLimit(Date.now())) return;
    // A request/response client that does not read its replies is throttled by not reading its
    // requests; a subscriber cannot be throttled that way and is left to the output limit instead,
    // and a replica must stay readable (its ACKs) while its stream backs up.
    if (!accepted && !this.subscribed && this.replRole === 'none' && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
    }
  }

  /** True when this client's class has a hard or soft output limit to check. */
  hasOutputLimit(): boolean {
    const limit = this.host.outputLimits[this.limitClass];
    return limit.hardBytes !== 0 || limit.softBytes !== 0;
  }

  /** Closes the client if its pending output breaks its class's limit; true when it did. */
  checkOutputLimit(nowMs: number): boolean {
    const limit = this.host.outputLimits[this.limitClass];
    if (limit.hardBytes === 0 && limit.softBytes === 0) return false;
    if (!outputLimitExceeded(limit, this.outputBufferBytes(), this, nowMs)) return false;
    this.host.stats.clientOutputBufferLimitDisconnections++;
    this.log.warn({ class: this.limitClass, bytes: this.outputBufferBytes() }, 'client scheduled to be closed for overcoming of output buffer limits');
    this.closeNow('output buffer limit');
    return true;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.closeState !== CLOSE_NONE) return;
    this.host.stats.netInputBytes += chunk.length;
    this.lastInteractionMs = Date.now();
    this.parser.feed(chunk);
    this.processInput();
  };

  /**
   * Dispatches every complete command the parser holds, stopping while the client is blocked (its
   * later pipelined commands wait in the parser, as in Redis); the blocking registry calls this
   * again once the client is unblocked.
   */
  processInput(): void {
    if (this.closeState !== CLOSE_NONE) return;
    while (this.blocked === null) {
      let argv: Buffer[] | null;
      try {
        argv = this.parser.next();
      } catch (err) {
        this.protocolError(err);
        return;
      }
      if (argv === null) break;
      if (argv.length === 0) continue;
      this.host.dispatch(this, argv);
      if (this.closeState !== CLOSE_NONE) break;
      // The clock is read only when this client's class has a limit (normal clients have none).
      if (this.writer.pendingBytes > 0 && this.hasOutputLimit() && this.checkOutputLimit(Date.now())) return;
    }
  }

  /** Redis answers `-ERR Protocol error: …`, then closes this one connection. */
  private protocolError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (this.log.isLevelEnabled('debug')) this.log.debug({ reason: message }, 'protocol error');
    this.writer.error(`ERR ${message}`);
    this.host.stats.errorReply(`ERR ${message}`);
    this.closeAfterReply();
  }

  private readonly onDrain = (): void => {
    if (this.readingPaused && this.closeState === CLOSE_NONE) {
      this.readingPaused = false;
      this.socket.resume();
    }
  };

  private readonly onError = (err: Error): void => {
    if (this.log.isLevelEnabled('debug')) this.log.debug({ code: (err as NodeJS.ErrnoException).code }, 'socket error');
  };

  private readonly onClose = (): void => {
    this.closeState = CLOSED;
    this.host.clientClosed(this);
  };
}
