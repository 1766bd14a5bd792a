/**
 * RoutingTableImpl: the router's picture of its backends, kept from health events (or from the
 * configured lists when NATS is not configured) and from the proxy's passive-health reports.
 *
 * Discovery: with NATS (`events`), a node joins the table with its first NodeHealth report, under
 * the `host:port` it announces; a shutdown event removes it. Without NATS (`configured`), the table
 * holds `--master` and the `--replica` list whatever happens, and reports (the poll feed's INFO
 * answers, poll-feed.ts) only bring their freshness; a listed node that never answers goes stale
 * one health-timeout after it was listed. Without any feed (unit tests) listed nodes are assumed
 * fresh. Freshness, lag and the master election are in freshness.ts, master-offsets.ts and
 * election.ts; this file applies them and keeps the read rotation.
 *
 * Passive health: `reportFailure` takes a backend out at once and starts PINGs; it returns when
 * a PING answers +PONG and, for a node that publishes health, a NodeHealth report arrives after
 * the failure. `reportUnusable` (-LOADING, -MASTERDOWN) waits for such a report only, or for a
 * +PONG when the backend publishes none (a loading or master-down server answers PING with that
 * same error).
 *
 * Invariant: `rotation` is exactly the serving replicas as of the last `evaluate()`, and nothing
 * can change that set without an event, a report, a config change or the clock passing
 * `staleAt`, the earliest moment a serving replica's heartbeat runs out. `nextReplica` checks that
 * moment itself, so no timer is needed for freshness and an injected clock makes it exact.
 */
import type { Logger } from 'pino';
import { hostPorts, type ConfigStore } from '@resplica/config';
import type { BackendRef, BackendStatus, RoutingTable } from './types';
import type { HealthFacts, HealthFeed, NodeEvent } from './events';
import { backendRef, newBackend, type Backend } from './backend';
import { electMaster } from './election';
import { isGone, outForLag, replicaReason, staleAfter } from './freshness';
import { MasterOffsets, NO_LAG } from './master-offsets';
import { ProbeLoop, type Ping } from './probe-loop';
import { readSettings, SETTING_NAMES, type RoutingSettings } from './settings';

/** A master that is not the elected one (two claim the role): not where writes go. */
export const REASON_SUPERSEDED = 'superseded';

/** Where the backends come from: their own health reports, or the configured lists. */
export type Discovery = 'events' | 'configured';

export interface RoutingTableOptions {
  readonly config: ConfigStore;
  readonly log: Logger;
  readonly clock: () => number;
  readonly discovery: Discovery;
  /** Health reports (NATS, or the INFO polls of the configured nodes); null: none at all. */
  readonly feed: HealthFeed | null;
  /** Asks a backend for +PONG (ping.ts in production). */
  readonly ping: Ping;
}

