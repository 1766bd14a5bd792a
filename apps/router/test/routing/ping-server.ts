/**
 * A stand-in backend for PING and poll tests: a TCP server on a free port that answers each
 * command as `answer` says and keeps what it received. PING: +PONG, -LOADING or silence; INFO: a
 * replica's INFO with its link up (REPLICA_INFO), -LOADING or silence; AUTH: +OK in `auth` mode
 * only (otherwise no answer, so a client that needs +OK first sees too few replies).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { RespDecoder, type RespValue } from '@resplica/resp';
import { freePort } from '@resplica/testing';

export type Answer = 'pong' | 'loading' | 'silent' | 'auth';

export interface PingServer {
  readonly port: number;
  answer: Answer;
  /** Every byte received, per connection, as latin1 text. */
  readonly received: string[];
  close(): Promise<void>;
}

/** What INFO replication persistence answers: a replica in sync at offset 700, link up. */
export const REPLICA_INFO =
  '# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\nmaster_link_status:up\r\n' +
  'master_sync_in_progress:0\r\nslave_repl_offset:700\r\nmaster_repl_offset:700\r\n\r\n# Persistence\r\nloading:0\r\n';

const LOADING = '-LOADING Redis is loading the dataset in memory\r\n';
const INFO_REPLY = `$${REPLICA_INFO.length}\r\n${REPLICA_INFO}\r\n`;

/** The reply to one command in mode `answer`; '' for none. */
function replyTo(name: string, answer: Answer): string {
  if (answer === 'silent') return '';
  if (name === 'AUTH') return answer === 'auth' ? '+OK\r\n' : '';
  if (answer === 'loading') return LOADING;
  if (name === 'PING') return '+PONG\r\n';
  return name === 'INFO' ? INFO_REPLY : '-ERR unknown command\r\n';
}

function commandName(v: RespValue): string {
  return v.type === 'array' && v.value !== null && v.value[0]?.type === 'bulk' ? String(v.value[0].value).toUpperCase() : '';
}

export async function startPingServer(answer: Answer = 'pong'): Promise<PingServer> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const state: PingServer = {
    port,
    answer,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const index = received.push('') - 1;
    const decoder = new RespDecoder();
    socket.on('data', (chunk: Buffer) => {
      received[index] += chunk.toString('latin1');
      decoder.feed(chunk);
      for (let v = decoder.next(); v !== undefined; v = decoder.next()) {
        const reply = replyTo(commandName(v), state.answer);
        if (reply !== '') socket.write(reply);
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return state;
}
