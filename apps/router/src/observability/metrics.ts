/**
 * The router's Prometheus exposition: what INFO router shows, as metrics, on
 * `http://<host>:<metrics-port>/metrics` (prom-client text format 0.0.4).
 *
 *   resplica_router_requests_total{backend,kind}        counter: requests by kind (REQUEST_KINDS)
 *   resplica_router_backend_serving{backend,role}       1 when in rotation / taking writes, else 0
 *   resplica_router_replica_lag_bytes{backend}          replicas: lag in bytes (master-offsets.ts)
 *   resplica_router_replica_lag_seconds{backend}        replicas: lag in seconds (INFO's lag_ms / 1000)
 *   resplica_router_backend_last_heard_seconds{backend} age of its last health event; absent
 *                                                       for a backend that never sent one
 * Times are in seconds, Prometheus's base unit. Only the router's metrics are exported (no
 * process defaults), from a registry of its own.
 *
 * The same port serves the status page (status-page/): GET / is the page, GET /status.json its
 * data; any other path or method answers 404.
 *
 * Invariant: one scrape reads one table snapshot, so every metric of a scrape describes the same
 * instant; request counters read the proxy's counts, never counted twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import type { RoutingTable } from '../routing/types';
import { REQUEST_KINDS, type RouterCountersImpl } from './counters';
import { LagHistory, STATUS_PAGE_CSP, STATUS_PAGE_HTML, statusDocument, type RouterIdentity } from './status-page';

export const METRICS_PATH = '/metrics';
export const STATUS_PAGE_PATH = '/';
export const STATUS_JSON_PATH = '/status.json';

/** A registry of its own whose metrics are refilled from the table and the counters at each render. */
export class RouterMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'backend' | 'kind'>;
  private readonly serving: Gauge<'backend' | 'role'>;
  private readonly lagBytes: Gauge<'backend'>;
  private readonly lagSeconds: Gauge<'backend'>;
  private readonly lastHeard: Gauge<'backend'>;

  constructor(
    private readonly table: RoutingTable,
    private readonly counters: RouterCountersImpl,
  ) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'resplica_router_requests_total',
      help: 'Requests the router sent to a backend, by kind (read, write, pinned, retried, failed).',
      labelNames: ['backend', 'kind'],
      registers,
    });
    this.serving = new Gauge({
      name: 'resplica_router_backend_serving',
      help: '1 when the backend is in the read rotation (replica) or takes writes (master), else 0.',
      labelNames: ['backend', 'role'],
      registers,
    });
    this.lagBytes = new Gauge({
      name: 'resplica_router_replica_lag_bytes',
      help: "Replica lag: the master's last reported offset minus the replica's applied offset.",
      labelNames: ['backend'],
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'resplica_router_replica_lag_seconds',
      help: 'Replica lag: time since the first master report the replica had not applied when it last reported.',
      labelNames: ['backend'],
      registers,
    });
    this.lastHeard = new Gauge({
      name: 'resplica_router_backend_last_heard_seconds',
      help: 'Seconds since the last health event from the backend.',
      labelNames: ['backend'],
      registers,
    });
  }

  /** The exposition text of this instant: one table snapshot, the counters as they are now. */
  async render(): Promise<string> {
    const statuses = this.table.snapshot();
    for (const metric of [this.requests, this.serving, this.lagBytes, this.lagSeconds, this.lastHeard]) metric.reset();
    // The table's backends, and any that left it with counts: a counter never goes back.
    const counted = new Set(statuses.map((s) => s.id));
    for (const id of this.counters.backends()) counted.add(id);
    for (const backend of counted) {
      const counts = this.counters.of(backend);
      for (const kind of REQUEST_KINDS) this.requests.inc({ backend, kind }, counts[kind]);
    }
    for (const s of statuses) {
      this.serving.set({ backend: s.id, role: s.role }, s.serving ? 1 : 0);
      if (s.lastHeardMsAgo >= 0) this.lastHeard.set({ backend: s.id }, s.lastHeardMsAgo / 1000);
      if (s.role === 'replica') {
        this.lagBytes.set({ backend: s.id }, s.lagBytes);
        this.lagSeconds.set({ backend: s.id }, s.lagMs / 1000);
      }
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** What the page and its data answer with: never cached, since both change every second. */
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Serves RouterMetrics and the status page on `port` (all interfaces); resolves once listening,
 * or null when `port` is 0 (metrics off). A failed /metrics render answers 500 and is logged.
 * `router` names the router on the page and in /status.json; without it, its port shows as null.
 * The lag history is sampled from the table once a second while the server runs.
 */
export async function startMetricsServer(
  port: number,
  table: RoutingTable,
  counters: RouterCountersImpl,
  log: Logger,
  router: RouterIdentity = { port: null },
): Promise<MetricsServer | null> {
  if (port === 0) return null;
  const metrics = new RouterMetrics(table, counters);
  const history = new LagHistory({ snapshot: () => table.snapshot() });
  const server: Server = createServer((req, res) => {
    const path = req.method === 'GET' ? req.url?.split('?')[0] : undefined;
    if (path === METRICS_PATH) {
      metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (err: Error) => {
          log.error({ err: err.message }, 'router: metrics render failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
    } else if (path === STATUS_PAGE_PATH) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STATUS_PAGE_CSP, ...NO_STORE })
        .end(STATUS_PAGE_HTML);
    } else if (path === STATUS_JSON_PATH) {
      const body = JSON.stringify(statusDocument(router, table.snapshot(), history.toJSON(), Date.now()));
      res.writeHead(200, { 'content-type': 'application/json', ...NO_STORE }).end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  history.start();
  const bound = (server.address() as AddressInfo).port;
  log.info({ port: bound, paths: [METRICS_PATH, STATUS_PAGE_PATH, STATUS_JSON_PATH] }, 'router: metrics and status page listening');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        history.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
