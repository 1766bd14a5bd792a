/**
 * RespDecoder: an incremental decoder of any RESP2/RESP3 value, for clients (tests, the replica
 * reading its master, tools). Not the server's request path: that is RequestParser.
 *
 * Same buffering rules as RequestParser: state lives in fields, a chunk boundary anywhere is a normal
 * state, bulk bodies are `subarray` views of their chunk and only a body that spans chunks is copied
 * (once, when complete). Aggregates are built on an explicit stack, never by recursion, and the
 * stack is capped (`maxDepth`), so hostile nesting is a protocol error, not a stack overflow.
 * Not supported: RESP3 streamed strings and aggregates (`$?`, `*?`), which Redis never sends.
 * Invariant: chunks handed to `feed` must not be mutated afterwards (values view them).
 */

import { protocolError } from './errors';
import { parseIntBytes } from './int-parse';
import type { RespValue } from './values';

export interface RespDecoderLimits {
  /** Largest bulk/verbatim/blob error body. @default 512 MiB */
  maxBulkLen: number;
  /** Largest aggregate count. @default 2^31 - 1 */
  maxAggregateLen: number;
  /** Deepest nesting of aggregates. @default 128 */
  maxDepth: number;
  /** Longest line (simple string, error, number) without its CRLF. @default 64 KiB */
  maxLineLen: number;
}

export const DEFAULT_DECODER_LIMITS: Readonly<RespDecoderLimits> = Object.freeze({
  maxBulkLen: 512 * 1024 * 1024,
  maxAggregateLen: 2 ** 31 - 1,
  maxDepth: 128,
  maxLineLen: 64 * 1024,
});

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const DOUBLE_SYNTAX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BIGNUM_SYNTAX = /^-?\d+$/;

/** An aggregate being filled. Maps and attributes collect keys and values flat, then pair them. */
interface Frame {
  type: 'array' | 'set' | 'push' | 'map' | 'attribute';
  items: RespValue[];
  need: number;
  /** Attributes read at this level, waiting for the value they annotate. */
  attributes: [RespValue, RespValue][] | null;
}

