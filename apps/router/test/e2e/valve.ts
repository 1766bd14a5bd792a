/*
 * A TCP forwarder between a replica and its master whose master → replica direction can be held
 * on the live connection. While held the replica's link stays up (same connection, no error, its
 * ACKs still reach the master) but nothing new arrives, so it falls behind by exactly what the
 * master writes meanwhile: replication lag without a link failure.
 *
 * libs/testing's TcpProxy cannot do this: its `hold` applies to new connections only, and cutting
 * the live one makes the replica report its link down, a different reason to leave rotation.
 * Bytes are forwarded unchanged, with backpressure; nothing is parsed.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class Valve {
  private held = false;
  /** The master-side socket of every open connection: the direction the valve controls. */
  private readonly upstreams = new Set<Socket>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:targetPort. */
  static async start(targetPort: number): Promise<Valve> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    const valve = new Valve(server, port);
    server.on('connection', (client) => valve.forward(client, connect({ port: targetPort, host: '127.0.0.1' })));
    return valve;
  }

  /** Stops delivering what the master sends; it waits in the socket buffers. */
  hold(): void {
    this.held = true;
    for (const upstream of this.upstreams) upstream.pause();
  }

  /** Delivers what waited and everything after it. */
  release(): void {
    this.held = false;
    for (const upstream of this.upstreams) upstream.resume();
  }

  /** Destroys every connection and stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket, upstream: Socket): void {
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.upstreams.delete(upstream);
        client.destroy();
        upstream.destroy();
      });
    }
    this.upstreams.add(upstream);
    client.pipe(upstream);
    // Not pipe(): its drain handler would resume the upstream while the valve holds.
    upstream.on('data', (chunk: Buffer) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => {
      if (!this.held) upstream.resume();
    });
    if (this.held) upstream.pause();
  }
}
