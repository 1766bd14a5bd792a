/**
 * What Redis 7.0's allocator hands out, for MEMORY USAGE estimates: jemalloc's size classes and
 * the allocation of an sds string. Shared by every value type's `memoryUsage` and by OBJECT/MEMORY.
 *
 * Invariant: pure functions of a byte count; the classes are jemalloc 5's on 64-bit (16-byte
 * quantum, four classes per doubling above 64 bytes).
 */

/** jemalloc's size class for an allocation of n bytes: 8, 16, 32, 48, 64, then 4 per doubling. */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 64) return Math.ceil(n / 16) * 16;
  let base = 64;
  while (base * 2 < n) base *= 2;
  const step = base / 4;
  return base + Math.ceil((n - base) / step) * step;
}

/** An sds string of `len` bytes as allocated: header (type 5, 8, 16 or 32) + bytes + NUL. */
export function sdsAllocation(len: number): number {
  const header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return jemallocSize(header + len + 1);
}
