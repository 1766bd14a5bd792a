/**
 * Routes: the command table joined with the handlers that implement it, resolved once at start-up
 * into a Map so the dispatcher does one lookup per command and reads precomputed booleans instead of
 * scanning flag lists.
 *
 * A command of the table without a handler is not routed, so clients get Redis's "unknown command"
 * for it rather than a half-implemented reply. A container (CONFIG, CLIENT, …) is routed when at
 * least one of its subcommands is, or when a handler takes the whole family.
 *
 * Invariant: routes are immutable after start-up except for their `stat` cache.
 */
import type { CommandSpec } from '@resplica/commands';
import type { Handler } from '@resplica/keyspace';
import type { Client } from './client';
import type { Node } from './node';
import type { CommandStat, Stats } from './stats';

/**
 * A server handler as the engine calls it. The other families' `ServerHandler`s (written against
 * NodeView/ClientView) are assignable to it; the engine's own families use the concrete classes.
 */
export type EngineHandler = (node: Node, client: Client, argv: Buffer[]) => void;

export interface Route {
  /** Lower-case full name (`config|get`), as errors, stats and CLIENT LIST print it. */
  readonly name: string;
  /** The container's name in upper case, for `Try CONFIG HELP.`; the name itself otherwise. */
  readonly helpName: string;
  readonly arity: number;
  readonly noAuth: boolean;
  readonly noMulti: boolean;
  /** EXEC, DISCARD, MULTI, WATCH, QUIT, RESET run at once even inside MULTI. */
  readonly runsInMulti: boolean;
  /** Allowed to a RESP2 client in subscribe mode. */
  readonly allowedSubscribed: boolean;
  /** EXEC: its queued commands propagate themselves, so its own dirty growth is not propagated. */
  readonly propagatesItself: boolean;
  /** Not shown to MONITOR clients (`admin` or `skip_monitor`, as Redis). */
  readonly noMonitor: boolean;
  /** Runs while the snapshot file loads (the `loading` flag); the others get -LOADING. */
  readonly allowedWhileLoading: boolean;
  /** The `write` flag: refused on a read-only replica (READONLY) and without enough good replicas
   *  (NOREPLICAS). */
  readonly write: boolean;
  /** The `stale` flag: runs on a replica whose master link is down with replica-serve-stale-data no. */
  readonly allowedWhenStale: boolean;
  /** Refused with -MISCONF after a failed background save (write commands and PING, as 7.0). */
  readonly refusedOnDiskError: boolean;
  readonly keyspace: Handler | null;
  readonly server: EngineHandler | null;
  /** Routed subcommands by full name (`config|get`). */
  readonly subcommands: Map<string, Route> | null;
  /** Cached stats entry and the Stats epoch it belongs to (see stats.ts). */
  stat: CommandStat | null;
  statEpoch: number;
}

/** Handler tables by lower-case name; a subcommand may be keyed `parent|sub`. */
export interface HandlerTables {
  readonly keyspace: ReadonlyMap<string, Handler>;
  readonly server: ReadonlyMap<string, EngineHandler>;
}

const RUN_IN_MULTI = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
const SUBSCRIBE_CONTEXT = new Set([
  'ping',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'quit',
  'reset',
]);

/** A container's own handler, inherited by subcommands that have none (it switches on argv[1]). */
interface ParentHandlers {
  readonly keyspace: Handler | null;
  readonly server: EngineHandler | null;
}

const NO_PARENT: ParentHandlers = { keyspace: null, server: null };

function makeRoute(spec: CommandSpec, helpName: string, tables: HandlerTables, parent: ParentHandlers): Route | null {
  const name = spec.name;
  let keyspace = tables.keyspace.get(name) ?? null;
  let server = keyspace === null ? (tables.server.get(name) ?? null) : null;
  if (keyspace === null && server === null) {
    keyspace = parent.keyspace;
    server = parent.server;
  }
  let subcommands: Map<string, Route> | null = null;
  if (spec.subcommands !== undefined && spec.subcommands.length > 0) {
    subcommands = new Map();
    const own: ParentHandlers = { keyspace, server };
    for (const sub of spec.subcommands) {
      const route = makeRoute(sub, helpName, tables, own);
      if (route !== null) subcommands.set(sub.name, route);
    }
    if (subcommands.size === 0) return null;
  } else if (keyspace === null && server === null) {
    return null;
  }
  const base = name.includes('|') ? name.slice(0, name.indexOf('|')) : name;
  return {
    name,
    helpName,
    arity: spec.arity,
    noAuth: spec.flags.includes('no_auth'),
    noMulti: spec.flags.includes('no_multi'),
    runsInMulti: RUN_IN_MULTI.has(name),
    allowedSubscribed: SUBSCRIBE_CONTEXT.has(base),
    propagatesItself: name === 'exec',
    noMonitor: spec.flags.includes('admin') || spec.flags.includes('skip_monitor'),
    allowedWhileLoading: spec.flags.includes('loading'),
    write: spec.flags.includes('write'),
    allowedWhenStale: spec.flags.includes('stale'),
    refusedOnDiskError: spec.flags.includes('write') || name === 'ping',
    keyspace,
    server,
    subcommands,
    stat: null,
    statEpoch: -1,
  };
}

/** Joins the table with the handlers; keys are lower-case command names. */
export function buildRoutes(table: readonly CommandSpec[], tables: HandlerTables): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const spec of table) {
    const route = makeRoute(spec, spec.name.toUpperCase(), tables, NO_PARENT);
    if (route !== null) routes.set(spec.name, route);
  }
  return routes;
}

/** The route's stats entry, refetched after CONFIG RESETSTAT. */
export function routeStat(route: Route, stats: Stats): CommandStat {
  if (route.stat === null || route.statEpoch !== stats.epoch) {
    route.stat = stats.command(route.name);
    route.statEpoch = stats.epoch;
  }
  return route.stat;
}

/** Arity as the table states it: exact when positive, a minimum when negative. */
export function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}
