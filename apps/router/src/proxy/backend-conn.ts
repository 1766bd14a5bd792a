/**
 * BackendConn: one TCP connection from the router to a backend (master or replica), in one
 * database and one protocol. Shared connections carry the requests of many clients, pipelined;
 * dedicated ones belong to one client while it needs connection state (MULTI, WATCH, a blocking
 * command, subscribe or monitor mode).
 *
 * Requests are written as the raw frames the clients sent, gathered in an outbox and written once
 * per event-loop turn. Replies are cut at frame boundaries (scanReply) and matched to requests by
 * order; nothing is decoded. The connection opens with its own handshake (AUTH with the router's
 * masteruser/masterauth, HELLO 3, SELECT) whose replies it consumes itself.
 *
 * Modes: REPLY (one reply per request), PUBSUB (messages are passed to the owner as they come,
 * confirmations complete requests that may expect several), MONITOR (after the +OK, every byte
 * goes to the owner as it is).
 *
 * Failure: a connect error or timeout, a reply timeout, a protocol error, a handshake refused, or
 * a close while requests are in flight is reported to the routing table (reportFailure), and each
 * request in flight on this connection, and only those, gets an error: TRYAGAIN when it cannot
 * have reached the backend, "may or may not have run" when it was sent on an established link.
 *
 * Invariant: once `closed` is set nothing is written, every request that was in flight has been
 * answered exactly once, and the set of live connections (BackendSet) no longer holds it.
 */
import { connect, type Socket } from 'node:net';
import { scanReply, SCAN_INCOMPLETE } from '@resplica/resp';
import type { ProxyContext } from './context';
import type { Backend } from './backends';
import { Fifo } from './fifo';
import { scheduleFlush, type Flushable } from './flush-turn';
import {
  CONFIRM_NONE,
  CONFIRM_PSUBSCRIBE,
  CONFIRM_PUNSUBSCRIBE,
  confirmationKind,
  isPubsubMessage,
  pendingBulkSize,
  trailingCount,
} from './frames';
import { InputBuffer } from './input-buffer';
import { Outbox } from './outbox';
import { connectionLostReply, unavailableReply } from './replies';
import { F_BLOCKING, Req, UNTIL_NO_CHANNELS, UNTIL_NO_PATTERNS } from './request';

export const MODE_REPLY = 0;
export const MODE_PUBSUB = 1;
export const MODE_MONITOR = 2;

/** The client a dedicated connection belongs to. */
export interface ConnOwner {
  /** A pub/sub message or a monitor line: not an answer to any request. */
  onUnsolicited(bytes: Buffer): void;
  /** The connection closed or failed (its requests in flight have had their errors). */
  onConnClosed(conn: BackendConn): void;
}

/** A client waiting for this connection's output to drain. */
export interface Wakeable {
  kick(): void;
}

/** Encodes a handshake command; credentials never reach a log. */
function command(...args: string[]): Buffer {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return Buffer.from(out);
}

export class BackendConn implements Flushable {
  flushQueued = false;
  closed = false;
  mode = MODE_REPLY;
  /** Dedicated connections: the client using it; null for shared and idle connections. */
  owner: ConnOwner | null = null;
  /** The database selected on the backend now (a pinned client's SELECT changes it). */
  db: number;
  /** Subscriptions on this connection, from the confirmations' counts (PUBSUB mode). */
  channels = 0;
  patterns = 0;
  readonly inflight = new Fifo<Req>();
  /** The clock when the last reply arrived, or when the queue last became non-empty. */
  private progressAt: number;
  private readonly createdAt: number;
  private readonly socket: Socket;
  private readonly outbox = new Outbox();
  private readonly input = new InputBuffer();
  private connected = false;
  private handshakeLeft = 0;
  private writeBlocked = false;
  private readPaused = false;
  /** MONITOR mode after its +OK: bytes pass through unparsed. */
  private streaming = false;
  private waiters: Wakeable[] | null = null;

  constructor(
    private readonly ctx: ProxyContext,
    readonly backend: Backend,
    /** The pool this connection belongs to: database and protocol it was opened with. */
    readonly poolDb: number,
    readonly proto: 2 | 3,
  ) {
    this.db = poolDb;
    this.createdAt = ctx.now;
    this.progressAt = ctx.now;
    this.writeHandshake();
    ctx.stats.backendConnections++;
    this.socket = connect({ host: backend.host, port: backend.port });
    this.socket.setNoDelay(true);
    this.socket.on('connect', this.onConnect);
    this.socket.on('data', this.onData);
    this.socket.on('drain', this.onDrain);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
  }

  /** Output waiting here or in the socket is over the limit: senders should wait (waitDrain). */
  get congested(): boolean {
    return this.writeBlocked && this.outbox.bytes + this.socket.writableLength >= this.ctx.limits.backendOutputPauseBytes;
  }