function pairs(items: RespValue[]): [RespValue, RespValue][] {
  const out: [RespValue, RespValue][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([items[i], items[i + 1]]);
  return out;
}

export class RespDecoder {
  private readonly limits: RespDecoderLimits;
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Start of a line that began in an earlier chunk. */
  private carry: Buffer | null = null;
  private lineBuf: Buffer = EMPTY;
  private lineStart = 0;
  private lineEnd = 0;
  /** Type byte and length of a blob whose header is read and whose body is pending; 0 when none. */
  private blobType = 0;
  private blobLen = 0;
  private parts: Buffer[] | null = null;
  private partsLen = 0;
  private readonly frames: Frame[] = [];
  private topAttributes: [RespValue, RespValue][] | null = null;

  constructor(limits?: Partial<RespDecoderLimits>) {
    this.limits = { ...DEFAULT_DECODER_LIMITS, ...limits };
  }

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
  }

  /** The next complete top-level value, or undefined when more input is needed. */
  next(): RespValue | undefined {
    for (;;) {
      let value: RespValue | undefined;
      if (this.blobType !== 0) {
        value = this.readBlobBody();
        if (value === undefined) return undefined;
      } else {
        if (!this.readLine()) {
          if (this.carry === null) {
            // Everything consumed: drop the chunk so its memory can go once the values do.
            this.buf = EMPTY;
            this.pos = 0;
          }
          return undefined;
        }
        value = this.parseLine();
        if (value === undefined) continue;
      }
      const done = this.deliver(value);
      if (done !== undefined) return done;
    }
  }

  /**
   * Places a completed value in the innermost open aggregate, closing every aggregate it completes.
   * Returns the top-level value when one is complete.
   */
  private deliver(value: RespValue): RespValue | undefined {
    let v = value;
    for (;;) {
      const top = this.frames.length > 0 ? this.frames[this.frames.length - 1] : null;
      const attributes = top === null ? this.topAttributes : top.attributes;
      if (attributes !== null) {
        v = { type: 'attribute', attributes, value: v };
        if (top === null) this.topAttributes = null;
        else top.attributes = null;
      }
      if (top === null) return v;
      top.items.push(v);
      if (--top.need > 0) return undefined;
      this.frames.pop();
      const closed = this.close(top);
      if (closed === undefined) return undefined;
      v = closed;
    }
  }

  /** The value of a complete aggregate; an attribute instead waits for the value it annotates. */
  private close(frame: Frame): RespValue | undefined {
    switch (frame.type) {
      case 'array':
      case 'set':
      case 'push':
        return { type: frame.type, value: frame.items };
      case 'map':
        return { type: 'map', value: pairs(frame.items) };
      case 'attribute': {
        // Two attributes in a row annotate the same value: their pairs are merged.
        const parent = this.frames.length > 0 ? this.frames[this.frames.length - 1] : null;
        const found = pairs(frame.items);
        const held = parent === null ? this.topAttributes : parent.attributes;
        const merged = held === null ? found : held.concat(found);
        if (parent === null) this.topAttributes = merged;
        else parent.attributes = merged;
        return undefined;
      }
    }
  }

  /** Interprets the line just read; undefined when it opened an aggregate or a blob. */
  private parseLine(): RespValue | undefined {
    const b = this.lineBuf;
    const s = this.lineStart + 1;
    const e = this.lineEnd;
    const type = b[this.lineStart];
    switch (type) {
      case 0x2b: // +
        return { type: 'simple', value: b.toString('utf8', s, e) };
      case 0x2d: // -
        return { type: 'error', value: b.toString('utf8', s, e) };
      case 0x3a: // :
        return { type: 'integer', value: this.integer(b, s, e) };
      case 0x24: // $
      case 0x21: // !
      case 0x3d: // =
        return this.blobHeader(type, b, s, e);
      case 0x2a: // *
      case 0x7e: // ~
      case 0x3e: // >
      case 0x25: // %
      case 0x7c: // |
        return this.openAggregate(type, b, s, e);
      case 0x5f: // _
        if (e !== s) throw protocolError('invalid null');
        return { type: 'null' };
      case 0x23: // #
        if (e - s !== 1 || (b[s] !== 0x74 && b[s] !== 0x66)) throw protocolError('invalid boolean');
        return { type: 'boolean', value: b[s] === 0x74 };
      case 0x2c: // ,
        return { type: 'double', value: this.double(b.toString('latin1', s, e)) };
      case 0x28: {
        // (
        const text = b.toString('latin1', s, e);
        if (!BIGNUM_SYNTAX.test(text)) throw protocolError('invalid big number');
        return { type: 'bignum', value: BigInt(text) };
      }
      default:
        throw protocolError(`unexpected type byte '${String.fromCharCode(type)}'`);
    }
  }

  private integer(b: Buffer, s: number, e: number): number | bigint {
    const v = parseIntBytes(b, s, e);
    if (v !== v) throw protocolError('invalid integer');
    return Number.isSafeInteger(v) ? v : BigInt(b.toString('latin1', s, e));
  }

  private double(text: string): number {
    if (text === 'inf' || text === '+inf') return Infinity;
    if (text === '-inf') return -Infinity;
    if (text === 'nan' || text === '-nan') return NaN;
    if (!DOUBLE_SYNTAX.test(text)) throw protocolError('invalid double');
    return Number(text);
  }

  private blobHeader(type: number, b: Buffer, s: number, e: number): RespValue | undefined {
    const n = parseIntBytes(b, s, e);
    if (type === 0x24 && n === -1) return { type: 'bulk', value: null };
    if (n !== n || n < 0 || n > this.limits.maxBulkLen) throw protocolError('invalid bulk length');
    this.blobType = type;
    this.blobLen = n;
    return undefined;
  }

  private openAggregate(type: number, b: Buffer, s: number, e: number): RespValue | undefined {
    const n = parseIntBytes(b, s, e);
    if (type === 0x2a && n === -1) return { type: 'array', value: null };
    if (n !== n || n < 0 || n > this.limits.maxAggregateLen) throw protocolError('invalid multibulk length');
    const kind = type === 0x2a ? 'array' : type === 0x7e ? 'set' : type === 0x3e ? 'push' : type === 0x25 ? 'map' : 'attribute';
    const need = kind === 'map' || kind === 'attribute' ? n * 2 : n;
    if (need === 0) {
      const empty: Frame = { type: kind, items: [], need: 0, attributes: null };
      return this.close(empty);
    }
    if (this.frames.length >= this.limits.maxDepth) throw protocolError('too deep nesting of aggregates');
    this.frames.push({ type: kind, items: [], need, attributes: null });
    return undefined;
  }

  /** Reads the pending blob body and its CRLF; undefined while incomplete. */
  private readBlobBody(): RespValue | undefined {
    const buf = this.buf;
    const avail = buf.length - this.pos;
    const total = this.blobLen + 2;
    let body: Buffer;
    if (this.parts === null && avail >= total) {
      body = buf.subarray(this.pos, this.pos + this.blobLen);
      this.pos += total;
    } else {
      const need = total - this.partsLen;
      if (avail < need) {
        if (avail > 0) {
          if (this.parts === null) this.parts = [];
          this.parts.push(buf.subarray(this.pos));
          this.partsLen += avail;
          this.pos = buf.length;
        }
        return undefined;
      }
      const parts = this.parts!;
      parts.push(buf.subarray(this.pos, this.pos + need));
      this.pos += need;
      const joined = Buffer.concat(parts, total);
      body = joined.subarray(0, this.blobLen);
      this.parts = null;
      this.partsLen = 0;
      if (joined[this.blobLen] !== CR || joined[this.blobLen + 1] !== LF) throw protocolError('expected CRLF after bulk');
      return this.blobValue(body);
    }
    if (buf[this.pos - 2] !== CR || buf[this.pos - 1] !== LF) throw protocolError('expected CRLF after bulk');
    return this.blobValue(body);
  }

  private blobValue(body: Buffer): RespValue {
    const type = this.blobType;
    this.blobType = 0;
    if (type === 0x24) return { type: 'bulk', value: body };
    if (type === 0x21) return { type: 'blobError', value: body };
    if (body.length < 4 || body[3] !== 0x3a) throw protocolError('invalid verbatim string');
    return { type: 'verbatim', format: body.toString('latin1', 0, 3), value: body.subarray(4) };
  }

  /**
   * Finds the CRLF-terminated line at `pos` (type byte included). False when incomplete: its bytes
   * are carried to the next chunk, and a line longer than maxLineLen is refused.
   */
  private readLine(): boolean {
    const buf = this.buf;
    if (this.pos >= buf.length) return false;
    const carry = this.carry;
    if (carry !== null && carry[carry.length - 1] === CR) {
      // The CR ended the previous chunk: the LF must open this one.
      return this.takeLine(carry, 0, carry.length - 1, this.pos);
    }
    const cr = buf.indexOf(CR, this.pos);
    if (cr === -1 || cr + 1 >= buf.length) {
      return this.keepCarry(carry === null ? buf.subarray(this.pos) : Buffer.concat([carry, buf.subarray(this.pos)]));
    }
    if (carry === null) return this.takeLine(buf, this.pos, cr, cr + 1);
    const line = Buffer.concat([carry, buf.subarray(this.pos, cr)]);
    return this.takeLine(line, 0, line.length, cr + 1);
  }

  /** Accepts `line[start, end)` whose LF is at `buf[lfAt]`. */
  private takeLine(line: Buffer, start: number, end: number, lfAt: number): true {
    if (this.buf[lfAt] !== LF) throw protocolError('expected CRLF');
    if (end - start - 1 > this.limits.maxLineLen) throw protocolError('too big line');
    this.carry = null;
    this.pos = lfAt + 1;
    this.lineBuf = line;
    this.lineStart = start;
    this.lineEnd = end;
    return true;
  }

  private keepCarry(bytes: Buffer): false {
    this.carry = bytes;
    this.pos = this.buf.length;
    if (bytes[bytes.length - 1] !== CR && bytes.length > this.limits.maxLineLen + 1) throw protocolError('too big line');
    return false;
  }
}
