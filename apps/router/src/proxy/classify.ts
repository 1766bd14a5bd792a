/**
 * Command classification: where a command goes, from the shared command table (libs/commands)
 * plus the router's own rules. Resolved once per command name and cached, so the per-request cost
 * is one Map lookup on the name string the frame scanner produced.
 *
 *   readonly flag                        → READ: a fresh replica (the master with read-fallback master)
 *   blocking flag, XREAD, XREADGROUP     → BLOCKING: a dedicated master connection for its duration
 *   MULTI, WATCH                         → pin a dedicated master connection until EXEC/DISCARD/UNWATCH
 *   SUBSCRIBE, PSUBSCRIBE                → a dedicated subscribe connection (a replica: PUBLISH replicates)
 *   MONITOR                              → a dedicated master connection passed through
 *   AUTH, HELLO, PING, ECHO, SELECT, QUIT, RESET, INFO, CLIENT, CONFIG, RESPLICA → answered by the router
 *   the REFUSED list below               → an error: they act on one node, not on the data
 *   everything else, and unknown names   → MASTER (the master answers unknown commands itself)
 *
 * Containers whose subcommands differ (OBJECT, MEMORY) are SUBCOMMAND: the subcommand's flags decide.
 */
import { lookupCommand, type CommandEntry } from '@resplica/commands';

export const K_READ = 0;
export const K_MASTER = 1;
export const K_BLOCKING = 2;
export const K_MULTI = 3;
export const K_EXEC = 4;
export const K_DISCARD = 5;
export const K_WATCH = 6;
export const K_UNWATCH = 7;
export const K_SUBSCRIBE = 8;
export const K_UNSUBSCRIBE = 9;
export const K_MONITOR = 10;
export const K_LOCAL = 11;
export const K_REFUSED = 12;
export const K_SUBCOMMAND = 13;
export const K_SHARDED_PUBSUB = 14;

export interface Route {
  readonly kind: number;
  /** The table entry, when the command is in the table (K_SUBCOMMAND reads its subcommands). */
  readonly entry: CommandEntry | null;
}

/**
 * Commands that make no sense through a proxy: they act on one node's process, replication or
 * connections, or on a connection the router shares (CLIENT KILL is in CLIENT's handler).
 * WAIT/WAITAOF count the replicas that acknowledged the client's own writes, which went out on a
 * connection shared with other clients: the answer would be wrong, so they are refused too.
 */
const REFUSED = new Set([
  'shutdown',
  'replicaof',
  'slaveof',
  'sync',
  'psync',
  'replconf',
  'debug',
  'failover',
  'cluster',
  'readonly',
  'readwrite',
  'asking',
  'module',
  'acl',
  'wait',
  'waitaof',
]);

/** Answered by the router itself (local-commands.ts). */
const LOCAL = new Set(['auth', 'hello', 'ping', 'echo', 'select', 'quit', 'reset', 'info', 'client', 'config', 'resplica']);

/** By name; these override the table's flags. */
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['multi', K_MULTI],
  ['exec', K_EXEC],
  ['discard', K_DISCARD],
  ['watch', K_WATCH],
  ['unwatch', K_UNWATCH],
  ['subscribe', K_SUBSCRIBE],
  ['psubscribe', K_SUBSCRIBE],
  ['unsubscribe', K_UNSUBSCRIBE],
  ['punsubscribe', K_UNSUBSCRIBE],
  ['monitor', K_MONITOR],
  // Not in our table; they may block (BLOCK option), so they never go on a shared connection.
  ['xread', K_BLOCKING],
  ['xreadgroup', K_BLOCKING],
  ['ssubscribe', K_SHARDED_PUBSUB],
  ['sunsubscribe', K_SHARDED_PUBSUB],
  ['spublish', K_SHARDED_PUBSUB],
]);

const cache = new Map<string, Route>();
/** Unknown names are not cached (a client could send endless distinct ones). */
const UNKNOWN: Route = Object.freeze({ kind: K_MASTER, entry: null });

function resolve(name: string): Route {
  const entry = lookupCommand(name) ?? null;
  let kind = SPECIAL.get(name);
  if (kind === undefined) {
    if (LOCAL.has(name)) kind = K_LOCAL;
    else if (REFUSED.has(name)) kind = K_REFUSED;
    else if (entry === null) return UNKNOWN;
    else if (entry.subcommands !== undefined) kind = K_SUBCOMMAND;
    else kind = kindOf(entry);
  }
  return Object.freeze({ kind, entry });
}

/** READ, BLOCKING or MASTER from an entry's flags (a command or a subcommand). */
export function kindOf(entry: CommandEntry): number {
  if (entry.isBlocking) return K_BLOCKING;
  return entry.isReadonly ? K_READ : K_MASTER;
}

/** The route of a lower-case command name. */
export function classify(name: string): Route {
  let route = cache.get(name);
  if (route === undefined) {
    route = resolve(name);
    if (route !== UNKNOWN) cache.set(name, route);
  }
  return route;
}
