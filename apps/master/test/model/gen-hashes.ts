/*
 * Generators for the hash family. HKEYS/HVALS/HGETALL are compared without order (a hashtable's
 * order is the server's own); HRANDFIELD by shape, or as the whole hash when its count exceeds
 * any hash a run builds.
 */
import fc from 'fast-check';
import { fieldValues } from './gen-shared';
import { Command, checked, cmd, PAIRS, SHAPE, UNORDERED } from './steps';
import { floatIncrement, growSize, increment, key, member, members, numbered, pickCount, value, WHOLE } from './vocabulary';

const grow = fc.tuple(key, growSize).map(([k, n]): Command => ({
  argv: ['HSET', k, ...numbered(n, 'f').flatMap((f) => [f, 'v'])],
  check: { kind: 'exact' },
}));

/** HRANDFIELD key [count [WITHVALUES]], judged by what is deterministic about it. */
const hrandfield = fc.tuple(key, fc.option(pickCount, { nil: undefined }), fc.boolean()).map(([k, n, withValues]): Command => {
  if (n === undefined) return { argv: ['HRANDFIELD', k], check: SHAPE };
  const whole = n === WHOLE;
  if (withValues) return { argv: ['HRANDFIELD', k, n, 'WITHVALUES'], check: whole ? PAIRS : SHAPE };
  return { argv: ['HRANDFIELD', k, n], check: whole ? UNORDERED : SHAPE };
});

export const hashCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: cmd(fc.constantFrom('HSET', 'HMSET'), key, fieldValues) },
  cmd('HSETNX', key, member, value),
  { weight: 3, arbitrary: cmd('HGET', key, member) },
  cmd('HMGET', key, members),
  { weight: 3, arbitrary: cmd('HDEL', key, members) },
  cmd('HLEN', key),
  cmd('HSTRLEN', key, member),
  cmd('HEXISTS', key, member),
  checked(UNORDERED, fc.constantFrom('HKEYS', 'HVALS'), key),
  { weight: 2, arbitrary: checked(PAIRS, 'HGETALL', key) },
  { weight: 2, arbitrary: cmd('HINCRBY', key, member, increment) },
  { weight: 2, arbitrary: cmd('HINCRBYFLOAT', key, member, floatIncrement) },
  hrandfield,
  grow,
);
