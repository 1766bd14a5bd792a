/*
 * Generators for the sorted-set family. Every sorted-set reply is ordered (by score, then member
 * bytes), so all are compared byte for byte except ZRANDMEMBER (shape, or the whole set for a
 * count larger than any set a run builds). Lex ranges only run on the lex keys, whose members all
 * score 0: Redis leaves a lex range over mixed scores undefined.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';
import { numkeysAndKeys } from './gen-shared';
import { Command, cmd, optional, options, PAIRS, SHAPE, UNORDERED } from './steps';
import {
  count,
  floatIncrement,
  growSize,
  index,
  key,
  keys,
  lexBound,
  lexKey,
  member,
  members,
  numbered,
  pickCount,
  score,
  scoreBound,
  WHOLE,
} from './vocabulary';

const scoreMembers: fc.Arbitrary<Arg[]> = fc
  .array(fc.tuple(score, member), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.flat());

const zaddOptions = options(
  fc.constantFrom(['NX'], ['XX']),
  fc.constantFrom(['GT'], ['LT']),
  fc.constant(['CH']),
  fc.constant(['INCR']),
);

const limit = fc.tuple(index, count).map(([offset, n]): Arg[] => ['LIMIT', offset, n]);
const withScores = fc.constant(['WITHSCORES']);

/** ZRANGE by index or by score with matching bounds (BYLEX lives with the lex keys). */
const zrangeBounds: fc.Arbitrary<Arg[]> = fc.oneof(
  fc.tuple(index, index).map(([a, b]): Arg[] => [a, b]),
  fc.tuple(scoreBound, scoreBound).map(([a, b]): Arg[] => [a, b, 'BYSCORE']),
);
const zrangeOptions = options(fc.constant(['REV']), limit, withScores);

/** WEIGHTS with one weight per key usually, sometimes one too few. */
const weights = fc
  .tuple(fc.array(fc.constantFrom('1', '2', '-1', '0', '0.5', 'inf', '-inf', 'x'), { minLength: 4, maxLength: 4 }), fc.nat(4))
  .map(([ws, n]): Arg[] => ['WEIGHTS', ...ws.slice(0, Math.max(1, n))]);
const aggregate = fc.constantFrom('SUM', 'MIN', 'MAX', 'AVG').map((a): Arg[] => ['AGGREGATE', a]);
const combineOptions = options(weights, aggregate);

const grow = fc.tuple(key, growSize).map(([k, n]): Command => ({
  argv: ['ZADD', k, ...numbered(n, 'z').flatMap((m, i) => [String(i % 7), m])],
  check: { kind: 'exact' },
}));

const zrandmember = fc
  .tuple(key, fc.option(pickCount, { nil: undefined }), fc.boolean())
  .map(([k, n, scores]): Command => {
    if (n === undefined) return { argv: ['ZRANDMEMBER', k], check: SHAPE };
    const whole = n === WHOLE;
    if (scores) return { argv: ['ZRANDMEMBER', k, n, 'WITHSCORES'], check: whole ? PAIRS : SHAPE };
    return { argv: ['ZRANDMEMBER', k, n], check: whole ? UNORDERED : SHAPE };
  });

export const zsetCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: cmd('ZADD', key, zaddOptions, scoreMembers) },
  { weight: 2, arbitrary: cmd('ZINCRBY', key, floatIncrement, member) },
  { weight: 2, arbitrary: cmd('ZREM', key, members) },
  cmd('ZCARD', key),
  { weight: 2, arbitrary: cmd('ZSCORE', key, member) },
  cmd('ZMSCORE', key, members),
  cmd('ZCOUNT', key, scoreBound, scoreBound),
  { weight: 2, arbitrary: cmd(fc.constantFrom('ZRANK', 'ZREVRANK'), key, member) },
  { weight: 4, arbitrary: cmd('ZRANGE', key, zrangeBounds, zrangeOptions) },
  cmd('ZRANGESTORE', key, key, zrangeBounds, options(fc.constant(['REV']), limit)),
  cmd(fc.constantFrom('ZRANGEBYSCORE', 'ZREVRANGEBYSCORE'), key, scoreBound, scoreBound, options(withScores, limit)),
  cmd('ZREVRANGE', key, index, index, optional(withScores)),
  cmd('ZREMRANGEBYRANK', key, index, index),
  cmd('ZREMRANGEBYSCORE', key, scoreBound, scoreBound),
  { weight: 2, arbitrary: cmd(fc.constantFrom('ZPOPMIN', 'ZPOPMAX'), key, optional(count)) },
  cmd('ZMPOP', numkeysAndKeys, fc.constantFrom('MIN', 'MAX'), optional('COUNT', count)),
  zrandmember,
  { weight: 2, arbitrary: cmd(fc.constantFrom('ZUNION', 'ZINTER'), numkeysAndKeys, combineOptions, optional(withScores)) },
  cmd('ZDIFF', numkeysAndKeys, optional(withScores)),
  { weight: 2, arbitrary: cmd(fc.constantFrom('ZUNIONSTORE', 'ZINTERSTORE'), key, numkeysAndKeys, combineOptions) },
  cmd('ZDIFFSTORE', key, numkeysAndKeys),
  cmd('ZINTERCARD', numkeysAndKeys, optional('LIMIT', count)),
  grow,
);

/** Every member of a lex key scores 0; grown past the listpack limit, it becomes a skip list. */
const lexGrow = fc.tuple(lexKey, growSize).map(([k, n]): Command => ({
  argv: ['ZADD', k, ...numbered(n, 'x').flatMap((m) => ['0', m])],
  check: { kind: 'exact' },
}));

/** Lex-range commands, on the lex keys only (see vocabulary.ts). */
export const zsetLexCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: cmd('ZADD', lexKey, optional(fc.constantFrom('NX', 'XX', 'CH')), members.map((ms) => ms.flatMap((m) => ['0', m]))) },
  cmd('ZREM', lexKey, members),
  cmd('ZLEXCOUNT', lexKey, lexBound, lexBound),
  { weight: 2, arbitrary: cmd(fc.constantFrom('ZRANGEBYLEX', 'ZREVRANGEBYLEX'), lexKey, lexBound, lexBound, optional(limit)) },
  { weight: 2, arbitrary: cmd('ZRANGE', lexKey, lexBound, lexBound, 'BYLEX', options(fc.constant(['REV']), limit)) },
  cmd('ZRANGESTORE', lexKey, lexKey, lexBound, lexBound, 'BYLEX', optional(limit)),
  cmd('ZREMRANGEBYLEX', lexKey, lexBound, lexBound),
  cmd('ZCARD', lexKey),
  cmd('OBJECT', 'ENCODING', lexKey),
  lexGrow,
);

/** Blocking sorted-set pops with the given timeouts. */
export function zsetBlocking(timeout: fc.Arbitrary<string>): fc.Arbitrary<Command> {
  return fc.oneof(
    cmd(fc.constantFrom('BZPOPMIN', 'BZPOPMAX'), keys, timeout),
    cmd('BZMPOP', timeout, numkeysAndKeys, fc.constantFrom('MIN', 'MAX'), optional('COUNT', count)),
  );
}
