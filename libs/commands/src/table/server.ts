/*
 * The server commands (Redis group `server`): database-wide operations, introspection, CONFIG,
 * COMMAND, SHUTDOWN, MONITOR. Checked against a real redis-server 7.0 by test/conformance.spec.ts.
 * This group adds no ACL category of its own: each entry lists what Redis gives it (COMMAND and its
 * subcommands are `@connection`, the database-wide ones `@keyspace`).
 */
import type { CommandSpec, CommandFlag } from '../types';
import { rangeKeys } from './keyspec';

const G = 'server';
const ALL_SHARDS = 'request_policy:all_shards';
const ALL_SUCCEEDED = 'response_policy:all_succeeded';
const ADMIN_FLAGS: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];
const HELP_FLAGS: readonly CommandFlag[] = ['loading', 'stale'];

/** A subcommand without keys: every CONFIG, COMMAND and MEMORY subcommand but MEMORY USAGE. */
function sub(
  name: string,
  arity: number,
  flags: readonly CommandFlag[],
  since: string,
  summary: string,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return { name, arity, flags, firstKey: 0, lastKey: 0, step: 0, group: G, since, summary, ...extra };
}

const COMMAND_EXTRA: Partial<CommandSpec> = { aclCategories: ['connection'] };
const COMMAND_ORDERLESS: Partial<CommandSpec> = {
  aclCategories: ['connection'],
  tips: ['nondeterministic_output_order'],
};

export const SERVER_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns the number of keys in the selected database.',
    aclCategories: ['keyspace'], tips: [ALL_SHARDS, 'response_policy:agg_sum'],
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Deletes every key of the selected database.',
    aclCategories: ['keyspace', 'dangerous'], tips: [ALL_SHARDS, ALL_SUCCEEDED],
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Deletes every key of every database.',
    aclCategories: ['keyspace', 'dangerous'], tips: [ALL_SHARDS, ALL_SUCCEEDED],
  },
  {
    name: 'swapdb', arity: 3, flags: ['write', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '4.0.0', summary: 'Exchanges the contents of two databases.',
    aclCategories: ['keyspace', 'dangerous'],
  },
  {
    name: 'memory', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '4.0.0', summary: 'Container of the memory introspection commands.',
    subcommands: [
      {
        name: 'memory|usage', arity: -3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1,
        group: G, since: '4.0.0', summary: 'Estimates the bytes a key and its value take in memory.',
        keySpecs: [rangeKeys(['RO'], 2)],
      },
      sub('memory|help', 2, HELP_FLAGS, '4.0.0', 'Lists the MEMORY subcommands.'),
    ],
  },
  {
    name: 'info', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns information and statistics about the server, by section.',
    aclCategories: ['dangerous'], tips: ['nondeterministic_output', ALL_SHARDS, 'response_policy:special'],
  },
  {
    name: 'config', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Container of the runtime configuration commands.',
    subcommands: [
      sub('config|get', -3, ADMIN_FLAGS, '2.0.0', 'Returns the values of configuration parameters matching patterns.'),
      sub('config|set', -4, ADMIN_FLAGS, '2.0.0', 'Changes configuration parameters at run time.', {
        tips: ['request_policy:all_nodes', ALL_SUCCEEDED],
      }),
      sub('config|resetstat', 2, ADMIN_FLAGS, '2.0.0', 'Resets the statistics that INFO reports.'),
      sub('config|rewrite', 2, ADMIN_FLAGS, '2.8.0', 'Writes the running configuration back to the config file.'),
      sub('config|help', 2, HELP_FLAGS, '5.0.0', 'Lists the CONFIG subcommands.'),
    ],
  },
  {
    name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.6.0', summary: 'Returns the server time as seconds and microseconds.',
    tips: ['nondeterministic_output'],
  },
  {
    name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Stops the server, optionally saving a snapshot first.',
  },
  {
    name: 'command', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.8.13', summary: 'Returns details about every command of the server.',
    ...COMMAND_ORDERLESS,
    subcommands: [
      sub('command|count', 2, HELP_FLAGS, '2.8.13', 'Returns how many commands the server has.', COMMAND_EXTRA),
      sub('command|info', -2, HELP_FLAGS, '2.8.13', 'Returns details about the named commands, or all.', COMMAND_ORDERLESS),
      sub('command|list', -2, HELP_FLAGS, '7.0.0', 'Returns the names of the commands, optionally filtered.', COMMAND_ORDERLESS),
      sub('command|getkeys', -4, HELP_FLAGS, '2.8.13', 'Extracts the key names from a full command line.', COMMAND_EXTRA),
      sub('command|docs', -2, HELP_FLAGS, '7.0.0', 'Returns documentation of the named commands, or all.', COMMAND_ORDERLESS),
      sub('command|help', 2, HELP_FLAGS, '5.0.0', 'Lists the COMMAND subcommands.', COMMAND_EXTRA),
    ],
  },
  {
    name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Writes a snapshot of the dataset to disk, blocking until it is done.',
  },
  {
    name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Writes a snapshot of the dataset to disk while clients keep being served.',
  },
  {
    name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns the unix time of the last successful snapshot.',
    aclCategories: ['admin', 'dangerous'], tips: ['nondeterministic_output'],
  },
  {
    name: 'monitor', arity: 1, flags: ADMIN_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Streams every command the server processes to this client.',
  },
  {
    name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '3.0.0', summary: 'Configures the replication stream (sent by replicas to their master).',
  },
  {
    name: 'psync', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.8.0', summary: 'Starts replication: a partial resync from the backlog or a full sync (sent by replicas).',
  },
  {
    name: 'sync', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Starts a full sync without a PSYNC handshake (old replicas, redis-cli --replica).',
  },
  {
    name: 'replicaof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '5.0.0', summary: 'Makes this server a replica of another one, or promotes it to master (NO ONE).',
  },
  {
    name: 'slaveof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Makes this server a replica of another one (deprecated: REPLICAOF).',
  },
  {
    name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.8.12', summary: 'Returns this server\'s replication role, offset and replicas or master.',
    aclCategories: ['admin', 'dangerous'],
  },
  {
    name: 'wait', arity: 3, flags: ['noscript'], firstKey: 0, lastKey: 0, step: 0,
    group: 'generic', since: '3.0.0', summary: 'Blocks until the writes of this connection reach a number of replicas, or a timeout.',
    aclCategories: ['connection'], noGroupCategory: true, tips: [ALL_SHARDS, 'response_policy:agg_min'],
  },
];
