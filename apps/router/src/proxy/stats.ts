/**
 * The proxy's own counters for INFO clients/stats: plain integer fields bumped on the hot path
 * (no map lookups, no labels). Per-backend counts go to the RouterCounters of the observability
 * side instead.
 */
export class ProxyStats {
  readonly startedAtMs = Date.now();
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  /** Errors the router answered itself (not ones forwarded from a backend). */
  routerErrorReplies = 0;
  /** Reads re-sent after a replica answered -LOADING or -MASTERDOWN. */
  readRetries = 0;
  /** Backend connections opened and those that failed (connect, timeout, lost). */
  backendConnections = 0;
  backendFailures = 0;
}
