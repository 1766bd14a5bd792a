/**
 * StaticRouting: a RoutingTable for the proxy's tests — a master and replicas given by port on
 * 127.0.0.1, a plain round-robin over the replicas, and every report recorded so tests can assert
 * on them. A reported backend leaves the rotation (a failed master: master() returns null) until
 * the test restores it (or, with `keepReported`, stays in: the proxy's own backoff is then what
 * stops it from retrying a dead backend on every request). Test-only: the real table is src/routing.
 */
import type { BackendRef, BackendStatus, RoutingTable } from '../../src/routing/types';

export interface Report {
  readonly kind: 'failure' | 'unusable';
  readonly id: string;
  readonly reason: string;
}

export function ref(port: number): BackendRef {
  return { id: `127.0.0.1:${port}`, host: '127.0.0.1', port };
}

export class StaticRouting implements RoutingTable {
  readonly reports: Report[] = [];
  private masterRef: BackendRef | null;
  private replicas: BackendRef[];
  private readonly out = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private next = 0;

  constructor(
    masterPort: number | null,
    replicaPorts: readonly number[] = [],
    private readonly options: { keepReported?: boolean } = {},
  ) {
    this.masterRef = masterPort === null ? null : ref(masterPort);
    this.replicas = replicaPorts.map(ref);
  }

  master(): BackendRef | null {
    return this.masterRef !== null && !this.out.has(this.masterRef.id) ? this.masterRef : null;
  }

  nextReplica(exclude?: ReadonlySet<string>): BackendRef | null {
    for (let i = 0; i < this.replicas.length; i++) {
      const candidate = this.replicas[this.next++ % this.replicas.length];
      if (!this.out.has(candidate.id) && !(exclude?.has(candidate.id) ?? false)) return candidate;
    }
    return null;
  }

  reportFailure(id: string, reason: string): void {
    this.reports.push({ kind: 'failure', id, reason });
    if (this.options.keepReported !== true) this.out.add(id);
  }

  reportUnusable(id: string, reason: string): void {
    this.reports.push({ kind: 'unusable', id, reason });
    if (this.options.keepReported !== true) this.out.add(id);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): BackendStatus[] {
    const all = [...(this.masterRef === null ? [] : [{ ref: this.masterRef, role: 'master' as const }]), ...this.replicas.map((r) => ({ ref: r, role: 'replica' as const }))];
    return all.map(({ ref: r, role }) => ({ ...r, role, serving: !this.out.has(r.id), reason: this.out.has(r.id) ? 'reported' : '', lagBytes: 0, lagMs: 0, lastHeardMsAgo: -1, offset: 0, linkUp: true, sync: null, gone: false }));
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
  }

  /* test controls */

  setMaster(port: number | null): void {
    this.masterRef = port === null ? null : ref(port);
    this.changed();
  }

  setReplicas(ports: readonly number[]): void {
    this.replicas = ports.map(ref);
    this.changed();
  }

  /** Puts a reported backend back in rotation. */
  restore(port: number): void {
    this.out.delete(ref(port).id);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
