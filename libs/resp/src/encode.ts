/**
 * Encoders for the client side of RESP: `encodeCommand` (a multibulk request, used for propagation to
 * replicas and the backlog, and by clients and tests) and `encodeValue` (any RespValue, for test
 * servers and round-trip tests). Not on the server's reply path: that is ReplyWriter.
 */

import type { RespValue } from './values';

/** Decimal digits of a non-negative integer, so a frame's size is known before it is written. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/**
 * `*N\r\n$len\r\narg\r\n...` in one buffer of exactly its size; strings are sent as UTF-8. It runs
 * for every propagated write, so it allocates that one buffer and nothing else.
 */
export function encodeCommand(argv: (Buffer | string)[]): Buffer {
  let size = 3 + digits(argv.length);
  for (const arg of argv) {
    const len = typeof arg === 'string' ? Buffer.byteLength(arg, 'utf8') : arg.length;
    size += 5 + digits(len) + len;
  }
  const out = Buffer.allocUnsafe(size);
  let p = out.write('*' + argv.length + '\r\n', 0, 'latin1');
  for (const arg of argv) {
    const len = typeof arg === 'string' ? Buffer.byteLength(arg, 'utf8') : arg.length;
    p += out.write('$' + len + '\r\n', p, 'latin1');
    p += typeof arg === 'string' ? out.write(arg, p, 'utf8') : arg.copy(out, p);
    out[p++] = 0x0d;
    out[p++] = 0x0a;
  }
  return out;
}

function line(prefix: string, text: string): Buffer {
  return Buffer.from(prefix + text + '\r\n', 'utf8');
}

function blob(prefix: string, body: Buffer): Buffer[] {
  return [Buffer.from(prefix + body.length + '\r\n', 'latin1'), body, Buffer.from('\r\n', 'latin1')];
}

function encodeInto(v: RespValue, out: Buffer[]): void {
  switch (v.type) {
    case 'simple':
      out.push(line('+', v.value));
      return;
    case 'error':
      out.push(line('-', v.value));
      return;
    case 'integer':
      out.push(line(':', String(v.value)));
      return;
    case 'bulk':
      if (v.value === null) out.push(line('$', '-1'));
      else out.push(...blob('$', v.value));
      return;
    case 'blobError':
      out.push(...blob('!', v.value));
      return;
    case 'verbatim':
      out.push(...blob('=', Buffer.concat([Buffer.from(v.format + ':', 'latin1'), v.value])));
      return;
    case 'null':
      out.push(line('_', ''));
      return;
    case 'double':
      out.push(line(',', v.value !== v.value ? 'nan' : v.value === Infinity ? 'inf' : v.value === -Infinity ? '-inf' : String(v.value)));
      return;
    case 'boolean':
      out.push(line('#', v.value ? 't' : 'f'));
      return;
    case 'bignum':
      out.push(line('(', String(v.value)));
      return;
    case 'array':
      if (v.value === null) {
        out.push(line('*', '-1'));
        return;
      }
      out.push(line('*', String(v.value.length)));
      for (const e of v.value) encodeInto(e, out);
      return;
    case 'set':
    case 'push':
      out.push(line(v.type === 'set' ? '~' : '>', String(v.value.length)));
      for (const e of v.value) encodeInto(e, out);
      return;
    case 'map':
      out.push(line('%', String(v.value.length)));
      for (const [k, val] of v.value) {
        encodeInto(k, out);
        encodeInto(val, out);
      }
      return;
    case 'attribute':
      out.push(line('|', String(v.attributes.length)));
      for (const [k, val] of v.attributes) {
        encodeInto(k, out);
        encodeInto(val, out);
      }
      encodeInto(v.value, out);
      return;
  }
}

/** The RESP2/RESP3 bytes of a value (recursive: meant for tests and tools, not hostile depths). */
export function encodeValue(v: RespValue): Buffer {
  const out: Buffer[] = [];
  encodeInto(v, out);
  return Buffer.concat(out);
}
