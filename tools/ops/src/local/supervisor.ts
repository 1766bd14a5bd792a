/**
 * Runs a planned topology: starts each process in order and waits until it is ready (showing how
 * long it took), keeps them running until a signal, reports any that dies, and stops them in
 * reverse order — router, replicas, master, nats-server — each with its stop signal (SIGTERM; SIGINT
 * for nats-server), then SIGKILL after a grace period.
 *
 *   exit 0    stopped by SIGINT, SIGTERM or SIGHUP, every process gone
 *   exit 1    a process failed to start (its last log lines are printed); the rest were stopped
 *   exit 130  a second Ctrl-C: everything was killed at once
 *
 * Invariant: run() resolves only once every process it started has ended and its log is flushed.
 */
import { describeExit, ManagedChild, type Role, type SpawnSettings } from './child';
import { renderSummary } from './summary';
import type { Topology } from './topology';

export interface SupervisorSettings extends SpawnSettings {
  /** A process not ready within this long has failed to start. */
  readonly startTimeoutMs: number;
  /** The stop signal, then SIGKILL after this long. */
  readonly stopGraceMs: number;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Stop order: a router stops taking requests before the nodes behind it go away. */
const STOP_ORDER: readonly Role[] = ['router', 'replica', 'master', 'nats'];

/** Pause between two readiness probes. */
const PROBE_INTERVAL_MS = 100;

/**
 * A second signal this soon after the first is the same Ctrl-C delivered twice: the terminal
 * sends SIGINT to its whole foreground group, and `npm start` forwards the one it got too.
 */
const SAME_SIGNAL_WINDOW_MS = 500;

/** Log lines shown for a process that failed to start. */
const FAILURE_LINES = 15;

type Readiness = { ready: true; detail: string } | { ready: false; reason: string | null };

export class Supervisor {
  private readonly children: ManagedChild[] = [];
  private readonly ready = new Set<ManagedChild>();
  private stopping = false;
  private forced = false;
  private firstSignalAt = 0;
  private requestStop: () => void = () => undefined;
  private readonly stopRequested = new Promise<void>((resolve) => {
    this.requestStop = resolve;
  });

  constructor(
    private readonly topology: Topology,
    private readonly settings: SupervisorSettings,
  ) {
    settings.terminal.fit(topology.children.map((c) => c.name));
  }

  /** Starts everything, waits for a stop signal, stops everything; resolves the exit code. */
  async run(): Promise<number> {
    const onSignal = (signal: NodeJS.Signals): void => this.onSignal(signal);
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    try {
      const startedAt = Date.now();
      const started = await this.startAll();
      const interrupted = this.stopping;
      if (started) {
        this.settings.terminal.say(renderSummary(this.topology, this.children, Date.now() - startedAt));
        // Signal handlers do not keep Node running: without this, the launcher would end on its
        // own once every child had died, instead of staying up until Ctrl-C as documented.
        const keepAlive = setInterval(() => undefined, 60_000);
        await this.stopRequested;
        clearInterval(keepAlive);
      }
      await this.stopAll();
      if (this.forced) return 130;
      return started || interrupted ? 0 : 1;
    } finally {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    }
  }

  /** Last resort when the launcher itself fails: every process it started gets SIGKILL. */
  killAll(): void {
    for (const child of this.children) child.signal('SIGKILL');
  }

  /** Starts the processes in order; false when one failed (reported here) or a stop was requested. */
  private async startAll(): Promise<boolean> {
    const { terminal } = this.settings;
    for (const spec of this.topology.children) {
      if (this.stopping) return false;
      const child = new ManagedChild(spec, this.settings);
      this.children.push(child);
      terminal.event(child.name, `starting  pid ${child.pid}  port ${spec.port}  log ${child.logFile}`);
      void child.exited.then((status) => {
        if (!this.stopping && this.ready.has(child)) terminal.event(child.name, `exited unexpectedly (${describeExit(status)})`);
      });
      const startedAt = Date.now();
      const readiness = await this.waitReady(child);
      if (!readiness.ready) {
        if (readiness.reason !== null) this.reportFailure(child, readiness.reason);
        return false;
      }
      this.ready.add(child);
      terminal.event(child.name, `ready in ${Date.now() - startedAt} ms (${readiness.detail})`);
    }
    return true;
  }

  /** Polls the child's probe until it is ready, it exits, the start bound passes or a stop is requested. */
  private async waitReady(child: ManagedChild): Promise<Readiness> {
    const deadline = Date.now() + this.settings.startTimeoutMs;
    for (;;) {
      if (this.stopping) return { ready: false, reason: null };
      if (!child.running) return { ready: false, reason: `exited before it was ready (${describeExit(await child.exited)})` };
      if (Date.now() > deadline) return { ready: false, reason: `not ready within ${this.settings.startTimeoutMs / 1000} s` };
      const detail = await child.spec.probe().catch(() => null);
      if (detail !== null) return { ready: true, detail };
      await Promise.race([new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS)), child.exited, this.stopRequested]);
    }
  }

  private reportFailure(child: ManagedChild, reason: string): void {
    const { terminal } = this.settings;
    terminal.event(child.name, `failed to start: ${reason}`);
    const lines = child.lastLines().slice(-FAILURE_LINES);
    terminal.event(child.name, lines.length === 0 ? 'it logged nothing' : `its last ${lines.length} log line(s), from ${child.logFile}:`);
    for (const line of lines) terminal.log(child.name, line);
  }

  /** Stops every process in STOP_ORDER, one role after the other, and waits for all of them. */
  private async stopAll(): Promise<void> {
    this.stopping = true;
    for (const role of STOP_ORDER) {
      await Promise.all(this.children.filter((c) => c.spec.role === role).map((c) => this.stopOne(c)));
    }
    await Promise.all(this.children.map((c) => c.exited));
  }

  private async stopOne(child: ManagedChild): Promise<void> {
    if (!child.running) return;
    const { status, killed } = await child.stop(this.settings.stopGraceMs);
    const how = killed ? `killed after ${this.settings.stopGraceMs / 1000} s` : 'stopped';
    this.settings.terminal.event(child.name, `${how} (${describeExit(status)})`);
  }

  private onSignal(signal: NodeJS.Signals): void {
    const { terminal } = this.settings;
    if (!this.stopping) {
      this.stopping = true;
      this.firstSignalAt = Date.now();
      terminal.say(`\n${signal}: stopping everything (router first); Ctrl-C again kills everything at once`);
      this.requestStop();
      return;
    }
    if (this.forced || Date.now() - this.firstSignalAt < SAME_SIGNAL_WINDOW_MS) return;
    this.forced = true;
    terminal.say(`${signal} again: killing everything`);
    this.killAll();
  }
}
