/**
 * FrameScanner: finds frame boundaries without decoding values, for the router, which forwards raw
 * bytes and needs only each request's command name (and subcommand) and each reply's end.
 *
 * Both scanners are stateless: they look at `buf` from `offset` and either return the offset just
 * past one complete frame or SCAN_INCOMPLETE (-1), in which case the caller keeps the bytes and calls
 * again, from the same offset, when more have arrived (a rescan hops header to header, never over
 * bulk bodies byte by byte). Results go into a caller-owned CommandFrame reused for every request;
 * nothing is allocated on the hot path except the name string.
 * Invariant: a request is accepted or refused exactly as RequestParser would (same limits, same
 * `Protocol error: ...` texts), so the router can answer malformed input like the server.
 */

import { protocolError } from './errors';
import { splitInlineArgs } from './inline';
import { parseIntBytes } from './int-parse';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './limits';

/** Returned when `buf` does not hold a complete frame yet. */
export const SCAN_INCOMPLETE = -1;

const CR = 0x0d;
const LF = 0x0a;

/** What scanCommand learnt about one request. Reuse one per connection. */
export interface CommandFrame {
  /** Lower-cased command name; '' for a frame Redis skips (blank inline line, `*0`, `*-1`). */
  name: string;
  /** Number of arguments, name included (0 for a skipped frame). */
  argc: number;
  /** First argument after the name is `arg1Buf[arg1Start, arg1End)`; arg1Buf is null when argc < 2. */
  arg1Buf: Buffer | null;
  arg1Start: number;
  arg1End: number;
}

export function createCommandFrame(): CommandFrame {
  return { name: '', argc: 0, arg1Buf: null, arg1Start: 0, arg1End: 0 };
}

/** Scratch for lower-casing names; names longer than this are rare and get their own buffer. */
const NAME_SCRATCH = Buffer.allocUnsafe(64);

/**
 * The name lower-cased the way Redis compares names (ASCII only, like strcasecmp), without a second
 * string when it is already lower-case.
 */
function lowerName(buf: Buffer, start: number, end: number): string {
  let i = start;
  while (i < end && !(buf[i] >= 0x41 && buf[i] <= 0x5a)) i++;
  if (i === end) return buf.toString('latin1', start, end);
  const n = end - start;
  const out = n <= NAME_SCRATCH.length ? NAME_SCRATCH : Buffer.allocUnsafe(n);
  for (let k = 0; k < n; k++) {
    const c = buf[start + k];
    out[k] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  }
  return out.toString('latin1', 0, n);
}

/**
 * Scans one request at `offset`. Returns the offset past it, or SCAN_INCOMPLETE; fills `out` only
 * for a complete frame. Throws RespProtocolError where RequestParser would.
 */
export function scanCommand(
  buf: Buffer,
  offset: number,
  out: CommandFrame,
  limits: Readonly<RequestLimits> = DEFAULT_REQUEST_LIMITS,
  authenticated = true,
): number {
  if (offset >= buf.length) return SCAN_INCOMPLETE;
  return buf[offset] === 0x2a
    ? scanMultibulk(buf, offset, out, limits, authenticated)
    : scanInline(buf, offset, out, limits);
}

function scanMultibulk(buf: Buffer, offset: number, out: CommandFrame, limits: Readonly<RequestLimits>, authenticated: boolean): number {
  const len = buf.length;
  let cr = buf.indexOf(CR, offset);
  if (cr === -1 || cr + 1 >= len) {
    if (cr === -1 && len - offset > limits.maxInlineLen) throw protocolError('too big mbulk count string');
    return SCAN_INCOMPLETE;
  }
  const n = parseIntBytes(buf, offset + 1, cr);
  if (n !== n || n > limits.maxArgs) throw protocolError('invalid multibulk length');
  if (!authenticated && n > limits.unauthMaxArgs) throw protocolError('unauthenticated multibulk length');
  let i = cr + 2;
  if (n <= 0) {
    setFrame(out, '', 0, null, 0, 0);
    return i;
  }
  let nameStart = 0;
  let nameEnd = 0;
  let arg1Start = 0;
  let arg1End = 0;
  for (let k = 0; k < n; k++) {
    if (i >= len) return SCAN_INCOMPLETE;
    cr = buf.indexOf(CR, i);
    if (cr === -1 || cr + 1 >= len) {
      if (cr === -1 && len - i > limits.maxInlineLen) throw protocolError('too big bulk count string');
      return SCAN_INCOMPLETE;
    }
    if (buf[i] !== 0x24) throw protocolError(`expected '$', got '${String.fromCharCode(buf[i])}'`);
    const bulkLen = parseIntBytes(buf, i + 1, cr);
    if (bulkLen !== bulkLen || bulkLen < 0 || bulkLen > limits.maxBulkLen) throw protocolError('invalid bulk length');
    if (!authenticated && bulkLen > limits.unauthMaxBulkLen) throw protocolError('unauthenticated bulk length');
    i = cr + 2;
    if (k === 0) {
      nameStart = i;
      nameEnd = i + bulkLen;
    } else if (k === 1) {
      arg1Start = i;
      arg1End = i + bulkLen;
    }
    i += bulkLen + 2;
    if (i > len) return SCAN_INCOMPLETE;
  }
  setFrame(out, lowerName(buf, nameStart, nameEnd), n, n > 1 ? buf : null, arg1Start, arg1End);
  return i;
}

