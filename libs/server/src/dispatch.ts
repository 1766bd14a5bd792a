/**
 * The central dispatch: every command a client sends passes here, and the generic checks run in
 * Redis's processCommand order, once, so handlers never repeat them:
 *
 *   1. table lookup (unknown command, unknown subcommand)
 *   2. arity (of the subcommand when there is one)
 *   3. auth (NOAUTH unless the command is `no_auth`)
 *   4. `no_multi` inside MULTI
 *   5. MISCONF: writes (and PING) after a failed background save, with stop-writes-on-bgsave-error
 *   6. NOREPLICAS and READONLY (replication/checks.ts)
 *   7. the RESP2 subscribe-mode restriction
 *   8. MASTERDOWN: a replica whose link is down, with replica-serve-stale-data no
 *   9. LOADING: while the snapshot file loads, commands without the `loading` flag
 *  10. MULTI queueing (QUEUED)
 *  11. the handler, timed and counted, its writes propagated; the client's WAIT offset updated
 *
 * A rejection inside MULTI flags the transaction, so EXEC answers EXECABORT. A handler that throws
 * gets an ERR reply and a log line; the process carries on.
 *
 * Invariant: exactly one top-level reply per command leaves this function (QUEUED, an error, or the
 * handler's), unless CLIENT REPLY muted it.
 */
import { performance } from 'node:perf_hooks';
import { ERR_NOAUTH, lookupCommand, lookupSubcommand, unknownCommand, unknownSubcommand, wrongArity } from '@resplica/commands';
import type { Client } from './client';
import { discardTransaction } from './commands/transactions';
import type { Node } from './node';
import { staleRefusal, writeRefusal } from './replication/checks';
import { arityOk, routeStat, type Route } from './routes';

const ERR_NO_MULTI = 'ERR Command not allowed inside a transaction';
const ERR_LOADING = 'LOADING Redis is loading the dataset in memory';
const ERR_MISCONF =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

/**
 * Answers an error for a command that did not run, counting it and flagging an open MULTI. A
 * rejected EXEC, in MULTI or not, answers `EXECABORT … because of: <reason>` and ends any
 * transaction, as Redis.
 */
/** Refuses a command; a Buffer message is an unknown-command error carrying the client's bytes. */
function reject(node: Node, client: Client, route: Route | null, message: string | Buffer): void {
  if (route !== null) routeStat(route, node.stats).rejected++;
  if (route !== null && route.name === 'exec') {
    discardTransaction(node, client);
    const text = typeof message === 'string' ? message : message.toString('latin1');
    client.reply.error(`EXECABORT Transaction discarded because of: ${text.startsWith('ERR ') ? text.slice(4) : text}`);
    return;
  }
  if (client.multiQueue !== null) client.multiFailed = true;
  if (typeof message === 'string') client.reply.error(message);
  else client.reply.errorBytes(message);
}

