/*
 * The built status CLI (tools/ops/dist/status/main.js) as a child process, for the end-to-end
 * spec: a live `--json` view whose frames are parsed as they arrive and waited on, and a one-shot
 * run (`--once`) whose whole output and exit code are returned.
 *
 * Invariant: every process started here is ended by stop() (SIGTERM, then SIGKILL after a bound),
 * or has exited by itself before run() returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, workspaceRoot } from '@resplica/testing';
import type { StatusRow } from '../../src/status/topology';

/** One `--json` line. */
export interface JsonFrame {
  time: string;
  cluster: string;
  nats: string;
  connected: boolean;
  natsError: string | null;
  rows: StatusRow[];
  /** When this test process read the line (not part of the output). */
  receivedMs: number;
}

/** A run that was let finish. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

const STOP_GRACE_MS = 5000;

export function statusMain(): string {
  const main = join(workspaceRoot(), 'tools', 'ops', 'dist', 'status', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build first (nx run ops:build)`);
  return main;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

/** Runs the CLI to its end (bounded by `timeoutMs`, then killed) and returns what it printed. */
export async function run(args: readonly string[], timeoutMs = 15000): Promise<Finished> {
  const child = spawn(process.execPath, [statusMain(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exitOf(child);
  clearTimeout(kill);
  return { code, stdout, stderr };
}

/** A live `--json` view. */
export class LiveStatus {
  readonly frames: JsonFrame[] = [];
  private stderr = '';
  private partial = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.read(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  /** Starts the CLI with `--json` and `args`. */
  static start(args: readonly string[]): LiveStatus {
    return new LiveStatus(spawn(process.execPath, [statusMain(), '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** The first frame read from now on for which `check` returns a value; that value. */
  async next<T>(check: (frame: JsonFrame) => T | undefined | null | false, what: string, timeoutMs: number): Promise<{ frame: JsonFrame; value: NonNullable<T> }> {
    const from = this.frames.length;
    try {
      return await waitFor(
        () => {
          for (const frame of this.frames.slice(from)) {
            const value = check(frame);
            if (value !== undefined && value !== null && value !== false) return { frame, value: value as NonNullable<T> };
          }
          if (this.child.exitCode !== null) throw new Error(`status exited with ${this.child.exitCode}: ${this.stderr}`);
          return undefined;
        },
        { timeoutMs, intervalMs: 10, what },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last frame: ${JSON.stringify(this.frames.at(-1) ?? null)}`, { cause: err });
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after a bound); returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    const code = await exitOf(this.child);
    clearTimeout(kill);
    return code;
  }

  private read(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.frames.push({ ...(JSON.parse(line) as Omit<JsonFrame, 'receivedMs'>), receivedMs: Date.now() });
  }
}
