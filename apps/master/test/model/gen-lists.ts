/*
 * Generators for the list family. Blocking pops take their timeouts from the caller: 1–10 ms on
 * their own (they answer nil when nothing arrives), 0 only inside MULTI, where Redis never blocks.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';
import { numkeysAndKeys } from './gen-shared';
import { Command, cmd, optional, options } from './steps';
import { count, growSize, index, key, keys, member, members, numbered } from './vocabulary';

const end = fc.constantFrom('LEFT', 'RIGHT');
const lposOptions = options(
  fc.constantFrom('1', '2', '-1', '-2', '0', '100').map((r): Arg[] => ['RANK', r]),
  count.map((c): Arg[] => ['COUNT', c]),
  fc.constantFrom('0', '1', '3', '-1').map((m): Arg[] => ['MAXLEN', m]),
);

/** Pushes enough numbered elements to make the list long (and its quicklist several nodes). */
const grow = fc
  .tuple(fc.constantFrom('RPUSH', 'LPUSH'), key, growSize)
  .map(([name, k, n]): Command => ({ argv: [name, k, ...numbered(n * 4, 'e')], check: { kind: 'exact' } }));

export const listCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: cmd(fc.constantFrom('LPUSH', 'RPUSH'), key, members) },
  cmd(fc.constantFrom('LPUSHX', 'RPUSHX'), key, members),
  { weight: 4, arbitrary: cmd(fc.constantFrom('LPOP', 'RPOP'), key, optional(count)) },
  cmd('LLEN', key),
  { weight: 3, arbitrary: cmd('LRANGE', key, index, index) },
  cmd('LINDEX', key, index),
  cmd('LSET', key, index, member),
  cmd('LREM', key, fc.constantFrom('0', '1', '2', '-1', '-2'), member),
  cmd('LTRIM', key, index, index),
  cmd('LINSERT', key, fc.constantFrom('BEFORE', 'AFTER', 'before', 'MIDDLE'), member, member),
  { weight: 2, arbitrary: cmd('LPOS', key, member, lposOptions) },
  { weight: 2, arbitrary: cmd('LMOVE', key, key, end, end) },
  cmd('RPOPLPUSH', key, key),
  { weight: 2, arbitrary: cmd('LMPOP', numkeysAndKeys, end, optional('COUNT', count)) },
  grow,
);

/** Blocking list commands with the given timeouts. */
export function listBlocking(timeout: fc.Arbitrary<string>): fc.Arbitrary<Command> {
  return fc.oneof(
    cmd(fc.constantFrom('BLPOP', 'BRPOP'), keys, timeout),
    cmd('BLMOVE', key, key, end, end, timeout),
    cmd('BRPOPLPUSH', key, key, timeout),
    cmd('BLMPOP', timeout, numkeysAndKeys, end, optional('COUNT', count)),
  );
}
