/**
 * Forwarding a plain (unpinned) request: reads to a fresh replica, everything else to the master,
 * over the shared pools. The helpers here are also what the dispatcher and the local commands use
 * to send on a master-side connection.
 *
 * Ordering: a client's requests to one connection keep their order on it. Requests to the master
 * may go over different connections (a shared one per database and protocol, a dedicated one for
 * a transaction or a blocking command), so a request for a master-side connection other than the
 * one this client has requests in flight on waits (STALL) until those are answered. Reads on
 * replicas are not ordered against writes on the master: a read right after a write may not see
 * it yet (RESPLICA ROUTE master reads from the master).
 */
import type { Backend } from './backends';
import type { BackendConn } from './backend-conn';
import type { ClientSession } from './client-session';
import { MASTER_UNAVAILABLE, NO_REPLICA } from './replies';
import { F_FORCED_REPLICA, F_MASTER_SIDE, F_READ, type Req } from './request';
import { ROUTE_MASTER, ROUTE_REPLICA } from './route-mode';

/** The frame was taken (forwarded or answered). */
export const CONTINUE = 0;
/** The frame must wait; the session is kicked when what it waits for happens. */
export const STALL = 1;

/** The master's backend, or null after answering TRYAGAIN (none known, or in backoff). */
export function masterBackend(s: ClientSession): Backend | null {
  const ref = s.ctx.routing.master();
  const backend = ref === null ? null : s.ctx.backends.get(ref);
  if (backend === null || backend.isDown) {
    s.reply(MASTER_UNAVAILABLE);
    return null;
  }
  return backend;
}

/** Sends on a master-side connection, counting the request in the ordering barrier. */
export function sendMasterSide(s: ClientSession, conn: BackendConn, frame: Buffer, flags: number): Req {
  const req = s.newReq(frame, flags | F_MASTER_SIDE);
  s.masterConn = conn;
  s.masterInflight++;
  conn.send(req);
  return req;
}

/** A plain write (or a read routed to the master) on the master's shared pool. */
export function forwardMaster(s: ClientSession, frame: Buffer, asRead: boolean): number {
  const backend = masterBackend(s);
  if (backend === null) return CONTINUE;
  const conn = backend.sharedConn(s.db, s.proto, s.id);
  if (s.masterInflight > 0 && s.masterConn !== conn) return STALL;
  if (conn.congested) {
    conn.waitDrain(s);
    return STALL;
  }
  sendMasterSide(s, conn, frame, 0);
  s.ctx.counters?.request(backend.id, asRead ? 'read' : 'write');
  return CONTINUE;
}

/**
 * A read: the next fresh replica; with none, the master (`read-fallback master`) or TRYAGAIN
 * (`read-fallback error`, or RESPLICA ROUTE replica). Also used for writes under ROUTE replica.
 */
export function forwardRead(s: ClientSession, frame: Buffer, mode: number): number {
  if (mode === ROUTE_MASTER) return forwardMaster(s, frame, true);
  const ctx = s.ctx;
  const ref = ctx.routing.nextReplica(ctx.backends.exclude);
  if (ref === null) {
    if (mode === ROUTE_REPLICA || !ctx.readFallbackMaster) {
      s.reply(NO_REPLICA);
      return CONTINUE;
    }
    return forwardMaster(s, frame, true);
  }
  const conn = ctx.backends.get(ref).sharedConn(s.db, s.proto, s.id);
  if (conn.congested) {
    conn.waitDrain(s);
    return STALL;
  }
  const req = s.newReq(frame, mode === ROUTE_REPLICA ? F_READ | F_FORCED_REPLICA : F_READ);
  req.sentTo = ref.id;
  req.db = s.db;
  req.proto = s.proto;
  conn.send(req);
  ctx.counters?.request(ref.id, 'read');
  return CONTINUE;
}
