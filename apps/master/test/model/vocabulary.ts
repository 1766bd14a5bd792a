/*
 * The vocabulary of the model tests: small pools of keys, members, scores, counts and ranges that
 * the command generators draw from.
 *
 * Pools are deliberately tiny (a handful of keys, a few letters) so random sequences keep hitting
 * the same keys and members: collisions are what exercise updates, WRONGTYPE, deletion of emptied
 * collections and encoding conversions. Rare values (binary, 65-byte, integer-looking, huge numbers)
 * sit in low-weight branches so each run meets some of them.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';

/**
 * Bytes no text protocol would survive: NUL, CR LF, 0xff, RESP type bytes. It starts with 0xff, not
 * NUL: SORT ALPHA compares with strcoll, which stops at a NUL, and a member equal to '' under it
 * would leave SORT's order to the set's hash seed.
 */
export const BINARY = Buffer.from([0xff, 0, 13, 10, 0x24, 0x2a, 0]);
/** One byte over the 64-byte listpack value limit of hashes and sorted sets. */
export const LONG = 'L'.repeat(65);
/** 2100-01-01T00:00:00Z: absolute deadlines that never fire during a run. */
export const FAR_S = '4102444800';
export const FAR_MS = '4102444800123';
/** Relative TTLs that never fire during a run (about 28 hours). */
export const FAR_TTL_S = '100000';
export const FAR_TTL_MS = '100000000';

/** The databases a sequence may touch (SELECT, MOVE, COPY DB, SWAPDB). */
export const DBS = ['0', '1', '2'];

/** A key: five plain names and one binary one, shared by every type. */
export const key: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5') },
  { weight: 1, arbitrary: fc.constant(Buffer.from([0x6b, 0, 0xff])) },
);

/**
 * Keys for lex-range commands only: they only ever hold members of score 0, because a lex range
 * over mixed scores is undefined in Redis (its answer depends on the skip list's random levels).
 */
export const lexKey: fc.Arbitrary<Arg> = fc.constantFrom('lex1', 'lex2');

/** One to four keys (for DEL, EXISTS, MGET, SINTER, …). */
export const keys: fc.Arbitrary<Arg[]> = fc.array(key, { minLength: 1, maxLength: 4 });

/** A member, field or element: letters mostly, integers (intset), and rare awkward bytes. */
export const member: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') },
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 12 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Arg>(
      '',
      BINARY,
      LONG,
      '1.5',
      '007',
      '-0',
      '9223372036854775807',
      '9223372036854775808',
      '-9223372036854775808',
    ),
  },
);

export const members: fc.Arbitrary<Arg[]> = fc.array(member, { minLength: 1, maxLength: 5 });

/** A string value: mostly short, sometimes numeric (INCR), binary or long. */
export const value: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('v', 'value', 'x y', '') },
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom<Arg>(BINARY, LONG, '3.5', '1e3', '9223372036854775807', 'x'.repeat(300)) },
);

/** A double as a client would type it: integers, decimals, infinities, extremes and junk. */
export const score: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom('1.5', '-0.5', '0.1', '2.5', '10', '3.0000000000000004') },
  { weight: 2, arbitrary: fc.constantFrom('inf', '-inf', '+inf', 'Infinity', '1e300', '-1e300', '5e-324', '-0') },
  { weight: 2, arbitrary: fc.double({ noNaN: true }).map((d) => String(d)) },
  { weight: 1, arbitrary: fc.constantFrom('nan', 'abc', '', '1e400', '0x10', ' 1') },
);

/** A score-range bound: a score, exclusive or not, or an infinity. */
export const scoreBound: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: score },
  { weight: 2, arbitrary: score.map((s) => `(${s}`) },
  { weight: 2, arbitrary: fc.constantFrom('-inf', '+inf', '(-inf', '(+inf') },
);

/** A lex-range bound: inclusive or exclusive member, the open ends, or an invalid bound. */
export const lexBound: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'e', 'h', '1').chain((m) => fc.constantFrom(`[${m}`, `(${m}`)) },
  { weight: 3, arbitrary: fc.constantFrom('-', '+') },
  { weight: 1, arbitrary: fc.constantFrom('a', '', '[', '(') },
);

/** A list index or rank: near the ends, out of range, extreme, or junk. */
export const index: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -8, max: 8 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('100', '-100', '9223372036854775807', '-9223372036854775808', 'x', '1.5') },
);

/** A COUNT argument: small, zero, negative, huge or junk. */
export const count: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 6 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('-1', '-5', '1000') },
  { weight: 1, arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', 'x', '1.5') },
);

/**
 * A count larger than any collection a run can build (SUNIONSTORE of grown sets included): a
 * random pick (SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER) with it returns the whole collection.
 */
export const WHOLE = '1000000';

/** A count for a random pick: any count, or WHOLE (which makes the reply deterministic). */
export const pickCount: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: count }, { weight: 1, arbitrary: fc.constant(WHOLE) });

/** An integer increment for INCRBY/HINCRBY: small, or at the int64 edges (overflow errors). */
export const increment: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -10, max: 10 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', '1.5', 'x') },
);

/** A float increment for INCRBYFLOAT/HINCRBYFLOAT/ZINCRBY. */
export const floatIncrement: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('1', '-1', '0.1', '2.5', '-3.75', '1e10') },
  { weight: 1, arbitrary: fc.constantFrom('inf', '-inf', 'nan', 'x', '1e308') },
);

/** How many generated members a "grow" step adds: past the listpack (128) and intset (512) limits. */
export const growSize: fc.Arbitrary<number> = fc.constantFrom(20, 127, 129, 200, 513);

/** Numbered members for a grow step: integers (intset-friendly) or prefixed names. */
export function numbered(n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}
