/**
 * The router's status page on the metrics port: the HTML page (GET /), its data (GET
 * /status.json) and the lag history the chart draws.
 */
export { STATUS_PAGE_HTML, STATUS_PAGE_CSP } from './page';
export { LINE_COLORS, REFRESH_MS } from './page-script';
export { LagHistory, LAG_HISTORY_SAMPLES, LAG_SAMPLE_INTERVAL_MS } from './lag-history';
export type { LagSample, LagHistoryOptions } from './lag-history';
export { backendState, statusDocument, topologySource } from './status-document';
export type { BackendState, RouterIdentity, StatusDocument } from './status-document';
