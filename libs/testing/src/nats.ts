/*
 * A real nats-server for tests: on a free port on 127.0.0.1 (never 4222), optionally requiring a
 * user/password or a token, restartable on the same port (to test reconnects). Readiness is the
 * server's INFO line on a fresh TCP connection, not a sleep.
 *
 * Invariant: stop() always ends the process we spawned (SIGTERM, then SIGKILL after a bound).
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './ports';
import { startProcess, type RunningServer } from './processes';

export type NatsAuth = { user: string; password: string } | { token: string };

export interface NatsServer {
  readonly port: number;
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  /** The running process (replaced by restart()). */
  readonly server: RunningServer;
  /** Stops the server; a later restart() starts it again on the same port. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop(), or stopping it first). */
  restart(): Promise<void>;
}

/** Debian installs nats-server in /usr/sbin, which is not on every PATH. */
function natsServerBinary(): string {
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

/** True when a TCP connection to `port` receives the nats-server's greeting (`INFO {…}`). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let seen = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('\r\n')) done(seen.startsWith('INFO '));
    });
  });
}

function authArgs(auth: NatsAuth | undefined): string[] {
  if (auth === undefined) return [];
  return 'token' in auth ? ['--auth', auth.token] : ['--user', auth.user, '--pass', auth.password];
}

/** Starts a nats-server on a free port, with the given authorization if any. */
export async function startNatsServer(options: { auth?: NatsAuth } = {}): Promise<NatsServer> {
  const port = await freePort();
  const args = ['-a', '127.0.0.1', '-p', String(port), ...authArgs(options.auth)];
  const launch = (): Promise<RunningServer> => startProcess('nats-server', natsServerBinary(), args, port, () => undefined, greets);
  let server = await launch();
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    get server() {
      return server;
    },
    stop: () => server.stop(),
    restart: async () => {
      await server.stop();
      server = await launch();
    },
  };
}
