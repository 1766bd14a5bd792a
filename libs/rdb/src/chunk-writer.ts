/**
 * The byte output of the RDB encoder and of DUMP payloads: fills one chunk at a time and hands
 * each full chunk to the sink, keeping a running CRC-64 of every byte handed over.
 *
 * Invariants: a chunk region handed to the sink is never written again (the sink owns it); every
 * chunk handed over is at most `chunkBytes` long; the CRC covers every byte before `crcPos` of the
 * current chunk and every byte handed over (folded in at hand-over, so bytes are read once).
 */
import { Crc64 } from './crc64';

/** Where encoded bytes go: a file, a socket, an in-memory list. */
export interface ByteSink {
  /** Takes ownership of `chunk`; the encoder never touches its bytes again. */
  write(chunk: Buffer): void;
}

export class ChunkWriter {
  private readonly sink: ByteSink;
  private readonly chunkBytes: number;
  private chunk: Buffer;
  /** First byte of `chunk` not yet handed to the sink. */
  private start = 0;
  /** Next byte of `chunk` to write. */
  private pos = 0;
  /** First byte of `chunk` not yet folded into the CRC (≥ start). */
  private crcPos = 0;
  private handedBytes = 0;
  private readonly crc = new Crc64();

  constructor(sink: ByteSink, chunkBytes: number) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 64) {
      throw new RangeError(`chunkBytes must be an integer ≥ 64, got ${chunkBytes}`);
    }
    this.sink = sink;
    this.chunkBytes = chunkBytes;
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes written so far, handed over or still buffered. */
  get bytesWritten(): number {
    return this.handedBytes + this.pos - this.start;
  }

  /** Hands every buffered byte to the sink; later writes continue in the rest of the chunk. */
  flush(): void {
    if (this.pos === this.start) return;
    this.foldCrc();
    const whole = this.start === 0 && this.pos === this.chunk.length;
    this.sink.write(whole ? this.chunk : this.chunk.subarray(this.start, this.pos));
    this.handedBytes += this.pos - this.start;
    if (this.pos === this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(this.chunkBytes);
      this.pos = 0;
      this.crcPos = 0;
    }
    this.start = this.pos;
  }

  /** Appends the CRC-64 of every byte written so far, 8 bytes little-endian (not itself covered). */
  writeCrc(): void {
    this.reserve(8);
    this.foldCrc();
    this.crc.writeDigest(this.chunk, this.pos);
    this.pos += 8;
    this.crcPos = this.pos;
  }

  writeByte(byte: number): void {
    if (this.pos === this.chunk.length) this.flush();
    this.chunk[this.pos++] = byte;
  }

  /** An RDB length (spec §8.4) in its smallest form. `n` is a non-negative integer. */
  writeLength(n: number): void {
    this.reserve(9);
    const chunk = this.chunk;
    let p = this.pos;
    if (n < 64) {
      chunk[p++] = n;
    } else if (n < 16384) {
      chunk[p++] = 0x40 | (n >>> 8);
      chunk[p++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      chunk[p++] = 0x80;
      chunk.writeUInt32BE(n, p);
      p += 4;
    } else {
      chunk[p++] = 0x81;
      chunk.writeUInt32BE(Math.floor(n / 0x100000000), p);
      chunk.writeUInt32BE(n % 0x100000000, p + 4);
      p += 8;
    }
    this.pos = p;
  }

  /** A signed 64-bit little-endian integer (an EXPIRETIME_MS deadline). */
  writeInt64LE(value: number | bigint): void {
    this.reserve(8);
    if (typeof value === 'bigint') {
      this.chunk.writeBigInt64LE(value, this.pos);
    } else {
      const hi = Math.floor(value / 0x100000000);
      this.chunk.writeUInt32LE(value - hi * 0x100000000, this.pos);
      this.chunk.writeInt32LE(hi, this.pos + 4);
    }
    this.pos += 8;
  }

  writeDoubleLE(value: number): void {
    this.reserve(8);
    this.chunk.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** Copies `src[from, to)`, across chunks when it does not fit in the current one. */
  writeBytes(src: Buffer, from: number, to: number): void {
    let at = from;
    while (at < to) {
      if (this.pos === this.chunk.length) this.flush();
      const n = Math.min(to - at, this.chunk.length - this.pos);
      if (n < 16) {
        // A native copy costs more than a few byte stores for the short keys and members.
        const chunk = this.chunk;
        for (let k = 0; k < n; k++) chunk[this.pos + k] = src[at + k];
      } else {
        src.copy(this.chunk, this.pos, at, at + n);
      }
      this.pos += n;
      at += n;
    }
  }

  /** Writes a latin1 string (one byte per char) without converting it to a Buffer first. */
  writeLatin1(text: string): void {
    const length = text.length;
    if (length <= this.chunk.length - this.pos) {
      this.pos = writeLatin1At(this.chunk, this.pos, text);
      return;
    }
    let at = 0;
    while (at < length) {
      if (this.pos === this.chunk.length) this.flush();
      const n = Math.min(length - at, this.chunk.length - this.pos);
      this.pos = writeLatin1At(this.chunk, this.pos, text.substring(at, at + n));
      at += n;
    }
  }

  /** Makes room for `n` contiguous bytes (a length prefix, an int64, a double: n ≤ 9) in the chunk. */
  private reserve(n: number): void {
    if (this.pos + n > this.chunk.length) {
      this.flush();
      if (this.pos + n > this.chunk.length) {
        // The chunk was flushed but not full: the rest of it is too short for this item.
        this.chunk = Buffer.allocUnsafe(this.chunkBytes);
        this.start = 0;
        this.pos = 0;
        this.crcPos = 0;
      }
    }
  }

  private foldCrc(): void {
    if (this.pos > this.crcPos) this.crc.update(this.chunk, this.crcPos, this.pos);
    this.crcPos = this.pos;
  }
}

/** Node's latin1 writer behind `Buffer#write(text, offset, length, 'latin1')`, minus the encoding
 *  lookup and argument checks of that wrapper. */
interface Latin1Writer {
  latin1Write(text: string, offset: number, length: number): number;
}

/**
 * Writes `text` (latin1, one byte per char) into `buf` at `offset`, which must have room; returns
 * the end offset. Short strings (keys, members) are stored char by char: a native call costs more.
 */
export function writeLatin1At(buf: Buffer, offset: number, text: string): number {
  const length = text.length;
  if (length < 16) {
    for (let k = 0; k < length; k++) buf[offset + k] = text.charCodeAt(k);
    return offset + length;
  }
  return offset + (buf as unknown as Latin1Writer).latin1Write(text, offset, length);
}
