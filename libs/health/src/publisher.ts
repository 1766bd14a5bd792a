/**
 * HealthPublisher: what a node uses to put its health events on NATS, on
 * `resplica.<cluster>.health.<node>`.
 *
 * publish() is called from the node's event loop and must cost it nothing whatever NATS does: it
 * encodes the event (stamping node id, run id, the next seq and the wall clock), hands the bytes to
 * the NATS client when connected, and otherwise keeps them in a bounded OutageBuffer (oldest
 * dropped first, drops logged at most every few seconds). On reconnect the buffer is sent, oldest
 * first. It never throws and never waits.
 *
 * Delivery is at most once, as NATS core is: events published in the instant between a connection
 * breaking and the client noticing it are lost with the socket. Subscribers see that as a gap in
 * `seq`; the next NodeHealth restates the node's whole state anyway.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeHealthEvent } from './codec';
import { NatsLink } from './nats-link';
import { OutageBuffer } from './outage-buffer';
import { healthSubject } from './subjects';
import { ThrottledLog } from './throttled-log';
import type { HealthEventInput, Logger, NatsOptions } from './types';

/** Events kept while NATS is unreachable, unless the caller says otherwise. */
export const DEFAULT_MAX_BUFFERED = 100;
/** close() waits at most this long for the last events (the Shutdown) to reach the server. */
const CLOSE_FLUSH_MS = 1000;

export interface HealthPublisherOptions extends NatsOptions {
  cluster: string;
  nodeId: string;
  /** @default DEFAULT_MAX_BUFFERED */
  maxBuffered?: number;
}

export class HealthPublisher {
  /** The subject this node publishes on. */
  readonly subject: string;
  readonly nodeId: string;
  /** Random per instance, so subscribers can tell a restarted node's seq 1 from an old one. */
  readonly runId = randomBytes(8).toString('hex');
  private seq = 0;
  private closed = false;
  private nc: NatsConnection | null = null;
  private readonly buffer: OutageBuffer;
  private readonly link: NatsLink;
  private readonly log: Logger;
  private readonly dropWarning: ThrottledLog;
  private readonly sendFailure: ThrottledLog;

  /** Throws HealthConfigError for a cluster name or node id that cannot make a subject. */
  constructor(options: HealthPublisherOptions) {
    this.subject = healthSubject(options.cluster, options.nodeId);
    this.nodeId = options.nodeId;
    this.buffer = new OutageBuffer(options.maxBuffered ?? DEFAULT_MAX_BUFFERED);
    this.log = options.log;
    this.dropWarning = new ThrottledLog(this.log, 'warn', 'health: NATS unreachable, dropping the oldest buffered events');
    this.sendFailure = new ThrottledLog(this.log, 'warn', 'health: publish failed');
    this.link = new NatsLink(options, {
      onConnected: (nc) => this.connectedTo(nc),
      onDisconnected: () => {
        this.nc = null;
      },
    });
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** Events waiting for NATS to come back. */
  get buffered(): number {
    return this.buffer.size;
  }

  /** Events dropped because the buffer was full, since start. */
  get dropped(): number {
    return this.buffer.dropped;
  }

  /** Starts connecting in the background; events published before that are buffered. */
  start(): void {
    this.link.start();
  }

  /** Sends one event now, or buffers it while NATS is unreachable. Never throws, never waits. */
  publish(event: HealthEventInput): void {
    if (this.closed) return;
    const seq = ++this.seq;
    let bytes: Uint8Array;
    try {
      bytes = encodeHealthEvent({ nodeId: this.nodeId, runId: this.runId, seq, sentAtMs: Date.now() }, event);
    } catch (err) {
      this.log.error({ type: event.type, err: (err as Error).message }, 'health: cannot encode event');
      return;
    }
    if (this.nc !== null && this.send(this.nc, bytes, event.type)) return;
    const droppedBefore = this.buffer.dropped;
    this.buffer.push({ seq, bytes }, event.type === 'node-health');
    if (this.buffer.dropped !== droppedBefore) this.dropWarning.write({ dropped: this.buffer.dropped, buffered: this.buffer.size });
  }

  /** Sends what is buffered if it can (at most about a second), then disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.nc = null;
    await this.link.close(CLOSE_FLUSH_MS);
  }

  private send(nc: NatsConnection, bytes: Uint8Array, type: string): boolean {
    try {
      nc.publish(this.subject, bytes);
      return true;
    } catch (err) {
      this.sendFailure.write({ type, err: (err as Error).message });
      return false;
    }
  }

  /** (Re)connected: what waited in the buffer goes first, in order. */
  private connectedTo(nc: NatsConnection): void {
    if (this.closed) return;
    const pending = this.buffer.drain();
    let sent = 0;
    for (const e of pending) if (this.send(nc, e.bytes, 'buffered')) sent++;
    if (pending.length > 0 || this.buffer.dropped > 0) {
      this.log.info({ sent, droppedSinceStart: this.buffer.dropped }, 'health: sent the buffered events');
    }
    this.dropWarning.reset();
    this.nc = nc;
  }
}
