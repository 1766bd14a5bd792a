/**
 * `npm start`: the local topology on this machine — a nats-server (when one is installed), a
 * master, replicas and a router — started in order, each shown as it becomes ready, then a summary
 * of where to connect; Ctrl-C stops it all. USAGE in options.ts lists the flags; supervisor.ts has
 * the exit codes (and 2 here for a bad command line).
 *
 * Run from the built file (tools/ops/dist/local/main.js): the repository root is four levels up.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findExecutable, findPdeathsigWrapper } from './executables';
import { parseCommandLine, UsageError, USAGE, type LaunchOptions } from './options';
import { PortInUseError } from './ports';
import { NATS_FALLBACK_MESSAGE } from './summary';
import { Supervisor } from './supervisor';
import { Terminal } from './terminal';
import { planTopology, type Topology } from './topology';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

function parse(): LaunchOptions | null {
  try {
    const parsed = parseCommandLine(process.argv.slice(2), repoRoot, process.cwd());
    if (parsed.help) {
      process.stdout.write(USAGE);
      return null;
    }
    return parsed.options;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\nRun with --help for the flags.\n`);
    process.exit(2);
  }
}

async function main(options: LaunchOptions): Promise<number> {
  const terminal = new Terminal();
  const missing = ['master', 'replica', 'router'].map((app) => join(repoRoot, 'apps', app, 'dist', 'main.js')).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    process.stderr.write(`error: not built: ${missing.join(', ')}\nBuild first: npx nx run-many -t build\n`);
    return 1;
  }
  terminal.say(`resplica local topology: cluster ${options.cluster}, ${options.replicas} replica(s), working directories in ${options.dir}`);
  const natsServer = findExecutable(options.natsServer ?? 'nats-server');
  if (natsServer === null) terminal.say(NATS_FALLBACK_MESSAGE);
  const pdeathsig = findPdeathsigWrapper();
  if (pdeathsig === null) {
    terminal.say('setpriv with --pdeathsig (util-linux) not found: processes are started directly and would outlive a SIGKILLed launcher');
  }
  let topology: Topology;
  try {
    topology = await planTopology(options, repoRoot, natsServer, (text) => terminal.say(text));
  } catch (err) {
    if (!(err instanceof PortInUseError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  const supervisor = new Supervisor(topology, {
    terminal,
    pdeathsig,
    verbose: options.verbose,
    startTimeoutMs: START_TIMEOUT_MS,
    stopGraceMs: STOP_GRACE_MS,
  });
  try {
    return await supervisor.run();
  } catch (err) {
    supervisor.killAll();
    throw err;
  }
}

const options = parse();
if (options !== null) {
  main(options).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
