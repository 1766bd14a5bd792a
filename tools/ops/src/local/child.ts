/**
 * One process of the local topology: spawned in its own working directory with its stdout and
 * stderr appended to <dir>/<name>/<name>.log, which the launcher follows (log-tail.ts) to show
 * notable lines (or all, with --verbose) and keep the last ones for a failure report; its end is
 * observable as a promise.
 *
 * Invariant: `exited` resolves exactly once, after the process has ended and every line it logged
 * has been seen, whether it was stopped, crashed or never started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isNotable } from './log-lines';
import { LogTail } from './log-tail';
import type { Probe } from './readiness';
import type { Terminal } from './terminal';

export type Role = 'nats' | 'master' | 'replica' | 'router';

export interface ChildSpec {
  /** Unique in the topology; names its directory and log file. */
  readonly name: string;
  readonly role: Role;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  /** The process's working directory, created when missing. */
  readonly cwd: string;
  readonly probe: Probe;
  /** The signal that stops it cleanly. */
  readonly stopSignal: NodeJS.Signals;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not be spawned at all. */
  readonly error?: string;
}

export interface SpawnSettings {
  /** setpriv, to run every child as `setpriv --pdeathsig SIGTERM -- <cmd>`; null to spawn directly. */
  readonly pdeathsig: string | null;
  readonly verbose: boolean;
  readonly terminal: Terminal;
}

/** Lines kept for the report of a process that failed to start. */
const RECENT_LINES = 20;

export function describeExit(status: ExitStatus): string {
  if (status.error !== undefined) return `could not start: ${status.error}`;
  return status.signal !== null ? `signal ${status.signal}` : `code ${status.code}`;
}

export class ManagedChild {
  readonly logFile: string;
  readonly exited: Promise<ExitStatus>;
  private readonly proc: ChildProcess;
  private readonly recent: string[] = [];
  private status: ExitStatus | null = null;

  constructor(
    readonly spec: ChildSpec,
    settings: SpawnSettings,
  ) {
    mkdirSync(spec.cwd, { recursive: true });
    this.logFile = join(spec.cwd, `${spec.name}.log`);
    appendFileSync(this.logFile, `# resplica local: ${spec.command} ${spec.args.join(' ')} (started ${new Date().toISOString()})\n`);
    const startOffset = statSync(this.logFile).size;
    const [command, args] =
      settings.pdeathsig === null
        ? [spec.command, [...spec.args]]
        : [settings.pdeathsig, ['--pdeathsig', 'SIGTERM', '--', spec.command, ...spec.args]];
    const logFd = openSync(this.logFile, 'a');
    // With pdeathsig, each child gets a session of its own so the terminal's Ctrl-C reaches only
    // the launcher, which then stops the children in order. Without it, the children stay in the
    // launcher's process group: the terminal's signals are then all that ends them if the
    // launcher is killed.
    try {
      this.proc = spawn(command, args, { cwd: spec.cwd, stdio: ['ignore', logFd, logFd], detached: settings.pdeathsig !== null });
    } finally {
      closeSync(logFd);
    }
    const tail = new LogTail(this.logFile, startOffset, (line) => this.onLine(line, settings));
    this.exited = new Promise((resolve) => {
      const settle = (status: ExitStatus): void => {
        if (this.status !== null) return;
        this.status = status;
        tail.close();
        resolve(status);
      };
      this.proc.once('error', (err) => {
        if (this.proc.pid === undefined) settle({ code: null, signal: null, error: err.message });
      });
      this.proc.once('exit', (code, signal) => settle({ code, signal }));
    });
  }

  get name(): string {
    return this.spec.name;
  }

  /** The pid (setpriv execs the program, so it is the program's own); 0 when spawning failed. */
  get pid(): number {
    return this.proc.pid ?? 0;
  }

  get running(): boolean {
    return this.status === null;
  }

  lastLines(): readonly string[] {
    return this.recent;
  }

  /** Sends `signal` if the process still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.proc.kill(signal);
  }

  /**
   * Stops the process: its stop signal, then SIGKILL after `graceMs`. Resolves how it ended and
   * whether it had to be killed.
   */
  async stop(graceMs: number): Promise<{ status: ExitStatus; killed: boolean }> {
    let killed = false;
    this.signal(this.spec.stopSignal);
    const timer = setTimeout(() => {
      killed = true;
      this.signal('SIGKILL');
    }, graceMs);
    const status = await this.exited;
    clearTimeout(timer);
    return { status, killed };
  }

  private onLine(line: string, settings: SpawnSettings): void {
    this.recent.push(line);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
    if (settings.verbose || isNotable(line)) settings.terminal.log(this.spec.name, line);
  }
}
