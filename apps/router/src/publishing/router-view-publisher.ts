/**
 * RouterViewPublisher: with NATS configured, the router tells the cluster how it routes: every
 * `health-interval-ms` a RouterView (its address and, per backend, role, serving, reason and lag,
 * straight from routing.snapshot()) on its own health subject, as node `router-<host>:<port>`, and
 * a Shutdown when it stops. Operators' tools read these; routers ignore each other's views.
 *
 * Invariant: the Shutdown is the last event published: close() publishes it before anything else
 * and stops the timer, and HealthPublisher drops whatever is published after its close.
 */
import { HealthPublisher, type RoutedBackend } from '@resplica/health';
import type { Logger } from 'pino';
import type { ConfigStore } from '@resplica/config';
import type { BackendStatus, RoutingTable } from '../routing';
import type { RouterAddress } from './announce';

/** One backend as a RouterView carries it. */
export function routedBackend(s: BackendStatus): RoutedBackend {
  return { host: s.host, port: s.port, role: s.role, serving: s.serving, reason: s.reason, lagBytes: s.lagBytes, lagMs: s.lagMs };
}

export interface RouterViewPublisherOptions {
  readonly config: ConfigStore;
  readonly log: Logger;
  readonly routing: RoutingTable;
  readonly address: RouterAddress;
}

export class RouterViewPublisher {
  readonly nodeId: string;
  private readonly publisher: HealthPublisher;
  private readonly config: ConfigStore;
  private readonly routing: RoutingTable;
  private readonly address: RouterAddress;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  /** Throws HealthConfigError for a `cluster` that cannot make a subject. */
  constructor(options: RouterViewPublisherOptions) {
    const { config, address } = options;
    const optional = (name: string): string | undefined => config.str(name) || undefined;
    this.config = config;
    this.routing = options.routing;
    this.address = address;
    this.nodeId = `router-${address.host}:${address.port}`;
    this.publisher = new HealthPublisher({
      servers: config.str('nats'),
      user: optional('nats-user'),
      password: optional('nats-password'),
      token: optional('nats-token'),
      name: `resplica-router ${address.host}:${address.port}`,
      cluster: config.str('cluster'),
      nodeId: this.nodeId,
      log: options.log,
    });
  }

  /** Connects in the background and publishes the first view at once. */
  start(): void {
    this.publisher.start();
    this.tick();
  }

  /** Publishes a Shutdown giving `reason`, then flushes (about a second at most) and disconnects. */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer ?? undefined);
    this.publisher.publish({ type: 'shutdown', reason });
    await this.publisher.close();
  }

  /** One view now, the next after health-interval-ms (re-read each time, so CONFIG SET applies). */
  private tick(): void {
    if (this.closed) return;
    this.publisher.publish({
      type: 'router-view',
      host: this.address.host,
      port: this.address.port,
      backends: this.routing.snapshot().map(routedBackend),
      source: 'nats',
    });
    this.timer = setTimeout(() => this.tick(), this.config.num('health-interval-ms'));
    this.timer.unref();
  }
}
