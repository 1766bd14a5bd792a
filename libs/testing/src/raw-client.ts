/*
 * RawClient: a TCP socket that speaks RESP at the byte level, for tests that assert exact reply
 * bytes. It never interprets replies beyond finding where one ends (findReplyEnd), so what a test
 * compares is exactly what the server wrote.
 *
 * Invariant: bytes are consumed from `pending` only by a read that returns them; nothing is ever
 * dropped, so a test that reads too little sees the leftovers in the next read.
 */
import { Socket, connect } from 'node:net';
import { Arg, encodeCommand, findReplyEnd } from './resp-frame';

/** How long a read waits for the server before failing the test. */
export const DEFAULT_READ_TIMEOUT_MS = 5000;

export class RawClient {
  /** Resolves once the server (or we) closed the connection. Never rejects. */
  readonly closed: Promise<void>;
  private pending: Buffer = Buffer.alloc(0);
  private isClosed = false;
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      this.notify();
    });
    // Errors such as ECONNRESET just mean "closed" for a test client.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        this.notify();
        resolve();
      });
    });
  }

  /** Opens a connection to host:port and resolves once it is established. */
  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      const onError = (err: Error): void => reject(err);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new RawClient(socket));
      });
    });
  }

  /** True once the connection is closed. */
  get isClosedNow(): boolean {
    return this.isClosed;
  }

  /** Bytes received but not yet read. */
  get buffered(): Buffer {
    return this.pending;
  }

  /** Writes raw bytes (a string is sent as latin1 so `\x00`-style escapes stay single bytes). */
  send(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Writes one command as a multibulk. */
  sendCommand(argv: readonly Arg[]): void {
    this.socket.write(encodeCommand(argv));
  }

  /** Sends one command and returns the bytes of its reply. */
  async call(...argv: Arg[]): Promise<Buffer> {
    this.sendCommand(argv);
    return this.readReply();
  }

  /**
   * Returns exactly one complete reply's bytes (an attribute with the value it annotates). Fails
   * if the connection closes first or nothing complete arrives within timeoutMs.
   */
  async readReply(timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = findReplyEnd(this.pending);
      if (end >= 0) return this.take(end);
      if (this.isClosed) {
        throw new Error(`connection closed before a complete reply; pending ${JSON.stringify(this.pending.toString('latin1'))}`);
      }
      await this.nextEvent(deadline, 'a complete reply');
    }
  }

  /** Reads everything the server sends until it closes the connection. */
  async readUntilClosed(timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isClosed) await this.nextEvent(deadline, 'the connection to close');
    return this.take(this.pending.length);
  }

  /** Waits until at least n bytes are buffered and returns exactly n of them. */
  async readBytes(n: number, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length < n) {
      if (this.isClosed) throw new Error(`connection closed with ${this.pending.length}/${n} bytes`);
      await this.nextEvent(deadline, `${n} bytes`);
    }
    return this.take(n);
  }

  /** Closes our side and waits for the socket to be fully closed. */
  async close(): Promise<void> {
    this.socket.end();
    this.socket.destroySoon();
    await this.closed;
  }

  /** Drops the connection at once (RST-like), for tests of abrupt client loss. */
  destroy(): void {
    this.socket.destroy();
  }

  private take(n: number): Buffer {
    const out = Buffer.from(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
    return out;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    if (wake) wake();
  }

  /** Resolves on the next data or close event; rejects at the deadline. */
  private nextEvent(deadline: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = null;
        reject(new Error(`timed out waiting for ${what}; pending ${JSON.stringify(this.pending.toString('latin1'))}`));
      }, Math.max(0, deadline - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