export class RoutingTableImpl implements RoutingTable {
  private readonly config: ConfigStore;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly discovery: Discovery;
  private readonly feed: HealthFeed | null;
  private readonly probes: ProbeLoop;
  private readonly backends = new Map<string, Backend>();
  /** nodeId → backend id, for the events that carry no address. */
  private readonly byNode = new Map<string, string>();
  private readonly masterOffsets = new MasterOffsets();
  private readonly listeners: (() => void)[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private settings: RoutingSettings;
  /** The backend from `--master`, when configured. */
  private configuredMaster: Backend | null = null;
  private elected: Backend | null = null;
  private rotation: BackendRef[] = [];
  private cursor = 0;
  private staleAt = Infinity;
  /** What listeners last saw: the master() id and the rotation ids. */
  private notifiedKey = '';
  private closed = false;

  constructor(options: RoutingTableOptions) {
    this.config = options.config;
    this.log = options.log;
    this.clock = options.clock;
    this.discovery = options.discovery;
    this.feed = options.feed;
    this.probes = new ProbeLoop(options.ping, () => this.settings.probeIntervalMs, (id) => this.onAlive(id));
    this.settings = readSettings(this.config);
    for (const name of SETTING_NAMES) {
      this.unsubscribe.push(this.config.onChange(name, () => this.onSettingsChanged()));
    }
    this.unsubscribe.push(this.config.onChange('master', () => this.loadConfigured()));
    if (this.discovery === 'configured') this.unsubscribe.push(this.config.onChange('replica', () => this.loadConfigured()));
    this.loadConfigured();
    this.feed?.onEvent((event) => this.onEvent(event));
  }

  // ---------------------------------------------------------------------------------------------
  // RoutingTable

  master(): BackendRef | null {
    const m = this.elected;
    return m !== null && m.passive === null ? m.ref : null;
  }

  nextReplica(exclude?: ReadonlySet<string>): BackendRef | null {
    if (this.clock() > this.staleAt) this.evaluate();
    const rotation = this.rotation;
    for (let tried = 0; tried < rotation.length; tried++) {
      if (this.cursor >= rotation.length) this.cursor = 0;
      const ref = rotation[this.cursor++];
      if (exclude === undefined || !exclude.has(ref.id)) return ref;
    }
    return null;
  }

  reportFailure(id: string, reason: string): void {
    const b = this.backends.get(id);
    if (b === undefined || this.closed) return;
    this.markOut(b, reason, true, b.nodeId !== null);
  }

  reportUnusable(id: string, reason: string): void {
    const b = this.backends.get(id);
    if (b === undefined || this.closed) return;
    const publishes = b.nodeId !== null;
    this.markOut(b, reason, !publishes, publishes);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): BackendStatus[] {
    this.evaluate();
    const now = this.clock();
    const shown = [...this.backends.values()].filter((b) => this.discovery === 'configured' || b.nodeId !== null || b === this.elected);
    shown.sort((a, b) => (a === this.elected ? -1 : b === this.elected ? 1 : a.ref.id < b.ref.id ? -1 : 1));
    return shown.map((b) => ({
      ...b.ref,
      role: b.role,
      serving: b.reason === '',
      reason: b.reason,
      lagBytes: b.lag.bytes,
      lagMs: b.lag.ms,
      lastHeardMsAgo: b.lastHeardAt === null ? -1 : now - b.lastHeardAt,
      offset: b.role === 'master' ? b.masterReplOffset : b.appliedOffset,
      linkUp: b.role === 'master' || b.linkUp,
      sync: b.syncing ? { readBytes: b.syncReadBytes, totalBytes: b.syncTotalBytes } : null,
      gone: isGone(b, now, this.settings),
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    this.probes.close();
    await this.feed?.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Health events

  private onEvent(event: NodeEvent): void {
    if (this.closed) return;
    const now = this.clock();
    if (event.kind === 'health') {
      this.onHealth(event.nodeId, event.health, now);
    } else {
      const id = this.byNode.get(event.nodeId);
      if (id === undefined) return; // not introduced by a report yet: nothing to address
      const b = this.backends.get(id)!;
      b.lastHeardAt = now;
      switch (event.kind) {
        case 'link-up':
          b.linkUp = true;
          break;
        case 'link-down':
          b.linkUp = false;
          break;
        case 'sync-started':
          // A new transfer: the last one's byte counts say nothing about it.
          b.syncing = true;
          b.syncReadBytes = 0;
          b.syncTotalBytes = 0;
          break;
        case 'sync-finished':
          b.syncing = false;
          break;
        case 'role-changed':
          this.setRole(b, event.role, now);
          this.elect();
          break;
        case 'shutdown':
          this.log.info({ backend: id }, 'router: backend shut down; forgotten');
          this.remove(b);
          break;
      }
    }
    this.evaluate();
  }

  private onHealth(nodeId: string, h: HealthFacts, now: number): void {
    const ref = backendRef(h.host, h.port);
    // Listed nodes only: a poll answering after its node left the lists must not bring it back.
    if (this.discovery === 'configured' && !this.backends.has(ref.id)) return;
    const previousId = this.byNode.get(nodeId);
    if (previousId !== undefined && previousId !== ref.id) this.remove(this.backends.get(previousId)!);
    let b = this.backends.get(ref.id);
    if (b === undefined) {
      b = newBackend(ref, h.role);
      this.backends.set(ref.id, b);
      this.log.info({ backend: ref.id, role: h.role }, 'router: backend discovered');
    }
    if (b.nodeId !== nodeId) {
      if (b.nodeId !== null) this.byNode.delete(b.nodeId);
      b.nodeId = nodeId;
      this.byNode.set(nodeId, ref.id);
    }
    this.setRole(b, h.role, b.lastHeardAt === null ? 0 : now);
    b.lastHeardAt = now;
    b.linkUp = h.linkUp;
    b.loading = h.loading;
    b.syncing = h.syncInProgress;
    b.syncReadBytes = h.syncReadBytes;
    b.syncTotalBytes = h.syncTotalBytes;
    b.masterReplOffset = h.masterReplOffset;
    b.appliedOffset = h.appliedOffset;
    if (b.passive !== null) {
      b.passive.awaitingReport = false;
      if (!b.passive.awaitingPing) b.passive = null;
    }
    this.elect();
    if (b === this.elected) this.masterOffsets.record(h.masterReplOffset, now);
    if (b.role === 'replica') {
      b.lag = this.masterOffsets.lagOf(h.appliedOffset, now);
      b.lagOut = outForLag(b.lagOut, b.lag, this.settings);
    }
  }

  /** Applies a role; `since` is when it became master (0: before the router heard of it). */
  private setRole(b: Backend, role: 'master' | 'replica', since: number): void {
    if (role === b.role && (role === 'replica' || b.masterSince !== null)) return;
    if (role !== b.role) {
      // Lag is a replica's measure: it starts over with the node's next report as a replica.
      b.lag = NO_LAG;
      b.lagOut = false;
    }
    b.role = role;
    b.masterSince = role === 'master' ? since : null;
  }

  private elect(): void {
    // The configured master stops counting once its own reports say it is a replica.
    const configured = this.configuredMaster?.role === 'master' ? this.configuredMaster : null;
    const next = electMaster(this.backends.values(), configured);
    if (next === this.elected) return;
    this.log.info({ from: this.elected?.ref.id ?? null, to: next?.ref.id ?? null }, 'router: master changed');
    this.elected = next;
    this.masterOffsets.clear();
  }

  private remove(b: Backend): void {
    this.backends.delete(b.ref.id);
    if (b.nodeId !== null) this.byNode.delete(b.nodeId);
    this.probes.unwatch(b.ref.id);
    if (b === this.configuredMaster) this.configuredMaster = null;
    this.elect();
  }

  // ---------------------------------------------------------------------------------------------
  // Configuration

  /** (Re)reads `master`, and with configured discovery `replica`, keeping the state of backends that stay. */
  private loadConfigured(): void {
    const [master] = hostPorts(this.config.str('master'));
    const masterRef = master === undefined ? null : backendRef(master.host, master.port);
    if (this.configuredMaster !== null && this.configuredMaster.ref.id !== masterRef?.id) {
      const old = this.configuredMaster;
      this.configuredMaster = null;
      if (old.nodeId === null) this.remove(old);
    }
    if (masterRef !== null && this.configuredMaster === null) this.configuredMaster = this.adopt(masterRef, 'master');
    if (this.discovery === 'configured') {
      const wanted = new Set<string>();
      for (const r of hostPorts(this.config.str('replica'))) {
        const ref = backendRef(r.host, r.port);
        if (ref.id === masterRef?.id) continue;
        wanted.add(ref.id);
        this.adopt(ref, 'replica');
      }
      for (const b of [...this.backends.values()]) {
        if (b.role === 'replica' && !wanted.has(b.ref.id)) this.remove(b);
      }
    }
    this.elect();
    this.evaluate();
  }

  /** The backend at `ref`, created with `role` when the table does not hold it yet. */
  private adopt(ref: BackendRef, role: 'master' | 'replica'): Backend {
    let b = this.backends.get(ref.id);
    if (b === undefined) {
      b = newBackend(ref, role);
      // Polled: reports are due from now on, so one that never answers goes stale too.
      if (this.discovery === 'configured' && this.feed !== null) b.expectedFrom = this.clock();
      this.backends.set(ref.id, b);
    }
    return b;
  }

  private onSettingsChanged(): void {
    this.settings = readSettings(this.config);
    for (const b of this.backends.values()) {
      if (b.role === 'replica' && b.nodeId !== null) b.lagOut = outForLag(b.lagOut, b.lag, this.settings);
    }
    this.evaluate();
  }

  // ---------------------------------------------------------------------------------------------
  // Passive health

  private markOut(b: Backend, reason: string, awaitingPing: boolean, awaitingReport: boolean): void {
    if (b.passive === null) {
      b.passive = { reason, awaitingPing, awaitingReport };
    } else {
      b.passive.reason = reason;
      b.passive.awaitingPing ||= awaitingPing;
      b.passive.awaitingReport ||= awaitingReport;
    }
    if (b.passive.awaitingPing) this.probes.watch(b.ref);
    this.evaluate();
  }

  private onAlive(id: string): void {
    const b = this.backends.get(id);
    if (b?.passive == null || this.closed) return;
    b.passive.awaitingPing = false;
    if (!b.passive.awaitingReport) b.passive = null;
    this.evaluate();
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  /** Recomputes every backend's verdict, the rotation and `staleAt`; notifies on a change. */
  private evaluate(): void {
    const now = this.clock();
    const rotation: BackendRef[] = [];
    let staleAt = Infinity;
    for (const b of this.backends.values()) {
      let reason: string;
      if (b.role === 'replica') {
        reason = replicaReason(b, now, this.settings);
        if (reason === '') {
          rotation.push(b.ref);
          staleAt = Math.min(staleAt, staleAfter(b, this.settings));
        }
      } else {
        reason = b.passive?.reason ?? (b === this.elected ? '' : REASON_SUPERSEDED);
      }
      if (reason !== b.reason) {
        if (reason === '') this.log.info({ backend: b.ref.id, was: b.reason }, 'router: backend serving');
        else this.log.warn({ backend: b.ref.id, reason }, 'router: backend not serving');
        b.reason = reason;
      }
    }
    this.rotation = rotation;
    this.staleAt = staleAt;
    const key = `${this.master()?.id ?? ''} ${rotation.map((r) => r.id).join(',')}`;
    if (key !== this.notifiedKey) {
      this.notifiedKey = key;
      for (const listener of this.listeners) {
        // A listener's bug must not break the read path that happened to trigger the evaluation.
        try {
          listener();
        } catch (err) {
          this.log.error({ err: (err as Error).message }, 'router: routing change listener threw');
        }
      }
    }
  }
}
