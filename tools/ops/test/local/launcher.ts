/*
 * The built launcher (tools/ops/dist/local/main.js) as a process under test: its output collected,
 * the pids it announces parsed, its children checked for being gone, and redis-cli run against the
 * router. Build it first: nx run ops:build (the ops test target does).
 *
 * Invariant: cleanup() leaves no process behind, whatever the test did: the launcher and every
 * pid it announced get SIGKILL if still there, and the temp directory is removed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor, workspaceRoot } from '@resplica/testing';

const run = promisify(execFile);

export interface LauncherPorts {
  readonly routerPort: number;
  readonly masterPort: number;
  readonly natsPort: number;
  readonly dir: string;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Launcher extends LauncherPorts {
  readonly process: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout matches `pattern`; returns the match. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Every `<name>  starting  pid <n>` line so far, by name. */
  pids(): Map<string, number>;
  cleanup(): Promise<void>;
}

export function launcherMain(): string {
  return join(workspaceRoot(), 'tools', 'ops', 'dist', 'local', 'main.js');
}

/** Free router, master and NATS ports and a fresh temp directory: what every launch passes. */
export async function freshPorts(): Promise<LauncherPorts> {
  return {
    routerPort: await freePort(),
    masterPort: await freePort(),
    natsPort: await freePort(),
    dir: mkdtempSync(join(tmpdir(), 'resplica-local-')),
  };
}

/** The flags that keep a launch off the developer's ports and directories. */
export function portArgs(ports: LauncherPorts): string[] {
  return ['--router-port', String(ports.routerPort), '--master-port', String(ports.masterPort), '--nats-port', String(ports.natsPort), '--dir', ports.dir];
}

/**
 * Starts the launcher with free ports and a temp dir (`overrides` replace any of them), then
 * `extraArgs`; `env` is added to the environment it (and so every child) inherits.
 */
export async function startLauncher(
  extraArgs: readonly string[] = [],
  overrides: Partial<LauncherPorts> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<Launcher> {
  const main = launcherMain();
  if (!existsSync(main)) throw new Error(`${main} does not exist: build it first (nx run ops:build)`);
  const resolved = { ...(await freshPorts()), ...overrides };
  const proc = spawn(process.execPath, [main, ...portArgs(resolved), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let ended = false;
  const exited = new Promise<Exit>((resolve) =>
    proc.once('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  const pids = (): Map<string, number> => new Map([...stdout.matchAll(/^(\S+) +starting {2}pid (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
  return {
    ...resolved,
    process: proc,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    pids,
    async waitForOutput(pattern, timeoutMs = 20000) {
      const withOutput = (message: string): Error => new Error(`${message}\n--- launcher stdout:\n${stdout}--- launcher stderr:\n${stderr}`);
      const found = await waitFor(() => pattern.exec(stdout) ?? (ended ? ('ended' as const) : null), {
        timeoutMs,
        what: `launcher output matching ${pattern}`,
      }).catch((err: Error) => {
        throw withOutput(err.message);
      });
      if (found === 'ended') throw withOutput(`the launcher ended without printing ${pattern}`);
      return found;
    },
    async cleanup() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
      for (const pid of pids().values()) if (!isGone(pid)) process.kill(pid, 'SIGKILL');
      rmSync(resolved.dir, { recursive: true, force: true });
    },
  };
}

/**
 * True when `pid` no longer runs: no such process, or a zombie (an orphan that ended but that the
 * machine's init has not reaped yet; it holds no port and runs no code).
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw err;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Waits (bounded) until every pid is gone; fails naming those still there. */
export async function waitForAllGone(pids: readonly number[], timeoutMs = 10000): Promise<void> {
  await waitFor(() => pids.every(isGone), { timeoutMs, what: `pids ${pids.join(', ')} to be gone (left: ${pids.filter((p) => !isGone(p)).join(', ')})` });
}

/** `redis-cli -p <port> <args>`, its stdout without the final newline. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { timeout: 5000 });
  return stdout.replace(/\n$/, '');
}

/** The `backendN:` lines of `redis-cli INFO router`, each as its `name=value` pairs, by backend id. */
export async function routerBackends(port: number): Promise<Map<string, Map<string, string>>> {
  const info = await redisCli(port, 'INFO', 'router');
  const backends = new Map<string, Map<string, string>>();
  for (const line of info.split('\n')) {
    const match = /^backend\d+:(.*)$/.exec(line.trimEnd());
    if (!match) continue;
    const fields = new Map(match[1]!.split(',').map((pair) => pair.split('=') as [string, string]));
    backends.set(fields.get('id')!, fields);
  }
  return backends;
}

/** The port a process was started on, from its `starting` line. */
export function startedPort(output: string, name: string): number {
  const match = new RegExp(`^${name} +starting {2}pid \\d+ {2}port (\\d+)`, 'm').exec(output);
  if (!match) throw new Error(`no starting line for ${name} in:\n${output}`);
  return Number(match[1]);
}
