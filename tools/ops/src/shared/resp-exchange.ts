/**
 * One short RESP exchange on a fresh connection, for the launcher's readiness probes and the
 * container health check: connect, send every command in one write, read exactly one reply per
 * command with libs/resp's decoder, close. Not a client: no reuse, no retries (the callers repeat).
 *
 * Invariant: the promise settles, and the socket is destroyed, by the deadline.
 */
import { connect } from 'node:net';
import { encodeCommand, RespDecoder, type RespValue } from '@resplica/resp';

/** The deadline passed with replies still missing. */
export class ExchangeTimeoutError extends Error {}

/** Sends `commands` to host:port; resolves with their replies in order, rejects on any failure. */
export function respExchange(host: string, port: number, commands: readonly string[][], timeoutMs: number): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const decoder = new RespDecoder();
    const replies: RespValue[] = [];
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err === null) resolve(replies);
      else reject(err);
    };
    const timer = setTimeout(() => finish(new ExchangeTimeoutError(`no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat(commands.map((c) => encodeCommand(c)))));
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('connection closed before every reply')));
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.feed(chunk);
        for (let reply = decoder.next(); reply !== undefined; reply = decoder.next()) replies.push(reply);
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (replies.length >= commands.length) finish(null);
    });
  });
}

/** A reply as probes compare it: a status or error as its line (`+PONG`, `-NOAUTH …`), a bulk string as its text. */
export function replyText(reply: RespValue): string {
  switch (reply.type) {
    case 'simple':
      return `+${reply.value}`;
    case 'error':
      return `-${reply.value}`;
    case 'bulk':
      return reply.value === null ? '' : reply.value.toString('utf8');
    default:
      throw new Error(`unexpected ${reply.type} reply`);
  }
}

/** `field:value` lines of an INFO reply, by field. */
export function infoFields(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}
