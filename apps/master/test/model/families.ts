/*
 * The sequences each model property draws: one per data type (with the generic key commands and
 * some plain SETs mixed in, so WRONGTYPE and RENAME/COPY/MOVE of that type come up), and one that
 * mixes everything with MULTI…EXEC blocks and full SCAN iterations.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';
import { blockTimeout, multiTimeout } from './gen-shared';
import { hashCommands } from './gen-hashes';
import { keyCommands, keyCommandsAlphaSort, stringCommands } from './gen-keys';
import { listBlocking, listCommands } from './gen-lists';
import { setCommands } from './gen-sets';
import { zsetBlocking, zsetCommands, zsetLexCommands } from './gen-zsets';
import { cmd, Command, multi, printable, single, Step } from './steps';
import { key, value } from './vocabulary';

const plainSet = cmd('SET', key, value);

/** A full iteration of HSCAN/SSCAN/ZSCAN/SCAN with optional MATCH, COUNT and (SCAN) TYPE. */
function scan(head: fc.Arbitrary<Arg[]>, withType: boolean): fc.Arbitrary<Step> {
  const match = fc.option(fc.constantFrom('*', 'a*', '*1*', 'k[12]', 'f1?'), { nil: undefined });
  const scanCount = fc.option(fc.constantFrom('1', '3', '10', '1000'), { nil: undefined });
  const type = fc.option(fc.constantFrom('string', 'list', 'hash', 'set', 'zset'), { nil: undefined });
  return fc.tuple(head, match, scanCount, type).map(([h, m, c, t]): Step => {
    const opts: Arg[] = [];
    if (m !== undefined) opts.push('MATCH', m);
    if (c !== undefined) opts.push('COUNT', c);
    if (withType && t !== undefined) opts.push('TYPE', t);
    return printable({ kind: 'scan', head: h, options: opts });
  });
}

const scanKeys = scan(fc.constant(['SCAN']), true);
const hscan = scan(key.map((k) => ['HSCAN', k]), false);
const sscan = scan(key.map((k) => ['SSCAN', k]), false);
const zscan = scan(key.map((k) => ['ZSCAN', k]), false);

/**
 * One family's steps: its commands mostly, plus generic key commands (`keys`: with SORT always
 * ALPHA where scores are parsed, see gen-keys.ts), SETs, MULTI and scans.
 */
function family(commands: fc.Arbitrary<Command>, extras: fc.Arbitrary<Step>[], keys = keyCommands): fc.Arbitrary<Step> {
  return fc.oneof(
    { weight: 20, arbitrary: single(commands) },
    { weight: 4, arbitrary: single(keys) },
    { weight: 1, arbitrary: single(plainSet) },
    { weight: 1, arbitrary: multi(fc.oneof(commands, keys)) },
    ...extras.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

const sortedSetCommands = fc.oneof({ weight: 3, arbitrary: zsetCommands }, { weight: 1, arbitrary: zsetLexCommands });
const everyCommand = fc.oneof(stringCommands, keyCommandsAlphaSort, listCommands, hashCommands, setCommands, sortedSetCommands);

export const FAMILIES: { name: string; step: fc.Arbitrary<Step> }[] = [
  { name: 'strings and keys', step: family(fc.oneof(stringCommands, keyCommands), [scanKeys]) },
  { name: 'lists', step: family(listCommands, [single(listBlocking(blockTimeout)), multi(listBlocking(multiTimeout))]) },
  { name: 'hashes', step: family(hashCommands, [hscan]) },
  { name: 'sets', step: family(setCommands, [sscan]) },
  {
    name: 'sorted sets',
    step: family(
      sortedSetCommands,
      [zscan, single(zsetBlocking(blockTimeout)), multi(zsetBlocking(multiTimeout))],
      keyCommandsAlphaSort,
    ),
  },
  {
    name: 'every type, MULTI/EXEC and SCAN',
    step: fc.oneof(
      { weight: 40, arbitrary: single(everyCommand) },
      { weight: 6, arbitrary: multi(fc.oneof(everyCommand, listBlocking(multiTimeout), zsetBlocking(multiTimeout))) },
      { weight: 3, arbitrary: fc.oneof(scanKeys, hscan, sscan, zscan) },
      { weight: 1, arbitrary: single(cmd('FLUSHDB')) },
    ),
  },
];
