/**
 * A scripted fake master on a real TCP server (a free port on 127.0.0.1), as the spec's probes
 * were: a test reads exactly the bytes it expects the replica to send (`expect`), writes the
 * master's side byte for byte (`write`) and closes connections at will. Every wait is bounded.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { escapeBytes, freePort, waitFor } from '@resplica/testing';

const WAIT_MS = 3000;

export class FakeMasterConnection {
  /** Everything the replica sent on this connection. */
  received = Buffer.alloc(0);
  /** Bytes of `received` already matched by expect(). */
  private cursor = 0;
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  /** Waits for exactly `bytes` as the next bytes from the replica. */
  async expect(bytes: Buffer | string, timeoutMs = WAIT_MS): Promise<void> {
    const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    await waitFor(() => this.received.length >= this.cursor + want.length || this.closed, {
      timeoutMs,
      what: `the replica to send ${escapeBytes(want)}`,
    });
    const got = this.received.subarray(this.cursor, this.cursor + want.length);
    if (!got.equals(want)) {
      throw new Error(`replica sent ${escapeBytes(this.received.subarray(this.cursor))}, expected ${escapeBytes(want)}`);
    }
    this.cursor += want.length;
  }

  /** The bytes received and not yet matched. */
  unmatched(): Buffer {
    return this.received.subarray(this.cursor);
  }

  write(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  async waitClosed(timeoutMs = WAIT_MS): Promise<void> {
    await waitFor(() => this.closed, { timeoutMs, what: 'the replica to close the connection' });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export class FakeMaster {
  readonly connections: FakeMasterConnection[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeMaster> {
    const port = await freePort();
    const server = createServer();
    const master = new FakeMaster(server, port);
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      master.connections.push(new FakeMasterConnection(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return master;
  }

  /** The `n`-th connection accepted (0-based), once it arrives. */
  async connection(n: number, timeoutMs = WAIT_MS): Promise<FakeMasterConnection> {
    return waitFor(() => this.connections[n], { timeoutMs, what: `connection #${n} from the replica` });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
