/**
 * ClientSession: one application connection to the router.
 *
 * Input: bytes are scanned frame by frame (scanCommand: name and boundaries only) and each frame
 * is dispatched (dispatch.ts) as the raw bytes it arrived as. Output: every request gets a slot
 * (Req) in `queue`, in arrival order; replies fill slots as they come back from whichever backend
 * answered, and the completed head of the queue is moved to the outbox, so the client sees its
 * replies in its own order. The outbox is written once per event-loop turn.
 *
 * Backpressure: the session stops taking frames (and pauses its socket) while it must wait —
 *   - its socket has not drained, or its queue holds more than a window of unanswered requests
 *     (the window shrinks for large replies, so a client that does not read holds about
 *     clientOutputPauseBytes of replies, not a pipeline's worth);
 *   - a backend connection it needs is congested;
 *   - ordering: a request for another master-side connection while master-side requests are in
 *     flight (a SELECT, HELLO or the end of a transaction changes the connection), a blocking
 *     command in progress, the end of a subscription.
 * Whatever ends the wait calls `kick()`, which resumes scanning. Only a partial frame and at
 * most one socket read beyond the stop are ever buffered.
 *
 * State that lives on a backend connection lives on a dedicated one: `pinned` (MULTI, WATCH),
 * `pubsub`, `monitor`, and the connection a blocking command waits on (`waitReq.conn`).
 *
 * Invariant: every Req in `queue` is answered exactly once (by a backend, a connection failure,
 * or the router), and once the session is closed no Req keeps a reference to it.
 */
import type { Socket } from 'node:net';
import { createCommandFrame, scanCommand, SCAN_INCOMPLETE, DEFAULT_REQUEST_LIMITS, type RequestLimits } from '@resplica/resp';
import { MODE_REPLY, type BackendConn, type ConnOwner, type Wakeable } from './backend-conn';
import type { ProxyContext } from './context';
import { CONTINUE, dispatch } from './dispatch';
import { Fifo } from './fifo';
import { scheduleFlush, type Flushable } from './flush-turn';
import { InputBuffer } from './input-buffer';
import { Outbox } from './outbox';
import { protocolErrorReply } from './replies';
import { F_BLOCKING, F_CLOSE, F_EXEC, F_MASTER_SIDE, F_PUBSUB, F_READ, F_RELEASE, F_SKIP_REPLY, Req, type ReplyTarget } from './request';
import { isReplicaUnusable } from './frames';
import { retryRead } from './retry';
import { ROUTE_AUTO } from './route-mode';

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

const EMPTY = Buffer.alloc(0);

/** The in-flight window of a new client, before its reply sizes are known. */
const INITIAL_WINDOW = 16;

/** Request limits as the server applies them (tighter ones before AUTH when a password is set). */
const LIMITS: Readonly<RequestLimits> = DEFAULT_REQUEST_LIMITS;

/** The server side of a session: told once when it has closed. */
export interface SessionHost {
  sessionClosed(session: ClientSession): void;
}

export class ClientSession implements Flushable, ReplyTarget, ConnOwner, Wakeable {
  flushQueued = false;
  readonly id: number;
  readonly addr: string;
  lastInteraction: number;
  name: string | null = null;
  authenticated: boolean;
  proto: 2 | 3 = 2;
  db = 0;
  /** RESPLICA ROUTE: the standing mode, and a one-command override (-1: none). */
  routeMode = ROUTE_AUTO;
  routeNext = -1;
  /** CLIENT REPLY OFF, and SKIP's pending skip of the next command. */
  replyOff = false;
  skipNext = false;
  /** Pinned by MULTI or WATCH; `inMulti`/`watching` as of the last forwarded command. */
  pinned: BackendConn | null = null;
  inMulti = false;
  watching = false;
  /** A SELECT queued inside MULTI: the db it selects if EXEC runs, else -1. */
  multiDb = -1;
  pubsub: BackendConn | null = null;
  monitor: BackendConn | null = null;
  /** A request the client must see answered before anything else is forwarded (BLPOP…). */
  waitReq: Req | null = null;
  /** Ordering barrier: the master-side connection with this client's requests in flight. */
  masterConn: BackendConn | null = null;
  masterInflight = 0;
  readonly queue = new Fifo<Req>();
  private readonly outbox = new Outbox();
  private readonly input = new InputBuffer();
  private readonly frame = createCommandFrame();
  private state = OPEN;
  /** No more input is taken (after QUIT or a protocol error). */
  private inputDone = false;
  private stalled = false;
  private processing = false;
  private again = false;
  private socketPaused = false;
  private writeBlocked = false;
  /**
   * Running average of reply sizes, which sizes the in-flight window. It starts as if replies were
   * large (a window of INITIAL_WINDOW requests) and adapts within a few dozen replies.
   */
  private replyBytesAvg: number;

