/**
 * The router process: reads configuration (a redis.conf-style file as the first argument,
 * `--name value` flags, RESPLICA_* environment variables; the router listens on 6379 unless told
 * otherwise), then starts the routing table (health events over NATS, or the static `master` /
 * `replica` lists, polled with INFO), the proxy applications connect to, /metrics on
 * `metrics-port` and, with NATS, the RouterView it publishes every health interval.
 *
 * SIGTERM and SIGINT publish a Shutdown (with NATS), stop listening, close every connection and
 * exit 0. Exit code 1: invalid
 * configuration (every error printed first), or a listener that cannot start.
 */
import pino from 'pino';
import { loadConfig } from '@resplica/config';
import { ProxyServer } from './proxy';
import { createRoutingTable } from './routing';
import { routerAddress, RouterViewPublisher } from './publishing';
import { createRouterCounters, renderRouterInfo, startMetricsServer, topologySource, type MetricsServer } from './observability';

/** ARCHITECTURE.md: applications reach the router on Redis's own port. */
const ROUTER_DEFAULTS = { port: '6379' };

const { config, errors } = loadConfig({ argv: process.argv.slice(2), env: process.env, defaults: ROUTER_DEFAULTS });
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(`config error: ${e}\n`);
  process.exit(1);
}

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, app: 'router' } });
const log = logger.child({ component: 'router' });
const routing = createRoutingTable({ config, log: logger });
const counters = createRouterCounters();
const proxy = new ProxyServer({ config, routing, log: logger, counters, routerInfo: () => renderRouterInfo(routing, counters) });
let metrics: MetricsServer | null = null;
let views: RouterViewPublisher | null = null;

async function start(): Promise<void> {
  const port = await proxy.start();
  metrics = await startMetricsServer(config.num('metrics-port'), routing, counters, log, { port, source: topologySource(config) });
  if (config.str('nats') !== '') {
    views = new RouterViewPublisher({ config, log: logger.child({ component: 'publishing' }), routing, address: routerAddress(config, port) });
    views.start();
  }
  log.info({ port }, 'ready to accept connections');
}

async function stop(signal: string): Promise<void> {
  log.info({ signal }, 'received signal, shutting down');
  // The Shutdown goes out first (close() publishes it synchronously), then everything closes together.
  await Promise.allSettled([views?.close(signal), proxy.close(), metrics?.close(), routing.close()]);
  logger.flush();
  process.exit(0);
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
start().catch((err: Error) => {
  log.error({ err: err.message }, 'could not start');
  logger.flush();
  process.exit(1);
});
