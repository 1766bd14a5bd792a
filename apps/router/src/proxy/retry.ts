/**
 * The invisible retry of a read a replica could not serve: -LOADING (still loading a snapshot) or
 * -MASTERDOWN (link to its master down, replica-serve-stale-data no). The replica leaves the
 * rotation (reportUnusable) and the same frame goes to another fresh replica, or to the master
 * under `read-fallback master`; the request keeps its slot, so the client only sees the answer.
 */
import type { ClientSession } from './client-session';
import { unusableReason } from './frames';
import { NO_REPLICA } from './replies';
import { F_FORCED_REPLICA, F_READ, type Req } from './request';

/**
 * Re-sends `req` after `reply` (-LOADING/-MASTERDOWN) from `req.sentTo`. Returns null when it was
 * re-sent, else the reply the client should get instead.
 */
export function retryRead(s: ClientSession, req: Req, reply: Buffer): Buffer | null {
  const ctx = s.ctx;
  const failed = req.sentTo;
  ctx.routing.reportUnusable(failed, unusableReason(reply));
  ctx.stats.readRetries++;
  ctx.counters?.request(failed, 'retried');
  const tried = req.tried ?? (req.tried = new Set());
  tried.add(failed);
  for (const id of ctx.backends.down) tried.add(id);
  const ref = ctx.routing.nextReplica(tried);
  if (ref !== null) {
    req.sentTo = ref.id;
    ctx.backends.get(ref).sharedConn(req.db, req.proto, s.id).send(req);
    return null;
  }
  if ((req.flags & F_FORCED_REPLICA) !== 0 || !ctx.readFallbackMaster) return NO_REPLICA;
  const master = ctx.routing.master();
  if (master === null) return reply;
  const backend = ctx.backends.get(master);
  if (backend.isDown) return reply;
  // Not flagged as a read any more: whatever the master answers is the answer.
  req.flags &= ~F_READ;
  req.sentTo = master.id;
  backend.sharedConn(req.db, req.proto, s.id).send(req);
  return null;
}
