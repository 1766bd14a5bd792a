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
    b.append(Buffer.from('hello'));
    const [copy] = b.copyFrom(1);
    b.resize(CAP * 2);
    b.append(Buffer.alloc(CAP * 2, 0x78));
    expect(copy.toString()).toBe('hello');
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

  it('matches a byte-array model under random appends, resizes and reads', () => {
    type Op =
      | { kind: 'append'; len: number }
      | { kind: 'resize'; size: number }
      | { kind: 'read'; back: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), len: fc.nat(CAP + 300) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('resize' as const), size: fc.integer({ min: 0, max: 3 * CAP }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), back: fc.nat(3 * CAP) }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: CAP, max: 2 * CAP }), fc.array(op, { maxLength: 30 }), (start, size, ops) => {
        const b = new ReplicationBacklog(size, start);
        // The model: every byte ever appended, and the capacity.
        let next = start;
        let cap = size;
        let kept = 0;
        for (const o of ops) {
          if (o.kind === 'append') {
            b.append(stream(next, o.len));
            next += o.len;
            kept = Math.min(cap, kept + o.len);
          } else if (o.kind === 'resize') {
            b.resize(o.size);
            cap = Math.max(o.size, CAP);
            kept = Math.min(cap, kept);
          } else {
            const from = next - Math.min(o.back, kept);
            expect(joined(b.copyFrom(from)).equals(stream(from, next - from))).toBe(true);
          }
          expect([b.size, b.histlen, b.firstByteOffset, b.endOffset]).toEqual([cap, kept, next - kept, next - 1]);
          expect(b.memoryBytes).toBeLessThanOrEqual(cap);
          expect(b.memoryBytes).toBeGreaterThanOrEqual(kept);
        }
        expect(joined(b.copyFrom(next - kept)).equals(stream(next - kept, kept))).toBe(true);
        expect(() => b.copyFrom(next - kept - 1)).toThrow(RangeError);
        expect(() => b.copyFrom(next + 1)).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
  });

  it('holds the same bytes after many small appends as after one big one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 3 * CAP }), fc.array(fc.nat(2000), { maxLength: 60 }), (data, cuts) => {
        const bytes = Buffer.from(data);
        const one = new ReplicationBacklog(CAP, 7);
        one.append(bytes);
        const many = new ReplicationBacklog(CAP, 7);
        let at = 0;
        for (const c of cuts) {
          many.append(bytes.subarray(at, Math.min(bytes.length, at + c)));
          at = Math.min(bytes.length, at + c);
        }
        many.append(bytes.subarray(at));
        expect([many.histlen, many.firstByteOffset, many.endOffset]).toEqual([one.histlen, one.firstByteOffset, one.endOffset]);
        const want = bytes.subarray(bytes.length - one.histlen);
        expect(joined(many.copyFrom(many.firstByteOffset)).equals(want)).toBe(true);
        expect(joined(one.copyFrom(one.firstByteOffset)).equals(want)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
