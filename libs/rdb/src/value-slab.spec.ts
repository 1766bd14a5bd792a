/** ValueSlab: small values packed into shared slabs, aligned; long ones and UNSLABBED on their own. */
import { SLAB_BYTES, UNSLABBED, ValueSlab } from './value-slab';

describe('ValueSlab', () => {
  it('packs small values one after another at 8-byte aligned offsets of one slab', () => {
    const slab = new ValueSlab(SLAB_BYTES);
    const a = slab.alloc(5);
    const b = slab.alloc(100);
    const c = slab.alloc(8);
    expect(b.buffer).toBe(a.buffer);
    expect(c.buffer).toBe(a.buffer);
    expect(a.buffer.byteLength).toBe(SLAB_BYTES);
    expect([b.byteOffset - a.byteOffset, c.byteOffset - a.byteOffset]).toEqual([8, 112]);
    expect([a.length, b.length, c.length]).toEqual([5, 100, 8]);
  });

  it('starts a new slab when the value does not fit, and never hands out a byte twice', () => {
    const slab = new ValueSlab(SLAB_BYTES);
    const got: Buffer[] = [];
    for (let i = 0; i < 700; i++) got.push(slab.alloc(100).fill(i & 0xff));
    expect(new Set(got.map((b) => b.buffer)).size).toBe(2);
    got.forEach((b, i) => expect(b.every((byte) => byte === (i & 0xff))).toBe(true));
  });

  it('gives values over 1 KiB, and everything from UNSLABBED, memory outside any slab', () => {
    const slab = new ValueSlab(SLAB_BYTES);
    const small = slab.alloc(10);
    expect(slab.alloc(1025).buffer).not.toBe(small.buffer);
    expect(slab.alloc(1024).buffer).toBe(small.buffer);
    expect(UNSLABBED.alloc(10).buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('copies ranges (short and long) and writes integers as decimal text', () => {
    const slab = new ValueSlab(SLAB_BYTES);
    const source = Buffer.from('0123456789'.repeat(10));
    expect(slab.copy(source, 3, 4).toString()).toBe('3456');
    expect(slab.copy(source, 5, 60).toString()).toBe(source.toString('latin1', 5, 65));
    expect(slab.decimal(-128).toString()).toBe('-128');
    expect(slab.decimal(2n ** 63n - 1n).toString()).toBe('9223372036854775807');
  });
});
