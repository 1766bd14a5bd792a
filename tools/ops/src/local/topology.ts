/**
 * What the local topology is: which processes, in which start order, with which command lines,
 * ports and readiness probes. The supervisor only runs what this plans.
 *
 *   nats-server  nats-server -a 127.0.0.1 -p <nats>                         (when one was found)
 *   master       apps/master/dist/main.js --port <m> …                      health on NATS when there is one
 *   replica-<i>  apps/replica/dist/main.js --port <r_i> --replicaof "127.0.0.1 <m>" …
 *   router       apps/router/dist/main.js --port <router> --metrics-port <free> and either
 *                --nats (health events) or --master/--replica (it polls the nodes it was given)
 *
 * Every process binds 127.0.0.1 only (a development topology is nobody else's business), so the
 * nodes announce themselves, and the router knows them, as 127.0.0.1:<port>.
 */
import { join } from 'node:path';
import type { ChildSpec } from './child';
import { DEFAULT_MASTER_PORT, type LaunchOptions } from './options';
import { allocatePorts, LOOPBACK, type PortNeed } from './ports';
import { acceptsConnections, answersPong, linkUp, routesToAll } from './readiness';

/** How often nodes publish health; the router's staleness bound is three of these. */
const HEALTH_INTERVAL_MS = 1000;

export interface Topology {
  /** In start order; stopped in the reverse order. */
  readonly children: readonly ChildSpec[];
  readonly routerPort: number;
  readonly metricsPort: number;
  readonly masterPort: number;
  readonly replicaPorts: readonly number[];
  /** null: no nats-server, the router polls the nodes. */
  readonly natsUrl: string | null;
  readonly cluster: string;
}

function address(port: number): string {
  return `${LOOPBACK}:${port}`;
}

/**
 * Chooses the ports (notice hears of each default replaced) and plans every process. `natsServer`
 * is the nats-server binary, or null to run without one. Throws PortInUseError from allocatePorts.
 */
export async function planTopology(
  options: LaunchOptions,
  repoRoot: string,
  natsServer: string | null,
  notice: (text: string) => void,
): Promise<Topology> {
  const replicaNeeds: PortNeed[] = Array.from({ length: options.replicas }, (_, i) => ({
    label: `replica-${i + 1}`,
    flag: null,
    request: { port: (options.masterPort.port ?? DEFAULT_MASTER_PORT) + 1 + i, explicit: false },
  }));
  const needs: PortNeed[] = [
    { label: 'router', flag: '--router-port', request: options.routerPort },
    { label: 'master', flag: '--master-port', request: options.masterPort },
    ...replicaNeeds,
    { label: 'router metrics', flag: null, request: { port: null, explicit: false } },
    ...(natsServer === null ? [] : [{ label: 'nats-server', flag: '--nats-port', request: options.natsPort }]),
  ];
  const [routerPort, masterPort, ...rest] = await allocatePorts(needs, notice);
  const replicaPorts = rest.slice(0, options.replicas);
  const metricsPort = rest[options.replicas]!;
  const natsPort = natsServer === null ? null : rest[options.replicas + 1]!;
  const natsUrl = natsPort === null ? null : `nats://${LOOPBACK}:${natsPort}`;

  const cwd = (name: string): string => join(options.dir, name);
  const app = (name: string): string => join(repoRoot, 'apps', name, 'dist', 'main.js');
  const health = natsUrl === null ? [] : ['--nats', natsUrl, '--cluster', options.cluster, '--health-interval-ms', String(HEALTH_INTERVAL_MS)];
  const nodeArgs = (port: number, name: string): string[] => ['--port', String(port), '--bind', LOOPBACK, '--dir', cwd(name)];

  const children: ChildSpec[] = [];
  if (natsServer !== null && natsPort !== null) {
    children.push({
      name: 'nats-server',
      role: 'nats',
      command: natsServer,
      args: ['-a', LOOPBACK, '-p', String(natsPort)],
      port: natsPort,
      cwd: cwd('nats-server'),
      probe: acceptsConnections(natsPort),
      // nats-server exits 1 on SIGTERM; SIGINT is its clean stop (exit 0).
      stopSignal: 'SIGINT',
    });
  }
  children.push({
    name: 'master',
    role: 'master',
    command: process.execPath,
    // A diskless sync delay of 0: each replica syncs as soon as it connects instead of waiting
    // 5 s for others to share the snapshot, which only matters for big datasets.
    args: [app('master'), ...nodeArgs(masterPort!, 'master'), '--repl-diskless-sync-delay', '0', ...health],
    port: masterPort!,
    cwd: cwd('master'),
    probe: answersPong(masterPort!),
    stopSignal: 'SIGTERM',
  });
  replicaPorts.forEach((port, i) => {
    const name = `replica-${i + 1}`;
    children.push({
      name,
      role: 'replica',
      command: process.execPath,
      args: [app('replica'), ...nodeArgs(port, name), '--replicaof', `${LOOPBACK} ${masterPort}`, ...health],
      port,
      cwd: cwd(name),
      probe: linkUp(port),
    stopSignal: 'SIGTERM',
    });
  });
  const backends =
    natsUrl === null
      ? ['--master', address(masterPort!), ...replicaPorts.flatMap((p) => ['--replica', address(p)])]
      : ['--nats', natsUrl, '--cluster', options.cluster, '--health-interval-ms', String(HEALTH_INTERVAL_MS)];
  children.push({
    name: 'router',
    role: 'router',
    command: process.execPath,
    args: [app('router'), '--port', String(routerPort), '--bind', LOOPBACK, '--metrics-port', String(metricsPort), ...backends],
    port: routerPort!,
    cwd: cwd('router'),
    probe: routesToAll(routerPort!, address(masterPort!), replicaPorts.map(address)),
    stopSignal: 'SIGTERM',
  });

  return { children, routerPort: routerPort!, metricsPort, masterPort: masterPort!, replicaPorts, natsUrl, cluster: options.cluster };
}
