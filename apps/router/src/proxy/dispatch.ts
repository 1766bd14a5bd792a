/**
 * dispatch: decides what happens to one request frame of a client, in this order —
 *
 *   1. authentication (the router's own requirepass; AUTH, HELLO, QUIT, RESET are always allowed);
 *   2. monitor mode: everything but QUIT/RESET passes to the monitor connection;
 *   3. a pinned client (MULTI, WATCH): everything goes to its dedicated master connection, except
 *      the router's own commands outside a transaction;
 *   4. subscribe mode: in RESP2 every command, in RESP3 the subscribe family, go to the subscribe
 *      connection (RESP3 allows other commands there, which are routed as usual);
 *   5. otherwise by the command's route (classify.ts) and the client's RESPLICA ROUTE mode.
 *
 * Returns CONTINUE when the frame was taken, STALL when it must wait (the session keeps the bytes
 * and calls again when kicked). A STALL must leave no trace, so nothing is changed before it.
 */
import { lookupSubcommand, type CommandEntry } from '@resplica/commands';
import type { CommandFrame } from '@resplica/resp';
import { MODE_MONITOR, MODE_PUBSUB, type BackendConn } from './backend-conn';
import {
  classify,
  kindOf,
  K_BLOCKING,
  K_DISCARD,
  K_EXEC,
  K_LOCAL,
  K_MASTER,
  K_MONITOR,
  K_MULTI,
  K_READ,
  K_REFUSED,
  K_SHARDED_PUBSUB,
  K_SUBCOMMAND,
  K_SUBSCRIBE,
  K_UNSUBSCRIBE,
  K_UNWATCH,
  K_WATCH,
} from './classify';
import type { ClientSession } from './client-session';
import { CONTINUE, forwardMaster, forwardRead, masterBackend, sendMasterSide, STALL } from './forward';
import { configReadOnly, dbIndexError, parseDbIndex, runLocal, unsubscribeNotSubscribed } from './local-commands';
import {
  DISCARD_WITHOUT_MULTI,
  EXEC_WITHOUT_MULTI,
  MASTER_UNAVAILABLE,
  NOAUTH,
  OK,
  PINNED_SUBSCRIBE,
  refusedReply,
  SHARDED_PUBSUB,
} from './replies';
import { F_BLOCKING, F_EXEC, F_PUBSUB, F_RELEASE, UNTIL_NO_CHANNELS, UNTIL_NO_PATTERNS } from './request';
import { ROUTE_REPLICA } from './route-mode';

export { CONTINUE, STALL } from './forward';

/** Allowed before authentication, as in Redis. */
const NO_AUTH = new Set(['auth', 'hello', 'quit', 'reset']);

/** Router commands that stay local even inside MULTI (the rest are queued on the backend). */
const LOCAL_IN_MULTI = new Set(['auth', 'hello', 'quit', 'reset', 'client', 'resplica']);

export function dispatch(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  const name = info.name;
  if (!s.authenticated && !NO_AUTH.has(name)) {
    s.reply(NOAUTH);
    return CONTINUE;
  }
  if (s.monitor !== null) return monitorInput(s, frame, info);
  const route = classify(name);
  if (s.pinned !== null) return pinnedCommand(s, s.pinned, frame, info, route.kind);
  if (s.pubsub !== null && (s.proto === 2 || route.kind === K_SUBSCRIBE || route.kind === K_UNSUBSCRIBE)) {
    return pubsubCommand(s, s.pubsub, frame, info, route.kind);
  }
  // RESPLICA ROUTE … NEXT applies to the next command that is taken.
  let mode = s.routeMode;
  const next = s.routeNext >= 0 && name !== 'resplica';
  if (next) mode = s.routeNext;
  const result = routed(s, frame, info, route.kind, route.entry, mode);
  if (next && result === CONTINUE) s.routeNext = -1;
  return result;
}

