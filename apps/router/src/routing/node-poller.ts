/**
 * NodePoller: the poll feed's connection to one configured node, kept open between polls so a
 * poll costs one round trip, not a TCP handshake. The first poll on a new connection sends AUTH
 * (`masteruser`/`masterauth`, as ping.ts does) in the same write as the INFO.
 *
 * Invariant: at most one poll is in flight (the feed waits for it); `poll` always settles, with
 * the INFO text or with null on any error reply, protocol error, close or timeout, and every
 * failure destroys the connection, so the next poll starts clean on a new one (AUTH included).
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand, RespDecoder, type RespValue } from '@resplica/resp';
import { authArgs, type PingCredentials } from './ping';
import type { BackendRef } from './types';

/** Everything the table routes by: the replication state and `loading`. */
const INFO = encodeCommand(['INFO', 'replication', 'persistence']);

interface InFlight {
  readonly want: number;
  readonly replies: RespValue[];
  readonly timer: NodeJS.Timeout;
  readonly resolve: (text: string | null) => void;
}

/** The text of an INFO reply (a bulk in RESP2, verbatim in RESP3); null for anything else. */
function infoText(v: RespValue): string | null {
  if ((v.type === 'bulk' || v.type === 'verbatim') && v.value !== null) return v.value.toString('latin1');
  return null;
}

export class NodePoller {
  private socket: Socket | null = null;
  private decoder = new RespDecoder();
  private inFlight: InFlight | null = null;

  constructor(
    readonly ref: BackendRef,
    private readonly credentials: PingCredentials,
    private readonly timeoutMs: number,
  ) {}

  /** Sends INFO (after AUTH on a new connection); resolves with its text, or null on any failure. */
  poll(): Promise<string | null> {
    return new Promise((resolve) => {
      let request = INFO;
      let want = 1;
      if (this.socket === null) {
        this.socket = this.open();
        if (this.credentials.password !== '') {
          request = Buffer.concat([encodeCommand(authArgs(this.credentials)), INFO]);
          want = 2;
        }
      }
      const timer = setTimeout(() => this.fail(), this.timeoutMs);
      this.inFlight = { want, replies: [], timer, resolve };
      this.socket.write(request);
    });
  }

  /** Ends the connection; a poll in flight settles with null. */
  close(): void {
    this.fail();
  }

  private open(): Socket {
    const socket = connect({ host: this.ref.host, port: this.ref.port });
    this.decoder = new RespDecoder();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (socket === this.socket) this.onData(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (socket === this.socket) this.fail();
    });
    return socket;
  }

  private onData(chunk: Buffer): void {
    const call = this.inFlight;
    if (call === null) {
      // Nothing was asked: a server that talks unprompted is not one we understand.
      this.fail();
      return;
    }
    try {
      this.decoder.feed(chunk);
      for (let v = this.decoder.next(); v !== undefined; v = this.decoder.next()) call.replies.push(v);
    } catch {
      this.fail();
      return;
    }
    if (call.replies.length < call.want) return;
    const auth = call.want === 2 ? call.replies[0] : null;
    const text = call.replies.length === call.want ? infoText(call.replies[call.want - 1]) : null;
    if (text === null || (auth !== null && !(auth.type === 'simple' && auth.value === 'OK'))) {
      this.fail();
      return;
    }
    clearTimeout(call.timer);
    this.inFlight = null;
    call.resolve(text);
  }

  /** Drops the connection and settles a poll in flight with null. */
  private fail(): void {
    this.socket?.destroy();
    this.socket = null;
    const call = this.inFlight;
    if (call === null) return;
    this.inFlight = null;
    clearTimeout(call.timer);
    call.resolve(null);
  }
}
