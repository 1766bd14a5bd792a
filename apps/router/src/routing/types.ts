/**
 * The boundary between the router's proxy (client sessions, backend connection pools, frame
 * forwarding: src/proxy) and its routing brain (which backends exist and which may serve: src/routing),
 * and the counters both feed for INFO and /metrics (src/observability).
 *
 * Backends are identified by `host:port` as announced in health events (or as configured).
 */

export interface BackendRef {
  /** `host:port`: the key of a backend everywhere in the router. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/** How a backend is seen, for INFO router and /metrics. */
export interface BackendStatus extends BackendRef {
  readonly role: 'master' | 'replica';
  /** In the read rotation (replicas) or usable for writes (master). */
  readonly serving: boolean;
  /** Why not, when not serving: `stale health`, `link down`, `loading`, `syncing`, `lag`,
   *  `connection error`, `-LOADING reply`, … */
  readonly reason: string;
  /** Replication lag in bytes (master offset − applied offset) and ms, from health events. */
  readonly lagBytes: number;
  readonly lagMs: number;
  /** Ms since the last health event from it; -1 if none (static configuration). */
  readonly lastHeardMsAgo: number;
  /** Replicas: the master offset applied there (slave_repl_offset); the master: its master_repl_offset. 0 when unknown (static, never heard). */
  readonly offset: number;
  /** Replicas: link to their master is up; the master: true. */
  readonly linkUp: boolean;
  /** A full sync in progress: bytes read and total (0 while unknown); null otherwise. */
  readonly sync: { readonly readBytes: number; readonly totalBytes: number } | null;
  /** Nothing heard within health-timeout (killed, partitioned), or unreachable in poll mode: shown as gone. */
  readonly gone: boolean;
}

export interface RoutingTable {
  /** The master writes go to; null when unknown or unreachable (writes answer -TRYAGAIN). */
  master(): BackendRef | null;
  /** The next fresh replica, round-robin; null when none is fresh. `exclude`: ids already tried. */
  nextReplica(exclude?: ReadonlySet<string>): BackendRef | null;
  /** Passive health: connecting to, or talking with, `id` failed or timed out: out of rotation now. */
  reportFailure(id: string, reason: string): void;
  /** A replica answered -LOADING or -MASTERDOWN: out of rotation until it proves fresh again. */
  reportUnusable(id: string, reason: string): void;
  /** Called when the set changes (new master, a replica in or out). */
  onChange(listener: () => void): void;
  /** Every known backend, for INFO router and /metrics. */
  snapshot(): BackendStatus[];
  /** Stops timers and subscriptions. */
  close(): Promise<void>;
}

/** What a proxied request was, for the per-backend counters. */
export type RequestKind = 'read' | 'write' | 'pinned' | 'retried' | 'failed';

/** Counters the proxy feeds; the observability side renders them. */
export interface RouterCounters {
  request(backendId: string, kind: RequestKind): void;
}
