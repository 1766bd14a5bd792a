/**
 * The proxy's named limits and tunables. Each bounds memory or time for one thing, and each is
 * enforced with an integer comparison on the hot path. ProxyServer takes overrides (tests shorten
 * the timeouts); production runs with these defaults.
 */

export interface ProxyLimits {
  /**
   * Requests one client may have forwarded and not yet answered. A client that pipelines more
   * waits (its socket is paused) until replies come back: with the output limit below, this bounds
   * what one client that does not read can make the router hold (about this many replies).
   */
  maxClientInflight: number;
  /** Reply bytes waiting for one client's socket before the router stops forwarding its requests. */
  clientOutputPauseBytes: number;
  /** Request bytes waiting for one backend socket before clients that send to it are paused. */
  backendOutputPauseBytes: number;
  /** Shared (multiplexed) connections per backend, database and protocol. */
  sharedConnsPerPool: number;
  /** Clean dedicated connections kept for reuse per backend, database and protocol. */
  idleDedicatedPerPool: number;
  /** A connection that is not established and handshaken within this long has failed. */
  connectTimeoutMs: number;
  /**
   * A backend connection with requests in flight that returns no reply for this long has failed
   * (blocking commands, subscribe and monitor connections are exempt).
   */
  replyTimeoutMs: number;
  /** After a failed connect, requests for that backend fail at once for this long. */
  reconnectBackoffMs: number;
  /** Period of the housekeeping timer (clock, timeouts, idle clients). */
  cronIntervalMs: number;
  /** Databases a client may SELECT (Redis's default `databases`). */
  databases: number;
}

export const DEFAULT_PROXY_LIMITS: Readonly<ProxyLimits> = Object.freeze({
  maxClientInflight: 256,
  clientOutputPauseBytes: 1024 * 1024,
  backendOutputPauseBytes: 8 * 1024 * 1024,
  sharedConnsPerPool: 2,
  idleDedicatedPerPool: 8,
  connectTimeoutMs: 2000,
  replyTimeoutMs: 10000,
  reconnectBackoffMs: 500,
  cronIntervalMs: 100,
  databases: 16,
});
