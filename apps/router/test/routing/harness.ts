/**
 * Test bench for the routing table: a real config store loaded from flags, a hand-driven health
 * feed, a clock the test moves and a PING whose answer the test decides.
 */
import pino from 'pino';
import { loadConfig, type ConfigStore } from '@resplica/config';
import type { HealthFacts, HealthFeed, NodeEvent } from '../../src/routing/events';
import { RoutingTableImpl } from '../../src/routing/table';
import type { BackendRef } from '../../src/routing/types';

export const silent = pino({ level: 'silent' });

export function routerConfig(argv: readonly string[]): ConfigStore {
  const { config, errors } = loadConfig({ argv: [...argv], env: {} });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return config;
}

export class FakeFeed implements HealthFeed {
  private listener: ((event: NodeEvent) => void) | null = null;
  closed = false;

  onEvent(listener: (event: NodeEvent) => void): void {
    this.listener = listener;
  }

  emit(event: NodeEvent): void {
    this.listener!(event);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** PINGs answer +PONG exactly for the ids in `alive`; `asked` counts PINGs per id. */
export class FakePing {
  readonly alive = new Set<string>();
  readonly asked = new Map<string, number>();

  readonly ping = async (ref: BackendRef): Promise<boolean> => {
    this.asked.set(ref.id, (this.asked.get(ref.id) ?? 0) + 1);
    return this.alive.has(ref.id);
  };
}

/** A replica's NodeHealth on 127.0.0.1:<port>, link up and idle, unless `facts` says otherwise. */
export function replicaReport(port: number, facts: Partial<HealthFacts> = {}): NodeEvent {
  return {
    kind: 'health',
    nodeId: `node-${port}`,
    health: {
      role: 'replica',
      host: '127.0.0.1',
      port,
      masterReplOffset: 0,
      appliedOffset: 0,
      linkUp: true,
      loading: false,
      syncInProgress: false,
      syncReadBytes: 0,
      syncTotalBytes: 0,
      ...facts,
    },
  };
}

export function masterReport(port: number, offset: number): NodeEvent {
  return replicaReport(port, { role: 'master', masterReplOffset: offset, linkUp: false });
}

export function nodeEvent(port: number, kind: 'link-up' | 'link-down' | 'sync-started' | 'sync-finished' | 'shutdown'): NodeEvent {
  return { kind, nodeId: `node-${port}` };
}

export function roleChanged(port: number, role: 'master' | 'replica'): NodeEvent {
  return { kind: 'role-changed', nodeId: `node-${port}`, role };
}

export interface Bench {
  table: RoutingTableImpl;
  config: ConfigStore;
  feed: FakeFeed;
  pings: FakePing;
  /** The router clock; tests move it with `clock.now += ms`. */
  clock: { now: number };
  changes: { count: number };
  /** Ids of the replicas nextReplica hands out over `n` picks, in order. */
  picks(n: number): (string | null)[];
}

/**
 * `--health-interval-ms 10` keeps real-time PING retries short; freshness runs on the fake clock.
 * `static`: the configured lists and no feed; `polled`: the configured lists, the feed standing in
 * for the INFO polls.
 */
export function bench(argv: readonly string[] = [], options: { static?: boolean; polled?: boolean } = {}): Bench {
  const config = routerConfig(['--health-interval-ms', '10', '--health-timeout-ms', '3000', ...argv]);
  const feed = new FakeFeed();
  const pings = new FakePing();
  const clock = { now: 1_000_000 };
  const table = new RoutingTableImpl({
    config,
    log: silent,
    clock: () => clock.now,
    discovery: options.static || options.polled ? 'configured' : 'events',
    feed: options.static ? null : feed,
    ping: pings.ping,
  });
  const changes = { count: 0 };
  table.onChange(() => changes.count++);
  const picks = (n: number): (string | null)[] => Array.from({ length: n }, () => table.nextReplica()?.id ?? null);
  return { table, config, feed, pings, clock, changes, picks };
}

export const id = (port: number): string => `127.0.0.1:${port}`;

/** The serving replica ids, sorted. */
export function serving(b: Bench): string[] {
  return b.table
    .snapshot()
    .filter((s) => s.role === 'replica' && s.serving)
    .map((s) => s.id)
    .sort();
}

export function reasonOf(b: Bench, port: number): string | undefined {
  return b.table.snapshot().find((s) => s.id === id(port))?.reason;
}
