/**
 * ProxyContext: what every client session and backend connection of one ProxyServer shares — the
 * configuration as the proxy reads it, the routing table, the backends, counters and a clock.
 *
 * The clock is `now`, refreshed by the server's housekeeping timer (limits.cronIntervalMs) rather
 * than read per request: timeouts and idle times are coarse by design and the hot path makes no
 * clock call.
 */
import type { Logger } from 'pino';
import type { ConfigStore } from '@resplica/config';
import type { RouterCounters, RoutingTable } from '../routing/types';
import type { ProxyLimits } from './limits';
import { ProxyStats } from './stats';
import { BackendSet } from './backends';

export class ProxyContext {
  readonly stats = new ProxyStats();
  readonly backends: BackendSet;
  /** Milliseconds, refreshed by the housekeeping timer. */
  now = Date.now();
  /** `read-fallback master` (else `error`): reads with no fresh replica go to the master. */
  readFallbackMaster: boolean;
  /** The router's own `requirepass`; '' when clients need not authenticate. */
  requirePass: string;
  /** `masteruser` / `masterauth`: how the router authenticates to its backends. */
  backendUser: string;
  backendPassword: string;
  /** INFO's text for the requested sections (lower case; empty: the default ones); set by the server. */
  renderInfo: (sections: readonly string[]) => string = () => '';
  private lastClientId = 0;

  constructor(
    readonly config: ConfigStore,
    readonly routing: RoutingTable,
    readonly counters: RouterCounters | null,
    readonly limits: Readonly<ProxyLimits>,
    readonly log: Logger,
  ) {
    this.readFallbackMaster = config.str('read-fallback') === 'master';
    this.requirePass = config.str('requirepass');
    this.backendUser = config.str('masteruser');
    this.backendPassword = config.str('masterauth');
    this.backends = new BackendSet(this);
    routing.onChange(() => this.backends.tableChanged());
    config.onChange('read-fallback', () => (this.readFallbackMaster = config.str('read-fallback') === 'master'));
    config.onChange('requirepass', () => (this.requirePass = config.str('requirepass')));
    config.onChange('masteruser', () => (this.backendUser = config.str('masteruser')));
    config.onChange('masterauth', () => (this.backendPassword = config.str('masterauth')));
  }

  nextClientId(): number {
    return ++this.lastClientId;
  }
}
