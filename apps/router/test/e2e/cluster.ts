/*
 * The deployment every end-to-end spec runs against, all real processes on free loopback ports:
 * a nats-server, our master, its replicas and the routers. Nodes publish health every
 * HEALTH_INTERVAL_MS on cluster CLUSTER; routers route by it and call a replica stale after
 * HEALTH_TIMEOUT_MS. startCluster returns once every replica's link is up and every router has
 * the master and every replica in its read rotation.
 *
 * Invariant: stop() ends every process started here, including replicas added later, even when
 * startCluster failed half way (the caller's afterAll calls stop() on what it got, and a failed
 * start stops what it had started before rethrowing).
 */
import {
  servingReplicas,
  routerView,
  startMasterOf,
  startNatsServer,
  startNode,
  startRouter,
  stopAll,
  waitFor,
  waitForLinkUp,
  waitForOffsetsEqual,
  type NatsAuth,
  type NatsServer,
  type ReplNode,
  type RunningServer,
} from '@resplica/testing';

export const CLUSTER = 'e2e';
export const HEALTH_INTERVAL_MS = 100;
export const HEALTH_TIMEOUT_MS = 1000;
/** Start-up of the whole deployment, and any wait for the routers to agree on it. */
export const SETTLE_TIMEOUT_MS = 15000;

export interface ClusterOptions {
  /** Replicas of the master started with it. @default 3 */
  replicas?: number;
  /** @default 2 */
  routers?: number;
  /** Authorization the nats-server requires; nodes and routers get the credentials. */
  auth?: NatsAuth;
  /** Router flags after the health ones (a later flag wins). */
  routerArgs?: readonly string[];
}

export interface Cluster {
  readonly nats: NatsServer;
  readonly master: ReplNode;
  /** Every replica started, in start order (a killed one stays here until stop()). */
  readonly replicas: ReplNode[];
  readonly routers: RunningServer[];
  /** `127.0.0.1:<port>`, the id the routers know a node by. */
  idOf(node: { port: number }): string;
  /** Starts one more replica publishing health, following `masterPort` (default: the master). */
  addReplica(masterPort?: number): Promise<ReplNode>;
  /** Waits until `replicas` have applied everything the master wrote. */
  barrier(replicas?: readonly ReplNode[]): Promise<void>;
  /** Waits until every router has the master and exactly `replicas` in its rotation. */
  waitForRotation(replicas: readonly ReplNode[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function authArgs(auth: NatsAuth | undefined): string[] {
  if (auth === undefined) return [];
  return 'token' in auth ? ['--nats-token', auth.token] : ['--nats-user', auth.user, '--nats-password', auth.password];
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const nats = await startNatsServer({ auth: options.auth });
  const health = ['--nats', nats.url, ...authArgs(options.auth), '--cluster', CLUSTER, '--health-interval-ms', String(HEALTH_INTERVAL_MS)];
  const replicas: ReplNode[] = [];
  const routers: RunningServer[] = [];
  let master: ReplNode | undefined;
  const idOf = (node: { port: number }): string => `127.0.0.1:${node.port}`;

  const cluster: Cluster = {
    nats,
    get master() {
      return master!;
    },
    replicas,
    routers,
    idOf,
    async addReplica(masterPort = master!.port) {
      const replica = await startNode({ engine: 'ours', replicaOf: masterPort, args: health });
      replicas.push(replica);
      return replica;
    },
    async barrier(which = replicas) {
      await waitForOffsetsEqual(master!.port, which.map((r) => r.port));
    },
    async waitForRotation(expected, timeoutMs = SETTLE_TIMEOUT_MS) {
      const want = expected.map(idOf).sort();
      await waitFor(
        async () => {
          for (const router of routers) {
            const view = await routerView(router.port);
            const serving = await servingReplicas(router.port);
            if (view.master !== idOf(master!) || serving.join() !== want.join()) {
              throw new Error(`router ${router.port}: master ${view.master}, serving ${serving.join() || 'none'}`);
            }
          }
          return true;
        },
        { timeoutMs, what: `every router to serve reads from ${want.join(', ')}` },
      );
    },
    async stop() {
      await stopAll([...routers, ...replicas, master]);
      await nats.stop();
    },
  };

  try {
    master = await startMasterOf('ours', health);
    // allSettled: every start has ended (and pushed its replica) before a failure stops them all.
    const started = await Promise.allSettled(Array.from({ length: options.replicas ?? 3 }, () => cluster.addReplica()));
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    await Promise.all(replicas.map((r) => waitForLinkUp(r.port)));
    const routerArgs = [...health, '--health-timeout-ms', String(HEALTH_TIMEOUT_MS), ...(options.routerArgs ?? [])];
    for (let i = 0; i < (options.routers ?? 2); i++) routers.push(await startRouter(routerArgs));
    await cluster.waitForRotation(replicas);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
