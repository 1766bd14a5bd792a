/*
 * The read-router as a process, for end-to-end tests: the built apps/router/dist/main.js on a free
 * loopback port, and its view of the backends as its `INFO router` section prints it.
 *
 * A router counts as started once it answers `INFO router`, which it answers itself whether or not
 * it knows a master yet (with --requirepass: once it answers -NOAUTH). Waiting for the backends it
 * should see is the test's business (routerView + waitFor).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports';
import { RunningServer, startProcess, workspaceRoot } from './processes';
import { RawClient } from './raw-client';
import { infoFields } from './replication/info';

/** One `backendN:` line of INFO router, its `name=value` pairs by name (`id`, `role`, `serving`, `reads`, …). */
export type RouterBackend = Readonly<Record<string, string>>;

export interface RouterView {
  /** `host:port` of the master writes go to; '' when none. */
  readonly master: string;
  /** In the router's order (master first). */
  readonly backends: readonly RouterBackend[];
}

/** Path of the built router entry point (apps/router/dist/main.js). */
export function routerBinary(): string {
  return join(workspaceRoot(), 'apps', 'router', 'dist', 'main.js');
}

async function answersInfoRouter(port: number): Promise<boolean> {
  const client = await RawClient.connect(port);
  try {
    client.sendCommand(['INFO', 'router']);
    const reply = (await client.readReply(1000)).toString('latin1');
    return reply.startsWith('$') || reply.startsWith('-NOAUTH');
  } finally {
    client.destroy();
  }
}

/**
 * Starts the built router on a free port of 127.0.0.1 with `args` after `--port` and `--bind`
 * (build it first: nx run router:build).
 */
export async function startRouter(args: readonly string[] = []): Promise<RunningServer> {
  const main = routerBinary();
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the router first (nx run router:build)`);
  const port = await freePort();
  const argv = [main, '--port', String(port), '--bind', '127.0.0.1', ...args];
  return startProcess('router', process.execPath, argv, port, () => undefined, answersInfoRouter);
}

/** The router's INFO router section, parsed (a router started without --requirepass). */
export async function routerView(port: number): Promise<RouterView> {
  const fields = await infoFields(port, 'router');
  const backends: RouterBackend[] = [];
  for (const [name, value] of fields) {
    if (!/^backend\d+$/.test(name)) continue;
    backends.push(Object.fromEntries(value.split(',').map((pair) => pair.split('=') as [string, string])));
  }
  return { master: fields.find(([name]) => name === 'master')?.[1] ?? '', backends };
}

/** Ids of the replicas in the router's read rotation (`serving=1`), sorted. */
export async function servingReplicas(port: number): Promise<string[]> {
  const view = await routerView(port);
  return view.backends
    .filter((b) => b.role === 'replica' && b.serving === '1')
    .map((b) => b.id)
    .sort();
}
