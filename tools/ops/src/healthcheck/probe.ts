/**
 * One health probe of a node or router: connect, optionally AUTH, PING, expect `+PONG` — what
 * `redis-cli ping` proves, without needing redis-cli in the image. A container health check runs it
 * every few seconds, so it opens one connection, sends both commands in one write and never
 * retries: the orchestrator already repeats the check and counts failures.
 *
 * Invariant: the returned promise always settles, and the socket is destroyed, by the deadline.
 */
import { connect } from 'node:net';

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  /** Sent with AUTH before PING; '' sends no AUTH. */
  readonly password: string;
  readonly timeoutMs: number;
}

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** RESP array of bulk strings, so a password with spaces or quotes stays one argument. */
function command(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/**
 * AUTH and PING both answer with one simple line (`+OK`, `+PONG` or `-ERR …`), so the replies are
 * the first `expected` CRLF-terminated lines. Returns null until that many have arrived.
 */
function replyLines(received: string, expected: number): string[] | null {
  const lines = received.split('\r\n');
  return lines.length > expected ? lines.slice(0, expected) : null;
}

export function probe(options: ProbeOptions): Promise<ProbeResult> {
  const auth = options.password === '' ? [] : [command('AUTH', options.password)];
  const request = [...auth, command('PING')].join('');
  const where = `${options.host}:${options.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: options.host, port: options.port });
    let received = '';
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: `no PONG from ${where} within ${options.timeoutMs} ms` }), options.timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('error', (err) => finish({ ok: false, reason: `${where}: ${err.message}` }));
    socket.on('close', () => finish({ ok: false, reason: `${where} closed the connection` }));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const lines = replyLines(received, auth.length + 1);
      if (lines === null) return;
      const authReply = auth.length === 1 ? lines[0] : '+OK';
      const pingReply = lines[lines.length - 1];
      if (authReply !== '+OK') finish({ ok: false, reason: `AUTH refused by ${where}: ${authReply}` });
      else if (pingReply !== '+PONG') finish({ ok: false, reason: `PING to ${where} answered ${pingReply}` });
      else finish({ ok: true });
    });
  });
}
