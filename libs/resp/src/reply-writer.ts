/**
 * ReplyWriter: the per-connection implementation of the `Reply` contract (libs/commands/src/reply.ts,
 * implemented structurally: resp depends on nothing) plus the output accumulator the server flushes.
 *
 * Output model: small replies are written into a slab (a Buffer with a write position); a bulk of
 * BIG_BULK bytes or more is queued by reference as its own chunk, so large values are never copied.
 * `takeChunks()` hands everything written so far to the server, which writes it to the socket once
 * per event-loop turn. Bytes handed out are never written again: the next reply continues after them
 * in the same slab, or in a new slab when it is full, so no copy is needed while the socket holds
 * them. A deferred aggregate length occupies its own chunk slot, patched by `setLength`.
 * Invariants: Buffers passed to `bulk`/`raw` must not be mutated until flushed (large ones are
 * referenced, not copied), and `takeChunks()` may only be called when every deferred length is set.
 */

import { formatDouble17g } from './double-format';
import {
  ARRAY_HEADERS,
  MAP_HEADERS,
  SET_HEADERS,
  SHARED_HEADER_COUNT,
  SHARED_INT_BYTES,
  SHARED_INT_OFFSETS,
  SHARED_INTEGERS,
  SHARED_REPLIES,
} from './shared-replies';

/** Bulks at least this large are queued as separate zero-copy chunks. */
export const BIG_BULK = 16 * 1024;
/** Slab size; Redis gives each client a 16 KiB reply buffer too. */
const SLAB_SIZE = 16 * 1024;
/** Room for a prefix, a 20-digit length, a sign and CRLF. */
const HEADER_ROOM = 24;
/** Error replies are cached by message; messages with user data must not grow the cache forever. */
const MAX_CACHED_ERRORS = 1024;

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

const errorCache = new Map<string, Buffer>();

/** `-<message>\r\n`, with CR/LF turned into spaces as Redis does, cached by message. */
function encodeError(message: string): Buffer {
  let bytes = errorCache.get(message);
  if (bytes === undefined) {
    bytes = Buffer.from('-' + message.replace(/[\r\n]/g, ' ') + '\r\n', 'utf8');
    if (errorCache.size < MAX_CACHED_ERRORS) errorCache.set(message, bytes);
  }
  return bytes;
}

/** Handle for an aggregate header whose count is known only after its elements are written. */
export class DeferredHeader {
  constructor(
    private readonly writer: ReplyWriter,
    private readonly slot: number,
    private readonly kind: number,
  ) {}

  setLength(n: number): void {
    this.writer.patchDeferred(this.slot, this.kind, n);
  }
}

const KIND_ARRAY = 0;
const KIND_MAP = 1;
const KIND_SET = 2;

export class ReplyWriter {
  /** 2 or 3, as negotiated by HELLO. */
  protocol: 2 | 3 = 2;
  private slab: Buffer = EMPTY;
  /** First slab byte not yet handed out as a chunk. */
  private start = 0;
  /** Write position in the slab. */
  private len = 0;
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private unsetDeferred = 0;

  /** Bytes written and not yet taken. */
  get pendingBytes(): number {
    return this.chunkBytes + this.len - this.start;
  }

  /** Everything written since the last call, in order; the writer is then empty. */
  takeChunks(): Buffer[] {
    if (this.unsetDeferred > 0) throw new Error('ReplyWriter.takeChunks: a deferred length was never set');
    this.closeSegment();
    const out = this.chunks;
    this.chunks = [];
    this.chunkBytes = 0;
    return out;
  }

  /** Drops everything written (the connection is closing). */
  clear(): void {
    this.start = this.len;
    this.chunks = [];
    this.chunkBytes = 0;
    this.unsetDeferred = 0;
  }

  ok(): void {
    this.copySmall(SHARED_REPLIES.ok);
  }

  status(text: string): void {
    this.ensure(text.length * 3 + 3);
    this.slab[this.len++] = 0x2b;
    this.len += this.slab.write(text, this.len, 'utf8');
    this.crlf();
  }

  error(message: string): void {
    this.raw(encodeError(message));
  }

