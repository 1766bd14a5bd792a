/*
 * A small seeded pseudo-random generator for test workloads: the same seed gives the same sequence
 * on every run and machine, so a failing workload can be replayed exactly. A Weyl sequence (a
 * counter stepped by an odd constant) mixed by the murmur3 32-bit finalizer; statistical quality is
 * ample for choosing commands and values, and it is not for anything else.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** The next value as an unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.nextUint32() % n;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextUint32() < p * 0x100000000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}
