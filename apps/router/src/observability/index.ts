/**
 * The router's observability: per-backend request counters the proxy feeds, the `# Router` INFO
 * section, and the metrics port: Prometheus /metrics and the live status page (/ and /status.json).
 */
export { createRouterCounters, RouterCountersImpl, REQUEST_KINDS } from './counters';
export type { RequestCounts } from './counters';
export { renderRouterInfo } from './router-info';
export { startMetricsServer, RouterMetrics, METRICS_PATH, STATUS_PAGE_PATH, STATUS_JSON_PATH } from './metrics';
export type { MetricsServer } from './metrics';
export { topologySource, LINE_COLORS, LAG_HISTORY_SAMPLES, LAG_SAMPLE_INTERVAL_MS } from './status-page';
export type { RouterIdentity, StatusDocument, BackendState, LagSample } from './status-page';
