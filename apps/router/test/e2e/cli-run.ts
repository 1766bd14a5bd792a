/*
 * Runs the same-replies script with redis-cli (formatted output, --no-raw) and returns a
 * transcript of what it printed: one redis-cli per group, its lines on stdin (one connection,
 * executed line by line), then the two-client scenarios — a WATCH conflict and blocking pops woken
 * by another redis-cli; pub/sub is a transcript of its own. The test compares the transcript
 * through a router with the one from the master directly.
 *
 * Invariant: every redis-cli started here has exited or been killed when the run returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from '@resplica/testing';
import { GROUPS, MESSAGE_WAIT_MS, type RunContext } from './script';
import type { Transcript } from './ioredis-run';

const REDIS_CLI = existsSync('/usr/bin/redis-cli') ? '/usr/bin/redis-cli' : 'redis-cli';
/** No redis-cli of this test runs longer; one that does is killed and fails the run. */
const CLI_TIMEOUT_MS = 15000;

/** One redis-cli process; what it prints accumulates in `output`. */
class Cli {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly timer: NodeJS.Timeout;

  constructor(port: number, args: readonly string[], stdin: 'pipe' | 'ignore') {
    this.child = spawn(REDIS_CLI, ['--no-raw', '-p', String(port), ...args], { stdio: [stdin, 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('latin1')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('latin1')));
    this.timer = setTimeout(() => this.kill(), CLI_TIMEOUT_MS);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        clearTimeout(this.timer);
        resolve(code);
      }),
    );
  }

  write(lines: readonly string[]): void {
    this.child.stdin!.write(lines.map((l) => `${l}\n`).join(''));
  }

  /** Closes stdin and returns everything printed once redis-cli exits. */
  async finish(): Promise<string> {
    this.child.stdin?.end();
    await this.exited;
    return this.output;
  }

  waitOutput(text: string, timeoutMs?: number): Promise<boolean> {
    return waitFor(() => this.output.includes(text), { timeoutMs, what: `redis-cli to print ${JSON.stringify(text)}` });
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

type Start = (args: readonly string[], stdin?: 'pipe' | 'ignore') => Cli;

/** Runs `run` with a way to start redis-cli processes, every one of them ended when it returns. */
async function withCli(ctx: RunContext, run: (cli: Start) => Promise<Transcript>): Promise<Transcript> {
  const started: Cli[] = [];
  const cli: Start = (args, stdin = 'ignore') => {
    const c = new Cli(ctx.port, args, stdin);
    started.push(c);
    return c;
  };
  try {
    return await run(cli);
  } finally {
    for (const c of started) c.kill();
  }
}

/** The script, the WATCH conflict and the blocking pops. */
export function cliTranscript(ctx: RunContext): Promise<Transcript> {
  return withCli(ctx, async (cli) => {
    const t: Transcript = [];
    for (const group of GROUPS) {
      const c = cli([], 'pipe');
      c.write(group);
      t.push([group.join('; '), await c.finish()]);
      await ctx.barrier();
    }

    // WATCH conflict: a second redis-cli changes the watched key between WATCH and EXEC.
    const watcher = cli([], 'pipe');
    watcher.write(['WATCH w:k']);
    await watcher.waitOutput('OK');
    t.push(['b: SET w:k theirs', await cli(['SET', 'w:k', 'theirs']).finish()]);
    watcher.write(['MULTI', 'SET w:k mine', 'EXEC']);
    t.push(['a: WATCH w:k; MULTI; SET w:k mine; EXEC', await watcher.finish()]);
    await ctx.barrier();
    t.push(['b: GET w:k', await cli(['GET', 'w:k']).finish()]);

    // Blocking pops woken by another redis-cli's push.
    const pops: [string, string][] = [
      ['BLPOP q:1 5', 'RPUSH q:1 x y'],
      ['BLMOVE q:2 q:3 LEFT RIGHT 5', 'LPUSH q:2 m'],
      ['BZPOPMIN z:q 5', 'ZADD z:q 1 m'],
    ];
    for (const [pop, push] of pops) {
      const popper = cli(pop.split(' '));
      await ctx.blockedOnMaster();
      t.push([`b: ${push}`, await cli(push.split(' ')).finish()]);
      t.push([`a: ${pop}`, await popper.finish()]);
    }
    await ctx.barrier();
    t.push(['b: LRANGE q:1 0 -1', await cli(['LRANGE', 'q:1', '0', '-1']).finish()]);
    return t;
  });
}

/** Pub/sub: one redis-cli subscribes, another publishes. */
export function cliPubSubTranscript(ctx: RunContext): Promise<Transcript> {
  return withCli(ctx, async (cli) => {
    const t: Transcript = [];
    const subscriber = cli(['SUBSCRIBE', 'ps:ch']);
    await subscriber.waitOutput('(integer) 1');
    t.push(['b: PUBLISH ps:ch hello', await cli(['PUBLISH', 'ps:ch', 'hello']).finish()]);
    await subscriber.waitOutput('"hello"', MESSAGE_WAIT_MS).catch(() => undefined);
    subscriber.kill();
    t.push(['a: SUBSCRIBE ps:ch', await subscriber.finish()]);
    return t;
  });
}