  integer(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < SHARED_INTEGERS && (n | 0) === n) {
      const from = SHARED_INT_OFFSETS[n];
      this.copyRange(SHARED_INT_BYTES, from, SHARED_INT_OFFSETS[n + 1]);
      return;
    }
    this.ensure(HEADER_ROOM);
    this.slab[this.len++] = 0x3a;
    this.writeInt(n);
  }

  bulk(value: Buffer | string | null): void {
    if (value === null) {
      this.copySmall(this.protocol === 3 ? SHARED_REPLIES.nullResp3 : SHARED_REPLIES.nullBulkResp2);
    } else if (typeof value === 'string') {
      this.bulkString(value);
    } else {
      this.bulkBuffer(value);
    }
  }

  bulkLatin1(value: string): void {
    const n = value.length;
    if (n >= BIG_BULK) {
      this.bulkBuffer(Buffer.from(value, 'latin1'));
      return;
    }
    this.ensure(n + HEADER_ROOM + 2);
    this.bulkLength(n);
    const slab = this.slab;
    let p = this.len;
    if (n <= 64) {
      for (let i = 0; i < n; i++) slab[p++] = value.charCodeAt(i);
    } else {
      p += slab.write(value, p, n, 'latin1');
    }
    slab[p++] = CR;
    slab[p++] = LF;
    this.len = p;
  }

  nullArray(): void {
    this.copySmall(this.protocol === 3 ? SHARED_REPLIES.nullResp3 : SHARED_REPLIES.nullArrayResp2);
  }

  arrayHeader(n: number): void {
    if (n < SHARED_HEADER_COUNT) this.copySmall(ARRAY_HEADERS[n]);
    else this.header(0x2a, n);
  }

  mapHeader(pairs: number): void {
    if (this.protocol === 3) {
      if (pairs < SHARED_HEADER_COUNT) this.copySmall(MAP_HEADERS[pairs]);
      else this.header(0x25, pairs);
    } else {
      this.arrayHeader(pairs * 2);
    }
  }

  setHeader(n: number): void {
    if (this.protocol === 3) {
      if (n < SHARED_HEADER_COUNT) this.copySmall(SET_HEADERS[n]);
      else this.header(0x7e, n);
    } else {
      this.arrayHeader(n);
    }
  }

  pushHeader(n: number): void {
    if (this.protocol === 3) this.header(0x3e, n);
    else this.arrayHeader(n);
  }

  double(value: number): void {
    const text = formatDouble17g(value);
    if (this.protocol === 3) {
      this.ensure(text.length + 3);
      this.slab[this.len++] = 0x2c;
      this.len += this.slab.write(text, this.len, 'latin1');
      this.crlf();
    } else {
      this.bulkString(text);
    }
  }

  bool(value: boolean): void {
    if (this.protocol === 3) this.copySmall(value ? SHARED_REPLIES.trueResp3 : SHARED_REPLIES.falseResp3);
    else this.copySmall(value ? SHARED_REPLIES.one : SHARED_REPLIES.zero);
  }

  verbatim(text: string, format: 'txt' | 'mkd' = 'txt'): void {
    if (this.protocol !== 3) {
      this.bulkString(text);
      return;
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    this.header(0x3d, bytes + 4);
    this.ensure(4);
    this.len += this.slab.write(format, this.len, 'latin1');
    this.slab[this.len++] = 0x3a;
    this.bodyString(text, bytes);
  }

  deferredArray(): DeferredHeader {
    return this.deferred(KIND_ARRAY);
  }

  /** A map whose pair count is known only later (`%n` in RESP3, `*2n` in RESP2). */
  deferredMap(): DeferredHeader {
    return this.deferred(KIND_MAP);
  }

  /** A set whose size is known only later (`~n` in RESP3, `*n` in RESP2). */
  deferredSet(): DeferredHeader {
    return this.deferred(KIND_SET);
  }

  raw(bytes: Buffer): void {
    if (bytes.length >= BIG_BULK) this.queue(bytes);
    else this.copyRange(bytes, 0, bytes.length);
  }

  /** Called by DeferredHeader: puts the final header in the reserved chunk slot. */
  patchDeferred(slot: number, kind: number, n: number): void {
    let bytes: Buffer;
    if (kind === KIND_MAP) bytes = this.protocol === 3 ? headerBytes(MAP_HEADERS, '%', n) : headerBytes(ARRAY_HEADERS, '*', n * 2);
    else if (kind === KIND_SET && this.protocol === 3) bytes = headerBytes(SET_HEADERS, '~', n);
    else bytes = headerBytes(ARRAY_HEADERS, '*', n);
    this.chunks[slot] = bytes;
    this.chunkBytes += bytes.length;
    this.unsetDeferred--;
  }

  // --- internals -------------------------------------------------------------------------------

  private deferred(kind: number): DeferredHeader {
    this.closeSegment();
    const slot = this.chunks.length;
    this.chunks.push(EMPTY);
    this.unsetDeferred++;
    return new DeferredHeader(this, slot, kind);
  }

  private bulkString(value: string): void {
    // Strings up to a few KiB: assume ASCII, which needs no byteLength pass; fall back if not.
    if (value.length < 4096) {
      this.ensure(value.length + HEADER_ROOM + 2);
      const mark = this.len;
      this.bulkLength(value.length);
      const slab = this.slab;
      let p = this.len;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) {
          p = -1;
          break;
        }
        slab[p++] = c;
      }
      if (p >= 0) {
        this.len = p;
        this.crlf();
        return;
      }
      this.len = mark;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes >= BIG_BULK) {
      this.bulkBuffer(Buffer.from(value, 'utf8'));
      return;
    }
    this.ensure(bytes + HEADER_ROOM + 2);
    this.header(0x24, bytes);
    this.bodyString(value, bytes);
  }

  /** Writes `bytes` bytes of `value` (UTF-8) and CRLF. */
  private bodyString(value: string, bytes: number): void {
    if (bytes >= BIG_BULK) {
      this.queue(Buffer.from(value, 'utf8'));
    } else {
      this.ensure(bytes + 2);
      this.len += this.slab.write(value, this.len, 'utf8');
    }
    this.crlf();
  }

  private bulkBuffer(value: Buffer): void {
    const n = value.length;
    if (n >= BIG_BULK) {
      this.header(0x24, n);
      this.queue(value);
    } else {
      // Header and body in one slab, so a small reply is never split across chunks.
      this.ensure(n + HEADER_ROOM + 2);
      this.bulkLength(n);
      if (n <= 32) {
        // A loop beats the native copy call for the tiny values that dominate benchmarks.
        const slab = this.slab;
        let p = this.len;
        for (let i = 0; i < n; i++) slab[p++] = value[i];
        this.len = p;
      } else {
        this.len += value.copy(this.slab, this.len);
      }
    }
    this.crlf();
  }

  /**
   * `$<n>\r\n` with room ensured: lengths below 1000 (most keys, fields, members and values) are
   * written digit by digit, without writeInt's general path.
   */
  private bulkLength(n: number): void {
    if (n >= 1000) {
      this.header(0x24, n);
      return;
    }
    const slab = this.slab;
    let p = this.len;
    slab[p++] = 0x24;
    if (n >= 100) {
      const hundreds = (n / 100) | 0;
      slab[p++] = 0x30 + hundreds;
      n -= hundreds * 100;
      const tens = (n / 10) | 0;
      slab[p++] = 0x30 + tens;
      slab[p++] = 0x30 + n - tens * 10;
    } else if (n >= 10) {
      const tens = (n / 10) | 0;
      slab[p++] = 0x30 + tens;
      slab[p++] = 0x30 + n - tens * 10;
    } else {
      slab[p++] = 0x30 + n;
    }
    slab[p++] = CR;
    slab[p++] = LF;
    this.len = p;
  }

  /** `<prefix><n>\r\n`. */
  private header(prefix: number, n: number): void {
    this.ensure(HEADER_ROOM);
    this.slab[this.len++] = prefix;
    this.writeInt(n);
  }

  /** Decimal digits of n and CRLF; room must have been ensured. */
  private writeInt(n: number | bigint): void {
    if (typeof n === 'bigint' || !Number.isSafeInteger(n)) {
      const text = String(n);
      this.ensure(text.length + 2);
      this.len += this.slab.write(text, this.len, 'latin1');
      this.crlf();
      return;
    }
    const slab = this.slab;
    if (n < 0) {
      slab[this.len++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.len + digits;
    this.len = p;
    do {
      const q = Math.floor(n / 10);
      slab[--p] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
    this.crlf();
  }

  private crlf(): void {
    this.ensure(2);
    this.slab[this.len++] = CR;
    this.slab[this.len++] = LF;
  }

  private copySmall(bytes: Buffer): void {
    this.copyRange(bytes, 0, bytes.length);
  }

  private copyRange(src: Buffer, from: number, to: number): void {
    const n = to - from;
    this.ensure(n);
    const slab = this.slab;
    let p = this.len;
    if (n <= 32) {
      for (let i = from; i < to; i++) slab[p++] = src[i];
      this.len = p;
    } else {
      this.len += src.copy(slab, p, from, to);
    }
  }

  /** Queues a large buffer by reference, after what is in the slab. */
  private queue(bytes: Buffer): void {
    this.closeSegment();
    this.chunks.push(bytes);
    this.chunkBytes += bytes.length;
  }

  /** Moves the slab bytes written since the last hand-out into the chunk list (as a view). */
  private closeSegment(): void {
    if (this.len > this.start) {
      this.chunks.push(this.slab.subarray(this.start, this.len));
      this.chunkBytes += this.len - this.start;
      this.start = this.len;
    }
  }

  /** Makes room for n more bytes in the slab (a fresh slab when full: handed-out bytes stay intact). */
  private ensure(n: number): void {
    if (this.slab.length - this.len >= n) return;
    this.closeSegment();
    this.slab = Buffer.allocUnsafeSlow(n > SLAB_SIZE ? n : SLAB_SIZE);
    this.start = 0;
    this.len = 0;
  }
}

function headerBytes(shared: Buffer[], prefix: string, n: number): Buffer {
  return n < SHARED_HEADER_COUNT ? shared[n] : Buffer.from(prefix + n + '\r\n', 'latin1');
}
