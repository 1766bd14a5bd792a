/**
 * `npm run status`: the live topology of one cluster, read from the health events every node and
 * router publishes on NATS. Wires the options to a HealthSubscriber, folds its events into the
 * Topology model, and draws a frame every --interval-ms (or one frame with --once).
 *
 * Exit codes: 0 after SIGINT/SIGTERM or a --once frame; 1 when --once cannot reach NATS; 2 for a
 * bad command line. This file is the only one that touches process.* (argv, env, stdout, exit).
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupParam } from '@resplica/config';
import { HealthSubscriber, redactServers } from '@resplica/health';
import { parseStatusArgs, USAGE, type StatusOptions } from './args';
import { ProblemLog } from './problem-log';
import { renderJson, renderTable, type FrameContext } from './render';
import { Screen } from './screen';
import { Topology } from './topology';

/** How long --once waits for NATS before it says it cannot be reached. */
const ONCE_CONNECT_WAIT_MS = 5000;
/**
 * How long --once listens before printing: one health interval at the nodes' default, so every
 * live node has published once, plus a margin for the delivery. Nodes configured with a longer
 * interval may be missing from a --once frame (the live view shows them).
 */
const ONCE_COLLECT_MS = Number(lookupParam('health-interval-ms')!.defaultText) + 500;
const POLL_MS = 50;

function fail(code: number, message: string): never {
  process.stderr.write(`status: ${message}\n`);
  process.exit(code);
}

function createSubscriber(options: StatusOptions, log: ProblemLog): HealthSubscriber {
  try {
    return new HealthSubscriber({
      servers: options.natsUrl,
      user: options.natsUser,
      password: options.natsPassword,
      token: options.natsToken,
      name: `resplica-status ${hostname()}`,
      log,
      cluster: options.cluster,
    });
  } catch (err) {
    return fail(2, (err as Error).message);
  }
}

async function main(): Promise<void> {
  const options = parseStatusArgs(process.argv.slice(2), process.env);
  if (typeof options === 'string') fail(2, `${options}\n\n${USAGE}`);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  // A reader that goes away (`npm run status | head`) ends the view, not in a stack trace.
  process.stdout.on('error', () => process.exit(0));

  const log = new ProblemLog();
  const topology = new Topology(options.healthTimeoutMs);
  const sub = createSubscriber(options, log);
  sub.onEvent((e) => topology.apply(e, Date.now()));
  const nats = redactServers(options.natsUrl);
  const context = (): FrameContext => ({ cluster: options.cluster, nats, connected: sub.connected, natsError: sub.connected ? null : log.last });
  const render = options.json ? renderJson : renderTable;
  const screen = new Screen(options.json ? 'json' : options.once || !process.stdout.isTTY ? 'stream' : 'tty', (text) => process.stdout.write(text));
  const draw = (): void => screen.show(render(topology.snapshot(Date.now()), context()));

  let timer: NodeJS.Timeout | undefined;
  const stop = async (code: number): Promise<never> => {
    clearInterval(timer);
    await sub.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  sub.start();

  if (!options.once) {
    draw();
    timer = setInterval(draw, options.intervalMs);
    return;
  }
  const deadline = Date.now() + ONCE_CONNECT_WAIT_MS;
  while (!sub.connected && Date.now() < deadline) await sleep(POLL_MS);
  if (!sub.connected) {
    const why = log.last === null ? '' : `: ${log.last}`;
    process.stderr.write(`status: cannot reach NATS at ${nats} within ${ONCE_CONNECT_WAIT_MS / 1000} s${why}\n`);
    await stop(1);
  }
  await sleep(ONCE_COLLECT_MS);
  draw();
  await stop(0);
}

void main();
