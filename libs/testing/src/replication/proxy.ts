/*
 * A tiny TCP proxy for partition tests: a replica connects to the proxy instead of its master, and
 * the test can cut every connection in both directions at once, and decide what happens to new
 * connections meanwhile:
 *  - `pass`: connect them through to the target (the normal state);
 *  - `refuse`: accept and immediately close them (the peer sees its connection reset at once);
 *  - `hold`: accept them but forward nothing until the mode returns to `pass` (a master that
 *    hangs; bytes the client sends meanwhile are delivered when the hold ends).
 * Bytes are forwarded unchanged; the proxy never parses them.
 */
import { createServer, Server, Socket, connect } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'hold';

export class TcpProxy {
  private mode: ProxyMode = 'pass';
  private readonly sockets = new Set<Socket>();
  private readonly held: Socket[] = [];
  /** Connections accepted since the proxy started, refused and held ones included. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly targetPort: number,
    private readonly targetHost: string,
  ) {
    server.on('connection', (client) => this.onConnection(client));
  }

  /** Listens on a free port of 127.0.0.1 and forwards to targetHost:targetPort. */
  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    return new TcpProxy(server, port, targetPort, targetHost);
  }

  /** Changes what happens to new connections; leaving `hold` connects the held ones through. */
  setMode(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'hold') return;
    for (const client of this.held.splice(0)) {
      if (mode === 'pass') this.pipe(client);
      else client.destroy();
    }
  }

  /** Destroys every open connection, both the client and the target side. */
  cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held.length = 0;
  }

  /** Connections open now (each side counts). */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Cuts everything and stops listening. */
  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private onConnection(client: Socket): void {
    this.accepted++;
    if (this.mode === 'refuse') {
      client.on('error', () => undefined);
      client.destroy();
      return;
    }
    this.track(client);
    if (this.mode === 'hold') {
      // Not reading while held: what the client sends stays queued for when it is let through.
      client.pause();
      this.held.push(client);
      return;
    }
    this.pipe(client);
  }

  private pipe(client: Socket): void {
    if (client.destroyed) return;
    const target = connect({ port: this.targetPort, host: this.targetHost });
    this.track(target);
    target.setNoDelay(true);
    client.setNoDelay(true);
    client.pipe(target);
    target.pipe(client);
    client.resume();
    // A close on either side closes the other, as a broken link would.
    client.once('close', () => target.destroy());
    target.once('close', () => client.destroy());
  }
}
