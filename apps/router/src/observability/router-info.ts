/**
 * The `# Router` section of the router's INFO: where writes go, how many replicas serve reads, and
 * one line per backend with its role, verdict, lag and request counts.
 *
 *   # Router
 *   master:127.0.0.1:7000
 *   replicas:2
 *   replicas_serving:1
 *   backend0:id=127.0.0.1:7000,role=master,serving=1,reason=,lag_bytes=0,lag_ms=0,last_heard_ms=120,reads=0,writes=10,pinned=0,retried=0,failed=0
 *   backend1:id=127.0.0.1:7001,role=replica,serving=0,reason=stale_health,lag_bytes=0,lag_ms=0,last_heard_ms=4012,reads=7,...
 *
 * Invariant: every line is `name:value\r\n` and a value never holds a CR or LF; inside a backend
 * line no value holds `,` or `=` (the reason has spaces, commas and `=` turned into `_`), so the
 * line splits like Redis's own `slave0:` lines. Backends come in the table's order (master first).
 * `master` is empty when writes have nowhere to go; `last_heard_ms` is -1 for a backend without
 * reports.
 */
import type { RoutingTable } from '../routing/types';
import type { RouterCountersImpl } from './counters';

/** Spaces, line breaks and separators in a free-text reason become `_`. */
function infoWord(text: string): string {
  return text.replace(/[\s,=]/g, '_');
}

export function renderRouterInfo(table: RoutingTable, counters: RouterCountersImpl): string {
  const backends = table.snapshot();
  const replicas = backends.filter((b) => b.role === 'replica');
  const lines = [
    '# Router',
    `master:${table.master()?.id ?? ''}`,
    `replicas:${replicas.length}`,
    `replicas_serving:${replicas.filter((b) => b.serving).length}`,
  ];
  backends.forEach((b, i) => {
    const c = counters.of(b.id);
    lines.push(
      `backend${i}:id=${b.id},role=${b.role},serving=${b.serving ? 1 : 0},reason=${infoWord(b.reason)}` +
        `,lag_bytes=${b.lagBytes},lag_ms=${b.lagMs},last_heard_ms=${b.lastHeardMsAgo}` +
        `,reads=${c.read},writes=${c.write},pinned=${c.pinned},retried=${c.retried},failed=${c.failed}`,
    );
  });
  return lines.map((l) => `${l}\r\n`).join('');
}
