/**
 * NodeHealthReporter: the node's voice on NATS. Once the node listens (start()), it publishes a
 * NodeHealth at once and then every `health-interval-ms` (CONFIG SET applies at once), each
 * replication event as it happens (link up/down, full sync started/finished, role changed), and a
 * Shutdown when the node stops (close()).
 *
 * With `nats` empty it says so once in the log and does nothing else. NATS itself can never hold
 * the node up: HealthPublisher.publish() never blocks or throws, and close() waits at most about a
 * second for the last events to leave.
 *
 * Configuration (each also a redis.conf directive and a RESPLICA_* variable): nats, nats-user /
 * nats-password or nats-token (the token wins when both are set), cluster, node-id (default: the
 * announced host:port, see announce.ts), health-interval-ms.
 */
import { HealthPublisher, redactServers, type HealthEventInput } from '@resplica/health';
import type { Logger } from '../logger';
import type { ReplicationEvent } from '../replication/node-replication';
import { announcedAddress, nodeIdOf, type Announced } from './announce';
import { nodeHealthOf } from './snapshot';
import type { HealthSource } from './source';

export class NodeHealthReporter {
  private publisher: HealthPublisher | null = null;
  private address: Announced = { host: '', port: 0 };
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: Logger;

  constructor(
    private readonly node: HealthSource,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'health' });
  }

  /**
   * Called once the node listens and its replication started (the node id needs the bound port).
   * Throws HealthConfigError for a cluster name that cannot be a NATS subject token.
   */
  start(): void {
    const config = this.node.config;
    const servers = config.str('nats');
    if (servers === '') {
      this.log.info({}, 'health events disabled: no NATS configured');
      return;
    }
    this.address = announcedAddress(config, this.node.port);
    const nodeId = nodeIdOf(config, this.address);
    const optional = (name: string): string | undefined => config.str(name) || undefined;
    this.publisher = new HealthPublisher({
      servers,
      user: optional('nats-user'),
      password: optional('nats-password'),
      token: optional('nats-token'),
      name: `resplica-node ${nodeId}`,
      log: this.log,
      cluster: config.str('cluster'),
      nodeId,
    });
    this.publisher.start();
    this.log.info({ servers: redactServers(servers), cluster: config.str('cluster'), nodeId, subject: this.publisher.subject }, 'health events on NATS');
    this.node.replication.onEvent((event) => this.onReplicationEvent(event));
    config.onChange('health-interval-ms', () => this.schedule());
    this.publishHealth();
    this.schedule();
  }

  /** Node shutdown: a Shutdown event, then the connection closes (bounded). Idempotent. */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const publisher = this.publisher;
    if (publisher === null) return;
    publisher.publish({ type: 'shutdown', reason });
    await publisher.close();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = setInterval(() => this.publishHealth(), this.node.config.num('health-interval-ms'));
  }

  /** One NodeHealth. A bug in building it is logged, never thrown into the node's timers. */
  private publishHealth(): void {
    try {
      this.publisher?.publish(nodeHealthOf(this.node, this.address, Date.now()));
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'health: cannot build NodeHealth');
    }
  }

  private onReplicationEvent(event: ReplicationEvent): void {
    if (this.closed || this.publisher === null) return;
    this.publisher.publish(this.toHealthEvent(event));
  }

  /** A replication event with what a router needs beside it (the master, ids, offsets). */
  private toHealthEvent(event: ReplicationEvent): HealthEventInput {
    const repl = this.node.replication;
    const master = { masterHost: repl.masterHost, masterPort: repl.masterPort };
    switch (event.type) {
      case 'link-up':
        return { type: 'link-up', kind: event.kind, ...master, offset: repl.state.masterReplOffset };
      case 'link-down':
        return { type: 'link-down', reason: event.reason, ...master };
      case 'full-sync-started':
        return { type: 'full-sync-started', ...master };
      case 'full-sync-finished':
        return { type: 'full-sync-finished', keys: event.keys };
      case 'role-changed':
        return { type: 'role-changed', role: event.role, ...master, replid: repl.state.replid, masterReplOffset: repl.state.masterReplOffset };
    }
  }
}
