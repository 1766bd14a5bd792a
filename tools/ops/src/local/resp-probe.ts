/**
 * One RESP command on a fresh connection, for readiness probes: connect, send, read one reply,
 * close. Only the reply kinds the probes meet are understood: simple strings, errors and bulk
 * strings (INFO). Not a client: no pipelining, no RESP3, no arrays.
 */
import { connect } from 'node:net';
import { LOOPBACK } from './ports';

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** The reply once `data` holds all of it: `+OK`/`-ERR …` lines as they are, a bulk string's content; else undefined. */
function completeReply(data: Buffer): string | undefined {
  const lineEnd = data.indexOf('\r\n');
  if (lineEnd < 0) return undefined;
  const line = data.subarray(0, lineEnd).toString('utf8');
  if (line.startsWith('+') || line.startsWith('-')) return line;
  if (!line.startsWith('$')) throw new Error(`unexpected reply '${line}'`);
  const length = Number(line.slice(1));
  if (length < 0) return '';
  const start = lineEnd + 2;
  return data.length >= start + length + 2 ? data.subarray(start, start + length).toString('utf8') : undefined;
}

/** Sends `args` to 127.0.0.1:`port`; rejects on a connection error, an unexpected reply or after `timeoutMs`. */
export function respCommand(port: number, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK, port });
    let data = Buffer.alloc(0);
    const finish = (err: Error | null, reply?: string): void => {
      socket.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply within ${timeoutMs} ms`)));
    socket.on('error', (err) => finish(err));
    socket.on('connect', () => socket.write(encode(args)));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      try {
        const reply = completeReply(data);
        if (reply !== undefined) finish(null, reply);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('end', () => finish(new Error('connection closed before a full reply')));
  });
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