function routed(s: ClientSession, frame: Buffer, info: CommandFrame, kind: number, entry: CommandEntry | null, mode: number): number {
  switch (kind) {
    case K_READ:
      return forwardRead(s, frame, mode);
    case K_MASTER:
      return mode === ROUTE_REPLICA ? forwardRead(s, frame, mode) : forwardMaster(s, frame, false);
    case K_LOCAL:
      return runLocal(s, frame, info);
    case K_BLOCKING:
      return forwardBlocking(s, frame);
    case K_MULTI:
    case K_WATCH:
      return pin(s, frame, kind === K_MULTI);
    case K_EXEC:
      s.reply(EXEC_WITHOUT_MULTI);
      return CONTINUE;
    case K_DISCARD:
      s.reply(DISCARD_WITHOUT_MULTI);
      return CONTINUE;
    case K_UNWATCH:
      s.reply(OK);
      return CONTINUE;
    case K_SUBSCRIBE:
      return subscribe(s, frame, info, mode);
    case K_UNSUBSCRIBE:
      unsubscribeNotSubscribed(s, frame);
      return CONTINUE;
    case K_MONITOR:
      return startMonitor(s, frame);
    case K_REFUSED:
      s.reply(refusedReply(info.name));
      return CONTINUE;
    case K_SHARDED_PUBSUB:
      s.reply(SHARDED_PUBSUB);
      return CONTINUE;
    case K_SUBCOMMAND: {
      const sub = info.arg1Buf === null ? undefined : lookupSubcommand(entry!, info.arg1Buf.subarray(info.arg1Start, info.arg1End));
      const subKind = sub === undefined ? K_MASTER : kindOf(sub);
      return subKind === K_READ ? forwardRead(s, frame, mode) : forwardMaster(s, frame, false);
    }
    default:
      return forwardMaster(s, frame, false);
  }
}

/* ------------------------------------------------------------------ pinned: MULTI, WATCH */

/**
 * MULTI or WATCH: the client gets a dedicated master connection, after every master-side request
 * it has in flight is answered (they may be on a shared connection).
 */
function pin(s: ClientSession, frame: Buffer, multi: boolean): number {
  if (s.masterInflight > 0) return STALL;
  const backend = masterBackend(s);
  if (backend === null) return CONTINUE;
  const conn = backend.acquireDedicated(s.db, s.proto);
  conn.owner = s;
  s.pinned = conn;
  if (multi) s.inMulti = true;
  else s.watching = true;
  sendMasterSide(s, conn, frame, 0);
  s.ctx.counters?.request(backend.id, 'pinned');
  return CONTINUE;
}

function pinnedCommand(s: ClientSession, conn: BackendConn, frame: Buffer, info: CommandFrame, kind: number): number {
  switch (kind) {
    case K_LOCAL:
      if (info.name === 'select') return pinnedSelect(s, conn, frame, info);
      // CONFIG GET inside MULTI is queued; CONFIG SET and the like are refused everywhere.
      if (!s.inMulti || LOCAL_IN_MULTI.has(info.name) || (info.name === 'config' && !configReadOnly(info))) return runLocal(s, frame, info);
      break; // PING, ECHO, INFO, CONFIG GET inside MULTI are queued by the backend
    case K_SUBSCRIBE:
    case K_MONITOR:
      if (!s.inMulti) {
        s.reply(PINNED_SUBSCRIBE);
        return CONTINUE;
      }
      break;
    case K_REFUSED:
      s.reply(refusedReply(info.name));
      return CONTINUE;
    case K_SHARDED_PUBSUB:
      s.reply(SHARDED_PUBSUB);
      return CONTINUE;
    case K_MULTI:
      s.inMulti = true;
      break;
    case K_WATCH:
      if (!s.inMulti) s.watching = true;
      break;
    case K_UNWATCH:
      if (!s.inMulti) {
        s.watching = false;
        endPin(s, conn, frame, 0);
        return CONTINUE;
      }
      break;
    case K_EXEC:
    case K_DISCARD:
      if (s.inMulti) {
        s.inMulti = false;
        s.watching = false;
        // A SELECT queued in the transaction applies only if EXEC runs it: later commands wait.
        const applySelect = kind === K_EXEC && s.multiDb >= 0;
        if (kind === K_DISCARD) s.multiDb = -1;
        const req = endPin(s, conn, frame, applySelect ? F_EXEC : 0);
        if (applySelect) s.waitReq = req;
        return CONTINUE;
      }
      break;
    case K_BLOCKING:
      sendMasterSide(s, conn, frame, F_BLOCKING);
      return CONTINUE;
  }
  sendMasterSide(s, conn, frame, 0);
  return CONTINUE;
}

/** The last command of a pin: later commands route as usual; the connection goes back when answered. */
function endPin(s: ClientSession, conn: BackendConn, frame: Buffer, flags: number) {
  s.pinned = null;
  const req = sendMasterSide(s, conn, frame, flags | F_RELEASE);
  req.conn = conn;
  return req;
}

