/*
 * The sorted-set commands (Redis group `sorted-set`), checked against a real redis-server 7.0 by
 * test/conformance.spec.ts: arity, flags, legacy key positions, ACL categories, tips and key specs.
 * Each entry names the `@sortedset` ACL category itself (entry.ts maps only the groups of the first
 * milestone to a category). Handlers: libs/keyspace/src/commands/zsets*.ts.
 */
import type { CommandSpec } from '../types';
import { keyNumKeys, rangeKeys } from './keyspec';

const G = 'sorted-set';
const ZSET = ['sortedset'] as const;
const NONDETERMINISTIC = 'nondeterministic_output';

export const SORTED_SET_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Adds members with scores to a sorted set, or updates their scores.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'update'])],
  },
  {
    name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Adds an increment to the score of one member.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'zrem', arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Removes members from a sorted set.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'zcard', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Returns the number of members of a sorted set.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'zscore', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Returns the score of one member.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Returns the scores of several members.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zcount', arity: 4, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Counts the members whose score lies in an interval.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.9', summary: 'Counts the members inside a lexicographical interval.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrank', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns the position of a member, lowest score first.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrevrank', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Returns the position of a member, highest score first.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrange', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Returns members by rank, score or lexicographical interval, in either direction.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '6.2.0', summary: 'Stores a range of a sorted set into another key.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['OW', 'update']), rangeKeys(['RO', 'access'], 2)],
  },
  {
    name: 'zrangebyscore', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.5', summary: 'Returns members whose score lies in an interval (deprecated: ZRANGE BYSCORE).',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Returns members whose score lies in an interval, highest first (deprecated).',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrangebylex', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.9', summary: 'Returns members inside a lexicographical interval (deprecated: ZRANGE BYLEX).',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrevrangebylex', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.9', summary: 'Returns members inside a lexicographical interval, last first (deprecated).',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zrevrange', arity: -4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Returns members by rank, highest score first (deprecated: ZRANGE REV).',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zremrangebyrank', arity: 4, flags: ['write'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Removes the members within a range of ranks.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'zremrangebyscore', arity: 4, flags: ['write'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.2.0', summary: 'Removes the members whose score lies in an interval.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'zremrangebylex', arity: 4, flags: ['write'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.9', summary: 'Removes the members inside a lexicographical interval.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'zpopmin', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '5.0.0', summary: 'Removes and returns the members with the lowest scores.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'access', 'delete'])],
  },
  {
    name: 'zpopmax', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '5.0.0', summary: 'Removes and returns the members with the highest scores.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'access', 'delete'])],
  },
  {
    name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], firstKey: 1, lastKey: -2, step: 1,
    group: G, since: '5.0.0', summary: 'Pops the lowest-scored member of the first non-empty set, waiting for one if none.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'access', 'delete'], 1, -2)],
  },
  {
    name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], firstKey: 1, lastKey: -2, step: 1,
    group: G, since: '5.0.0', summary: 'Pops the highest-scored member of the first non-empty set, waiting for one if none.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['RW', 'access', 'delete'], 1, -2)],
  },
  {
    name: 'zmpop', arity: -4, flags: ['write', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'Pops members with the lowest or highest scores from the first non-empty of several sets.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RW', 'access', 'delete'], 1)],
  },
  {
    name: 'bzmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'As ZMPOP, waiting until a set has members if none has.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RW', 'access', 'delete'], 2)],
  },
  {
    name: 'zrandmember', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Returns random members, optionally with their scores.',
    aclCategories: ZSET, tips: [NONDETERMINISTIC], keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'zunion', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '6.2.0', summary: 'Returns the union of several sorted sets.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RO', 'access'], 1)],
  },
  {
    name: 'zunionstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Stores the union of several sorted sets.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['OW', 'update']), keyNumKeys(['RO', 'access'], 2)],
  },
  {
    name: 'zinter', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '6.2.0', summary: 'Returns the intersection of several sorted sets.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RO', 'access'], 1)],
  },
  {
    name: 'zinterstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.0.0', summary: 'Stores the intersection of several sorted sets.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['OW', 'update']), keyNumKeys(['RO', 'access'], 2)],
  },
  {
    name: 'zintercard', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'Counts the members of the intersection of several sorted sets.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RO', 'access'], 1)],
  },
  {
    name: 'zdiff', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '6.2.0', summary: 'Returns the members of the first sorted set that are in none of the others.',
    aclCategories: ZSET, keySpecs: [keyNumKeys(['RO', 'access'], 1)],
  },
  {
    name: 'zdiffstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.2.0', summary: 'Stores the difference of the first sorted set and the others.',
    aclCategories: ZSET, keySpecs: [rangeKeys(['OW', 'update']), keyNumKeys(['RO', 'access'], 2)],
  },
  {
    name: 'zscan', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.8.0', summary: 'Iterates the members and scores of a sorted set with a cursor.',
    aclCategories: ZSET, tips: [NONDETERMINISTIC], keySpecs: [rangeKeys(['RO', 'access'])],
  },
];
