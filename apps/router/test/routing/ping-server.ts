/**
 * A stand-in backend for PING tests: a TCP server on a free port that answers each command line
 * group with what `answer` says (+PONG, -LOADING, silence, +OK then +PONG for AUTH) and keeps
 * what it received.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@resplica/testing';

export type Answer = 'pong' | 'loading' | 'silent' | 'auth';

export interface PingServer {
  readonly port: number;
  answer: Answer;
  /** Every byte received, per connection, as latin1 text. */
  readonly received: string[];
  close(): Promise<void>;
}

const REPLIES: Record<Exclude<Answer, 'silent'>, string> = {
  pong: '+PONG\r\n',
  loading: '-LOADING Redis is loading the dataset in memory\r\n',
  auth: '+OK\r\n+PONG\r\n',
};

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
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received[index] += chunk;
      // The prober sends everything in one write; answer once it is all here.
      if (received[index].endsWith('PING\r\n') && state.answer !== 'silent') socket.write(REPLIES[state.answer]);
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return state;
}
