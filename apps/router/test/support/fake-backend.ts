/**
 * FakeBackend: a TCP server that speaks just enough RESP to stand in for a misbehaving node — it
 * answers each command with whatever `answer` returns (raw RESP bytes), or never (null). Used for
 * what a real server cannot be made to do on demand: -LOADING to every read, silence.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { RequestParser } from '@resplica/resp';
import { freePort } from '@resplica/testing';

export type Answer = (argv: string[]) => string | null;

export class FakeBackend {
  /** Every command received, as strings, in order. */
  readonly received: string[][] = [];
  private readonly sockets = new Set<Socket>();
  private reading = true;
  /** The connection each command arrived on, by its first argument. */
  private readonly byFirstArg = new Map<string, Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public answer: Answer,
  ) {}

  static async start(answer: Answer): Promise<FakeBackend> {
    const port = await freePort();
    const server = createServer();
    const fake = new FakeBackend(server, port, answer);
    server.on('connection', (socket) => fake.serve(socket));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return fake;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Stops reading from every connection, present and future (a backend that is stuck). */
  stopReading(): void {
    this.reading = false;
    for (const socket of this.sockets) socket.pause();
  }

  /** Closes the connection the command whose first argument is `arg` arrived on. */
  dropConnectionOf(arg: string): void {
    this.byFirstArg.get(arg)?.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const parser = new RequestParser();
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (!this.reading) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      parser.feed(chunk);
      let argv: Buffer[] | null;
      while ((argv = parser.next()) !== null) {
        const args = argv.map((a) => a.toString('latin1'));
        this.received.push(args);
        if (args.length > 1) this.byFirstArg.set(args[1], socket);
        const reply = this.answer(args);
        if (reply !== null) socket.write(reply, 'latin1');
      }
    });
  }
}
