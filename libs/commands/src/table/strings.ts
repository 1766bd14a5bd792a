/*
 * The string commands (Redis group `string`). Every entry is written from the documented
 * semantics and checked against a real redis-server 7.0 by test/conformance.spec.ts: arity, flags,
 * legacy key positions, ACL categories, tips and key specs must stay equal to the server's.
 * The group adds the `@string` ACL category; entries list only categories beyond that.
 */
import type { CommandSpec } from '../types';
import { rangeKeys } from './keyspec';

const G = 'string';
const MULTI_SHARD = 'request_policy:multi_shard';

export const STRING_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the string value stored at a key.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Sets a key to a string value, with optional expiry and conditions.',
    keySpecs: [rangeKeys(['RW', 'access', 'update', 'variable_flags'])],
  },
  {
    name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Sets a key only when it does not exist yet.',
    keySpecs: [rangeKeys(['OW', 'insert'])],
  },
  {
    name: 'setex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Sets a key with a time to live in seconds.',
    keySpecs: [rangeKeys(['OW', 'update'])],
  },
  {
    name: 'psetex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Sets a key with a time to live in milliseconds.',
    keySpecs: [rangeKeys(['OW', 'update'])],
  },
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the values of several keys at once.',
    tips: [MULTI_SHARD], keySpecs: [rangeKeys(['RO', 'access'], 1, -1)],
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2,
    group: G, since: '1.0.1', summary: 'Sets several keys to values in one atomic step.',
    tips: [MULTI_SHARD, 'response_policy:all_succeeded'], keySpecs: [rangeKeys(['OW', 'update'], 1, -1, 2)],
  },
  {
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2,
    group: G, since: '1.0.1', summary: 'Sets several keys only when none of them exists.',
    tips: [MULTI_SHARD, 'response_policy:agg_min'], keySpecs: [rangeKeys(['OW', 'insert'], 1, -1, 2)],
  },
  {
    name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Sets a key and returns its previous value (deprecated: SET with GET).',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'getdel', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Returns the value of a key and deletes the key.',
    keySpecs: [rangeKeys(['RW', 'access', 'delete'])],
  },
  {
    name: 'getex', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Returns the value of a key and changes or removes its expiry.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Appends bytes to a string value, creating the key if needed.',
    keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'strlen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Returns the byte length of a string value.',
    keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Adds one to the integer stored at a key.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Subtracts one from the integer stored at a key.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Adds an integer to the integer stored at a key.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Subtracts an integer from the integer stored at a key.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Adds a floating-point number to the number stored at a key.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'getrange', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.4.0', summary: 'Returns the bytes of a string value between two offsets.',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'setrange', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Overwrites part of a string value from an offset, padding with zeros.',
    keySpecs: [rangeKeys(['RW', 'update'])],
  },
  {
    name: 'substr', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Old name of GETRANGE (deprecated).',
    keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'lcs', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '7.0.0', summary: 'Finds the longest common subsequence of two string values.',
    keySpecs: [rangeKeys(['RO', 'access'], 1, 1)],
  },
];
