/**
 * The block deque behind ListValue against a plain array: random sequences of pushes and pops at
 * both ends (bursts that fill and overflow blocks, elements from empty to larger than a block),
 * middle inserts, replacements of the same and of another length, retains and trims; after each
 * sequence every read path (at() in both directions and at random, iteration, clone) must show the
 * model's elements. Also the view rules the commands rely on.
 */
import fc from 'fast-check';
import { ListValue } from './list';

/** Element sizes that matter: empty, small, around and beyond a block (8 KB), beyond a lent bulk (16 KB). */
const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 3000 }) },
  { weight: 1, arbitrary: fc.constantFrom(8191, 8192, 8193, 20000) },
);
const index = fc.nat();

const op = fc.oneof(
  fc.record({ kind: fc.constant('pushLeft' as const), size }),
  fc.record({ kind: fc.constant('pushRight' as const), size }),
  fc.record({ kind: fc.constant('burst' as const), left: fc.boolean(), count: fc.integer({ min: 50, max: 300 }), size: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('popLeft' as const) }),
  fc.record({ kind: fc.constant('popRight' as const) }),
  fc.record({ kind: fc.constant('insert' as const), index, size }),
  fc.record({ kind: fc.constant('set' as const), index, size, sameLength: fc.boolean() }),
  fc.record({ kind: fc.constant('retain' as const), modulo: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ kind: fc.constant('trim' as const), left: fc.integer({ min: 0, max: 140 }), right: fc.integer({ min: 0, max: 140 }) }),
);

let serial = 0;
/** A distinct element of `n` bytes (its serial number repeated), as latin1 text and bytes. */
function element(n: number): Buffer {
  const tag = `<${serial++}>`;
  return Buffer.from(tag.repeat(Math.ceil(n / tag.length)).slice(0, n), 'latin1');
}

function contents(l: ListValue): string[] {
  return [...l].map((b) => b.toString('latin1'));
}

