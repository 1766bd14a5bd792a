/**
 * The router process (dist/main.js, built by nx run router:build): started with the static
 * backend lists it routes to them, answers INFO with the `# Router` section, exits 0 on SIGTERM,
 * and refuses to start (exit 1, every error printed) on an invalid configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  RawClient,
  startMasterOf,
  startRedisReplica,
  stopAll,
  waitFor,
  waitForLinkUp,
  workspaceRoot,
  type ReplNode,
} from '@resplica/testing';

const MAIN = join(workspaceRoot(), 'apps', 'router', 'dist', 'main.js');

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build the router first (nx run router:build)`);
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the router process', () => {
  let master: ReplNode;
  let replica: ReplNode;

  beforeAll(async () => {
    master = await startMasterOf('redis');
    replica = await startRedisReplica(master.port);
    await waitForLinkUp(replica.port);
  });

  afterAll(async () => {
    await stopAll([master, replica]);
  });

  it('routes to its configured backends and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const router = run(['--port', String(port), '--bind', '127.0.0.1', '--master', `127.0.0.1:${master.port}`, '--replica', `127.0.0.1:${replica.port}`]);
    try {
      const c = await waitFor(() => RawClient.connect(port), { what: 'the router to listen', timeoutMs: 10000 });
      try {
        expect((await c.call('SET', 'main:k', 'v')).toString()).toBe('+OK\r\n');
        const info = (await c.call('INFO', 'router')).toString();
        expect(info).toContain(`# Router\r\nmaster:127.0.0.1:${master.port}\r\nreplicas:1\r\n`);
        expect(info).toMatch(new RegExp(`backend0:id=127\\.0\\.0\\.1:${master.port},role=master,serving=1,.*writes=1,`));
      } finally {
        c.destroy();
      }
      router.child.kill('SIGTERM');
      expect(await router.exited).toBe(0);
      expect(router.output()).toContain('"msg":"ready to accept connections"');
    } finally {
      router.child.kill('SIGKILL');
    }
  });

  it('refuses an invalid configuration, listing every error', async () => {
    const router = run(['--port', 'nope', '--read-fallback', 'sometimes']);
    expect(await router.exited).toBe(1);
    expect(router.output()).toMatch(/config error: .*port/);
    expect(router.output()).toMatch(/config error: .*read-fallback/);
  });
});