/** SELECT on a pinned connection: forwarded (queued inside MULTI), and the session follows it. */
function pinnedSelect(s: ClientSession, conn: BackendConn, frame: Buffer, info: CommandFrame): number {
  const index = parseDbIndex(s, info);
  if (s.inMulti) {
    // Even an invalid index is queued: EXEC reports it, as Redis does.
    if (index >= 0) s.multiDb = index;
  } else {
    if (index < 0) {
      s.reply(dbIndexError(index));
      return CONTINUE;
    }
    s.db = index;
    conn.db = index;
  }
  sendMasterSide(s, conn, frame, 0);
  return CONTINUE;
}

/* ------------------------------------------------------------------ blocking commands */

/**
 * BLPOP and friends: a dedicated master connection for the command's duration, with the
 * client's own timeout (the router adds none). The client forwards nothing else meanwhile, as a
 * blocked Redis client processes nothing else; if it disconnects, the connection is closed,
 * which unblocks it on the master.
 */
function forwardBlocking(s: ClientSession, frame: Buffer): number {
  if (s.masterInflight > 0) return STALL;
  const backend = masterBackend(s);
  if (backend === null) return CONTINUE;
  const conn = backend.acquireDedicated(s.db, s.proto);
  conn.owner = s;
  const req = sendMasterSide(s, conn, frame, F_BLOCKING | F_RELEASE);
  req.conn = conn;
  s.waitReq = req;
  s.ctx.counters?.request(backend.id, 'pinned');
  return CONTINUE;
}

/* ------------------------------------------------------------------ subscribe mode */

/**
 * SUBSCRIBE/PSUBSCRIBE outside subscribe mode: a dedicated connection to the master, so PUBLISH
 * answers the same receiver count as without the router; under RESPLICA ROUTE replica, to a fresh
 * replica (PUBLISH is replicated, so every node delivers every message; PUBLISH then counts only
 * the master's own subscribers), or the master when none is fresh.
 */
function subscribe(s: ClientSession, frame: Buffer, info: CommandFrame, mode: number): number {
  const ctx = s.ctx;
  let ref = mode === ROUTE_REPLICA ? ctx.routing.nextReplica(ctx.backends.exclude) : null;
  if (ref === null) ref = ctx.routing.master();
  const backend = ref === null ? null : ctx.backends.get(ref);
  if (backend === null || backend.isDown) {
    s.reply(MASTER_UNAVAILABLE);
    return CONTINUE;
  }
  const conn = backend.acquireDedicated(0, s.proto);
  conn.owner = s;
  conn.mode = MODE_PUBSUB;
  s.pubsub = conn;
  ctx.counters?.request(backend.id, 'pinned');
  return pubsubCommand(s, conn, frame, info, K_SUBSCRIBE);
}

/**
 * A command on the subscribe connection. SUBSCRIBE a b expects one confirmation per channel;
 * UNSUBSCRIBE with no argument one per subscription of its kind (counted down to zero), and the
 * client waits for it, so that a command after the last unsubscribe is routed normally.
 */
function pubsubCommand(s: ClientSession, conn: BackendConn, frame: Buffer, info: CommandFrame, kind: number): number {
  if (kind === K_LOCAL && (info.name === 'quit' || info.name === 'reset')) return runLocal(s, frame, info);
  const req = s.newReq(frame, F_PUBSUB);
  if (kind === K_SUBSCRIBE) {
    req.repliesLeft = info.argc > 1 ? info.argc - 1 : 1;
  } else if (kind === K_UNSUBSCRIBE) {
    req.repliesLeft = info.argc > 1 ? info.argc - 1 : info.name === 'unsubscribe' ? UNTIL_NO_CHANNELS : UNTIL_NO_PATTERNS;
    s.waitReq = req;
  }
  conn.send(req);
  return CONTINUE;
}

/* ------------------------------------------------------------------ monitor */

/** MONITOR: a dedicated master connection whose output is passed through from then on. */
function startMonitor(s: ClientSession, frame: Buffer): number {
  const backend = masterBackend(s);
  if (backend === null) return CONTINUE;
  const conn = backend.acquireDedicated(s.db, s.proto);
  conn.owner = s;
  conn.mode = MODE_MONITOR;
  s.monitor = conn;
  conn.send(s.newReq(frame, 0));
  s.ctx.counters?.request(backend.id, 'pinned');
  return CONTINUE;
}

function monitorInput(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  if (info.name === 'quit' || info.name === 'reset') return runLocal(s, frame, info);
  s.monitor!.sendRaw(frame);
  return CONTINUE;
}
