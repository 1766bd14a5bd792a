/**
 * The record-based skip list on its own, against a sorted array: random sequences of inserts,
 * removals and score changes (in place and moving), with bursts that grow the buffer and then
 * empty most of it so the free lists are reused and compaction runs. After every sequence the
 * whole structure is checked: both walk directions, the tail, every span, and each query (rank,
 * node at rank, last below a score bound, last below a member bound) against the model.
 */
import fc from 'fast-check';
import { NIL, SkipList, type ZNode } from './zset-skiplist';

type Pair = readonly [member: string, score: number];

/** The model's order: score, then member bytes (latin1 strings compare as bytes). */
function sorted(model: Map<string, number>): Pair[] {
  return [...model].sort((a, b) => (a[1] !== b[1] ? a[1] - b[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Applies one operation to the list (with its member → node Map) and to the model. */
class Harness {
  readonly list = new SkipList();
  readonly nodes = new Map<string, ZNode>();
  readonly model = new Map<string, number>();

  set(member: string, score: number): void {
    const node = this.nodes.get(member);
    if (node === undefined) this.nodes.set(member, this.list.insert(member, score));
    else this.list.rescore(node, score);
    this.model.set(member, score);
  }

  remove(member: string): void {
    const node = this.nodes.get(member);
    if (node === undefined) return;
    this.nodes.delete(member);
    this.model.delete(member);
    this.list.remove(node);
    if (this.list.needsCompaction()) {
      this.list.compact();
      for (let n = this.list.first(); n !== NIL; n = this.list.next(n)) this.nodes.set(this.list.memberOf(n), n);
    }
  }
}

/** Every structural invariant and every query, against the model. */
function check(h: Harness): void {
  const { list, nodes } = h;
  const want = sorted(h.model);
  expect(list.length).toBe(want.length);
  const forward: Pair[] = [];
  const position = new Map<ZNode, number>([[NIL, 0]]);
  for (let n = list.first(); n !== NIL; n = list.next(n)) {
    forward.push([list.memberOf(n), list.scoreOf(n)]);
    position.set(n, forward.length);
  }
  expect(forward).toEqual(want);
  const backward: Pair[] = [];
  for (let n = list.tail; n !== NIL; n = list.prev(n)) backward.push([list.memberOf(n), list.scoreOf(n)]);
  expect(backward).toEqual([...want].reverse());
  for (const [member, node] of nodes) expect(list.memberOf(node)).toBe(member);
  // Spans: a link skips exactly the level-0 steps between its ends; the header's null links span
  // to the end of the list.
  let wrongSpans = 0;
  for (const [node, p] of position) {
    for (let l = 0; l < list.level && l < list.levelOf(node); l++) {
      const nx = list.linkAt(node, l);
      const span = nx === NIL ? want.length - p : (position.get(nx) as number) - p;
      if ((nx !== NIL || node === NIL) && list.spanAt(node, l) !== span) wrongSpans++;
    }
  }
  expect(wrongSpans).toBe(0);
  want.forEach(([member, score], i) => {
    expect(list.rank(member, score)).toBe(i + 1);
    expect(list.memberOf(list.byRank(i + 1))).toBe(member);
  });
  expect(list.byRank(0)).toBe(NIL);
  expect(list.byRank(want.length + 1)).toBe(NIL);
  expect(list.rank('not a member', 0)).toBe(0);
}

/** The model's answer to lastScoreBelow: the 1-based rank of the last pair below the bound. */
function rankBelowScore(want: Pair[], bound: number, orEqual: boolean): number {
  let r = 0;
  while (r < want.length && (want[r][1] < bound || (orEqual && want[r][1] === bound))) r++;
  return r;
}

const member = fc.integer({ min: 0, max: 400 }).map((i) => (i % 7 === 0 ? `m${i}` : `${String.fromCharCode(i % 256)}${i}`));
const score = fc.oneof(fc.constantFrom(-Infinity, -1, 0, 0.5, 1, 2, Infinity), fc.integer({ min: -50, max: 50 }));
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), member, score }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), member }) },
  // A burst: grows the buffer well past its first size …
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fill' as const), count: fc.integer({ min: 50, max: 400 }), score }) },
  // … and its opposite, which leaves the buffer mostly free and triggers compaction.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const), keep: fc.integer({ min: 0, max: 20 }) }) },
);

describe('SkipList (records in one buffer)', () => {
  it('agrees with a sorted array through inserts, removals, score changes and compaction', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.double({ noNaN: true }), fc.boolean(), fc.string(), (ops, bound, orEqual, lexBound) => {
        const h = new Harness();
        for (const o of ops) {
          if (o.kind === 'set') h.set(o.member, o.score);
          else if (o.kind === 'remove') h.remove(o.member);
          else if (o.kind === 'fill') for (let i = 0; i < o.count; i++) h.set(`f${i}`, o.score + i / 8);
          else for (const m of [...h.model.keys()].slice(o.keep)) h.remove(m);
        }
        check(h);
        const want = sorted(h.model);
        const below = h.list.lastScoreBelow(bound, orEqual);
        const r = rankBelowScore(want, bound, orEqual);
        expect(h.list.foundRank).toBe(r);
        expect(below === NIL ? undefined : h.list.memberOf(below)).toBe(r === 0 ? undefined : want[r - 1][0]);
        // Lex bounds assume one score for every member: ask a list built that way.
        const lex = new Harness();
        for (const [m] of want) lex.set(m, 0);
        const members = want.map(([m]) => m).sort();
        const lexRank = members.filter((m) => m < lexBound || (orEqual && m === lexBound)).length;
        const lexBelow = lex.list.lastMemberBelow(lexBound, orEqual);
        expect(lex.list.foundRank).toBe(lexRank);
        expect(lexBelow === NIL ? undefined : lex.list.memberOf(lexBelow)).toBe(lexRank === 0 ? undefined : members[lexRank - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('reuses freed records and gives memory back once mostly empty', () => {
    const h = new Harness();
    for (let i = 0; i < 5000; i++) h.set(`m${i}`, i % 97);
    const filled = h.list.allocatedWords;
    // Half removed and as many added: the new nodes take the freed records (a level whose free
    // list ran dry takes fresh words, so allow a little growth).
    for (let i = 0; i < 2500; i++) h.remove(`m${i}`);
    for (let i = 0; i < 2500; i++) h.set(`r${i}`, i);
    expect(h.list.allocatedWords).toBeLessThan(filled * 1.05);
    check(h);
    const capacity = h.list.capacityWords;
    for (let i = 2500; i < 5000; i++) h.remove(`m${i}`);
    for (let i = 0; i < 2490; i++) h.remove(`r${i}`);
    expect(h.list.capacityWords).toBeLessThan(capacity / 8);
    check(h);
    // Refilling after the compaction keeps every query exact.
    for (let i = 0; i < 3000; i++) h.set(`n${i}`, -i);
    for (let i = 0; i < 3000; i += 2) h.set(`n${i}`, i * 1.5);
    check(h);
  });

  it('moves a node whose new score changes its place, and keeps it when the place holds', () => {
    const h = new Harness();
    for (const [m, s] of [['a', 1], ['b', 2], ['c', 3]] as const) h.set(m, s);
    const b = h.nodes.get('b') as ZNode;
    h.set('b', 2.5);
    expect(h.nodes.get('b')).toBe(b);
    h.set('b', 10);
    expect(h.nodes.get('b')).toBe(b);
    expect(h.list.memberOf(h.list.tail)).toBe('b');
    check(h);
  });
});
