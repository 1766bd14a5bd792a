/*
 * The bitmap commands (Redis group `bitmap`), checked against a real redis-server 7.0 by
 * test/conformance.spec.ts. The group adds the `@bitmap` ACL category.
 */
import type { CommandSpec } from '../types';
import { rangeKeys } from './keyspec';

const G = 'bitmap';

export const BITMAP_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'setbit', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Sets or clears one bit of a string value and returns its old value.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'getbit', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Returns one bit of a string value.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'bitcount', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Counts the set bits of a string value, optionally in a range.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'bitpos', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.7', summary: 'Finds the first bit set to 0 or 1 in a string value.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    // The destination is the first key, the sources follow it: two key specs.
    name: 'bitop', arity: -4, flags: ['write', 'denyoom'], firstKey: 2, lastKey: -1, step: 1,
    group: G, since: '2.6.0', summary: 'Combines string values bitwise (AND, OR, XOR, NOT) into a key.',
    keySpecs: [rangeKeys(['OW', 'update'], 2), rangeKeys(['RO', 'access'], 3, -1)],
  },
  {
    name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '3.2.0', summary: 'Reads, writes and increments integer fields of arbitrary width in a string.',
    keySpecs: [rangeKeys(['RW', 'access', 'update', 'variable_flags'])],
  },
  {
    name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.0.0', summary: 'Read-only BITFIELD: only GET operations.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
];