function scanInline(buf: Buffer, offset: number, out: CommandFrame, limits: Readonly<RequestLimits>): number {
  const lf = buf.indexOf(LF, offset);
  if (lf === -1) {
    if (buf.length - offset > limits.maxInlineLen) throw protocolError('too big inline request');
    return SCAN_INCOMPLETE;
  }
  const end = lf > offset && buf[lf - 1] === CR ? lf - 1 : lf;
  // Inline requests are rare (telnet, redis-cli pipes): decoding the words here is fine.
  const args = splitInlineArgs(buf, offset, end);
  if (args === null) throw protocolError('unbalanced quotes in request');
  if (args.length === 0) setFrame(out, '', 0, null, 0, 0);
  else setFrame(out, lowerName(args[0], 0, args[0].length), args.length, args.length > 1 ? args[1] : null, 0, args.length > 1 ? args[1].length : 0);
  return lf + 1;
}

function setFrame(out: CommandFrame, name: string, argc: number, arg1Buf: Buffer | null, arg1Start: number, arg1End: number): void {
  out.name = name;
  out.argc = argc;
  out.arg1Buf = arg1Buf;
  out.arg1Start = arg1Start;
  out.arg1End = arg1End;
}

/**
 * Scans one reply of any RESP2/RESP3 type at `offset`; returns the offset past it or
 * SCAN_INCOMPLETE. Nesting is tracked as a count of elements still expected, so any depth is fine.
 * Throws RespProtocolError on bytes that are not RESP.
 */
export function scanReply(buf: Buffer, offset: number): number {
  const len = buf.length;
  let pending = 1;
  let i = offset;
  while (pending > 0) {
    if (i >= len) return SCAN_INCOMPLETE;
    const cr = buf.indexOf(CR, i);
    if (cr === -1 || cr + 1 >= len) return SCAN_INCOMPLETE;
    if (buf[cr + 1] !== LF) throw protocolError('expected CRLF');
    const type = buf[i];
    switch (type) {
      case 0x2b: // + - : _ , # (
      case 0x2d:
      case 0x3a:
      case 0x5f:
      case 0x2c:
      case 0x23:
      case 0x28:
        pending--;
        i = cr + 2;
        break;
      case 0x24: // $ ! =
      case 0x21:
      case 0x3d: {
        const n = parseIntBytes(buf, i + 1, cr);
        i = cr + 2;
        pending--;
        if (type === 0x24 && n === -1) break;
        if (n !== n || n < 0) throw protocolError('invalid bulk length');
        i += n + 2;
        if (i > len) return SCAN_INCOMPLETE;
        if (buf[i - 2] !== CR || buf[i - 1] !== LF) throw protocolError('expected CRLF after bulk');
        break;
      }
      case 0x2a: // * ~ > % |
      case 0x7e:
      case 0x3e:
      case 0x25:
      case 0x7c: {
        const n = parseIntBytes(buf, i + 1, cr);
        i = cr + 2;
        if (type === 0x2a && n === -1) {
          pending--;
          break;
        }
        if (n !== n || n < 0) throw protocolError('invalid multibulk length');
        // An aggregate replaces itself with its elements; an attribute adds its pairs before the
        // value it annotates, which is still expected.
        if (type === 0x7c) pending += 2 * n;
        else pending += (type === 0x25 ? 2 * n : n) - 1;
        break;
      }
      default:
        throw protocolError(`unexpected type byte '${String.fromCharCode(type)}'`);
    }
  }
  return i;
}
