/**
 * The status CLI's model: health events of one cluster folded into what an operator asks about —
 * which nodes are there, in which role, how far behind, and which replicas the routers read from.
 * Pure: events and the time come in as arguments (the clock is injected), rows come out; nothing
 * here knows about NATS or the terminal.
 *
 * Time is always the time an event was received here, never the sender's `sentAtMs`: a node whose
 * clock is off must not look gone (or alive) because of it.
 *
 * Invariants:
 * - A node is `up` while its last event is at most `healthTimeoutMs` old and it has not announced
 *   a Shutdown; otherwise `gone`, and `GONE_KEPT_MS` after that it is forgotten.
 * - Only routers that are up count, both for "fresh by" and for the replicas' lag in ms.
 * - A new run id (the process restarted) starts the node's state afresh: nothing of the previous
 *   run's values survives.
 */
import type { DecodedHealthEvent, Role, RoutedBackend } from '@resplica/health';

/** How long a gone node stays listed before it is dropped. */
export const GONE_KEPT_MS = 60_000;

export interface SyncProgress {
  readBytes: number;
  /** 0 while the payload's size is unknown (a diskless sync's EOF framing). */
  totalBytes: number;
}

/** One router's opinion of a backend that it does not serve. */
export interface NotServing {
  router: string;
  reason: string;
}

/** One line of the status table; the JSON output is these objects as they are. */
export interface StatusRow {
  /** The node id its events carry (`host:port` unless configured; routers: `router-host:port`). */
  id: string;
  /** null until a NodeHealth, RoleChanged or RouterView said which. */
  role: Role | 'router' | null;
  /** The announced `host:port`; null until a NodeHealth or RouterView gave it. */
  address: string | null;
  state: 'up' | 'gone';
  /** Why gone: `shut down (<reason>)` or `silent`; null when up. */
  goneReason: string | null;
  /** Time since its last event. */
  silentMs: number;
  /** A master's master_repl_offset, a replica's applied offset; the last known one when gone. */
  offset: number | null;
  /** A replica's master (`host:port`); null for others. */
  master: string | null;
  /** The replica's master's offset minus the replica's applied offset; null when either is unknown or the node is gone. */
  lagBytes: number | null;
  /** The largest lag in ms the routers report for this backend; null when no router reports it or the node is gone. */
  lagMs: number | null;
  /** A replica's link to its master; null for others and when gone. */
  link: 'up' | 'down' | null;
  /** A full sync being received; null when none (or gone). */
  sync: SyncProgress | null;
  /** Routers (up) that list this node as serving; null for routers. */
  freshBy: string[] | null;
  /** Routers that are up, the denominator of `freshBy`; null for routers. */
  routersUp: number | null;
  /** Routers (up) that list this node without serving it, and why. */
  notServing: NotServing[];
  /** Routers: where they learn the topology (`nats` or `poll`); null for others. */
  source: string | null;
  /** Routers: backends serving / listed; null for others. */
  backendsServing: number | null;
  backendsTotal: number | null;
}

export interface TopologySnapshot {
  nowMs: number;
  /** Masters, then replicas, then nodes of unknown role, then routers; by id within each. */
  rows: StatusRow[];
}

/** What is remembered of one node between events. */
interface NodeState {
  id: string;
  runId: string;
  lastHeardMs: number;
  shutdownReason: string | null;
  role: Role | 'router' | null;
  host: string;
  port: number;
  masterHost: string;
  masterPort: number;
  masterReplOffset: number | null;
  appliedOffset: number | null;
  linkUp: boolean | null;
  sync: SyncProgress | null;
  source: string;
  backends: RoutedBackend[];
}

const ROLE_ORDER: Record<string, number> = { master: 0, replica: 1, unknown: 2, router: 3 };

function freshState(id: string, runId: string): NodeState {
  return {
    id,
    runId,
    lastHeardMs: 0,
    shutdownReason: null,
    role: null,
    host: '',
    port: 0,
    masterHost: '',
    masterPort: 0,
    masterReplOffset: null,
    appliedOffset: null,
    linkUp: null,
    sync: null,
    source: '',
    backends: [],
  };
}

function addressOf(host: string, port: number): string | null {
  return host === '' || port === 0 ? null : `${host}:${port}`;
}

export class Topology {
  private readonly nodes = new Map<string, NodeState>();

  constructor(private readonly healthTimeoutMs: number) {}

