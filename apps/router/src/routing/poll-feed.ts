/**
 * The HealthFeed of a router without NATS: it asks every configured node (`master`, `replica`)
 * for `INFO replication persistence` once per `health-interval-ms`, over one connection per node
 * (node-poller.ts), and hands each answer to the table as that node's health report, under the
 * node id `host:port`. So the static lists get what NATS gives: lag, link state, loading, full
 * syncs, and staleness: a node that does not answer emits nothing and goes stale after
 * health-timeout exactly like a silent publisher.
 *
 * Invariant: one poller per configured address, and at most one poll in flight per poller; an
 * answer is delivered only if its poller is still the current one for that address (the lists or
 * the credentials may change while a poll runs) and the feed is open.
 */
import type { Logger } from 'pino';
import { hostPorts, type ConfigStore } from '@resplica/config';
import type { HealthFeed, NodeEvent } from './events';
import { backendRef } from './backend';
import { factsFromInfo } from './info-facts';
import { NodePoller } from './node-poller';

/** A node that has not answered INFO within this long has its connection dropped and redialled. */
export const POLL_TIMEOUT_MS = 1000;

/** The parameters whose change rebuilds the pollers (the addresses or how to log in). */
const POLL_SETTINGS = ['master', 'replica', 'masteruser', 'masterauth'] as const;

export class PollFeed implements HealthFeed {
  private readonly pollers = new Map<string, NodePoller>();
  private readonly busy = new Set<NodePoller>();
  private readonly unsubscribe: (() => void)[] = [];
  private listener: ((event: NodeEvent) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: ConfigStore,
    private readonly log: Logger,
  ) {}

  /** Starts polling: at once, then every health-interval-ms (re-read each time, so CONFIG SET applies). */
  onEvent(listener: (event: NodeEvent) => void): void {
    this.listener = listener;
    this.log.info(
      { intervalMs: this.config.num('health-interval-ms') },
      'router: no NATS configured: polling the configured nodes with INFO every intervalMs',
    );
    for (const name of POLL_SETTINGS) this.unsubscribe.push(this.config.onChange(name, (changed) => this.sync(changed)));
    this.sync('master');
    this.tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer ?? undefined);
    for (const off of this.unsubscribe) off();
    for (const poller of this.pollers.values()) poller.close();
    this.pollers.clear();
  }

  /** Makes the pollers match the lists; new credentials replace every poller (each logs in anew). */
  private sync(changed: string): void {
    if (this.closed) return;
    if (changed === 'masteruser' || changed === 'masterauth') {
      for (const poller of this.pollers.values()) poller.close();
      this.pollers.clear();
    }
    const wanted = new Map<string, { host: string; port: number }>();
    for (const a of hostPorts(`${this.config.str('master')} ${this.config.str('replica')}`)) wanted.set(backendRef(a.host, a.port).id, a);
    for (const [id, poller] of this.pollers) {
      if (wanted.has(id)) continue;
      poller.close();
      this.pollers.delete(id);
    }
    const credentials = { user: this.config.str('masteruser'), password: this.config.str('masterauth') };
    for (const [id, a] of wanted) {
      if (!this.pollers.has(id)) this.pollers.set(id, new NodePoller(backendRef(a.host, a.port), credentials, POLL_TIMEOUT_MS));
    }
  }

  /** Polls every node whose last poll has settled, then schedules the next round. */
  private tick(): void {
    if (this.closed) return;
    for (const poller of this.pollers.values()) {
      if (!this.busy.has(poller)) void this.pollOne(poller);
    }
    this.timer = setTimeout(() => this.tick(), this.config.num('health-interval-ms'));
    this.timer.unref();
  }

  private async pollOne(poller: NodePoller): Promise<void> {
    this.busy.add(poller);
    const text = await poller.poll();
    this.busy.delete(poller);
    const { id, host, port } = poller.ref;
    if (text === null || this.closed || this.pollers.get(id) !== poller) return;
    const health = factsFromInfo(host, port, text);
    if (health !== null) this.listener?.({ kind: 'health', nodeId: id, health });
  }
}
