/*
 * Minimal RESP helpers for tests: encode a command as a multibulk, and find where one complete
 * RESP2/RESP3 reply ends in a buffer without decoding it.
 *
 * This is deliberately independent of @resplica/resp: a test helper that shared the decoder under
 * test would hide that decoder's bugs. Invariant: findReplyEnd never reads past `end` and returns
 * -1 (not an exception) when the reply is merely incomplete.
 */

/** One argument of a command: text is sent as UTF-8, Buffers byte for byte. */
export type Arg = string | Buffer;

/** Encodes argv as a RESP multibulk (`*<n>\r\n$<len>\r\n<bytes>\r\n…`). */
export function encodeCommand(argv: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
const CR = 13;

/** Thrown when the bytes cannot be the start of any RESP reply. */
export class RespFrameError extends Error {
  override readonly name = 'RespFrameError';
}

/** Index just past the `\r\n` that ends the line starting at `pos`, or -1 when not there yet. */
function lineEnd(buf: Buffer, pos: number, end: number): number {
  const cr = buf.indexOf(CR, pos);
  if (cr < 0 || cr + 1 >= end) return -1;
  return cr + 2;
}

/** Parses the signed decimal between the type byte and the CRLF of a header line. */
function headerNumber(buf: Buffer, pos: number, next: number): number {
  const text = buf.toString('latin1', pos + 1, next - 2);
  const n = Number(text);
  if (!Number.isInteger(n)) throw new RespFrameError(`bad length ${JSON.stringify(text)} at ${pos}`);
  return n;
}

/**
 * Returns the offset just past the one complete reply that starts at `pos`, or -1 if the buffer
 * does not yet hold all of it. An attribute (`|`) is returned together with the value it annotates,
 * because a client sees the two as one reply.
 */
export function findReplyEnd(buf: Buffer, pos = 0, end = buf.length): number {
  if (pos >= end) return -1;
  const type = buf[pos];
  const next = lineEnd(buf, pos, end);
  if (next < 0) return -1;
  switch (type) {
    case 0x2b: // + simple string
    case 0x2d: // - error
    case 0x3a: // : integer
    case 0x5f: // _ null
    case 0x2c: // , double
    case 0x23: // # boolean
    case 0x28: // ( big number
      return next;
    case 0x24: // $ bulk string
    case 0x21: // ! bulk error
    case 0x3d: {
      // = verbatim string
      const len = headerNumber(buf, pos, next);
      if (len < 0) return next;
      const stop = next + len + 2;
      return stop <= end ? stop : -1;
    }
    case 0x2a: // * array
    case 0x3e: // > push
    case 0x7e: // ~ set
      return elementsEnd(buf, next, end, headerNumber(buf, pos, next));
    case 0x25: // % map
      return elementsEnd(buf, next, end, 2 * headerNumber(buf, pos, next));
    case 0x7c: {
      // | attribute, then the value it belongs to
      const attrEnd = elementsEnd(buf, next, end, 2 * headerNumber(buf, pos, next));
      return attrEnd < 0 ? -1 : findReplyEnd(buf, attrEnd, end);
    }
    default:
      throw new RespFrameError(`unknown RESP type byte 0x${(type ?? 0).toString(16)} at ${pos}`);
  }
}

function elementsEnd(buf: Buffer, pos: number, end: number, count: number): number {
  let at = pos;
  for (let i = 0; i < count; i++) {
    at = findReplyEnd(buf, at, end);
    if (at < 0) return -1;
  }
  return at;
}
