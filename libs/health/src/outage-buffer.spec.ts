/*
 * OutageBuffer: bounded, oldest dropped first, a snapshot replaces the buffered snapshot, drain in
 * sequence order — checked against a plain array model for random push sequences.
 */
import fc from 'fast-check';
import { OutageBuffer } from './outage-buffer';

const entry = (seq: number): { seq: number; bytes: Uint8Array } => ({ seq, bytes: Uint8Array.of(seq & 0xff) });

describe('OutageBuffer', () => {
  it('keeps the newest `capacity` events and counts the drops', () => {
    const b = new OutageBuffer(3);
    for (let seq = 1; seq <= 10; seq++) b.push(entry(seq), false);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(7);
    expect(b.drain().map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(b.size).toBe(0);
  });

  it('keeps only the newest snapshot, in its place by seq', () => {
    const b = new OutageBuffer(10);
    b.push(entry(1), true);
    b.push(entry(2), false);
    b.push(entry(3), true);
    b.push(entry(4), false);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(0);
    expect(b.drain().map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('drops the snapshot when it is the oldest entry', () => {
    const b = new OutageBuffer(2);
    b.push(entry(1), true);
    b.push(entry(2), false);
    b.push(entry(3), false);
    expect(b.drain().map((e) => e.seq)).toEqual([2, 3]);
    expect(b.dropped).toBe(1);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new OutageBuffer(0)).toThrow(RangeError);
    expect(() => new OutageBuffer(1.5)).toThrow(RangeError);
  });

  it('matches a simple model for any push sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 5 }), (cap, kinds, drainAt) => {
        const b = new OutageBuffer(cap);
        let model: { seq: number; snap: boolean }[] = [];
        let dropped = 0;
        const check = (): void => {
          expect(b.size).toBe(model.length);
          expect(b.dropped).toBe(dropped);
        };
        kinds.forEach((snap, i) => {
          const seq = i + 1;
          if (snap && model.some((m) => m.snap)) model = model.filter((m) => !m.snap);
          else if (model.length === cap) {
            model.shift();
            dropped++;
          }
          model.push({ seq, snap });
          b.push(entry(seq), snap);
          check();
          if (drainAt.includes(i)) {
            expect(b.drain().map((e) => e.seq)).toEqual(model.map((m) => m.seq));
            model = [];
          }
        });
        expect(b.drain().map((e) => e.seq)).toEqual(model.map((m) => m.seq));
      }),
    );
  });
});
