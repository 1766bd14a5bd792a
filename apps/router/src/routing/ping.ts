/**
 * The active half of passive health: one short TCP connection that asks a backend for +PONG.
 * A backend that requires a password gets AUTH first (`masteruser`/`masterauth`, the credentials a
 * replica would use too); both commands go in one write and the replies are compared whole.
 *
 * Invariant: the promise always settles, with false on any error, unexpected reply (-LOADING,
 * -MASTERDOWN, -NOAUTH, …), early close or timeout, and the socket is destroyed either way.
 */
import { connect } from 'node:net';
import type { BackendRef } from './types';

/** A backend that has not answered PING within this long is not back. */
export const PING_TIMEOUT_MS = 1000;

export interface PingCredentials {
  /** `masteruser`; '' for the default user. */
  readonly user: string;
  /** `masterauth`; '' to send no AUTH. */
  readonly password: string;
}

function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

function command(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map(bulk).join('')}`;
}

/** The AUTH command for these credentials (only sent when a password is set). */
export function authArgs(credentials: PingCredentials): string[] {
  return credentials.user === '' ? ['AUTH', credentials.password] : ['AUTH', credentials.user, credentials.password];
}

/** The request bytes and the exact reply bytes that mean "alive and serving". */
function exchange(credentials: PingCredentials): { request: string; expected: string } {
  const ping = command(['PING']);
  if (credentials.password === '') return { request: ping, expected: '+PONG\r\n' };
  return { request: command(authArgs(credentials)) + ping, expected: '+OK\r\n+PONG\r\n' };
}

/** True when `ref` answered +PONG (after +OK to AUTH) within `timeoutMs`. */
export function pingBackend(ref: BackendRef, credentials: PingCredentials, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  const { request, expected } = exchange(credentials);
  const replies = expected.split('\r\n').length - 1;
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: ref.host, port: ref.port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: string) => {
      received += chunk;
      // Every expected reply is one line; an error reply is one line too.
      if (received.split('\r\n').length - 1 >= replies || received.length > expected.length + 512) {
        finish(received === expected);
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
