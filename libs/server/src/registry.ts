/**
 * Every handler the node can route to, in one place: the keyspace families from @resplica/keyspace,
 * and the server families of this lib, one Map per family file. Adding a family means one import
 * and one line here; routes.ts joins these tables with the command table.
 *
 * Invariant: each command name is implemented once; `handlerTables` throws at start-up when two
 * families claim the same name, so a collision can never silently shadow a handler.
 */
import { keyspaceHandlers } from '@resplica/keyspace';
import type { Handler } from '@resplica/keyspace';
import type { ServerHandler } from './contracts';
import { clientHandlers } from './commands/client';
import { configHandlers } from './commands/config';
import { connectionHandlers } from './commands/connection';
import { infoHandlers } from './commands/info';
import { monitorHandlers } from './commands/monitor';
import { persistenceHandlers } from './commands/persistence';
import { pubsubHandlers } from './commands/pubsub';
import { replicationHandlers } from './commands/replication';
import { serverHandlers } from './commands/server';
import { transactionHandlers } from './commands/transactions';
import type { EngineHandler, HandlerTables } from './routes';

/** A family's table: a Map, a list of [name, handler] pairs, or a plain object keyed by name. */
type Family<H> = Iterable<readonly [string, H]> | Readonly<Record<string, H>>;

function entriesOf<H>(family: Family<H>): Iterable<readonly [string, H]> {
  return Symbol.iterator in family ? (family as Iterable<readonly [string, H]>) : Object.entries(family as Record<string, H>);
}

function addFamily<H>(into: Map<string, H>, family: Family<H>, claimed: Set<string>): void {
  for (const [name, handler] of entriesOf(family)) {
    const key = name.toLowerCase();
    if (claimed.has(key)) throw new Error(`command '${key}' is implemented twice`);
    claimed.add(key);
    into.set(key, handler);
  }
}

/** Builds the handler tables routes are made from. */
export function handlerTables(): HandlerTables {
  const claimed = new Set<string>();
  const keyspace = new Map<string, Handler>();
  const server = new Map<string, EngineHandler>();
  addFamily<Handler>(keyspace, keyspaceHandlers, claimed);
  const families: Family<EngineHandler>[] = [
    connectionHandlers,
    transactionHandlers,
    serverHandlers,
    persistenceHandlers,
    replicationHandlers,
    clientHandlers as Family<ServerHandler>,
    configHandlers as Family<ServerHandler>,
    infoHandlers as Family<ServerHandler>,
    pubsubHandlers as Family<ServerHandler>,
    monitorHandlers as Family<ServerHandler>,
  ];
  for (const family of families) addFamily(server, family, claimed);
  return { keyspace, server };
}
