/*
 * The keyspace commands (Redis group `generic`): deletion, existence, renaming, scanning,
 * expiry, DUMP/RESTORE and OBJECT introspection. Checked against a real redis-server 7.0 by
 * test/conformance.spec.ts. The group adds the `@keyspace` ACL category to every non-container
 * entry. DBSIZE, FLUSHDB, FLUSHALL, SWAPDB and MEMORY are in Redis's `server` group (server.ts);
 * SELECT is in `connection` (connection.ts).
 */
import type { CommandSpec } from '../types';
import { rangeKeys, unknownKeys } from './keyspec';

const G = 'generic';
const MULTI_SHARD = 'request_policy:multi_shard';
const AGG_SUM = 'response_policy:agg_sum';
const NONDETERMINISTIC = 'nondeterministic_output';

/** One OBJECT subcommand that inspects the key in argv[2]. */
function objectKeyInfo(sub: string, since: string, summary: string): CommandSpec {
  return {
    name: `object|${sub}`, arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1,
    group: G, since, summary, tips: [NONDETERMINISTIC], keySpecs: [rangeKeys(['RO'], 2)],
  };
}

/** One of the four EXPIRE variants: arity -3 because NX/XX/GT/LT may follow. */
function expireCommand(name: string, since: string, summary: string): CommandSpec {
  return {
    name, arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since, summary, keySpecs: [rangeKeys(['RW', 'update'])],
  };
}

/** One of the four TTL readers. TTL and PTTL depend on the clock; the *TIME forms do not. */
function ttlCommand(name: string, since: string, summary: string, clockDependent: boolean): CommandSpec {
  return {
    name, arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since, summary, keySpecs: [rangeKeys(['RO', 'access'])],
    ...(clockDependent ? { tips: [NONDETERMINISTIC] } : {}),
  };
}

export const GENERIC_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'del', arity: -2, flags: ['write'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '1.0.0', summary: 'Deletes keys and returns how many existed.',
    tips: [MULTI_SHARD, AGG_SUM], keySpecs: [rangeKeys(['RM', 'delete'], 1, -1)],
  },
  {
    name: 'unlink', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '4.0.0', summary: 'Deletes keys, reclaiming their memory in the background.',
    tips: [MULTI_SHARD, AGG_SUM], keySpecs: [rangeKeys(['RM', 'delete'], 1, -1)],
  },
  {
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '1.0.0', summary: 'Counts how many of the given keys exist.',
    tips: [MULTI_SHARD, AGG_SUM], keySpecs: [rangeKeys(['RO'], 1, -1)],
  },
  {
    name: 'type', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the type of the value stored at a key.',
    keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'rename', arity: 3, flags: ['write'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '1.0.0', summary: 'Renames a key, replacing the destination.',
    keySpecs: [rangeKeys(['RW', 'access', 'delete']), rangeKeys(['OW', 'update'], 2)],
  },
  {
    name: 'renamenx', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '1.0.0', summary: 'Renames a key only when the destination does not exist.',
    keySpecs: [rangeKeys(['RW', 'access', 'delete']), rangeKeys(['OW', 'insert'], 2)],
  },
  {
    name: 'keys', arity: 2, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns every key matching a glob pattern.',
    aclCategories: ['dangerous'], tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
  },
  {
    name: 'scan', arity: -2, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.8.0', summary: 'Iterates over the keys of the database with a cursor.',
    tips: [NONDETERMINISTIC, 'request_policy:special'],
  },
  {
    name: 'randomkey', arity: 1, flags: ['readonly'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns a random key of the database.',
    tips: ['request_policy:all_shards', NONDETERMINISTIC],
  },
  {
    name: 'move', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Moves a key to another database.',
    keySpecs: [rangeKeys(['RW', 'access', 'update'])],
  },
  {
    name: 'copy', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '6.2.0', summary: 'Copies the value of a key to another key, optionally in another database.',
    keySpecs: [rangeKeys(['RO', 'access']), rangeKeys(['OW', 'update'], 2)],
  },
  {
    name: 'sort', arity: -2, flags: ['write', 'denyoom', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Sorts the elements of a list, set or sorted set, optionally storing the result.',
    aclCategories: ['set', 'sortedset', 'list', 'dangerous'], noGroupCategory: true,
    keySpecs: [rangeKeys(['RO', 'access']), unknownKeys(['RO', 'access']), unknownKeys(['OW', 'update'])],
  },
  {
    name: 'sort_ro', arity: -2, flags: ['readonly', 'movablekeys'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '7.0.0', summary: 'Sorts the elements of a list, set or sorted set (read-only variant).',
    aclCategories: ['set', 'sortedset', 'list', 'dangerous'], noGroupCategory: true,
    keySpecs: [rangeKeys(['RO', 'access']), unknownKeys(['RO', 'access'])],
  },
  {
    name: 'touch', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '3.2.1', summary: 'Updates the last-access time of keys and counts those that exist.',
    tips: [MULTI_SHARD, AGG_SUM], keySpecs: [rangeKeys(['RO'], 1, -1)],
  },
  {
    name: 'object', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.2.3', summary: 'Container of the commands that inspect stored values.',
    subcommands: [
      objectKeyInfo('encoding', '2.2.3', 'Returns the internal encoding of the value at a key.'),
      objectKeyInfo('refcount', '2.2.3', 'Returns the reference count of the value at a key.'),
      objectKeyInfo('idletime', '2.2.3', 'Returns the seconds since the key was last read or written.'),
      objectKeyInfo('freq', '4.0.0', 'Returns the logarithmic access-frequency counter of a key.'),
      {
        name: 'object|help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0,
        group: G, since: '6.2.0', summary: 'Lists the OBJECT subcommands.',
      },
    ],
  },
  expireCommand('expire', '1.0.0', 'Sets the time to live of a key in seconds.'),
  expireCommand('pexpire', '2.6.0', 'Sets the time to live of a key in milliseconds.'),
  expireCommand('expireat', '1.2.0', 'Sets the expiry of a key as a Unix time in seconds.'),
  expireCommand('pexpireat', '2.6.0', 'Sets the expiry of a key as a Unix time in milliseconds.'),
  ttlCommand('ttl', '1.0.0', 'Returns the remaining time to live of a key in seconds.', true),
  ttlCommand('pttl', '2.6.0', 'Returns the remaining time to live of a key in milliseconds.', true),
  ttlCommand('expiretime', '7.0.0', 'Returns the expiry of a key as a Unix time in seconds.', false),
  ttlCommand('pexpiretime', '7.0.0', 'Returns the expiry of a key as a Unix time in milliseconds.', false),
  {
    name: 'dump', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Returns the value of a key serialized in the RDB format RESTORE reads.',
    tips: [NONDETERMINISTIC], keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'restore', arity: -4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.6.0', summary: 'Creates a key from a value serialized by DUMP.',
    aclCategories: ['dangerous'], keySpecs: [rangeKeys(['OW', 'update'])],
  },
  {
    name: 'persist', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Removes the expiry of a key.',
    keySpecs: [rangeKeys(['RW', 'update'])],
  },
];
