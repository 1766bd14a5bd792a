/*
 * Argument shapes several families share: a numkeys count followed by keys (LMPOP, SINTERCARD,
 * ZUNION …), field/value pairs, and the "grow" steps that push a collection past an encoding limit.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';
import { keys, member, value } from './vocabulary';

/** `numkeys key…`: numkeys right most of the time, sometimes zero, negative, too large or junk. */
export const numkeysAndKeys: fc.Arbitrary<Arg[]> = fc
  .tuple(keys, fc.oneof({ weight: 12, arbitrary: fc.constant('right') }, fc.constantFrom('0', '-1', 'more', 'x')))
  .map(([ks, n]) => {
    const numkeys = n === 'right' ? String(ks.length) : n === 'more' ? String(ks.length + 1) : n;
    return [numkeys, ...ks];
  });

/** One to four field/value pairs. */
export const fieldValues: fc.Arbitrary<Arg[]> = fc
  .array(fc.tuple(member, value), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.flat());

/** A blocking timeout: 1–10 ms to keep runs fast, or a value Redis refuses. Never 0 (forever). */
export const blockTimeout: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('0.01', '0.001') },
  { weight: 1, arbitrary: fc.constantFrom('-1', 'x') },
);

/** Inside MULTI a blocking command never blocks, so 0 (forever) is safe there. */
export const multiTimeout: fc.Arbitrary<string> = fc.oneof(blockTimeout, fc.constant('0'));