function subscribeContextError(route: Route): string {
  return `ERR Can't execute '${route.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}

/** Runs one command from a client through the central checks. */
export function dispatch(node: Node, client: Client, argv: Buffer[]): void {
  const skipping = client.replyMode === 'skip';
  checkAndRun(node, client, argv);
  client.woff = node.replication.state.masterReplOffset;
  // Keys this command (or EXEC's queue) made ready serve their blocked clients now (blocking.ts).
  if (node.blocking.hasReady) node.blocking.serveReady();
  // CLIENT REPLY SKIP mutes exactly the command after it, whatever that command's fate.
  if (skipping && client.replyMode === 'skip') client.replyMode = 'on';
}

function checkAndRun(node: Node, client: Client, argv: Buffer[]): void {
  // The table's lookup compares the name bytes case-insensitively in place: no string per command.
  const entry = lookupCommand(argv[0]);
  let route: Route | null;
  if (entry !== undefined && entry === client.routedEntry) {
    route = client.routedRoute;
  } else {
    route = entry === undefined ? null : (node.routes.get(entry.name) ?? null);
    client.routedEntry = entry ?? null;
    client.routedRoute = route;
  }
  if (route === null) {
    client.lastCommand = 'NULL';
    reject(node, client, null, unknownCommand(argv));
    return;
  }
  if (route.subcommands !== null && argv.length >= 2) {
    const subEntry = lookupSubcommand(entry!, argv[1]);
    const sub = subEntry === undefined ? null : (route.subcommands.get(subEntry.name) ?? null);
    if (sub === null) {
      client.lastCommand = 'NULL';
      reject(node, client, route, unknownSubcommand(argv[1], route.helpName));
      return;
    }
    route = sub;
  }
  // As Redis, CLIENT LIST's cmd= names the command being processed, even if it is then refused.
  client.lastCommand = route.name;
  if (!arityOk(route.arity, argv.length)) {
    reject(node, client, route, wrongArity(route.name));
    return;
  }
  if (!client.authenticated && !route.noAuth && node.requirePass !== '') {
    reject(node, client, route, ERR_NOAUTH);
    return;
  }
  if (route.noMulti && client.multiQueue !== null) {
    reject(node, client, route, ERR_NO_MULTI);
    return;
  }
  if (node.persistence.writesRefused && refusedOnDiskError(client, route)) {
    reject(node, client, route, ERR_MISCONF);
    return;
  }
  if (node.replication.checksNeeded) {
    const refusal = writeRefusal(node, client, route);
    if (refusal !== null) {
      reject(node, client, route, refusal);
      return;
    }
  }
  if (client.reply.protocol === 2 && !route.allowedSubscribed && client.subscribed) {
    reject(node, client, route, subscribeContextError(route));
    return;
  }
  if (node.replication.checksNeeded) {
    const refusal = staleRefusal(node, client, route);
    if (refusal !== null) {
      reject(node, client, route, refusal);
      return;
    }
  }
  if ((node.persistence.loading || node.replication.loading) && !route.allowedWhileLoading) {
    reject(node, client, route, ERR_LOADING);
    return;
  }
  if (client.multiQueue !== null && !route.runsInMulti) {
    // Copied: argv may be views into a read chunk, and the queue outlives the chunk.
    const copy = new Array<Buffer>(argv.length);
    for (let i = 0; i < argv.length; i++) copy[i] = Buffer.from(argv[i]);
    client.multiQueue.push({ route, argv: copy });
    client.reply.status('QUEUED');
    return;
  }
  node.propagator.begin();
  // Commands EXEC runs may not block: they answer as if their timeout had passed.
  if (route.propagatesItself) {
    client.ctx.mayBlock = false;
    node.insideExec = true;
  }
  call(node, client, route, argv);
  client.ctx.mayBlock = true;
  node.insideExec = false;
  node.propagator.end();
}

/** MISCONF applies to writes and PING, and to an EXEC whose queue holds a write (as 7.0). */
function refusedOnDiskError(client: Client, route: Route): boolean {
  if (route.refusedOnDiskError) return true;
  if (!route.propagatesItself || client.multiQueue === null) return false;
  for (const queued of client.multiQueue) if (queued.route.refusedOnDiskError && queued.route.name !== 'ping') return true;
  return false;
}

/**
 * Runs a handler whose checks passed: from dispatch, and from EXEC for each queued command.
 * Times and counts it, turns an exception into an ERR reply, and hands the command's writes to the
 * propagator when the dataset's dirty counter grew.
 */
export function call(node: Node, client: Client, route: Route, argv: Buffer[]): void {
  const ctx = client.ctx;
  const keyspace = node.keyspace;
  const dirtyBefore = keyspace.dirty;
  const db = client.dbIndex;
  // A blocked client's command re-run by the blocking registry was counted when it first ran.
  const rerun = client.blocked !== null;
  ctx.begin(Date.now());
  client.reply.errorsInCommand = 0;
  const started = performance.now();
  try {
    if (route.keyspace !== null) route.keyspace(ctx, argv);
    else route.server!(node, client, argv);
  } catch (err) {
    handlerFailed(node, client, route, err);
  }
  if (ctx.blockRequest !== null && !rerun) node.blocking.park(client, route, argv, ctx.blockRequest, ctx.now);
  const stat = routeStat(route, node.stats);
  if (!rerun) {
    stat.calls++;
    node.stats.totalCommandsProcessed++;
  }
  stat.usec += Math.round((performance.now() - started) * 1000);
  if (client.reply.errorsInCommand > 0) stat.failed++;
  if (keyspace.dirty > dirtyBefore && !ctx.suppressed && !route.propagatesItself) {
    if (ctx.rewrites.length === 0) {
      node.propagator.add(db, argv);
    } else {
      for (let i = 0; i < ctx.rewrites.length; i++) node.propagator.add(db, ctx.rewrites[i]);
    }
  }
  if (node.monitorCount > 0 && !route.noMonitor && !rerun) node.feedMonitors(client, argv);
}

/** A bug in a handler must cost one command, not the node: log it and answer ERR. */
function handlerFailed(node: Node, client: Client, route: Route, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  node.log.error({ command: route.name, client: client.id, err: message, stack: err instanceof Error ? err.stack : undefined }, 'command handler threw');
  client.reply.error(`ERR internal error while running '${route.name}'`);
}
