/**
 * Round trip: random values written by RdbEncoder (with and without compression, in small sink
 * chunks) and by encodeDumpPayload decode to the same content — a cross-check of the two
 * independent implementations of the format, on top of each one's tests against real 7.0 bytes.
 */
import fc from 'fast-check';
import { RdbEncoder } from '../src/encoder';
import type { RdbValue } from '../src/model';
import { encodeDumpPayload } from '../src/payload-encode';
import { decodeDumpPayload } from '../src/payload-decode';
import { decodeChunks, plain, type PlainValue } from './decode-runner';

const bytesArb = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s, 'latin1')),
  fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)),
  fc.integer({ min: -1e12, max: 1e12 }).map((n) => Buffer.from(String(n))),
  fc.constantFrom(Buffer.from('a'.repeat(200)), Buffer.from('xyz'.repeat(3000)), Buffer.alloc(0)),
);
const text = (b: Buffer): string => b.toString('latin1');
const canonicalInt = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => String(n));
const score = fc.double({ noNaN: true }).map((d) => (Object.is(d, -0) ? 0 : d));

/** A decoded value without its encoding name (which the encoder's choices decide). */
type Content = PlainValue extends infer V ? (V extends unknown ? Omit<V, 'encoding'> : never) : never;

/** Random values in every form the encoder takes (plain and compact collections). */
const valueArb: fc.Arbitrary<RdbValue> = fc.oneof(
  bytesArb.map((value): RdbValue => ({ kind: 'string', value })),
  fc.array(bytesArb, { minLength: 1, maxLength: 300 }).map((items): RdbValue => ({ kind: 'list', length: items.length, items })),
  fc.uniqueArray(bytesArb, { minLength: 1, maxLength: 150, selector: text }).map((m): RdbValue => ({ kind: 'set', size: m.length, members: m, intset: false })),
  fc.uniqueArray(canonicalInt, { minLength: 1, maxLength: 100 }).map((m): RdbValue => ({ kind: 'set', size: m.length, members: m, intset: true })),
  fc
    .tuple(fc.uniqueArray(fc.tuple(bytesArb, bytesArb), { minLength: 1, maxLength: 150, selector: ([f]) => text(f) }), fc.boolean())
    .map(([entries, listpack]): RdbValue => ({ kind: 'hash', size: entries.length, entries, listpack })),
  fc
    .tuple(fc.uniqueArray(fc.tuple(bytesArb, score), { minLength: 1, maxLength: 150, selector: ([m]) => text(m) }), fc.boolean())
    .map(([entries, listpack]): RdbValue => {
      // A listpack sorted set must come in Redis's order: score, then member bytes.
      const sorted = listpack ? [...entries].sort((a, b) => a[1] - b[1] || Buffer.compare(a[0], b[0])) : entries;
      return { kind: 'zset', size: sorted.length, entries: sorted, listpack };
    }),
);

/** The content a value must decode to, in the runner's plain form, order-free where the type is. */
function expected(value: RdbValue): Content {
  const t = (b: Buffer | string): string => (typeof b === 'string' ? b : text(b));
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: t(value.value) };
    case 'list':
      return { kind: 'list', items: [...value.items].map(t) };
    case 'set':
      return { kind: 'set', members: [...value.members].map(t).sort() };
    case 'hash':
      return { kind: 'hash', entries: [...value.entries].map(([f, v]): [string, string] => [t(f), t(v)]).sort() };
    case 'zset':
      return { kind: 'zset', entries: [...value.entries].map(([m, s]): [string, number] => [t(m), s]).sort() };
  }
}

function content(value: PlainValue): Content {
  switch (value.kind) {
    case 'string':
      return value;
    case 'list':
      return { kind: 'list', items: value.items };
    case 'set':
      return { kind: 'set', members: [...value.members].sort() };
    case 'hash':
      return { kind: 'hash', entries: [...value.entries].sort() };
    case 'zset':
      return { kind: 'zset', entries: [...value.entries].sort() };
  }
}

describe('encoder → decoder round trip', () => {
  it('files: every key, value and deadline, fed in the encoder\'s chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(valueArb, fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 ** 45 }))), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 64, max: 4096 }),
        (keys, compression, chunkBytes) => {
          const chunks: Buffer[] = [];
          const encoder = new RdbEncoder({ write: (chunk) => chunks.push(Buffer.from(chunk)) }, { compression, chunkBytes });
          encoder.header([['redis-ver', '7.0.15']]);
          encoder.selectDb(2, { keys: keys.length, expires: 0 });
          keys.forEach(([value, expireAt], i) => encoder.key(`key:${i}`, value, expireAt));
          encoder.finish();
          const got = decodeChunks(chunks);
          expect(got.error).toBeNull();
          const decoded = got.events.filter((e) => e[0] === 'key').map((e) => [e[2], content(e[3] as PlainValue), e[4]]);
          expect(decoded).toEqual(keys.map(([value, expireAt], i) => [`key:${i}`, expected(value), expireAt]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('DUMP payloads', () => {
    fc.assert(
      fc.property(valueArb, fc.boolean(), (value, compression) => {
        expect(content(plain(decodeDumpPayload(encodeDumpPayload(value, { compression }))))).toEqual(expected(value));
      }),
      { numRuns: 300 },
    );
  });
});
