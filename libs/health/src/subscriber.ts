/**
 * HealthSubscriber: what a router uses to hear every node of its cluster
 * (`resplica.<cluster>.health.>`), decoded into DecodedHealthEvent.
 *
 * Each message is decoded once and handed to every listener in registration order. A message that
 * does not decode, or whose subject is not the one its node id publishes on (a sender posing as
 * another node), is logged (rate-limited) and skipped; an event kind newer than this version is
 * skipped silently. A listener that throws is logged and does not stop the others. The NATS client
 * re-subscribes by itself after a reconnect.
 *
 * Trust: whoever can publish on the cluster's subjects can speak for any node, so the nats-server
 * must require credentials (user/password or token); this class only refuses what is malformed.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeHealthEvent } from './codec';
import { NatsLink } from './nats-link';
import { clusterWildcard, healthSubject } from './subjects';
import { ThrottledLog } from './throttled-log';
import type { DecodedHealthEvent, Logger, NatsOptions } from './types';

export interface HealthSubscriberOptions extends NatsOptions {
  cluster: string;
}

export class HealthSubscriber {
  /** The wildcard subject subscribed to. */
  readonly subject: string;
  private readonly cluster: string;
  private readonly listeners: ((e: DecodedHealthEvent) => void)[] = [];
  private readonly link: NatsLink;
  private readonly log: Logger;
  private readonly badMessage: ThrottledLog;
  private readonly listenerFailure: ThrottledLog;
  private subscription: Subscription | null = null;
  /** The server has answered a PING sent after our SUB: events published from now on reach us. */
  private subscribed = false;

  /** Throws HealthConfigError for a cluster name that cannot make a subject. */
  constructor(options: HealthSubscriberOptions) {
    this.subject = clusterWildcard(options.cluster);
    this.cluster = options.cluster;
    this.log = options.log;
    this.badMessage = new ThrottledLog(this.log, 'warn', 'health: skipped a message that is not a valid health event');
    this.listenerFailure = new ThrottledLog(this.log, 'error', 'health: event listener threw');
    this.link = new NatsLink(options, {
      onConnected: (nc) => this.subscribe(nc),
      onDisconnected: () => {
        this.subscribed = false;
      },
    });
  }

  /** Connected, and the subscription is confirmed by the server (not merely sent). */
  get connected(): boolean {
    return this.link.connected && this.subscribed;
  }

  /** Starts connecting in the background; events flow once connected. */
  start(): void {
    this.link.start();
  }

  /** Adds a listener for every event of the cluster from now on. */
  onEvent(listener: (e: DecodedHealthEvent) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
    await this.link.close();
  }

  /**
   * Subscribes once per NATS connection object (the client itself re-subscribes after reconnects),
   * then confirms with a round trip after every (re)connect.
   */
  private subscribe(nc: NatsConnection): void {
    if (this.subscription === null || this.subscription.isClosed()) {
      this.subscription = nc.subscribe(this.subject, { callback: (err, msg) => (err === null ? this.receive(msg) : this.badMessage.write({ err: err.message })) });
    }
    nc.flush().then(
      () => {
        this.subscribed = this.link.connected;
      },
      () => undefined,
    );
  }

  private receive(msg: Msg): void {
    let event: DecodedHealthEvent | null;
    try {
      event = decodeHealthEvent(msg.data);
      if (event !== null && msg.subject !== healthSubject(this.cluster, event.nodeId)) {
        throw new Error(`node id does not match the subject`);
      }
    } catch (err) {
      this.badMessage.write({ subject: msg.subject, bytes: msg.data.length, err: (err as Error).message });
      return;
    }
    if (event === null) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.listenerFailure.write({ type: event.type, err: (err as Error).message });
      }
    }
  }
}
