/**
 * GET / on the metrics port: one self-contained HTML page (inline style and script, no CDN, no
 * framework) showing the router's live topology — a backends table and a lag-over-time chart —
 * refreshed from /status.json by page-script.ts.
 *
 * The page and its Content-Security-Policy are built once at module load: the policy allows
 * exactly this inline script and style (by SHA-256) and fetches from this origin only, so even a
 * hostile backend id in a health event could not run code here.
 */
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_STYLE } from './page-style';

/** The chart's size in CSS pixels; the canvas is never scaled, so a screenshot shows its pixels as drawn. */
const CHART_WIDTH = 960;
const CHART_HEIGHT = 300;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>resplica router</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1 id="router">router</h1>
<div id="meta"><span id="summary">waiting for the first status…</span></div>
<div id="banner" role="alert" hidden></div>
<table id="backends-table">
<thead><tr><th>Node</th><th>Role</th><th>State</th><th>Offset</th><th>Lag (bytes)</th><th>Lag (ms)</th><th>Link</th><th>Sync</th><th>Fresh</th><th>Reason</th><th>Last heard</th></tr></thead>
<tbody id="backends"></tbody>
</table>
<h2>Replica lag over time</h2>
<canvas id="lag-chart" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" aria-label="replica lag in ms over time"></canvas>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;

export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