  constructor(
    readonly ctx: ProxyContext,
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.id = ctx.nextClientId();
    this.addr = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.lastInteraction = ctx.now;
    this.authenticated = ctx.requirePass === '';
    this.replyBytesAvg = ctx.limits.clientOutputPauseBytes / INITIAL_WINDOW;
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Waiting in a blocking command (INFO blocked_clients). */
  get blocked(): boolean {
    return this.waitReq !== null && (this.waitReq.flags & F_BLOCKING) !== 0;
  }

  /** Bytes the router holds for this client: replies not yet written out, and unread input. */
  get bufferedBytes(): number {
    return this.outbox.bytes + this.socket.writableLength + this.input.length;
  }

  /* ------------------------------------------------------------------ requests and replies */

  /** A new slot at the end of the queue, muted by CLIENT REPLY OFF/SKIP. */
  newReq(frame: Buffer, flags: number): Req {
    if (this.replyOff || this.skipNext) {
      flags |= F_SKIP_REPLY;
      this.skipNext = false;
    }
    const req = new Req(this, frame, flags);
    this.queue.push(req);
    return req;
  }

  /** A reply the router makes itself, in order with the forwarded ones. */
  reply(bytes: Buffer, flags = 0): void {
    if (bytes[0] === 0x2d) this.ctx.stats.routerErrorReplies++;
    // QUIT or a protocol error: nothing after it is read.
    if ((flags & F_CLOSE) !== 0) this.inputDone = true;
    const req = this.newReq(EMPTY, flags);
    req.reply = bytes;
    req.done = true;
    if (req === this.queue.peek()) this.drain();
  }

  /** ReplyTarget: a backend (or a failed connection) answered `req`. */
  onReply(req: Req, reply: Buffer): void {
    const flags = req.flags;
    if ((flags & F_READ) !== 0 && reply[0] === 0x2d && isReplicaUnusable(reply)) {
      const instead = retryRead(this, req, reply);
      if (instead === null) return;
      reply = instead;
    }
    req.reply = reply;
    req.done = true;
    if ((flags & F_MASTER_SIDE) !== 0 && --this.masterInflight === 0) this.masterConn = null;
    if ((flags & (F_RELEASE | F_EXEC | F_PUBSUB)) !== 0 || req === this.waitReq) this.afterStateful(req, reply);
    if (req === this.queue.peek()) this.drain();
    if (this.stalled) this.kick();
  }

  /** ConnOwner: a pub/sub message or monitor output, written as it comes. */
  onUnsolicited(bytes: Buffer): void {
    if (this.state !== OPEN || this.replyOff) return;
    this.outbox.push(bytes);
    scheduleFlush(this);
  }

  /** ConnOwner: a dedicated connection closed under us (its in-flight requests have errors). */
  onConnClosed(conn: BackendConn): void {
    if (conn === this.pinned) {
      this.pinned = null;
      this.inMulti = false;
      this.watching = false;
      this.multiDb = -1;
    }
    // A subscriber or monitor whose backend went away must reconnect: a silent stream is worse.
    if (conn === this.pubsub || conn === this.monitor) {
      this.pubsub = null;
      this.monitor = null;
      this.closeAfterReplies();
    }
  }

  /** Completion of a request that changes session state. */
  private afterStateful(req: Req, reply: Buffer): void {
    if (req === this.waitReq) this.waitReq = null;
    const conn = req.conn;
    if ((req.flags & F_EXEC) !== 0 && conn !== null) {
      // An array reply means the transaction ran, with the SELECT it queued.
      if (reply[0] === 0x2a && reply[1] !== 0x2d && this.multiDb >= 0) {
        this.db = this.multiDb;
        conn.db = this.multiDb;
      }
      this.multiDb = -1;
    }
    if ((req.flags & F_RELEASE) !== 0 && conn !== null && !conn.closed && conn.owner === this) {
      // The end of a pin is the last request on its connection; anything else there is a bug,
      // and closing (not reusing) the connection keeps it from leaking into another client.
      if (conn.inflight.length === 0) conn.backend.release(conn);
      else conn.close();
    }
    if ((req.flags & F_PUBSUB) !== 0) this.maybeLeavePubsub();
  }

  /** Subscribe mode ends when the connection has no subscriptions and nothing in flight. */
  private maybeLeavePubsub(): void {
    const conn = this.pubsub;
    // A connection that failed is left to onConnClosed, which disconnects the subscriber.
    if (conn === null || conn.closed || conn.channels + conn.patterns > 0 || conn.inflight.length > 0) return;
    this.pubsub = null;
    conn.mode = MODE_REPLY;
    conn.backend.release(conn);
  }

  /** Moves the completed head of the queue to the outbox. */
  private drain(): void {
    const queue = this.queue;
    let req = queue.peek();
    let moved = false;
    while (req !== undefined && req.done) {
      queue.shift();
      if ((req.flags & F_SKIP_REPLY) === 0) {
        if (req.parts !== null) for (const part of req.parts) this.outbox.push(part);
        const reply = req.reply!;
        this.outbox.push(reply);
        this.replyBytesAvg += (reply.length - this.replyBytesAvg) / 8;
        moved = true;
      }
      if ((req.flags & F_CLOSE) !== 0) {
        this.closeAfterReplies();
        return;
      }
      req = queue.peek();
    }
    if (moved) scheduleFlush(this);
  }

  /* ------------------------------------------------------------------ input */

  /** The in-flight window: maxClientInflight, less when replies are large. */
  private window(): number {
    const limits = this.ctx.limits;
    const bySize = Math.floor(limits.clientOutputPauseBytes / (this.replyBytesAvg + 1));
    return bySize < 4 ? 4 : bySize < limits.maxClientInflight ? bySize : limits.maxClientInflight;
  }

  /** True when no more frames may be taken now (see the file comment). */
  private mustWait(): boolean {
    if (this.waitReq !== null || this.writeBlocked) return true;
    const queued = this.queue.length;
    if (queued >= 4 && queued >= this.window()) return true;
    return this.outbox.bytes >= this.ctx.limits.clientOutputPauseBytes;
  }

  /** Scans and dispatches what can be; re-entrant calls are folded into the running one. */
  processInput(): void {
    if (this.processing) {
      this.again = true;
      return;
    }
    this.processing = true;
    do {
      this.again = false;
      this.runFrames();
    } while (this.again && this.state === OPEN);
    this.processing = false;
    if (this.state !== OPEN) return;
    if (this.stalled && !this.socketPaused) {
      this.socketPaused = true;
      this.socket.pause();
    } else if (!this.stalled && this.socketPaused) {
      this.socketPaused = false;
      this.socket.resume();
    }
  }

  private runFrames(): void {
    this.stalled = false;
    const input = this.input;
    if (input.length === 0 || this.inputDone) return;
    const buf = input.data();
    const frame = this.frame;
    let pos = input.start;
    while (pos < buf.length && !this.inputDone) {
      if (this.mustWait()) {
        this.stalled = true;
        break;
      }
      let end: number;
      try {
        // Read per frame: an AUTH earlier in the same read lifts the pre-AUTH limits.
        end = scanCommand(buf, pos, frame, LIMITS, this.authenticated);
      } catch (err) {
        this.reply(protocolErrorReply((err as Error).message), F_CLOSE);
        break;
      }
      if (end === SCAN_INCOMPLETE) break;
      if (frame.name !== '') {
        if (dispatch(this, buf.subarray(pos, end), frame) !== CONTINUE) {
          this.stalled = true;
          break;
        }
        this.ctx.stats.commandsProcessed++;
      }
      pos = end;
    }
    input.consume(pos);
  }

  /** Wakeable: whatever this session waited for may have happened; try again. */
  kick(): void {
    if (this.stalled && this.state === OPEN) this.processInput();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.state !== OPEN) return;
    this.ctx.stats.netInputBytes += chunk.length;
    this.lastInteraction = this.ctx.now;
    if (this.inputDone) return;
    this.input.append(chunk);
    this.processInput();
  };

