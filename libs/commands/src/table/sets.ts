/*
 * The set commands (Redis group `set`), checked against a real redis-server 7.0 by
 * test/conformance.spec.ts: arity, flags, legacy key positions, ACL categories, tips and key specs.
 * Each entry names the `@set` ACL category itself (entry.ts maps only the groups of the first
 * milestone to a category). Handlers: libs/keyspace/src/commands/sets*.ts.
 */
import type { CommandSpec } from '../types';
import { keyNumKeys, rangeKeys } from './keyspec';

const G = 'set';
const SET = ['set'] as const;
/** Replies whose order follows the hash table (SMEMBERS, SINTER …). */
const ANY_ORDER = ['nondeterministic_output_order'];
/** Replies that are random (SPOP, SRANDMEMBER) or cursor pages (SSCAN). */
const RANDOM = ['nondeterministic_output'];

/** `SINTER key [key …]`-style readers: every argument after the name is a key. */
function reader(name: string, summary: string): CommandSpec {
  return {
    name, arity: -2, flags: ['readonly'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '1.0.0', summary, tips: ANY_ORDER,
    aclCategories: SET, keySpecs: [rangeKeys(['RO', 'access'], 1, -1)],
  };
}

/** `SINTERSTORE destination key [key …]`-style writers; `dest` is the destination's access flag. */
function store(name: string, dest: 'RW' | 'OW', summary: string): CommandSpec {
  return {
    name, arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '1.0.0', summary,
    aclCategories: SET, keySpecs: [rangeKeys([dest, 'update']), rangeKeys(['RO', 'access'], 2, -1)],
  };
}

export const SET_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Adds members to a set, creating the set if needed.',
    aclCategories: SET, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'srem', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Removes members from a set, deleting the set when it empties.',
    aclCategories: SET, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'scard', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the number of members of a set.',
    aclCategories: SET, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'sismember', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Tells whether a value is a member of a set.',
    aclCategories: SET, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'smismember', arity: -3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Tells, for each of several values, whether it is a member of a set.',
    aclCategories: SET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'smembers', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns every member of a set.', tips: ANY_ORDER,
    aclCategories: SET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'srandmember', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns random members of a set without removing them.', tips: RANDOM,
    aclCategories: SET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'spop', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Removes and returns random members of a set.', tips: RANDOM,
    aclCategories: SET, keySpecs: [rangeKeys(['RW', 'access', 'delete'])],
  },
  {
    name: 'smove', arity: 4, flags: ['write', 'fast'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '1.0.0', summary: 'Moves a member from one set to another.',
    aclCategories: SET, keySpecs: [rangeKeys(['RW', 'access', 'delete']), rangeKeys(['RW', 'insert'], 2)],
  },
  reader('sinter', 'Returns the members present in every one of several sets.'),
  {
    name: 'sintercard', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'Counts the members of the intersection of several sets, up to a limit.',
    aclCategories: SET, keySpecs: [keyNumKeys(['RO', 'access'], 1)],
  },
  store('sinterstore', 'RW', 'Stores the intersection of several sets.'),
  reader('sunion', 'Returns the members present in any of several sets.'),
  store('sunionstore', 'OW', 'Stores the union of several sets.'),
  reader('sdiff', 'Returns the members of the first set that are in none of the others.'),
  store('sdiffstore', 'OW', 'Stores the difference of the first set and the others.'),
  {
    name: 'sscan', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.0', summary: 'Iterates over the members of a set with a cursor.', tips: RANDOM,
    aclCategories: SET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
];
