/**
 * The status page's script, inlined into the page: every REFRESH_MS it fetches status.json and
 * updates, in place, the backends table (one `tr[data-backend="<id>"]` per backend, cells named by
 * `data-field`) and the lag chart on `canvas#lag-chart` (one line per replica, in the colour of the
 * swatch on its row; dashed once gone). After each update the canvas lists the series it drew in
 * `data-drawn`, and the body counts updates in `data-updates`: tests wait on those.
 *
 * Invariant: data from the router is only ever set as textContent or drawn, never parsed as HTML
 * (backend ids come from health events on the network). A replica keeps its colour for the life
 * of the page: colours are handed out in order of first sight and never reassigned.
 */

/** Line colours, in the order replicas are first seen; distinct from the greys of axes and grid. */
export const LINE_COLORS: readonly string[] = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
/** How often the page asks for status.json. */
export const REFRESH_MS = 500;
/** The chart spans at least half a minute (a young router) and at most the history kept. */
const MIN_SPAN_MS = 30_000;
const MAX_SPAN_MS = 300_000;

// Plain browser JavaScript, no build step; no backticks inside (this is a template literal).
export const PAGE_SCRIPT = `
'use strict';
(() => {
  const COLORS = ${JSON.stringify(LINE_COLORS)};
  const REFRESH_MS = ${REFRESH_MS};
  const MIN_SPAN_MS = ${MIN_SPAN_MS};
  const MAX_SPAN_MS = ${MAX_SPAN_MS};
  // Time ticks fall on whole seconds back from now, at most six of them.
  const TICK_STEPS_MS = [5000, 10000, 15000, 30000, 60000];
  const FIELDS = ['node', 'role', 'state', 'offset', 'lag-bytes', 'lag-ms', 'link', 'sync', 'fresh', 'reason', 'last-heard'];
  const NUMERIC = new Set(['offset', 'lag-bytes', 'lag-ms', 'last-heard']);

  const tbody = document.getElementById('backends');
  const canvas = document.getElementById('lag-chart');
  const banner = document.getElementById('banner');
  const rows = new Map();
  const colorIndex = new Map();
  let updates = 0;

  function colorOf(id) {
    if (!colorIndex.has(id)) colorIndex.set(id, colorIndex.size);
    return COLORS[colorIndex.get(id) % COLORS.length];
  }

  // ---- table ------------------------------------------------------------------------------

  function cellTexts(b) {
    const replica = b.role === 'replica';
    let sync = '-';
    if (b.sync !== null) {
      sync = b.sync.totalBytes > 0
        ? Math.floor((b.sync.readBytes * 100) / b.sync.totalBytes) + ' % (' + b.sync.readBytes + ' / ' + b.sync.totalBytes + ' bytes)'
        : 'starting';
    }
    return {
      node: b.id,
      role: b.role,
      state: b.state,
      offset: String(b.offset),
      'lag-bytes': replica ? String(b.lagBytes) : '-',
      'lag-ms': replica ? String(b.lagMs) : '-',
      link: b.linkUp ? 'up' : 'down',
      sync: sync,
      fresh: b.serving ? 'yes' : 'no',
      reason: b.reason,
      'last-heard': b.lastHeardMsAgo < 0 ? '-' : b.lastHeardMsAgo + ' ms ago',
    };
  }

  function newRow(id) {
    const tr = document.createElement('tr');
    tr.dataset.backend = id;
    for (const field of FIELDS) {
      const td = document.createElement('td');
      td.dataset.field = field;
      if (NUMERIC.has(field)) td.className = 'num';
      tr.appendChild(td);
    }
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    tr.firstChild.appendChild(swatch);
    tr.firstChild.appendChild(document.createTextNode(''));
    return tr;
  }

  function updateRow(tr, b) {
    const texts = cellTexts(b);
    tr.dataset.role = b.role;
    tr.dataset.state = b.state;
    tr.className = b.state === 'gone' ? 'gone' : b.serving ? '' : 'not-serving';
    tr.children[0].lastChild.textContent = texts.node;
    tr.children[0].firstChild.style.background = b.role === 'replica' ? colorOf(b.id) : 'transparent';
    for (let i = 1; i < FIELDS.length; i++) {
      if (tr.children[i].textContent !== texts[FIELDS[i]]) tr.children[i].textContent = texts[FIELDS[i]];
    }
  }

  function updateTable(backends) {
    const seen = new Set();
    let previous = null;
    for (const b of backends) {
      seen.add(b.id);
      let tr = rows.get(b.id);
      if (tr === undefined) {
        tr = newRow(b.id);
        rows.set(b.id, tr);
      }
      updateRow(tr, b);
      // Keep the router's order (master first) without rebuilding rows that did not move.
      const wanted = previous === null ? tbody.firstChild : previous.nextSibling;
      if (wanted !== tr) tbody.insertBefore(tr, wanted);
      previous = tr;
    }
    for (const [id, tr] of rows) {
      if (!seen.has(id)) {
        tr.remove();
        rows.delete(id);
      }
    }
  }

  // ---- chart ------------------------------------------------------------------------------

  /** The smallest 1, 2 or 5 times a power of ten that is at least v. */
  function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function drawChart(doc) {
    const ctx = canvas.getContext('2d');
    const W = canvas.width;
    const H = canvas.height;
    const left = 72, right = 16, top = 12, bottom = 28;
    const plotW = W - left - right;
    const plotH = H - top - bottom;
    const gone = new Set(doc.backends.filter((b) => b.state === 'gone').map((b) => b.id));
    const ids = Object.keys(doc.history).filter((id) => doc.history[id].length > 0);
    for (const id of ids) colorOf(id);
    ids.sort((a, b) => colorIndex.get(a) - colorIndex.get(b));

    let oldest = doc.now;
    let maxLag = 0;
    for (const id of ids) {
      for (const p of doc.history[id]) {
        oldest = Math.min(oldest, p[0]);
        maxLag = Math.max(maxLag, p[1]);
      }
    }
    const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, doc.now - oldest));
    const yMax = niceCeil(Math.max(maxLag, 10));
    const xOf = (t) => Math.round(left + ((t - (doc.now - span)) / span) * plotW);
    const yOf = (lag) => Math.round(top + plotH - (Math.min(lag, yMax) / yMax) * plotH);

    ctx.setLineDash([]);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, H);
    ctx.font = '12px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.fillStyle = '#555555';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      const y = yOf(v);
      ctx.strokeStyle = i === 0 ? '#999999' : '#eeeeee';
      ctx.beginPath();
      ctx.moveTo(left, y + 0.5);
      ctx.lineTo(left + plotW, y + 0.5);
      ctx.stroke();
      ctx.fillText(v + ' ms', left - 8, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    // span <= MAX_SPAN_MS (5 minutes), so the last step always qualifies.
    const stepMs = TICK_STEPS_MS.find((step) => span / step <= 6);
    for (let ago = 0; ago <= span; ago += stepMs) {
      ctx.fillText(ago === 0 ? 'now' : '-' + ago / 1000 + ' s', xOf(doc.now - ago), top + plotH + 8);
    }
    ctx.strokeStyle = '#999999';
    ctx.beginPath();
    ctx.moveTo(left + 0.5, top);
    ctx.lineTo(left + 0.5, top + plotH);
    ctx.stroke();

    // Idle replicas all sit at 0 ms: the first drawn is the widest, so every colour stays visible
    // under the ones drawn over it.
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, 0, plotW + right, H);
    ctx.clip();
    ctx.lineJoin = 'round';
    ids.forEach((id, i) => {
      const points = doc.history[id];
      const width = Math.min(8, 2 + 2 * (ids.length - 1 - i));
      ctx.strokeStyle = colorOf(id);
      ctx.fillStyle = colorOf(id);
      ctx.lineWidth = width;
      ctx.setLineDash(gone.has(id) ? [8, 6] : []);
      if (points.length === 1) {
        ctx.fillRect(xOf(points[0][0]) - width, yOf(points[0][1]) - width / 2, 2 * width, width);
        return;
      }
      ctx.beginPath();
      points.forEach((p, j) => (j === 0 ? ctx.moveTo(xOf(p[0]), yOf(p[1])) : ctx.lineTo(xOf(p[0]), yOf(p[1]))));
      ctx.stroke();
    });
    ctx.restore();
    canvas.dataset.drawn = ids.join(' ');
  }

  // ---- refresh ----------------------------------------------------------------------------

  function render(doc) {
    document.getElementById('router').textContent =
      'router' + (doc.router.port === null ? '' : ' :' + doc.router.port) +
      (doc.router.source ? ' \\u00b7 topology: ' + doc.router.source : '');
    const replicas = doc.backends.filter((b) => b.role === 'replica');
    const master = doc.backends.find((b) => b.role === 'master' && b.serving);
    document.getElementById('summary').textContent =
      'master ' + (master ? master.id : 'none') + ' \\u00b7 ' + replicas.filter((b) => b.serving).length + ' of ' +
      replicas.length + ' replicas fresh \\u00b7 updated ' + new Date(doc.now).toLocaleTimeString();
    // Colours in the router's order, so a page opened later colours the same topology the same way.
    for (const b of replicas) colorOf(b.id);
    updateTable(doc.backends);
    drawChart(doc);
    document.body.dataset.updates = String(++updates);
  }

  async function refresh() {
    try {
      const res = await fetch('status.json', { cache: 'no-store', signal: AbortSignal.timeout(4 * REFRESH_MS) });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      render(await res.json());
      banner.hidden = true;
    } catch (err) {
      banner.textContent = 'status unavailable (' + err.message + '); the table shows the last answer';
      banner.hidden = false;
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
`;