  /* ------------------------------------------------------------------ output */

  /** Flushable: writes the turn's replies; a full socket pauses dedicated streams and input. */
  flush(): void {
    this.flushQueued = false;
    if (this.state === CLOSED) return;
    if (!this.outbox.isEmpty) {
      this.ctx.stats.netOutputBytes += this.outbox.bytes;
      if (!this.outbox.writeTo(this.socket)) {
        this.writeBlocked = true;
        this.pubsub?.pauseReading();
        this.monitor?.pauseReading();
      }
    }
    if (this.state === CLOSING) {
      this.state = CLOSED;
      this.socket.end();
      this.release();
      return;
    }
    if (this.stalled) this.kick();
  }

  private readonly onDrain = (): void => {
    this.writeBlocked = false;
    this.pubsub?.resumeReading();
    this.monitor?.resumeReading();
    this.kick();
  };

  /* ------------------------------------------------------------------ state changes */

  /** SELECT outside a pinned connection: later commands use that database's pools. */
  select(db: number): void {
    this.db = db;
  }

  /**
   * RESET: a fresh connection's state. Dedicated connections are dropped (closing them ends
   * their MULTI, WATCH, subscriptions or monitor on the backend).
   */
  resetState(): void {
    this.closeDedicated();
    this.inMulti = false;
    this.watching = false;
    this.multiDb = -1;
    this.db = 0;
    this.proto = 2;
    this.name = null;
    this.routeMode = ROUTE_AUTO;
    this.routeNext = -1;
    this.replyOff = false;
    this.skipNext = false;
    this.authenticated = this.ctx.requirePass === '';
  }

