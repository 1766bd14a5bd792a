/*
 * Generators for the set family. Replies listing members are compared without order. SPOP appears
 * only with counts whose effect is deterministic (0, or more than any set a run builds: the whole
 * set); SRANDMEMBER is judged by shape, or as the whole set for such a count.
 */
import fc from 'fast-check';
import { numkeysAndKeys } from './gen-shared';
import { Command, checked, cmd, optional, SHAPE, UNORDERED } from './steps';
import { count, growSize, key, keys, member, members, numbered, pickCount, WHOLE } from './vocabulary';

/** Integers stay an intset up to 512 members; prefixed names make a hashtable. */
const grow = fc.tuple(key, growSize, fc.boolean()).map(([k, n, integers]): Command => ({
  argv: ['SADD', k, ...numbered(n, integers ? '' : 's')],
  check: { kind: 'exact' },
}));

const srandmember = fc.tuple(key, fc.option(pickCount, { nil: undefined })).map(([k, n]): Command => {
  if (n === undefined) return { argv: ['SRANDMEMBER', k], check: SHAPE };
  return { argv: ['SRANDMEMBER', k, n], check: n === WHOLE ? UNORDERED : SHAPE };
});

export const setCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: cmd('SADD', key, members) },
  { weight: 3, arbitrary: cmd('SREM', key, members) },
  cmd('SCARD', key),
  { weight: 2, arbitrary: cmd('SISMEMBER', key, member) },
  cmd('SMISMEMBER', key, members),
  { weight: 2, arbitrary: checked(UNORDERED, 'SMEMBERS', key) },
  srandmember,
  checked(UNORDERED, 'SPOP', key, fc.constantFrom('0', WHOLE, '-1', 'x')),
  { weight: 2, arbitrary: cmd('SMOVE', key, key, member) },
  { weight: 2, arbitrary: checked(UNORDERED, fc.constantFrom('SINTER', 'SUNION', 'SDIFF'), keys) },
  cmd('SINTERCARD', numkeysAndKeys, optional('LIMIT', count)),
  { weight: 2, arbitrary: cmd(fc.constantFrom('SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'), key, keys) },
  grow,
);
