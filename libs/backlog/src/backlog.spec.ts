/**
 * The backlog ring at every boundary of its offset range and of its storage: empty, exact fill,
 * wrap by one byte, a chunk larger than the ring, resize with wrapped content, lazy allocation;
 * then a model test against a plain array of stream bytes.
 */
import fc from 'fast-check';
import { ReplicationBacklog } from './backlog';
import { MIN_BACKLOG_SIZE } from './types';

const CAP = MIN_BACKLOG_SIZE;

/** n bytes of stream whose byte at offset o is o % 251 (a prime, so no period divides CAP). */
function stream(fromOffset: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (fromOffset + i) % 251;
  return b;
}

function joined(parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}

describe('ReplicationBacklog', () => {
  it('starts empty at the given first byte offset, holding no memory', () => {
    const b = new ReplicationBacklog(1 << 20, 101);
    expect([b.size, b.histlen, b.firstByteOffset, b.endOffset, b.memoryBytes]).toEqual([
      1 << 20,
      0,
      101,
      100,
      0,
    ]);
    expect(b.copyFrom(101)).toEqual([]);
    expect(() => b.copyFrom(100)).toThrow(RangeError);
    expect(() => b.copyFrom(102)).toThrow(RangeError);
  });

  it('raises a size below the minimum to 16 KB', () => {
    expect(new ReplicationBacklog(1, 1).size).toBe(16384);
    expect(new ReplicationBacklog(16385, 1).size).toBe(16385);
    const b = new ReplicationBacklog(1 << 20, 1);
    b.resize(100);
    expect(b.size).toBe(16384);
  });

  it('accepts offsets from the first byte to one past the last, and nothing outside', () => {
    const b = new ReplicationBacklog(CAP, 631);
    b.append(Buffer.from('abcdefghij'));
    expect([b.firstByteOffset, b.endOffset, b.histlen]).toEqual([631, 640, 10]);
    expect(joined(b.copyFrom(631)).toString()).toBe('abcdefghij');
    expect(joined(b.copyFrom(640)).toString()).toBe('j');
    expect(b.copyFrom(641)).toEqual([]);
    expect(() => b.copyFrom(630)).toThrow(RangeError);
    expect(() => b.copyFrom(642)).toThrow(RangeError);
    expect(() => b.copyFrom(635.5)).toThrow(RangeError);
  });

  it('gives copies, not views of the ring', () => {
    const b = new ReplicationBacklog(CAP, 1);
    b.append(stream(1, CAP));
    const [copy] = b.copyFrom(CAP - 4);
    // The ring is at capacity, so this overwrites its storage in place.
    b.append(Buffer.alloc(CAP, 0x78));
    expect(b.memoryBytes).toBe(CAP);
    expect(copy.equals(stream(CAP - 4, 5))).toBe(true);
  });

  it('holds exactly its capacity without wrapping, then wraps by one byte', () => {
    const b = new ReplicationBacklog(CAP, 1);
    b.append(stream(1, CAP));
    expect([b.histlen, b.firstByteOffset, b.endOffset, b.memoryBytes]).toEqual([CAP, 1, CAP, CAP]);
    const full = b.copyFrom(1);
    expect(full).toHaveLength(1);
    expect(full[0].equals(stream(1, CAP))).toBe(true);

    b.append(stream(CAP + 1, 1));
    expect([b.histlen, b.firstByteOffset, b.endOffset, b.memoryBytes]).toEqual([CAP, 2, CAP + 1, CAP]);
    const wrapped = b.copyFrom(2);
    expect(wrapped.map((p) => p.length)).toEqual([CAP - 1, 1]);
    expect(joined(wrapped).equals(stream(2, CAP))).toBe(true);
    expect(() => b.copyFrom(1)).toThrow(RangeError);
    // From the byte that wrapped to the start of the ring: one part.
    const last = b.copyFrom(CAP + 1);
    expect(last).toHaveLength(1);
    expect(last[0].equals(stream(CAP + 1, 1))).toBe(true);
  });

  it('keeps only the tail of a chunk larger than the ring', () => {
    const b = new ReplicationBacklog(CAP, 1);
    b.append(stream(1, 10));
    b.append(stream(11, CAP + 5));
    expect([b.histlen, b.firstByteOffset, b.endOffset]).toEqual([CAP, 16, CAP + 15]);
    expect(joined(b.copyFrom(16)).equals(stream(16, CAP))).toBe(true);
    expect(() => b.copyFrom(15)).toThrow(RangeError);
  });

  it('allocates lazily, doubling up to its capacity', () => {
    const b = new ReplicationBacklog(1 << 20, 1);
    b.append(stream(1, 100));
    expect(b.memoryBytes).toBe(4096);
    b.append(stream(101, 4000));
    expect(b.memoryBytes).toBe(8192);
    b.append(stream(4101, 20000));
    expect(b.memoryBytes).toBe(24100);
    b.append(stream(24101, 1 << 20));
    expect(b.memoryBytes).toBe(1 << 20);
    expect(joined(b.copyFrom(24101)).equals(stream(24101, 1 << 20))).toBe(true);
  });

  it('never grows past a capacity that is not a power of two', () => {
    const b = new ReplicationBacklog(20000, 1);
    for (let o = 1; o <= 30000; o += 3000) b.append(stream(o, 3000));
    expect([b.memoryBytes, b.histlen, b.firstByteOffset, b.endOffset]).toEqual([20000, 20000, 10001, 30000]);
    expect(joined(b.copyFrom(10001)).equals(stream(10001, 20000))).toBe(true);
  });

  describe('resize with wrapped content', () => {
    /** A full ring of CAP whose oldest byte sits 100 bytes before the end of the storage. */
    function wrappedRing(): ReplicationBacklog {
      const b = new ReplicationBacklog(CAP, 1);
      b.append(stream(1, CAP));
      b.append(stream(CAP + 1, CAP - 100));
      expect(b.copyFrom(b.firstByteOffset)).toHaveLength(2);
      return b;
    }

    it('larger: keeps every byte, then fills up to the new capacity', () => {
      const b = wrappedRing();
      const first = b.firstByteOffset;
      b.resize(CAP * 2);
      expect([b.size, b.histlen, b.firstByteOffset, b.endOffset]).toEqual([CAP * 2, CAP, first, 2 * CAP - 100]);
      expect(joined(b.copyFrom(first)).equals(stream(first, CAP))).toBe(true);
      b.append(stream(2 * CAP - 99, CAP));
      expect([b.histlen, b.firstByteOffset, b.memoryBytes]).toEqual([2 * CAP, first, 2 * CAP]);
      expect(joined(b.copyFrom(first)).equals(stream(first, 2 * CAP))).toBe(true);
    });

    it('smaller: keeps the newest bytes, then wraps in the new capacity', () => {
      const b = new ReplicationBacklog(CAP * 2, 1);
      b.append(stream(1, 2 * CAP));
      b.append(stream(2 * CAP + 1, CAP + 7));
      expect(b.copyFrom(b.firstByteOffset)).toHaveLength(2);
      const end = b.endOffset;
      b.resize(CAP);
      expect([b.size, b.histlen, b.firstByteOffset, b.endOffset, b.memoryBytes]).toEqual([
        CAP,
        CAP,
        end - CAP + 1,
        end,
        CAP,
      ]);
      expect(joined(b.copyFrom(end - CAP + 1)).equals(stream(end - CAP + 1, CAP))).toBe(true);
      b.append(stream(end + 1, 3));
      expect(b.firstByteOffset).toBe(end - CAP + 4);
      expect(joined(b.copyFrom(end - CAP + 4)).equals(stream(end - CAP + 4, CAP))).toBe(true);
    });

    it('smaller than the history of a part-filled ring keeps the newest bytes', () => {
      const b = new ReplicationBacklog(CAP * 4, 1);
      b.append(stream(1, CAP * 3));
      b.resize(CAP);
      expect([b.histlen, b.firstByteOffset, b.endOffset]).toEqual([CAP, 2 * CAP + 1, 3 * CAP]);
      expect(joined(b.copyFrom(2 * CAP + 1)).equals(stream(2 * CAP + 1, CAP))).toBe(true);
    });

    it('of an empty backlog keeps it empty at the same offset', () => {
      const b = new ReplicationBacklog(CAP, 50);
      b.resize(CAP * 3);
      expect([b.size, b.histlen, b.firstByteOffset, b.memoryBytes]).toEqual([CAP * 3, 0, 50, 0]);
      expect(b.copyFrom(50)).toEqual([]);
    });
  });

  it('matches a plain byte-array model under random appends, resizes and reads', () => {
    type Op = { kind: 'append'; data: Uint8Array } | { kind: 'resize'; size: number } | { kind: 'read'; back: number };
    // Chunks of any size up to more than the ring, and small ones that wrap or drop a few bytes.
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: CAP + 300, size: 'max' }),
      fc.uint8Array({ maxLength: 8, size: 'max' }),
    );
    const append = fc.record({ kind: fc.constant('append' as const), data: chunk });
    const resize = fc.record({ kind: fc.constant('resize' as const), size: fc.integer({ min: 0, max: 3 * CAP }) });
    const read = fc.record({ kind: fc.constant('read' as const), back: fc.nat(3 * CAP) });
    const ops: fc.Arbitrary<Op[]> = fc.array(
      fc.oneof({ weight: 6, arbitrary: append }, { weight: 1, arbitrary: resize }, { weight: 3, arbitrary: read }),
      { maxLength: 30, size: 'max' },
    );
    const firstOffset = fc.integer({ min: 1, max: 1e9 });
    const size = fc.integer({ min: CAP, max: 2 * CAP });
    fc.assert(
      fc.property(firstOffset, size, ops, (start, initialSize, program) => {
        const b = new ReplicationBacklog(initialSize, start);
        // The model: the bytes that should be held, oldest first, and the offset after the last.
        let held = Buffer.alloc(0);
        let next = start;
        let cap = initialSize;
        for (const o of program) {
          if (o.kind === 'append') {
            b.append(Buffer.from(o.data));
            held = Buffer.concat([held, o.data]);
            held = held.subarray(Math.max(0, held.length - cap));
            next += o.data.length;
          } else if (o.kind === 'resize') {
            b.resize(o.size);
            cap = Math.max(o.size, CAP);
            held = held.subarray(Math.max(0, held.length - cap));
          } else {
            const n = Math.min(o.back, held.length);
            expect(joined(b.copyFrom(next - n)).equals(held.subarray(held.length - n))).toBe(true);
          }
          expect([b.size, b.histlen, b.firstByteOffset, b.endOffset]).toEqual([
            cap,
            held.length,
            next - held.length,
            next - 1,
          ]);
          expect(b.memoryBytes).toBeLessThanOrEqual(cap);
          expect(b.memoryBytes).toBeGreaterThanOrEqual(held.length);
        }
        expect(joined(b.copyFrom(next - held.length)).equals(held)).toBe(true);
        expect(() => b.copyFrom(next - held.length - 1)).toThrow(RangeError);
        expect(() => b.copyFrom(next + 1)).toThrow(RangeError);
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('holds the same bytes after many small appends as after one big one', () => {
    const data = fc.uint8Array({ maxLength: 3 * CAP, size: 'max' });
    const cuts = fc.array(fc.nat(2000), { maxLength: 60, size: 'max' });
    fc.assert(
      fc.property(data, cuts, (raw, cutLengths) => {
        const bytes = Buffer.from(raw);
        const one = new ReplicationBacklog(CAP, 7);
        one.append(bytes);
        const many = new ReplicationBacklog(CAP, 7);
        let at = 0;
        for (const c of cutLengths) {
          const end = Math.min(bytes.length, at + c);
          many.append(bytes.subarray(at, end));
          at = end;
        }
        many.append(bytes.subarray(at));
        const shape = (b: ReplicationBacklog) => [b.histlen, b.firstByteOffset, b.endOffset];
        expect(shape(many)).toEqual(shape(one));
        const want = bytes.subarray(bytes.length - one.histlen);
        expect(joined(many.copyFrom(many.firstByteOffset)).equals(want)).toBe(true);
        expect(joined(one.copyFrom(one.firstByteOffset)).equals(want)).toBe(true);
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });
});
