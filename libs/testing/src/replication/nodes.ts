/*
 * Starting the nodes of a replication test: a real redis-server or our engine, as a master or as
 * a replica (`--replicaof "127.0.0.1 <port>"`), on a free port and a data dir of its own. Both
 * engines get the same flags, so a scenario run Redis↔Redis and then on ours differs only in the
 * binary.
 *
 * Unlike processes.ts's default, a node counts as started once it answers INFO with any bulk
 * reply, not PING: a replica with replica-serve-stale-data no answers PING with -MASTERDOWN until its link is
 * up, and one loading a snapshot with -LOADING. A node can be restarted on its port and dir (after
 * SHUTDOWN SAVE, say): pass `dir` to keep the dir — the caller then owns and removes it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports';
import { masterBinary, REFERENCE_CONFIG_ARGS, RunningServer, startProcess, workspaceRoot } from '../processes';
import { RawClient } from '../raw-client';

export type Engine = 'redis' | 'ours';

export interface NodeSpec {
  engine: Engine;
  /** Port on 127.0.0.1 of the master to follow; absent for a master. */
  replicaOf?: number;
  /** Flags after the common ones (a later flag wins). */
  args?: readonly string[];
  /** Data dir, kept on stop (the caller removes it); absent: a temp dir removed on stop. */
  dir?: string;
  /** Listening port; absent: a free one. */
  port?: number;
}

export interface ReplNode extends RunningServer {
  readonly engine: Engine;
  readonly dir: string;
  /** The spec it was started with, its port filled in (for restartNode). */
  readonly spec: NodeSpec;
}

/**
 * Flags every node gets: the reference ones (loopback, no persistence, foreground) and a full
 * sync that starts at once instead of after Redis's default 5 s wait for more replicas.
 */
export const REPL_NODE_ARGS: readonly string[] = [...REFERENCE_CONFIG_ARGS, '--repl-diskless-sync-delay', '0'];

/** Path of the built replica entry point (apps/replica/dist/main.js). */
export function replicaBinary(): string {
  return join(workspaceRoot(), 'apps', 'replica', 'dist', 'main.js');
}

function commandFor(spec: NodeSpec): [string, string[]] {
  if (spec.engine === 'redis') {
    return [existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server', []];
  }
  const main = spec.replicaOf === undefined ? masterBinary() : replicaBinary();
  if (!existsSync(main)) throw new Error(`${main} does not exist: build first (nx run-many -t build)`);
  return [process.execPath, [main]];
}

async function answersInfo(port: number): Promise<boolean> {
  const client = await RawClient.connect(port);
  try {
    client.send('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
    return (await client.readReply(1000))[0] === 0x24;
  } finally {
    client.destroy();
  }
}

/** Starts one node and waits until it answers INFO; a node that exits first fails the start. */
export async function startNode(spec: NodeSpec): Promise<ReplNode> {
  const [command, prefix] = commandFor(spec);
  const port = spec.port ?? (await freePort());
  const ownsDir = spec.dir === undefined;
  const dir = spec.dir ?? mkdtempSync(join(tmpdir(), `resplica-${spec.engine}-`));
  const args = [...prefix, '--port', String(port), ...REPL_NODE_ARGS, '--dir', dir];
  if (spec.replicaOf !== undefined) args.push('--replicaof', `127.0.0.1 ${spec.replicaOf}`);
  args.push(...(spec.args ?? []));
  const cleanup = (): void => {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  };
  const server = await startProcess(`${spec.engine} node`, command, args, port, cleanup, answersInfo);
  return { ...server, engine: spec.engine, dir, spec: { ...spec, port } };
}

/** Starts a stopped node again with its spec, on the same port and dir (which must be caller-owned). */
export function restartNode(node: ReplNode): Promise<ReplNode> {
  if (node.spec.dir === undefined) throw new Error('restartNode needs a node started with its own dir');
  return startNode(node.spec);
}

/** Our replica (apps/replica) following the master on `masterPort`. */
export function startReplica(masterPort: number, args: readonly string[] = []): Promise<ReplNode> {
  return startNode({ engine: 'ours', replicaOf: masterPort, args });
}

/** A real redis-server replica following the master on `masterPort`. */
export function startRedisReplica(masterPort: number, args: readonly string[] = []): Promise<ReplNode> {
  return startNode({ engine: 'redis', replicaOf: masterPort, args });
}

/** A master of either engine (ours is apps/master). */
export function startMasterOf(engine: Engine, args: readonly string[] = []): Promise<ReplNode> {
  return startNode({ engine, args });
}

/** Stops every node given (skipping the undefined ones of a failed beforeAll), in parallel. */
export async function stopAll(nodes: readonly (RunningServer | undefined)[]): Promise<void> {
  await Promise.all(nodes.map((node) => node?.stop()));
}
