/**
 * GET /status.json: the live topology as the router sees it, for the status page (and for anyone
 * who wants it without a Prometheus).
 *
 *   { router:   { port, source? },                      the proxy's port, where the topology comes from
 *     now:      ms since the epoch (the history's clock),
 *     backends: [ { id, host, port, role, state: 'up' | 'gone', serving, reason, offset,
 *                   lagBytes, lagMs, linkUp, sync: { readBytes, totalBytes } | null,
 *                   lastHeardMsAgo } ... ],            the table's order: master first
 *     history:  { <replica id>: [[tMs, lagMs, lagBytes], ...] } }
 *
 * Invariant: the fields are listed one by one, never spread from the table's objects, so the
 * document's shape changes only here, whatever the routing side adds to BackendStatus.
 */
import type { ConfigStore } from '@resplica/config';
import type { BackendStatus } from '../../routing/types';
import type { LagSample } from './lag-history';

/** Who serves the page: the router's own port, and a word on where its topology comes from. */
export interface RouterIdentity {
  /** The port applications connect to; null when the caller did not say (a metrics server alone, in tests). */
  readonly port: number | null;
  /** e.g. `nats, cluster resplica` or `static`: see topologySource. */
  readonly source?: string;
}

export interface BackendState {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly role: 'master' | 'replica';
  readonly state: 'up' | 'gone';
  readonly serving: boolean;
  readonly reason: string;
  readonly offset: number;
  readonly lagBytes: number;
  readonly lagMs: number;
  readonly linkUp: boolean;
  readonly sync: { readonly readBytes: number; readonly totalBytes: number } | null;
  readonly lastHeardMsAgo: number;
}

export interface StatusDocument {
  readonly router: RouterIdentity;
  readonly now: number;
  readonly backends: readonly BackendState[];
  readonly history: Readonly<Record<string, readonly LagSample[]>>;
}

export function backendState(b: BackendStatus): BackendState {
  return {
    id: b.id,
    host: b.host,
    port: b.port,
    role: b.role,
    state: b.gone ? 'gone' : 'up',
    serving: b.serving,
    reason: b.reason,
    offset: b.offset,
    lagBytes: b.lagBytes,
    lagMs: b.lagMs,
    linkUp: b.linkUp,
    sync: b.sync === null ? null : { readBytes: b.sync.readBytes, totalBytes: b.sync.totalBytes },
    lastHeardMsAgo: b.lastHeardMsAgo,
  };
}

/** The whole document at this instant: one table snapshot, the history as sampled so far. */
export function statusDocument(router: RouterIdentity, statuses: readonly BackendStatus[], history: StatusDocument['history'], now: number): StatusDocument {
  return { router, now, backends: statuses.map(backendState), history };
}

/**
 * Where the router learns its topology, for the page's header: the NATS cluster it listens to, or
 * its static lists. The NATS URL is left out on purpose: it may carry credentials.
 */
export function topologySource(config: ConfigStore): string {
  return config.str('nats') === '' ? 'poll (INFO to the configured nodes)' : `nats, cluster ${config.str('cluster')}`;
}