describe('ListValue (a deque of packed blocks)', () => {
  it('agrees with an array through every kind of edit', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(index, { maxLength: 20 }), (ops, probes) => {
        const l = new ListValue();
        const model: string[] = [];
        for (const o of ops) {
          switch (o.kind) {
            case 'pushLeft':
            case 'pushRight': {
              const v = element(o.size);
              if (o.kind === 'pushLeft') {
                l.pushLeft(v);
                model.unshift(v.toString('latin1'));
              } else {
                l.pushRight(v);
                model.push(v.toString('latin1'));
              }
              break;
            }
            case 'burst':
              for (let i = 0; i < o.count; i++) {
                const v = element(o.size);
                if (o.left) l.pushLeft(v);
                else l.pushRight(v);
                if (o.left) model.unshift(v.toString('latin1'));
                else model.push(v.toString('latin1'));
              }
              break;
            case 'popLeft':
              if (model.length > 0) expect(l.popLeft().toString('latin1')).toBe(model.shift());
              break;
            case 'popRight':
              if (model.length > 0) expect(l.popRight().toString('latin1')).toBe(model.pop());
              break;
            case 'insert': {
              const at = o.index % (model.length + 1);
              const v = element(o.size);
              l.insertAt(at, v);
              model.splice(at, 0, v.toString('latin1'));
              break;
            }
            case 'set': {
              if (model.length === 0) break;
              const at = o.index % model.length;
              const v = element(o.sameLength ? model[at].length : o.size);
              l.setAt(at, v);
              model[at] = v.toString('latin1');
              break;
            }
            case 'retain': {
              const removed = model.filter((_, i) => i % o.modulo === 0).length;
              expect(l.retain((_v, i) => i % o.modulo !== 0)).toBe(removed);
              for (let i = model.length - 1; i >= 0; i--) if (i % o.modulo === 0) model.splice(i, 1);
              break;
            }
            case 'trim': {
              const left = Math.min(o.left, model.length);
              const right = Math.min(o.right, model.length - left);
              l.trim(left, right);
              model.splice(0, left);
              model.splice(model.length - right, right);
              break;
            }
          }
          expect(l.size).toBe(model.length);
        }
        expect(contents(l)).toEqual(model);
        // at(): forwards, backwards and at random, each from wherever the last call left off.
        for (let i = 0; i < model.length; i++) expect(l.at(i).toString('latin1')).toBe(model[i]);
        for (let i = model.length - 1; i >= 0; i--) expect(l.at(i).toString('latin1')).toBe(model[i]);
        for (const p of probes) if (model.length > 0) expect(l.at(p % model.length).toString('latin1')).toBe(model[p % model.length]);
        // A clone is independent of later edits to the original.
        const copy = l.clone();
        l.pushLeft(element(5));
        if (l.size > 1) l.setAt(1, element(3));
        expect(contents(copy)).toEqual(model);
        const extra = element(7);
        copy.pushRight(extra);
        model.push(extra.toString('latin1'));
        // Draining from both ends walks every block edge the edits left.
        for (let turn = 0; copy.size > 1; turn++) {
          const want = turn % 2 === 0 ? model.shift() : model.pop();
          expect((turn % 2 === 0 ? copy.popLeft() : copy.popRight()).toString('latin1')).toBe(want);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a popped view intact while pushes at the other end make room or open new blocks', () => {
    const l = new ListValue();
    for (let i = 0; i < 3; i++) l.pushRight(Buffer.from(`e${i}`));
    const first = l.popLeft();
    const last = l.popRight();
    // The block grows towards its end, so a push at the head opens a new block; enough pushes at
    // the tail move the block's bytes to a bigger Buffer. (A push at the end a view was popped
    // from may reuse its bytes: views last until the next write, as the file comment says.)
    l.pushLeft(Buffer.from('new head'));
    expect(last.toString()).toBe('e2');
    for (let i = 0; i < 200; i++) l.pushRight(Buffer.from(`tail ${i}`));
    expect(first.toString()).toBe('e0');
    expect(l.at(0).toString()).toBe('new head');
    expect(l.at(1).toString()).toBe('e1');
    expect(l.at(201).toString()).toBe('tail 199');
  });

  it('stores an element larger than a block alone, and replaces it rather than writing over it', () => {
    const l = new ListValue();
    const big = Buffer.alloc(20000, 0x61);
    l.pushRight(Buffer.from('x'));
    l.pushRight(big);
    l.pushRight(Buffer.from('y'));
    const view = l.at(1);
    l.setAt(1, Buffer.alloc(20000, 0x62));
    expect(view.every((b) => b === 0x61)).toBe(true);
    expect(l.at(1).every((b) => b === 0x62)).toBe(true);
    expect(contents(l).map((s) => s.length)).toEqual([1, 20000, 1]);
  });

  it('packs long lists tightly, whatever the element size and the end they grow at', () => {
    for (const len of [1, 20, 100, 1000, 5000]) {
      for (const left of [true, false]) {
        const l = new ListValue();
        const n = Math.ceil(2_000_000 / (len + 50));
        for (let i = 0; i < n; i++) {
          if (left) l.pushLeft(Buffer.alloc(len, 0x61));
          else l.pushRight(Buffer.alloc(len, 0x61));
        }
        expect(l.allocatedBytes).toBeLessThan(n * len * 1.05 + 16384);
      }
    }
  });

  it('does not grow while used as a queue (pushes at one end, pops at the other)', () => {
    const l = new ListValue();
    for (let i = 0; i < 80; i++) l.pushLeft(Buffer.alloc(100, i));
    let most = 0;
    for (let i = 0; i < 20000; i++) {
      l.pushLeft(Buffer.alloc(100, i));
      l.popRight();
      most = Math.max(most, l.allocatedBytes);
    }
    expect(most).toBeLessThanOrEqual(3 * 8192);
  });

  it('copies pushed bytes: the caller may reuse its Buffer', () => {
    const l = new ListValue();
    const arg = Buffer.from('abc');
    l.pushLeft(arg);
    l.pushRight(arg);
    l.insertAt(1, arg);
    l.setAt(0, arg);
    arg.fill(0x7a);
    expect(contents(l)).toEqual(['abc', 'abc', 'abc']);
  });
});
