/**
 * ProxyServer: the router's listener. It accepts application connections on `bind`/`port`
 * (refusing past `maxclients`), gives each a ClientSession, and runs the housekeeping timer:
 * the shared clock, reconnect backoffs, connect and reply timeouts of backend connections, and
 * the `timeout` idle limit of clients (not for subscribers, monitors or blocked clients, as Redis).
 *
 * The routing table, the per-backend counters and the `router` INFO section are passed in: the
 * proxy only asks the table where to send things and reports what went wrong.
 *
 * Invariant: after close() resolves, no socket of the proxy is open and no timer runs.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ConfigStore } from '@resplica/config';
import type { RouterCounters, RoutingTable } from '../routing/types';
import { ClientSession, type SessionHost } from './client-session';
import { ProxyContext } from './context';
import { renderInfo } from './info';
import { DEFAULT_PROXY_LIMITS, type ProxyLimits } from './limits';
import { MAX_CLIENTS } from './replies';

export interface ProxyServerOptions {
  readonly config: ConfigStore;
  readonly routing: RoutingTable;
  readonly log: Logger;
  readonly counters?: RouterCounters;
  /** Renders INFO's `router` section (with its `# Router` header). */
  readonly routerInfo?: () => string;
  /** Overrides of the named limits (tests shorten timeouts). */
  readonly limits?: Partial<ProxyLimits>;
}

/** One `bind` word as a listen address: `*` is every IPv4 address, `::*` every IPv6 one. */
function listenAddress(word: string): { host: string; optional: boolean } {
  const optional = word.startsWith('-');
  const addr = optional ? word.slice(1) : word;
  return { host: addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr, optional };
}

export class ProxyServer implements SessionHost {
  readonly ctx: ProxyContext;
  readonly clients = new Set<ClientSession>();
  /** The port listened on (the actual one when configured as 0); 0 before start(). */
  port = 0;
  private readonly servers: Server[] = [];
  private readonly log: Logger;
  private cron: NodeJS.Timeout | null = null;

  constructor(options: ProxyServerOptions) {
    this.log = options.log.child({ component: 'proxy' });
    const limits = { ...DEFAULT_PROXY_LIMITS, ...options.limits };
    this.ctx = new ProxyContext(options.config, options.routing, options.counters ?? null, limits, this.log);
    const routerSection = options.routerInfo ?? null;
    this.ctx.renderInfo = (sections) => renderInfo({ ctx: this.ctx, port: this.port, clients: this.clients, routerSection }, sections);
  }

  /** Listens on every `bind` address; resolves with the port. Optional (`-`) addresses may fail. */
  async start(): Promise<number> {
    const config = this.ctx.config;
    let port = config.num('port');
    const words = config.get('bind').split(/\s+/).filter((w) => w !== '');
    for (const word of words) {
      const { host, optional } = listenAddress(word);
      try {
        port = await this.listen(host, port);
      } catch (err) {
        if (!optional) {
          await this.close();
          throw err;
        }
        this.log.warn({ host, reason: (err as Error).message }, 'optional bind address unavailable');
      }
    }
    if (this.servers.length === 0) throw new Error('no bind address could be listened on');
    this.port = port;
    this.cron = setInterval(this.tick, this.ctx.limits.cronIntervalMs);
    this.cron.unref();
    this.log.info({ port, bind: words }, 'router accepting connections');
    return port;
  }

  /** Stops listening, closes every client and backend connection. */
  async close(): Promise<void> {
    if (this.cron !== null) clearInterval(this.cron);
    this.cron = null;
    const servers = this.servers.splice(0);
    for (const client of [...this.clients]) client.close();
    this.ctx.backends.closeAll();
    await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  }

  /** SessionHost: a session is gone. */
  sessionClosed(session: ClientSession): void {
    this.clients.delete(session);
  }

  private listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer(this.onConnection);
      server.once('error', reject);
      server.listen({ host, port, ipv6Only: host.includes(':') }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log.error({ reason: err.message }, 'listener error'));
        this.servers.push(server);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  private readonly onConnection = (socket: Socket): void => {
    const ctx = this.ctx;
    ctx.stats.connectionsReceived++;
    if (this.clients.size >= ctx.config.num('maxclients')) {
      ctx.stats.rejectedConnections++;
      socket.on('error', () => undefined);
      socket.end(MAX_CLIENTS);
      return;
    }
    const session = new ClientSession(ctx, socket, this);
    this.clients.add(session);
    if (this.log.isLevelEnabled('debug')) this.log.debug({ client: session.id, addr: session.addr }, 'client connected');
  };

  private readonly tick = (): void => {
    const ctx = this.ctx;
    const now = Date.now();
    ctx.now = now;
    ctx.backends.tick(now);
    const idleMs = ctx.config.num('timeout') * 1000;
    if (idleMs > 0) {
      for (const s of this.clients) {
        if (s.pubsub !== null || s.monitor !== null || s.waitReq !== null || s.queue.length > 0) continue;
        if (now - s.lastInteraction > idleMs) s.close();
      }
    }
  };
}
