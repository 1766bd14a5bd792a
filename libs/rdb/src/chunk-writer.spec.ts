/**
 * ChunkWriter: the RDB length forms at every boundary (spec §8.4), fixed-size items, and the
 * chunking contract — chunks never longer than chunkBytes, never touched after hand-over, the
 * concatenation independent of the chunk size, and the CRC trailer covering exactly what precedes it.
 */
import { ChunkWriter } from './chunk-writer';
import { crc64 } from './crc64';

const hex = (s: string) => s.replace(/\s+/g, '');

/** A sink that keeps each chunk and a copy of it as handed over. */
function recordingSink() {
  const chunks: Buffer[] = [];
  const copies: Buffer[] = [];
  return {
    chunks,
    copies,
    write(chunk: Buffer) {
      chunks.push(chunk);
      copies.push(Buffer.from(chunk));
    },
    bytes: () => Buffer.concat(chunks),
  };
}

function written(write: (out: ChunkWriter) => void): string {
  const sink = recordingSink();
  const out = new ChunkWriter(sink, 64);
  write(out);
  out.flush();
  return sink.bytes().toString('hex');
}

describe('ChunkWriter lengths', () => {
  it.each([
    [0, '00'],
    [63, '3f'],
    [64, '40 40'],
    [16383, '7f ff'],
    [16384, '80 00004000'],
    [0xffffffff, '80 ffffffff'],
    [0x100000000, '81 0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '81 001fffffffffffff'],
  ])('%d → %s', (n, bytes) => {
    expect(written((out) => out.writeLength(n))).toBe(hex(bytes));
  });
});

describe('ChunkWriter fixed items', () => {
  it.each([
    [0, '0000000000000000'],
    [4102444800000, '00d8c32cbb030000'],
    [-1, 'ffffffffffffffff'],
    [-4102444800000, '00283cd344fcffff'],
    [2n ** 63n - 1n, 'ffffffffffffff7f'],
    [-(2n ** 63n), '0000000000000080'],
  ])('int64 %s → %s', (value, bytes) => {
    expect(written((out) => out.writeInt64LE(value))).toBe(bytes);
  });

  it('writes doubles little-endian', () => {
    expect(written((out) => out.writeDoubleLE(1.5))).toBe('000000000000f83f');
    expect(written((out) => out.writeDoubleLE(-Infinity))).toBe('000000000000f0ff');
  });

  it('writes latin1 strings and buffer regions byte for byte', () => {
    const text = '\x00\xff\r\nabc' + 'z'.repeat(30);
    expect(written((out) => out.writeLatin1(text))).toBe(Buffer.from(text, 'latin1').toString('hex'));
    const source = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    expect(written((out) => out.writeBytes(source, 3, 30))).toBe(source.subarray(3, 30).toString('hex'));
    expect(written((out) => out.writeBytes(source, 3, 7))).toBe(source.subarray(3, 7).toString('hex'));
  });

  it('refuses a chunk size below 64', () => {
    expect(() => new ChunkWriter(recordingSink(), 63)).toThrow(RangeError);
  });
});

describe('ChunkWriter chunking', () => {
  /** A mix of every kind of write, long enough to cross many 64-byte chunks. */
  function writeMix(out: ChunkWriter): void {
    for (let i = 0; i < 40; i++) {
      out.writeByte(i);
      out.writeLength(i * 1000);
      out.writeLatin1('k'.repeat(i * 3));
      out.writeBytes(Buffer.alloc(i * 5, i), 0, i * 5);
      out.writeInt64LE(i * 1e12);
      out.writeDoubleLE(i / 3);
    }
  }

  it('hands over chunks of at most chunkBytes whose concatenation does not depend on the size', () => {
    const reference = recordingSink();
    const big = new ChunkWriter(reference, 1 << 20);
    writeMix(big);
    big.flush();
    expect(reference.chunks).toHaveLength(1);
    for (const size of [64, 65, 100, 127, 4096]) {
      const sink = recordingSink();
      const out = new ChunkWriter(sink, size);
      writeMix(out);
      expect(out.bytesWritten).toBe(reference.chunks[0].length);
      out.flush();
      expect(sink.bytes()).toEqual(reference.chunks[0]);
      for (const chunk of sink.chunks) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(chunk.length).toBeLessThanOrEqual(size);
      }
    }
  });

  it('never writes into a chunk after handing it over', () => {
    const sink = recordingSink();
    const out = new ChunkWriter(sink, 64);
    for (let i = 0; i < 50; i++) {
      out.writeLatin1('abc'.repeat(i));
      if (i % 7 === 0) out.flush();
      out.writeLength(i * 999);
    }
    out.flush();
    sink.chunks.forEach((chunk, i) => expect(chunk).toEqual(sink.copies[i]));
  });

  it('counts buffered and handed-over bytes; flush with nothing buffered hands nothing', () => {
    const sink = recordingSink();
    const out = new ChunkWriter(sink, 64);
    out.flush();
    expect(sink.chunks).toHaveLength(0);
    out.writeLatin1('x'.repeat(100));
    expect(out.bytesWritten).toBe(100);
    expect(sink.chunks).toHaveLength(1);
    out.flush();
    out.flush();
    expect(sink.chunks.map((c) => c.length)).toEqual([64, 36]);
  });

  it('appends the CRC-64 of everything before it, whatever the chunk size', () => {
    for (const size of [64, 70, 1 << 16]) {
      const sink = recordingSink();
      const out = new ChunkWriter(sink, size);
      writeMix(out);
      out.writeCrc();
      out.flush();
      const all = sink.bytes();
      const body = all.subarray(0, all.length - 8);
      expect(all.readBigUInt64LE(all.length - 8)).toBe(crc64(body));
    }
  });
});
