/**
 * RequestParser: the server's hot-path decoder of client requests.
 *
 * Accepts what Redis 7.0 accepts from a client: multibulk requests (`*N\r\n$len\r\n...`) and inline
 * requests (`SET a "b c"\r\n`), skips what Redis skips (blank inline lines, `*0`, `*-1`, any `*<n<=0>`)
 * and refuses what Redis refuses with the same `Protocol error: ...` texts (see limits.ts for the
 * limits and their defaults). Like Redis it does not check the two bytes that follow a bulk body.
 *
 * Buffering: all state lives in fields, so a chunk boundary anywhere is a normal state and nothing is
 * rescanned. Arguments are views of the chunk they lie in (arg-view.ts); only a bulk that spans
 * chunks is copied (once, when complete), and only a header line that spans chunks is joined.
 * Invariant: after `next()` returns null every byte fed so far is either consumed or held in
 * `carry`/`parts`, and chunks handed to `feed` must not be mutated afterwards (arguments view them).
 */

import { argView } from './arg-view';
import { protocolError } from './errors';
import { splitInlineArgs } from './inline';
import { parseIntBytes } from './int-parse';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './limits';

const CR = 0x0d;
const LF = 0x0a;
const STAR = 0x2a;
const DOLLAR = 0x24;

const REQ_NONE = 0;
const REQ_INLINE = 1;
const REQ_MULTIBULK = 2;

/** Redis pre-sizes argv up to this many slots; a hostile `*1000000` must not allocate 8 MB upfront. */
const MAX_PRESIZED_ARGS = 1024;

const EMPTY = Buffer.alloc(0);
const NO_ARGS: Buffer[] = [];

/** Bytes scanned in JS before a line search falls back to the native `indexOf`. */
const SHORT_SCAN = 32;

/**
 * Index of `byte` in `buf` at or after `from`, -1 when absent. Header lines (`*3`, `$100`) are a few
 * bytes long, and the native `indexOf` costs a binding call per line (three per GET), so the first
 * bytes are scanned in JS and only a longer line goes native.
 */
function findByte(buf: Buffer, byte: number, from: number): number {
  const n = buf.length;
  const stop = from + SHORT_SCAN < n ? from + SHORT_SCAN : n;
  for (let i = from; i < stop; i++) if (buf[i] === byte) return i;
  return stop === n ? -1 : buf.indexOf(byte, stop);
}

export class RequestParser {
  /** False while a password is required and the client has not authenticated: tighter limits apply. */
  authenticated = true;
  private readonly limits: RequestLimits;
  /** The chunk being parsed and the first unconsumed byte in it. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** `buf`'s memory and where `buf` starts in it, read once per chunk for the argument views. */
  private memory: ArrayBufferLike = EMPTY.buffer;
  private memoryOffset = 0;
  /** Start of a header or inline line that began in an earlier chunk (its bytes so far). */
  private carry: Buffer | null = null;
  /** The last complete line: bytes `[lineStart, lineEnd)` of `lineBuf`, terminator excluded. */
  private lineBuf: Buffer = EMPTY;
  private lineStart = 0;
  private lineEnd = 0;
  private reqType = REQ_NONE;
  /** The multibulk request being assembled; `argsLeft === 0` in REQ_MULTIBULK means "header next". */
  private argv: Buffer[] = NO_ARGS;
  private argc = 0;
  private argsLeft = 0;
  /** Length of the bulk being read, -1 while its `$` header is expected. */
  private bulkLen = -1;
  /** Pieces of a bulk that spans chunks, joined once when complete. */
  private parts: Buffer[] | null = null;
  private partsLen = 0;

