/*
 * The hash commands (Redis group `hash`), checked against a real redis-server 7.0 by
 * test/conformance.spec.ts. Each entry names the `@hash` ACL category itself (entry.ts maps only
 * the groups of the first milestone to a category).
 */
import type { CommandSpec } from '../types';
import { rangeKeys } from './keyspec';

const G = 'hash';
const HASH = ['hash'] as const;

export const HASH_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Sets one or more fields of a hash, creating the hash if needed.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'update'])],
  },
  {
    name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Sets a hash field only when it does not exist yet.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'hget', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns the value of one hash field.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hmget', arity: -3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns the values of several hash fields.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Sets several hash fields (deprecated: HSET takes several).',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'update'])],
  },
  {
    name: 'hdel', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Removes fields from a hash; the emptied hash is deleted.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'hlen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns the number of fields of a hash.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '3.2.0', summary: 'Returns the byte length of a hash field value.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'hexists', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Tells whether a hash field exists.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'hkeys', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns every field name of a hash.',
    tips: ['nondeterministic_output_order'], aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hvals', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns every value of a hash.',
    tips: ['nondeterministic_output_order'], aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hgetall', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns every field and value of a hash.',
    tips: ['nondeterministic_output_order'], aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Adds an integer to the integer in a hash field.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Adds a floating-point number to the number in a hash field.',
    aclCategories: HASH, keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'hrandfield', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Returns random fields of a hash, optionally with their values.',
    tips: ['nondeterministic_output'], aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'hscan', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.0', summary: 'Iterates over the fields and values of a hash with a cursor.',
    tips: ['nondeterministic_output'], aclCategories: HASH, keySpecs: [rangeKeys(['RO', 'access'])],
  },
];
