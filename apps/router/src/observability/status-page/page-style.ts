/**
 * The status page's stylesheet, inlined into the page (no external asset: the page works offline
 * and behind any proxy). Row states: `gone` (nothing heard within the health timeout) is struck
 * through on red, `not-serving` (known but out of rotation) is amber. Line heights are whole pixels,
 * so the chart sits on the pixel grid and a screenshot of it is exactly its size.
 */
export const PAGE_STYLE = `
body { font: 14px/20px system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; line-height: 28px; margin: 0 0 4px; }
#meta { color: #555; margin-bottom: 12px; }
#banner { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; padding: 6px 10px; margin-bottom: 12px; }
#banner[hidden] { display: none; }
table { border-collapse: collapse; background: #fff; margin-bottom: 16px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; white-space: nowrap; }
th { background: #f0f0f0; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.not-serving td { background: #fff8e1; }
tr.gone td { background: #fdecea; color: #8a1c12; }
tr.gone td[data-field="node"] { text-decoration: line-through; }
td[data-field="state"] { font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }
h2 { font-size: 16px; line-height: 24px; margin: 8px 0; }
#lag-chart { display: block; background: #fff; border: 1px solid #ddd; }
`;
