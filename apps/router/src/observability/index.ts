/**
 * The router's observability: per-backend request counters the proxy feeds, the `# Router` INFO
 * section, and the Prometheus /metrics endpoint on `metrics-port`.
 */
export { createRouterCounters, RouterCountersImpl, REQUEST_KINDS } from './counters';
export type { RequestCounts } from './counters';
export { renderRouterInfo } from './router-info';
export { startMetricsServer, RouterMetrics, METRICS_PATH } from './metrics';
export type { MetricsServer } from './metrics';
