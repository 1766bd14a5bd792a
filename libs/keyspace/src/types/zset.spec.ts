/**
 * The ZSet value and its skip list against a naive model (a sorted array): random sequences of
 * adds, score updates and removals, then every query — rank both ways, element at rank, score and
 * lex ranges, counts — must agree with the model, and the span bookkeeping must be exact.
 */
import fc from 'fast-check';
import { DEFAULT_ENCODING_LIMITS } from './collection';
import { NIL, ZSet, type LexBound, type ScoreRange, type ZNode } from './zset';

type Pair = [string, number];

function sorted(model: Map<string, number>): Pair[] {
  return [...model].sort((a, b) => (a[1] !== b[1] ? a[1] - b[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function inScore(s: number, r: ScoreRange): boolean {
  return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}

function lexOk(m: string, min: LexBound, max: LexBound): boolean {
  const lo = min.infinite !== 0 ? min.infinite < 0 : min.exclusive ? m > min.value : m >= min.value;
  const hi = max.infinite !== 0 ? max.infinite > 0 : max.exclusive ? m < max.value : m <= max.value;
  return lo && hi;
}

/** Checks every level's spans by walking the list. */
function checkSpans(z: ZSet): void {
  const list = z.list;
  const pos = new Map<ZNode, number>();
  let i = 0;
  pos.set(NIL, 0);
  for (let n = list.first(); n !== NIL; n = list.next(n)) pos.set(n, ++i);
  let wrong = 0;
  for (const [node, p] of pos) {
    for (let l = 0; l < list.level && l < list.levelOf(node); l++) {
      const nx = list.linkAt(node, l);
      const want = nx === NIL ? z.size - p : (pos.get(nx) as number) - p;
      if ((nx !== NIL || node === NIL) && list.spanAt(node, l) !== want) wrong++;
    }
  }
  expect(wrong).toBe(0);
}

/** The member of a node handle, undefined for NIL (so a miss compares like the model's). */
function memberAt(z: ZSet, node: ZNode): string | undefined {
  return node === NIL ? undefined : z.memberOf(node);
}

const member = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'aa', 'ab', '\u0000', '\u00ff', '');
const score = fc.constantFrom(-Infinity, -2, -1, 0, 0.5, 1, 1, 2, 3, Infinity);
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), member, score }),
  fc.record({ kind: fc.constant('rem' as const), member, score }),
);
const bound = fc.record({
  infinite: fc.constantFrom(-1 as const, 0 as const, 0 as const, 1 as const),
  value: member,
  exclusive: fc.boolean(),
});

describe('ZSet', () => {
  it('agrees with a sorted-array model', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.record({ min: score, max: score, minex: fc.boolean(), maxex: fc.boolean() }),
        bound,
        bound,
        (ops, range, lmin, lmax) => {
          const z = new ZSet();
          const model = new Map<string, number>();
          for (const o of ops) {
            if (o.kind === 'rem') {
              expect(z.remove(o.member)).toBe(model.delete(o.member));
            } else if (model.has(o.member)) {
              z.update(o.member, o.score);
              model.set(o.member, o.score);
            } else {
              z.add(o.member, o.score, DEFAULT_ENCODING_LIMITS);
              model.set(o.member, o.score);
            }
          }
          const want = sorted(model);
          expect([...z.entries()]).toEqual(want);
          expect(z.size).toBe(want.length);
          checkSpans(z);
          want.forEach(([m, s], i) => {
            expect(z.score(m)).toBe(s);
            expect(z.rank(m, false)).toBe(i);
            expect(z.rank(m, true)).toBe(want.length - 1 - i);
            expect(memberAt(z, z.atRank(i))).toBe(m);
          });
          expect(z.atRank(want.length)).toBe(NIL);
          expect(z.rank('zz', false)).toBe(-1);
          const inRange = want.filter(([, s]) => inScore(s, range));
          expect(z.countInScoreRange(range)).toBe(inRange.length);
          expect(memberAt(z, z.firstInScoreRange(range))).toBe(inRange[0]?.[0]);
          expect(memberAt(z, z.lastInScoreRange(range))).toBe(inRange[inRange.length - 1]?.[0]);
          // Lex queries assume equal scores: model them on the members alone.
          const lex = new ZSet();
          for (const [m] of want) lex.add(m, 0, DEFAULT_ENCODING_LIMITS);
          const lexWant = want.map(([m]) => m).sort().filter((m) => lexOk(m, lmin, lmax));
          const r = { min: lmin, max: lmax };
          expect(lex.countInLexRange(r)).toBe(lexWant.length);
          expect(memberAt(lex, lex.firstInLexRange(r))).toBe(lexWant[0]);
          expect(memberAt(lex, lex.lastInLexRange(r))).toBe(lexWant[lexWant.length - 1]);
          const copy = z.clone();
          z.remove('a');
          expect([...copy.entries()]).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps exact spans on a large set', () => {
    const z = new ZSet();
    const n = 100_000;
    for (let i = 0; i < n; i++) z.add(`m${i}`, (i * 7919) % n, DEFAULT_ENCODING_LIMITS);
    checkSpans(z);
    expect(z.rank('m0', false)).toBe(0);
    expect(z.scoreOf(z.atRank(n - 1))).toBe(n - 1);
    expect(z.countInScoreRange({ min: 10, max: 19, minex: false, maxex: true })).toBe(9);
  });

  it('reports listpack until a limit is passed, then skiplist for good', () => {
    const limits = { ...DEFAULT_ENCODING_LIMITS, zsetMaxListpackEntries: 2, zsetMaxListpackValue: 3 };
    const z = new ZSet();
    z.add('a', 1, limits);
    z.add('b', 1, limits);
    expect(z.encoding()).toBe('listpack');
    z.add('c', 1, limits);
    expect(z.encoding()).toBe('skiplist');
    z.remove('c');
    z.remove('b');
    expect(z.encoding()).toBe('skiplist');
    const long = new ZSet();
    long.add('abcd', 1, limits);
    expect(long.encoding()).toBe('skiplist');
    expect(long.clone().encoding()).toBe('skiplist');
  });
});
