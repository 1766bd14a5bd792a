/**
 * The backends the proxy talks to, by `host:port` id, each with its connection pools:
 *
 * - shared pools, one per (database, protocol), of `sharedConnsPerPool` connections that carry the
 *   pipelined requests of many clients. A client always uses the same connection of a pool (its
 *   id picks it), so its requests to one backend stay in its order;
 * - idle dedicated connections, clean ones given back after a transaction, a blocking command or
 *   a subscription, reused by the next client that needs one (up to `idleDedicatedPerPool`).
 *
 * After a failed connect a backend is "down" for `reconnectBackoffMs`: requests for it fail at
 * once (writes answer TRYAGAIN, reads go elsewhere) instead of each waiting for a connect to fail.
 * A backend the routing table no longer lists has its unused connections closed and is forgotten.
 *
 * Invariant: every open BackendConn is in `live`, and in at most one pool slot or idle list.
 */
import type { BackendRef } from '../routing/types';
import { BackendConn } from './backend-conn';
import type { ProxyContext } from './context';

/** Index of a (database, protocol) pool. */
function poolKey(db: number, proto: 2 | 3): number {
  return db * 2 + proto - 2;
}

export class Backend {
  /** Until then, requests for this backend fail at once (a connect just failed). */
  downUntil = 0;
  /** Pool slots; a slot whose connection closed is empty until it is needed again. */
  private readonly shared: (BackendConn | undefined)[][] = [];
  private readonly idle: BackendConn[][] = [];

  constructor(
    private readonly set: BackendSet,
    readonly id: string,
    readonly host: string,
    readonly port: number,
  ) {}

  get isDown(): boolean {
    return this.downUntil > this.set.ctx.now;
  }

  /** The shared connection `slot` (a client id) uses in the (db, proto) pool, opened on demand. */
  sharedConn(db: number, proto: 2 | 3, slot: number): BackendConn {
    const key = poolKey(db, proto);
    const pool = this.shared[key] ?? (this.shared[key] = []);
    const i = slot % this.set.ctx.limits.sharedConnsPerPool;
    let conn = pool[i];
    if (conn === undefined || conn.closed) {
      conn = this.open(db, proto);
      pool[i] = conn;
    }
    return conn;
  }

  /** A connection for one client alone: an idle clean one, else a new one. */
  acquireDedicated(db: number, proto: 2 | 3): BackendConn {
    const idle = this.idle[poolKey(db, proto)];
    if (idle !== undefined) {
      let conn: BackendConn | undefined;
      while ((conn = idle.pop()) !== undefined) if (conn.reusable) return conn;
    }
    return this.open(db, proto);
  }

  /** A dedicated connection given back: kept for reuse when clean, else closed. */
  release(conn: BackendConn): void {
    conn.owner = null;
    if (!conn.reusable) {
      conn.close();
      return;
    }
    const key = poolKey(conn.poolDb, conn.proto);
    const idle = this.idle[key] ?? (this.idle[key] = []);
    if (idle.length >= this.set.ctx.limits.idleDedicatedPerPool) conn.close();
    else idle.push(conn);
  }

  /**
   * The backend left the routing table: close the connections nobody is using (shared ones with
   * nothing in flight, idle dedicated ones). Returns true while others remain open.
   */
  closeUnused(): boolean {
    let remaining = false;
    for (const pool of [...this.shared, ...this.idle]) {
      if (pool === undefined) continue;
      for (const conn of [...pool]) {
        if (conn === undefined) continue;
        if (conn.inflight.length === 0 && conn.owner === null) conn.close();
        else remaining = true;
      }
    }
    return remaining;
  }

  /** A connect failed: fail fast for a while. */
  markDown(): void {
    this.downUntil = this.set.ctx.now + this.set.ctx.limits.reconnectBackoffMs;
    this.set.down.add(this.id);
  }

  /** Called by a connection as it closes: forget it wherever it is kept. */
  connClosed(conn: BackendConn): void {
    this.set.live.delete(conn);
    const key = poolKey(conn.poolDb, conn.proto);
    const pool = this.shared[key];
    if (pool !== undefined) {
      const i = pool.indexOf(conn);
      if (i >= 0) pool[i] = undefined;
    }
    const idle = this.idle[key];
    if (idle !== undefined) {
      const i = idle.indexOf(conn);
      if (i >= 0) idle.splice(i, 1);
    }
  }

  private open(db: number, proto: 2 | 3): BackendConn {
    const conn = new BackendConn(this.set.ctx, this, db, proto);
    this.set.live.add(conn);
    return conn;
  }
}

export class BackendSet {
  /** Every open connection, for housekeeping and shutdown. */
  readonly live = new Set<BackendConn>();
  /** Ids of backends in their reconnect backoff: passed to nextReplica as `exclude`. */
  readonly down = new Set<string>();
  private readonly byId = new Map<string, Backend>();
  private pruneNeeded = false;

  constructor(readonly ctx: ProxyContext) {}

  /** The backend of a routing-table reference, created on first use. */
  get(ref: BackendRef): Backend {
    let backend = this.byId.get(ref.id);
    if (backend === undefined) {
      backend = new Backend(this, ref.id, ref.host, ref.port);
      this.byId.set(ref.id, backend);
    }
    return backend;
  }

  /** What to pass to nextReplica: the backends in backoff, or nothing when there are none. */
  get exclude(): ReadonlySet<string> | undefined {
    return this.down.size === 0 ? undefined : this.down;
  }

  /** Housekeeping: ends expired backoffs, applies connection timeouts, prunes departed backends. */
  tick(now: number): void {
    if (this.down.size > 0) {
      for (const id of this.down) if (!this.byId.get(id)!.isDown) this.down.delete(id);
    }
    for (const conn of this.live) conn.checkTimeouts(now);
    if (this.pruneNeeded) this.prune();
  }

  /** The routing table changed: backends it no longer knows are pruned on the next tick. */
  tableChanged(): void {
    this.pruneNeeded = true;
  }

  /**
   * Closes the unused connections of backends the table no longer lists (in-flight ones finish
   * first: pruning continues on later ticks until none is left) and forgets those backends.
   */
  private prune(): void {
    const known = new Set(this.ctx.routing.snapshot().map((b) => b.id));
    let again = false;
    for (const [id, backend] of this.byId) {
      if (known.has(id)) continue;
      if (backend.closeUnused()) again = true;
      else this.byId.delete(id);
    }
    this.pruneNeeded = again;
  }

  /** Closes every connection (server shutdown). */
  closeAll(): void {
    for (const conn of [...this.live]) conn.close();
  }
}
