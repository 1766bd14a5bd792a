/**
 * The text printed once everything is ready: where to connect, how to look at the router, where
 * each node is, whether health travels over NATS (and the status command that watches it), and
 * every pid.
 */
import type { ManagedChild } from './child';
import { LOOPBACK } from './ports';
import type { Topology } from './topology';

/** Printed, and logged, when the topology runs without a nats-server. */
export const NATS_FALLBACK_MESSAGE = 'nats-server not found: the router polls the nodes it started with INFO';

export function renderSummary(topology: Topology, children: readonly ManagedChild[], elapsedMs: number): string {
  const r = topology.routerPort;
  const ioredis = `node -e "const Redis = require('ioredis'); const r = new Redis(${r}); r.set('a', '1').then(() => r.get('a')).then((v) => { console.log(v); r.quit(); })"`;
  const lines = [
    '',
    `resplica is up (${elapsedMs} ms)`,
    `  connect   ${LOOPBACK}:${r}  →  redis-cli -p ${r}`,
    `  ioredis   ${ioredis}`,
    `  router    http://${LOOPBACK}:${topology.metricsPort}/  (Prometheus metrics: /metrics; backends: redis-cli -p ${r} INFO router)`,
    `  master    ${LOOPBACK}:${topology.masterPort}`,
    `  replicas  ${topology.replicaPorts.map((p) => `${LOOPBACK}:${p}`).join(', ') || 'none'}`,
    ...(topology.natsUrl === null
      ? [`  nats      ${NATS_FALLBACK_MESSAGE}`]
      : [
          `  nats      ${topology.natsUrl}  (cluster ${topology.cluster})`,
          `  status    npm run status -- --nats ${topology.natsUrl} --cluster ${topology.cluster}`,
        ]),
    `  pids      ${children.map((c) => `${c.name} ${c.pid}`).join(', ')}`,
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}