  /** Bytes held for this connection: requests not yet written out, replies not yet complete. */
  get bufferedBytes(): number {
    return this.closed ? 0 : this.outbox.bytes + this.socket.writableLength + this.input.length;
  }

  /** Clean enough to hand to another client: nothing in flight, no subscriptions, as opened. */
  get reusable(): boolean {
    return (
      !this.closed &&
      this.connected &&
      this.handshakeLeft === 0 &&
      this.inflight.length === 0 &&
      this.mode === MODE_REPLY &&
      this.db === this.poolDb &&
      this.channels + this.patterns === 0 &&
      !this.readPaused
    );
  }

  /** Queues a request; it is written at the end of this event-loop turn. */
  send(req: Req): void {
    if (this.closed) {
      this.answer(req, unavailableReply(this.backend.id, 'connection closed'));
      return;
    }
    if (this.inflight.length === 0) this.progressAt = this.ctx.now;
    this.inflight.push(req);
    this.outbox.push(req.frame);
    scheduleFlush(this);
  }

  /** Queues bytes that expect no matched reply (a MONITOR client's own commands). */
  sendRaw(bytes: Buffer): void {
    if (this.closed) return;
    this.outbox.push(bytes);
    scheduleFlush(this);
  }

  /** Calls `who.kick()` once this connection's output has drained. */
  waitDrain(who: Wakeable): void {
    if (this.waiters === null) this.waiters = [];
    if (!this.waiters.includes(who)) this.waiters.push(who);
  }

  flush(): void {
    this.flushQueued = false;
    if (this.closed || !this.connected || this.outbox.isEmpty) return;
    if (!this.outbox.writeTo(this.socket)) this.writeBlocked = true;
  }

  /** Stops reading (a dedicated connection whose client does not keep up). */
  pauseReading(): void {
    if (this.readPaused || this.closed) return;
    this.readPaused = true;
    this.socket.pause();
  }

  resumeReading(): void {
    if (!this.readPaused || this.closed) return;
    this.readPaused = false;
    this.socket.resume();
  }

  /**
   * Housekeeping: fails a connection that did not connect and handshake in time, or that has
   * requests in flight and sent nothing back for too long (unless its head blocks by design).
   */
  checkTimeouts(now: number): void {
    if (this.closed) return;
    const limits = this.ctx.limits;
    if (!this.connected || this.handshakeLeft > 0) {
      if (now - this.createdAt >= limits.connectTimeoutMs) this.fail('connect timeout');
      return;
    }
    if (this.mode !== MODE_REPLY || this.inflight.length === 0) return;
    if ((this.inflight.peek()!.flags & F_BLOCKING) !== 0) return;
    if (now - this.progressAt >= limits.replyTimeoutMs) this.fail('reply timeout');
  }

  /**
   * Closes on the router's own decision (the owner left while blocked, the backend left the
   * table, RESET): not a backend failure, so nothing is reported. Requests still in flight for a
   * live client (there should be none) get the connection-lost error.
   */
  close(): void {
    this.shutdown(null, 'closed by the router');
  }

  /** A failure of the backend or of the link: reported, and answered to what was in flight. */
  fail(reason: string): void {
    if (this.closed) return;
    this.ctx.stats.backendFailures++;
    const established = this.connected && this.handshakeLeft === 0;
    this.ctx.log.warn({ backend: this.backend.id, reason, inflight: this.inflight.length }, 'backend connection failed');
    if (!established) this.backend.markDown();
    this.ctx.routing.reportFailure(this.backend.id, reason);
    this.shutdown(established, reason);
  }

  /* ------------------------------------------------------------------ internals */

  private writeHandshake(): void {
    const ctx = this.ctx;
    if (ctx.backendPassword !== '') {
      this.outbox.push(ctx.backendUser !== '' ? command('AUTH', ctx.backendUser, ctx.backendPassword) : command('AUTH', ctx.backendPassword));
      this.handshakeLeft++;
    }
    if (this.proto === 3) {
      this.outbox.push(command('HELLO', '3'));
      this.handshakeLeft++;
    }
    if (this.poolDb !== 0) {
      this.outbox.push(command('SELECT', String(this.poolDb)));
      this.handshakeLeft++;
    }
  }

  /** `established` null: closed by the router; else whether requests may have reached the backend. */
  private shutdown(established: boolean | null, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox.clear();
    this.socket.destroy();
    const lost = established === false ? unavailableReply(this.backend.id, reason) : connectionLostReply(this.backend.id, reason);
    let req: Req | undefined;
    while ((req = this.inflight.shift()) !== undefined) {
      if (req.client !== null && this.ctx.counters !== null) this.ctx.counters.request(this.backend.id, 'failed');
      this.answer(req, lost);
    }
    this.backend.connClosed(this);
    const owner = this.owner;
    this.owner = null;
    if (owner !== null) owner.onConnClosed(this);
    this.wakeWaiters();
  }

