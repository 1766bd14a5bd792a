/**
 * Test helpers for the RDB bridge: fast-check arbitraries for stored values of every type and
 * encoding (built through the types' own APIs, so each has the encoding 7.0 would give it), and a
 * plain description of a value's contents and encoding to compare values by.
 */
import fc from 'fast-check';
import { DEFAULT_ENCODING_LIMITS } from '../src/types/collection';
import { HashValue } from '../src/types/hash';
import { ListValue } from '../src/types/list';
import { SetValue } from '../src/types/set';
import { ZSet } from '../src/types/zset';
import { encodingOf, isString, type Value } from '../src/values';

const LIMITS = DEFAULT_ENCODING_LIMITS;

/** What a value holds, in its own order, and its OBJECT ENCODING. */
export interface Described {
  type: string;
  encoding: string;
  contents: unknown;
}

export function describeValue(v: Value): Described {
  const encoding = encodingOf(v);
  if (isString(v)) return { type: 'string', encoding, contents: v.toString('latin1') };
  if (v instanceof ListValue) return { type: 'list', encoding, contents: [...v].map((b) => b.toString('latin1')) };
  if (v instanceof SetValue) return { type: 'set', encoding, contents: [...v] };
  if (v instanceof HashValue) {
    return { type: 'hash', encoding, contents: [...v.fields].map(([f, x]) => [f, x.toString('latin1')]) };
  }
  if (v instanceof ZSet) return { type: 'zset', encoding, contents: [...v.entries()] };
  throw new Error('unknown value');
}

/** latin1 text of bytes the encoders treat specially: integers (canonical or not), runs, binary. */
export const bytesText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5000, max: 5000 }).map(String),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.constantFrom('007', '-0', '+1', ' 1', '9223372036854775808', '-9223372036854775809', '1.5', ''),
  fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.tuple(fc.constantFrom('a', 'xy', '\u00ff\u0000'), fc.integer({ min: 10, max: 120 })).map(([s, n]) => s.repeat(n)),
);

const LONG = 'L'.repeat(70);

export const stringValue: fc.Arbitrary<Value> = bytesText.map((s) => Buffer.from(s, 'latin1'));

export const listValue: fc.Arbitrary<Value> = fc
  .oneof(
    fc.array(bytesText, { minLength: 1, maxLength: 40 }),
    // Several quicklist nodes (8 KB each) and a big element of its own.
    fc.constant(Array.from({ length: 400 }, (_, i) => `item-${i}-${'z'.repeat(i % 50)}`)),
    fc.constant(['small', 'B'.repeat(20000), 'tail']),
  )
  .map((items) => {
    const list = new ListValue();
    for (const s of items) list.pushRight(Buffer.from(s, 'latin1'));
    return list;
  });

function setOf(members: string[]): SetValue {
  return SetValue.of(members, LIMITS);
}

export const setValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), { minLength: 1, maxLength: 40 }).map(setOf),
  fc.uniqueArray(fc.integer({ min: -40000, max: 40000 }).map(String), { minLength: 1, maxLength: 40 }).map(setOf),
  fc.uniqueArray(bytesText, { minLength: 1, maxLength: 40 }).map(setOf),
  fc.integer({ min: 513, max: 600 }).map((n) => setOf(Array.from({ length: n }, (_, i) => String(i * 7 - 1000)))),
);

function hashOf(pairs: [string, string][]): HashValue {
  const h = new HashValue();
  for (const [f, v] of pairs) h.set(f, Buffer.from(v, 'latin1'), LIMITS);
  return h;
}

export const hashValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.tuple(bytesText, bytesText), { minLength: 1, maxLength: 30, selector: ([f]) => f }).map(hashOf),
  fc.uniqueArray(fc.tuple(bytesText, bytesText), { minLength: 1, maxLength: 30, selector: ([f]) => f }).map((pairs) =>
    hashOf([...pairs, ['long', LONG]]),
  ),
  fc.integer({ min: 513, max: 560 }).map((n) => hashOf(Array.from({ length: n }, (_, i): [string, string] => [`f${i}`, String(i)]))),
);

function zsetOf(pairs: [string, number][]): ZSet {
  const z = new ZSet();
  for (const [m, s] of pairs) if (z.score(m) === undefined) z.add(m, s, LIMITS);
  return z;
}

const score = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0, -0, 1.5, 0.1, 1e300, -Infinity, Infinity, 2 ** 53, -(2 ** 63), 5e-324),
);

export const zsetValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.tuple(bytesText, score), { minLength: 1, maxLength: 40, selector: ([m]) => m }).map(zsetOf),
  fc.uniqueArray(fc.tuple(bytesText, score), { minLength: 1, maxLength: 40, selector: ([m]) => m }).map((pairs) =>
    zsetOf([...pairs, [LONG, 1]]),
  ),
  fc.integer({ min: 129, max: 200 }).map((n) => zsetOf(Array.from({ length: n }, (_, i): [string, number] => [`m${i}`, (i % 17) / 4]))),
);

export const anyValue: fc.Arbitrary<Value> = fc.oneof(stringValue, listValue, setValue, hashValue, zsetValue);
