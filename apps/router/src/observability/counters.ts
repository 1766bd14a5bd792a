/**
 * Per-backend request counters: the proxy counts each request it sends (or fails to send) to a
 * backend, by kind; INFO router and /metrics read them.
 *
 * Invariant: counts only grow, and a backend's counts outlive its leaving the routing table (a
 * Prometheus counter must never go back), so a backend that returns continues where it was.
 * Hot path: one Map lookup and one increment per request; no allocation after a backend's first.
 */
import type { RequestKind, RouterCounters } from '../routing/types';

export const REQUEST_KINDS: readonly RequestKind[] = ['read', 'write', 'pinned', 'retried', 'failed'];

export type RequestCounts = Record<RequestKind, number>;

const ZERO: Readonly<RequestCounts> = Object.freeze({ read: 0, write: 0, pinned: 0, retried: 0, failed: 0 });

export class RouterCountersImpl implements RouterCounters {
  private readonly byBackend = new Map<string, RequestCounts>();

  request(backendId: string, kind: RequestKind): void {
    let counts = this.byBackend.get(backendId);
    if (counts === undefined) {
      counts = { ...ZERO };
      this.byBackend.set(backendId, counts);
    }
    counts[kind]++;
  }

  /** The counts of `backendId`; zeros when it has none. */
  of(backendId: string): Readonly<RequestCounts> {
    return this.byBackend.get(backendId) ?? ZERO;
  }

  /** Every backend that has counts, in order of its first request. */
  backends(): IterableIterator<string> {
    return this.byBackend.keys();
  }
}

export function createRouterCounters(): RouterCountersImpl {
  return new RouterCountersImpl();
}