  /** Folds one event, received at `nowMs`, into the node it came from. */
  apply(e: DecodedHealthEvent, nowMs: number): void {
    let s = this.nodes.get(e.nodeId);
    if (s === undefined || s.runId !== e.runId) {
      s = freshState(e.nodeId, e.runId);
      this.nodes.set(e.nodeId, s);
    }
    s.lastHeardMs = nowMs;
    s.shutdownReason = null;
    switch (e.type) {
      case 'node-health':
        s.role = e.role;
        s.host = e.host;
        s.port = e.port;
        s.masterHost = e.masterHost;
        s.masterPort = e.masterPort;
        s.masterReplOffset = e.masterReplOffset;
        s.appliedOffset = e.role === 'replica' ? e.appliedOffset : null;
        s.linkUp = e.role === 'replica' ? e.linkUp : null;
        s.sync = e.syncInProgress ? { readBytes: e.syncReadBytes, totalBytes: e.syncTotalBytes } : null;
        break;
      case 'link-up':
        s.role = 'replica';
        s.masterHost = e.masterHost;
        s.masterPort = e.masterPort;
        s.linkUp = true;
        s.sync = null;
        break;
      case 'link-down':
        s.linkUp = false;
        break;
      case 'full-sync-started':
        s.masterHost = e.masterHost;
        s.masterPort = e.masterPort;
        s.sync = { readBytes: 0, totalBytes: 0 };
        break;
      case 'full-sync-finished':
        s.sync = null;
        break;
      case 'role-changed':
        s.role = e.role;
        s.masterHost = e.masterHost;
        s.masterPort = e.masterPort;
        s.masterReplOffset = e.masterReplOffset;
        // Its link to a new master starts down; a promoted node has no link at all.
        s.linkUp = e.role === 'replica' ? false : null;
        if (e.role !== 'replica') s.appliedOffset = null;
        break;
      case 'shutdown':
        s.shutdownReason = e.reason;
        break;
      case 'router-view':
        s.role = 'router';
        s.host = e.host;
        s.port = e.port;
        s.source = e.source;
        s.backends = e.backends;
        break;
    }
  }

  /**
   * The rows as of `nowMs`. Forgets nodes gone for longer than GONE_KEPT_MS (so calling this is
   * also what keeps the model bounded).
   */
  snapshot(nowMs: number): TopologySnapshot {
    for (const [id, s] of this.nodes) {
      if (nowMs - this.goneSince(s) > GONE_KEPT_MS) this.nodes.delete(id);
    }
    const isUp = (s: NodeState): boolean => nowMs < this.goneSince(s);
    const routers = [...this.nodes.values()].filter((s) => s.role === 'router' && isUp(s));
    // A replica's lag is measured against whatever node it follows (a master, or a replica in a chain).
    const upByAddress = new Map<string, NodeState>();
    for (const s of this.nodes.values()) {
      const address = addressOf(s.host, s.port);
      if (s.role !== 'router' && isUp(s) && address !== null) upByAddress.set(address, s);
    }
    const rows = [...this.nodes.values()].map((s) => this.row(s, isUp(s), nowMs, routers, upByAddress));
    rows.sort((a, b) => ROLE_ORDER[a.role ?? 'unknown'] - ROLE_ORDER[b.role ?? 'unknown'] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { nowMs, rows };
  }

  /** When the node stops (or stopped) being up: at its Shutdown, else one health timeout after its last event. */
  private goneSince(s: NodeState): number {
    return s.shutdownReason !== null ? s.lastHeardMs : s.lastHeardMs + this.healthTimeoutMs;
  }

  private row(s: NodeState, up: boolean, nowMs: number, routers: NodeState[], upByAddress: Map<string, NodeState>): StatusRow {
    const address = addressOf(s.host, s.port);
    const isRouter = s.role === 'router';
    const isReplica = s.role === 'replica';
    const views = address === null || isRouter ? [] : routers.flatMap((r) => r.backends.filter((b) => `${b.host}:${b.port}` === address).map((b) => ({ router: r.id, b })));
    const master = isReplica ? addressOf(s.masterHost, s.masterPort) : null;
    const followed = master === null ? undefined : upByAddress.get(master);
    const offset = isReplica ? s.appliedOffset : s.role === 'master' ? s.masterReplOffset : null;
    return {
      id: s.id,
      role: s.role,
      address,
      state: up ? 'up' : 'gone',
      goneReason: up ? null : s.shutdownReason !== null ? `shut down (${s.shutdownReason})` : 'silent',
      silentMs: nowMs - s.lastHeardMs,
      offset,
      master,
      // The two offsets come from snapshots taken at different moments: a replica may look ahead; show 0.
      lagBytes: up && followed?.masterReplOffset != null && s.appliedOffset !== null ? Math.max(0, followed.masterReplOffset - s.appliedOffset) : null,
      lagMs: up && views.length > 0 ? Math.max(...views.map((v) => v.b.lagMs)) : null,
      link: up && s.linkUp !== null ? (s.linkUp ? 'up' : 'down') : null,
      sync: up ? s.sync : null,
      freshBy: isRouter ? null : views.filter((v) => v.b.serving).map((v) => v.router),
      routersUp: isRouter ? null : routers.length,
      notServing: views.filter((v) => !v.b.serving).map((v) => ({ router: v.router, reason: v.b.reason })),
      source: isRouter ? s.source : null,
      backendsServing: isRouter ? s.backends.filter((b) => b.serving).length : null,
      backendsTotal: isRouter ? s.backends.length : null,
    };
  }
}
