/**
 * One backend as the routing table tracks it: its address, what its health reports last said,
 * its measured lag and any passive-health verdict the proxy reported.
 *
 * Invariant: `nodeId` is null exactly for a backend known only from configuration (`--master`,
 * `--replica`) that no health event has named yet; such a backend has `lastHeardAt` null and is
 * assumed fresh unless passive health says otherwise, or, when polled, until `expectedFrom` is
 * older than the heartbeat timeout.
 */
import type { BackendRef } from './types';
import { NO_LAG, type Lag } from './master-offsets';

/** A passive-health verdict: out until every awaited proof of life has arrived. */
export interface PassiveVerdict {
  reason: string;
  /** A PING must answer +PONG (connection errors; any failure of a backend without events). */
  awaitingPing: boolean;
  /** A NodeHealth report must arrive after the verdict (backends that publish health). */
  awaitingReport: boolean;
}

export interface Backend {
  readonly ref: BackendRef;
  nodeId: string | null;
  role: 'master' | 'replica';
  /**
   * When this node became master as far as the router can tell: the router time of the role
   * change it saw, 0 when it was already master the first time it was heard; null otherwise
   * (replicas, and the configured master before any report).
   */
  masterSince: number | null;
  /** Router time of the last event from the node; null when never heard. */
  lastHeardAt: number | null;
  /**
   * Polled backends: the router time they were listed, which stands in for a first report so one
   * that never answers goes stale like one that stopped; null when no report is expected.
   */
  expectedFrom: number | null;
  linkUp: boolean;
  loading: boolean;
  syncing: boolean;
  /** A full sync's progress as last reported (0 while unknown); meaningful while `syncing`. */
  syncReadBytes: number;
  syncTotalBytes: number;
  masterReplOffset: number;
  /** A replica's applied master offset (slave_repl_offset) as last reported. */
  appliedOffset: number;
  lag: Lag;
  /** Out of rotation for lag (hysteresis state, see freshness.ts). */
  lagOut: boolean;
  passive: PassiveVerdict | null;
  /** The last evaluation: '' when serving, else why not. */
  reason: string;
}

/** `host:port`, with IPv6 hosts in brackets so the id stays parseable. */
export function backendRef(host: string, port: number): BackendRef {
  const id = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { id, host, port };
}

export function newBackend(ref: BackendRef, role: 'master' | 'replica'): Backend {
  return {
    ref,
    nodeId: null,
    role,
    masterSince: null,
    lastHeardAt: null,
    expectedFrom: null,
    linkUp: true,
    loading: false,
    syncing: false,
    syncReadBytes: 0,
    syncTotalBytes: 0,
    masterReplOffset: 0,
    appliedOffset: 0,
    lag: NO_LAG,
    lagOut: false,
    passive: null,
    reason: '',
  };
}