  /** QUIT, a protocol error, a lost subscription: close once the queued replies are written. */
  closeAfterReplies(): void {
    if (this.state !== OPEN) return;
    this.state = CLOSING;
    this.inputDone = true;
    scheduleFlush(this);
  }

  /** Closes at once (server shutdown, idle timeout). */
  close(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.inputDone = true;
    this.socket.destroy();
    this.release();
  }

  private closeDedicated(): void {
    const pinned = this.pinned;
    const pubsub = this.pubsub;
    const monitor = this.monitor;
    this.pinned = null;
    this.pubsub = null;
    this.monitor = null;
    pinned?.close();
    pubsub?.close();
    monitor?.close();
  }

  /** Drops every reference to this session from requests and connections. */
  private release(): void {
    this.outbox.clear();
    for (const req of this.queue.drain()) {
      if (req.done) continue;
      req.client = null;
      // A blocked command or a transaction's end still pending: drop its connection, which
      // ends the block or the transaction on the backend, instead of handing it back dirty.
      if ((req.flags & F_RELEASE) !== 0 && req.conn !== null) req.conn.close();
    }
    this.waitReq = null;
    this.closeDedicated();
    this.host.sessionClosed(this);
  }

  private readonly onError = (): void => {
    // ECONNRESET and the like: the 'close' event follows and does the work.
  };

  private readonly onClose = (): void => {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.inputDone = true;
    this.release();
  };
}