  private answer(req: Req, reply: Buffer): void {
    if (req.client !== null) req.client.onReply(req, reply);
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    if (waiters === null) return;
    this.waiters = null;
    for (const who of waiters) who.kick();
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    if (this.handshakeLeft === 0) this.progressAt = this.ctx.now;
    this.flush();
  };

  private readonly onDrain = (): void => {
    this.writeBlocked = false;
    this.wakeWaiters();
  };

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    this.fail(err.code ?? err.message);
  };

  private readonly onClose = (): void => {
    if (this.closed) return;
    // An idle shared connection the backend closed (its `timeout`, a restart) is simply dropped;
    // anything else — requests in flight, a client's state on it — is a failure.
    if (this.inflight.length === 0 && this.owner === null && this.connected && this.handshakeLeft === 0) {
      this.shutdown(true, 'closed by backend');
      return;
    }
    this.fail('closed by backend');
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closed) return;
    if (this.streaming) {
      this.owner?.onUnsolicited(chunk);
      return;
    }
    const input = this.input;
    input.append(chunk);
    if (!input.worthScanning) return;
    const buf = input.data();
    let pos = input.start;
    let want = 0;
    while (pos < buf.length) {
      let end: number;
      try {
        end = scanReply(buf, pos);
      } catch {
        this.fail('protocol error in reply');
        return;
      }
      if (end === SCAN_INCOMPLETE) {
        want = pendingBulkSize(buf, pos);
        break;
      }
      const frame = buf.subarray(pos, end);
      pos = end;
      if (this.handshakeLeft > 0) {
        if (!this.onHandshakeReply(frame)) return;
        continue;
      }
      if (this.mode === MODE_REPLY) this.onReply(frame);
      else if (this.mode === MODE_PUBSUB) this.onPubsubFrame(frame);
      else this.onMonitorFrame(frame);
      if (this.closed) return;
      if (this.streaming) {
        if (pos < buf.length) this.owner?.onUnsolicited(buf.subarray(pos));
        pos = buf.length;
      }
    }
    input.consume(pos);
    // A large bulk still arriving: its buffer is sized once and not rescanned until complete.
    if (want > 0) input.expect(want);
  };

  /** A handshake reply: an error (wrong masterauth, no RESP3) fails the connection. */
  private onHandshakeReply(frame: Buffer): boolean {
    if (frame[0] === 0x2d) {
      const text = frame.toString('latin1', 1, frame.length - 2);
      this.ctx.log.error({ backend: this.backend.id, reply: text }, 'backend refused the router handshake');
      this.handshakeLeft = -1;
      this.fail(`handshake refused: ${text}`);
      return false;
    }
    if (--this.handshakeLeft === 0) this.progressAt = this.ctx.now;
    return true;
  }

  private onReply(frame: Buffer): void {
    const req = this.inflight.shift();
    if (req === undefined) {
      this.fail('reply without a request');
      return;
    }
    this.progressAt = this.ctx.now;
    this.answer(req, frame);
  }

  /**
   * PUBSUB mode: messages go straight to the owner; confirmations update the subscription counts
   * and count down the request at the head (SUBSCRIBE a b expects two; UNSUBSCRIBE with no
   * argument, one per subscription it removes, known only when the count of its kind reaches 0).
   */
  private onPubsubFrame(frame: Buffer): void {
    if (isPubsubMessage(frame)) {
      this.owner?.onUnsolicited(frame);
      return;
    }
    const kind = confirmationKind(frame);
    if (kind !== CONFIRM_NONE) {
      const count = trailingCount(frame);
      if (count >= 0) {
        const delta = count - this.channels - this.patterns;
        if (kind === CONFIRM_PSUBSCRIBE || kind === CONFIRM_PUNSUBSCRIBE) this.patterns += delta;
        else this.channels += delta;
      }
    }
    const req = this.inflight.peek();
    if (req === undefined) {
      this.owner?.onUnsolicited(frame);
      return;
    }
    this.progressAt = this.ctx.now;
    let complete: boolean;
    if (req.repliesLeft === UNTIL_NO_CHANNELS) complete = this.channels === 0;
    else if (req.repliesLeft === UNTIL_NO_PATTERNS) complete = this.patterns === 0;
    else complete = --req.repliesLeft <= 0;
    if (!complete) {
      (req.parts ??= []).push(frame);
      return;
    }
    this.inflight.shift();
    this.answer(req, frame);
  }

  /** MONITOR mode: the reply to MONITOR itself, then the stream passes through. */
  private onMonitorFrame(frame: Buffer): void {
    const req = this.inflight.shift();
    if (req === undefined) {
      this.owner?.onUnsolicited(frame);
      return;
    }
    this.answer(req, frame);
    if (frame[0] === 0x2b) this.streaming = true;
  }
}