  constructor(limits?: Partial<RequestLimits>) {
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...limits };
  }

  /** CONFIG SET proto-max-bulk-len. Applies from the next bulk header on. */
  setMaxBulkLen(n: number): void {
    this.limits.maxBulkLen = n;
  }

  /** Bytes fed but not yet returned as part of a command (for client-query-buffer accounting). */
  get bufferedBytes(): number {
    return this.buf.length - this.pos + (this.carry === null ? 0 : this.carry.length) + this.partsLen;
  }

  /** Adds bytes read from the socket. Call `next()` until it returns null before feeding again. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.pos < this.buf.length) {
      // The caller fed without draining: keep the unread tail (a copy, but only in this misuse).
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else {
      this.buf = chunk;
    }
    this.pos = 0;
    this.memory = this.buf.buffer;
    this.memoryOffset = this.buf.byteOffset;
  }

  /**
   * The next complete command's arguments, or null when more input is needed.
   * Throws RespProtocolError on malformed input (after returning every command before it).
   */
  next(): Buffer[] | null {
    for (;;) {
      if (this.reqType === REQ_NONE) {
        if (this.pos >= this.buf.length) {
          // Everything consumed: drop the chunk so its memory can go once the arguments do.
          this.buf = EMPTY;
          this.memory = EMPTY.buffer;
          this.pos = 0;
          return null;
        }
        this.reqType = this.buf[this.pos] === STAR ? REQ_MULTIBULK : REQ_INLINE;
      }
      if (this.reqType === REQ_INLINE) {
        if (!this.readLine(LF, 0, 'too big inline request')) return null;
        this.reqType = REQ_NONE;
        let end = this.lineEnd;
        if (end > this.lineStart && this.lineBuf[end - 1] === CR) end--;
        const args = splitInlineArgs(this.lineBuf, this.lineStart, end);
        if (args === null) throw protocolError('unbalanced quotes in request');
        if (args.length > 0) return args;
        continue;
      }
      if (this.argsLeft === 0 && !this.readMultibulkHeader()) return null;
      if (this.argsLeft === 0) {
        // `*0`, `*-1`: Redis ignores them.
        this.reqType = REQ_NONE;
        continue;
      }
      if (!this.readBulks()) return null;
      this.reqType = REQ_NONE;
      const argv = this.argv;
      this.argv = NO_ARGS;
      return argv;
    }
  }

  /** Reads `*<n>`; false when incomplete. Leaves argsLeft at 0 for a request Redis skips. */
  private readMultibulkHeader(): boolean {
    if (!this.readLine(CR, 1, 'too big mbulk count string')) return false;
    const n = parseIntBytes(this.lineBuf, this.lineStart + 1, this.lineEnd);
    if (n !== n || n > this.limits.maxArgs) throw protocolError('invalid multibulk length');
    if (!this.authenticated && n > this.limits.unauthMaxArgs) throw protocolError('unauthenticated multibulk length');
    if (n > 0) {
      this.argsLeft = n;
      this.argc = 0;
      this.argv = new Array<Buffer>(n < MAX_PRESIZED_ARGS ? n : MAX_PRESIZED_ARGS);
      this.bulkLen = -1;
    }
    return true;
  }

  /** Reads bulk arguments until the request is complete (true) or the input runs out (false). */
  private readBulks(): boolean {
    while (this.argsLeft > 0) {
      if (this.bulkLen < 0) {
        if (!this.readLine(CR, 1, 'too big bulk count string')) return false;
        const line = this.lineBuf;
        const first = line[this.lineStart];
        if (first !== DOLLAR) throw protocolError(`expected '$', got '${String.fromCharCode(first)}'`);
        const n = parseIntBytes(line, this.lineStart + 1, this.lineEnd);
        if (n !== n || n < 0 || n > this.limits.maxBulkLen) throw protocolError('invalid bulk length');
        if (!this.authenticated && n > this.limits.unauthMaxBulkLen) throw protocolError('unauthenticated bulk length');
        this.bulkLen = n;
      }
      const buf = this.buf;
      const pos = this.pos;
      const len = this.bulkLen;
      if (this.parts === null && buf.length - pos >= len + 2) {
        // Fast path: body and terminator in this chunk, the argument is a view.
        this.argv[this.argc++] = argView(this.memory, this.memoryOffset + pos, len);
        this.pos = pos + len + 2;
      } else if (!this.readSpanningBulk()) {
        return false;
      }
      this.bulkLen = -1;
      this.argsLeft--;
    }
    return true;
  }

  /**
   * The slow path of a bulk whose body and two-byte terminator do not fit in the current chunk: the
   * pieces (terminator included, as Redis waits for it too) are kept as views and joined once.
   */
  private readSpanningBulk(): boolean {
    const buf = this.buf;
    const avail = buf.length - this.pos;
    const need = this.bulkLen + 2 - this.partsLen;
    if (avail < need) {
      if (avail > 0) {
        if (this.parts === null) this.parts = [];
        this.parts.push(buf.subarray(this.pos));
        this.partsLen += avail;
        this.pos = buf.length;
      }
      return false;
    }
    const parts = this.parts!;
    parts.push(buf.subarray(this.pos, this.pos + need));
    this.pos += need;
    const first = parts[0];
    // Only the terminator was missing: the body is still a view of one chunk.
    this.argv[this.argc++] =
      first.length >= this.bulkLen ? first.subarray(0, this.bulkLen) : Buffer.concat(parts, this.bulkLen);
    this.parts = null;
    this.partsLen = 0;
    return true;
  }

  /**
   * Finds the line that starts at `pos`, terminated by `sep` plus `after` more bytes (a header needs
   * CR and one byte after it, as Redis does; an inline request needs LF). On success the line is
   * `[lineStart, lineEnd)` of `lineBuf` and `pos` is past the terminator. Otherwise the bytes are
   * kept in `carry`, and a line longer than maxInlineLen without its terminator is refused.
   */
  private readLine(sep: number, after: number, tooBig: string): boolean {
    const buf = this.buf;
    const carry = this.carry;
    if (carry === null) {
      if (this.pos >= buf.length) return false;
      const at = findByte(buf, sep, this.pos);
      if (at !== -1 && at + after < buf.length) {
        this.lineBuf = buf;
        this.lineStart = this.pos;
        this.lineEnd = at;
        this.pos = at + 1 + after;
        return true;
      }
      return this.keepCarry(buf.subarray(this.pos), sep, tooBig);
    }
    if (this.pos >= buf.length) return false;
    if (carry[carry.length - 1] === sep) {
      // The terminator arrived at the end of the previous chunk; only the byte after it was missing.
      this.setCarriedLine(carry, carry.length - 1, after);
      return true;
    }
    const at = findByte(buf, sep, this.pos);
    if (at !== -1 && at + after < buf.length) {
      const line = Buffer.concat([carry, buf.subarray(this.pos, at)]);
      this.pos = at;
      this.setCarriedLine(line, line.length, 1 + after);
      return true;
    }
    return this.keepCarry(Buffer.concat([carry, buf.subarray(this.pos)]), sep, tooBig);
  }

  private setCarriedLine(line: Buffer, end: number, advance: number): void {
    this.lineBuf = line;
    this.lineStart = 0;
    this.lineEnd = end;
    this.pos += advance;
    this.carry = null;
  }

  private keepCarry(bytes: Buffer, sep: number, tooBig: string): false {
    this.carry = bytes;
    this.pos = this.buf.length;
    // Redis measures only while no terminator has been seen at all.
    if (bytes[bytes.length - 1] !== sep && bytes.length > this.limits.maxInlineLen) throw protocolError(tooBig);
    return false;
  }
}
