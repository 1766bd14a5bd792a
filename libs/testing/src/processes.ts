/*
 * Spawning server processes for tests: a real redis-server (the reference we compare against) and
 * our built master app. Each gets a free port, is waited for with a bounded PING loop, and is
 * stopped with SIGTERM then SIGKILL after a bound. Invariant: a process we spawned is always
 * stopped by stop(), even if the start failed half way.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';
import { RawClient } from './raw-client';
import { waitFor } from './wait-for';

export interface RunningServer {
  port: number;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 5000;

/** The workspace root: the nearest ancestor of this file holding nx.json. */
export function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error(`no nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function redisServerBinary(): string {
  return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
}

/** True when a PING on a fresh connection gets `+PONG`: the default readiness probe. */
export async function answersPing(port: number): Promise<boolean> {
  const client = await RawClient.connect(port);
  try {
    client.send('PING\r\n');
    return (await client.readReply(1000)).toString('latin1') === '+PONG\r\n';
  } finally {
    client.destroy();
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns a process that will listen on `port`, and waits until `ready` says it serves (by default:
 * it answers PING). A process that exits first fails the start at once; `cleanup` runs after stop.
 */
export async function startProcess(
  name: string,
  command: string,
  args: string[],
  port: number,
  cleanup: () => void,
  ready: (port: number) => Promise<boolean> = answersPing,
): Promise<RunningServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | null = null;
  child.once('error', (err) => (spawnError = err));
  const server: RunningServer = {
    port,
    process: child,
    output: () => output,
    stop: async () => {
      await stopProcess(child);
      cleanup();
    },
  };
  // A process that exits during start-up fails the start at once instead of after the timeout.
  let exitedBeforeReady: Promise<never> | null = new Promise((_resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (exitedBeforeReady) reject(new Error(`exited with code ${code} signal ${signal}`));
    });
  });
  exitedBeforeReady.catch(() => undefined);
  try {
    await Promise.race([
      exitedBeforeReady,
      waitFor(
        () => {
          if (spawnError) throw spawnError;
          return ready(port);
        },
        { timeoutMs: START_TIMEOUT_MS, what: `${name} on port ${port} to serve` },
      ),
    ]);
    exitedBeforeReady = null;
  } catch (err) {
    exitedBeforeReady = null;
    await server.stop();
    throw new Error(`${name} did not start: ${(err as Error).message}\n--- output ---\n${output}`, {
      cause: err,
    });
  }
  return server;
}

/**
 * The configuration flags the reference redis-server runs with (besides its port and temp dir):
 * loopback only, no persistence, in the foreground. A server compared against it byte for byte
 * (CONFIG GET save, INFO persistence) must start with the same flags.
 */
export const REFERENCE_CONFIG_ARGS: readonly string[] = [
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--daemonize',
  'no',
];

/** Starts a real redis-server on a free port with no persistence, in its own temp dir. */
export async function startRedisServer(extraArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'resplica-redis-'));
  const args = ['--port', String(port), ...REFERENCE_CONFIG_ARGS, '--dir', dir, ...extraArgs];
  return startProcess('redis-server', redisServerBinary(), args, port, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** Path of the built master entry point (apps/master/dist/main.js). */
export function masterBinary(): string {
  return join(workspaceRoot(), 'apps', 'master', 'dist', 'main.js');
}

/**
 * Starts the built master app on a free port (build it first: nx run master:build), in its own temp
 * dir as its `dir` (a `--dir` in `args` wins), so no snapshot file is read from or left in the
 * working directory.
 */
export async function startMaster(args: string[] = []): Promise<RunningServer> {
  const main = masterBinary();
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the master first (nx run master:build)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'resplica-master-'));
  return startProcess('master', process.execPath, [main, '--port', String(port), '--dir', dir, ...args], port, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}
