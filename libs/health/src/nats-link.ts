/**
 * One NATS connection that stays up for the life of a publisher or subscriber: the first connect
 * is retried until it succeeds (a node may start before NATS), later outages are the client's own
 * reconnect loop (never giving up), and a connection the client closes for good (repeated
 * authorization errors) is replaced by a new dial. Nothing here ever throws into the caller or
 * blocks it: start() returns at once, and close() is bounded in time.
 *
 * Invariants: `connected` is true only between a connect/reconnect and the next disconnect; the
 * owner's `onConnected` runs each time it becomes true, `onDisconnected` each time it becomes false;
 * after close() no timer or socket of ours is left and no hook runs again. Credentials are never
 * logged.
 */
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { ThrottledLog } from './throttled-log';
import type { Logger, NatsOptions } from './types';

/** Pause between two dials while NATS cannot be reached at all (also the client's reconnect wait). */
export const RETRY_MS = 1000;
/** A dial that gets no answer is abandoned after this long. */
const CONNECT_TIMEOUT_MS = 5000;
/**
 * A peer that vanished without closing the socket (a partition) is noticed after at most about
 * PING_INTERVAL_MS × MAX_PINGS_OUT; the client's default of 2 minutes would hide an outage for that
 * long while publishes pile up in the socket.
 */
const PING_INTERVAL_MS = 10_000;
const MAX_PINGS_OUT = 2;

export interface LinkHooks {
  /** Connected (first time, or after an outage): subscriptions are in place again. */
  onConnected(nc: NatsConnection): void;
  onDisconnected(): void;
}

/** `servers` fit for a log line: credentials written into a URL (`nats://u:p@host`) are masked. */
export function redactServers(servers: string): string {
  return servers.replace(/\/\/[^/@,]*@/g, '//***@');
}

function clientOptions(o: NatsOptions): NodeConnectionOptions {
  const auth = o.token !== undefined && o.token !== '' ? { token: o.token } : o.user !== undefined && o.user !== '' ? { user: o.user, pass: o.password ?? '' } : {};
  return {
    servers: o.servers.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    name: o.name,
    ...auth,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: RETRY_MS,
    timeout: CONNECT_TIMEOUT_MS,
    pingInterval: PING_INTERVAL_MS,
    maxPingOut: MAX_PINGS_OUT,
  };
}

export class NatsLink {
  private nc: NatsConnection | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private started = false;
  private isConnected = false;
  private readonly log: Logger;
  private readonly dialFailed: ThrottledLog;
  private readonly serverError: ThrottledLog;

  constructor(
    private readonly options: NatsOptions,
    private readonly hooks: LinkHooks,
  ) {
    this.log = options.log;
    this.dialFailed = new ThrottledLog(this.log, 'warn', 'nats: cannot connect, retrying');
    this.serverError = new ThrottledLog(this.log, 'warn', 'nats: server error');
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Starts dialing in the background; a second call does nothing. */
  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    void this.dial();
  }

  /**
   * Ends the connection. With `drainMs` > 0 and a live connection, what was published is flushed
   * to the server first, waiting at most that long (a NATS outage never holds a shutdown up).
   */
  async close(drainMs = 0): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const nc = this.nc;
    const wasConnected = this.isConnected;
    this.nc = null;
    this.isConnected = false;
    if (nc === null) return;
    // While disconnected a flush could only wait for the reconnect: skip it.
    if (drainMs > 0 && wasConnected && !nc.isClosed()) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((done) => (timer = setTimeout(done, drainMs)));
      await Promise.race([nc.flush().catch(() => undefined), bound]);
      clearTimeout(timer);
    }
    await nc.close().catch(() => undefined);
  }

  private async dial(): Promise<void> {
    this.retryTimer = null;
    let nc: NatsConnection;
    try {
      nc = await connect(clientOptions(this.options));
    } catch (err) {
      if (this.closing) return;
      this.dialFailed.write({ servers: redactServers(this.options.servers), err: (err as Error).message });
      this.retryTimer = setTimeout(() => void this.dial(), RETRY_MS);
      return;
    }
    if (this.closing) {
      await nc.close().catch(() => undefined);
      return;
    }
    this.nc = nc;
    this.dialFailed.reset();
    this.watch(nc);
    this.up(nc, 'nats: connected');
  }

  private up(nc: NatsConnection, message: string): void {
    this.isConnected = true;
    this.log.info({ server: nc.getServer() }, message);
    this.hooks.onConnected(nc);
  }

  private down(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.hooks.onDisconnected();
  }

  /** Follows the client's status (disconnect, reconnect, errors) and its final close. */
  private watch(nc: NatsConnection): void {
    const statuses = nc.status();
    void (async () => {
      for await (const s of statuses) {
        if (this.closing || this.nc !== nc) return;
        if (s.type === 'disconnect') {
          this.log.warn({ server: s.server }, 'nats: disconnected, reconnecting');
          this.down();
        } else if (s.type === 'reconnect') {
          this.up(nc, 'nats: reconnected');
        } else if (s.type === 'error') {
          this.serverError.write({ err: s.error.message });
        }
      }
    })();
    void nc.closed().then((err) => {
      if (this.closing || this.nc !== nc) return;
      // The client gave up (it does after repeated authorization errors): start over with a new one.
      this.nc = null;
      this.down();
      this.log.warn({ err: err?.message ?? null }, 'nats: connection closed, dialing again');
      this.retryTimer = setTimeout(() => void this.dial(), RETRY_MS);
    });
  }
}
