/**
 * The transactions family: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the
 * dispatcher (a command that passed its checks while `client.multiQueue` is set is queued); here
 * are the commands that open, run and drop the queue.
 *
 * EXEC order, as Redis 7.0: a flagged transaction answers EXECABORT; a touched or expired WATCHed
 * key answers a null array; otherwise each queued command runs through `call` (no checks again),
 * all inside EXEC's one propagation unit, so replicas get MULTI … EXEC when two or more wrote.
 */
import { ERR_EXECABORT } from '@resplica/commands';
import { keyOf } from '@resplica/keyspace';
import type { Client } from '../client';
import { call } from '../dispatch';
import type { Node } from '../node';

function multi(_node: Node, client: Client): void {
  if (client.multiQueue !== null) {
    client.reply.error('ERR MULTI calls can not be nested');
    return;
  }
  client.multiQueue = [];
  client.multiFailed = false;
  client.reply.ok();
}

/** Leaves MULTI and forgets WATCHed keys (EXEC, DISCARD, RESET, disconnect). */
export function discardTransaction(node: Node, client: Client): void {
  client.multiQueue = null;
  client.multiFailed = false;
  unwatchAll(client);
}

/** Forgets every WATCHed key of the client and its dirty mark. */
export function unwatchAll(client: Client): void {
  for (const w of client.watched) w.db.unwatch(w.key, client);
  client.watched.length = 0;
  client.watchDirty = false;
}

/** WATCH of one key; watching the same key of the same db twice is a no-op, as Redis. */
function watchKey(client: Client, key: Buffer, now: number): void {
  const db = client.ctx.db;
  const name = keyOf(key);
  for (const w of client.watched) {
    if (w.db === db && w.key === name) return;
  }
  db.watch(name, client, now);
  client.watched.push({ db, key: name });
}

function discard(node: Node, client: Client): void {
  if (client.multiQueue === null) {
    client.reply.error('ERR DISCARD without MULTI');
    return;
  }
  discardTransaction(node, client);
  client.reply.ok();
}

/** True when a WATCHed key has logically expired since WATCH (Redis checks this at EXEC). */
function watchedKeyExpired(client: Client, now: number): boolean {
  for (const w of client.watched) {
    if (w.db.isExpired(w.key, now)) return true;
  }
  return false;
}

function exec(node: Node, client: Client): void {
  const queue = client.multiQueue;
  if (queue === null) {
    client.reply.error('ERR EXEC without MULTI');
    return;
  }
  if (client.multiFailed) {
    discardTransaction(node, client);
    client.reply.error(ERR_EXECABORT);
    return;
  }
  if (client.watchDirty || watchedKeyExpired(client, Date.now())) {
    discardTransaction(node, client);
    client.reply.nullArray();
    return;
  }
  discardTransaction(node, client);
  client.reply.arrayHeader(queue.length);
  for (let i = 0; i < queue.length; i++) call(node, client, queue[i].route, queue[i].argv);
}

function watch(_node: Node, client: Client, argv: Buffer[]): void {
  if (client.multiQueue !== null) {
    client.reply.error('ERR WATCH inside MULTI is not allowed');
    return;
  }
  const now = Date.now();
  for (let i = 1; i < argv.length; i++) watchKey(client, argv[i], now);
  client.reply.ok();
}

function unwatch(_node: Node, client: Client): void {
  unwatchAll(client);
  client.reply.ok();
}

export const transactionHandlers = new Map([
  ['multi', multi],
  ['exec', exec],
  ['discard', discard],
  ['watch', watch],
  ['unwatch', unwatch],
]);
