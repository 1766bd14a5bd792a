/**
 * The launcher's command line: `--name value` (or `--name=value`) flags, turned once into a frozen
 * LaunchOptions. Nothing here touches the network or the file system beyond resolving --dir.
 *
 * Invariant: a port the user typed is `explicit` (taken → error); a port we chose is not (taken →
 * replaced by a free one). Every parse failure is a UsageError, which main.ts turns into exit 2.
 */
import { isAbsolute, join, resolve } from 'node:path';

/** Where the router listens unless told otherwise: Redis's own port (ARCHITECTURE.md). */
export const DEFAULT_ROUTER_PORT = 6379;
/** The master's default port; the replicas take the ports just above it. */
export const DEFAULT_MASTER_PORT = 6380;
export const DEFAULT_REPLICAS = 2;
/** More replicas than this is a typo, not a local topology. */
export const MAX_REPLICAS = 32;

export interface PortRequest {
  /** null: any free port. */
  readonly port: number | null;
  /** Given on the command line: taken is an error instead of a reason to pick another. */
  readonly explicit: boolean;
}

export interface LaunchOptions {
  readonly routerPort: PortRequest;
  readonly masterPort: PortRequest;
  readonly natsPort: PortRequest;
  readonly replicas: number;
  /** The nats-server to run; null: look for `nats-server` on PATH. */
  readonly natsServer: string | null;
  /** Absolute; each process works in <dir>/<name>/. */
  readonly dir: string;
  readonly cluster: string;
  readonly verbose: boolean;
}

export type ParsedCommandLine = { readonly help: true } | { readonly help: false; readonly options: LaunchOptions };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm start -- [options]
       node tools/ops/dist/local/main.js [options]

Starts a local resplica topology: nats-server (when installed), a master, replicas and a router.
Ctrl-C stops everything (router first); a second Ctrl-C kills everything at once.

Options:
  --router-port <port>    where applications connect (default ${DEFAULT_ROUTER_PORT})
  --replicas <n>          replicas of the master (default ${DEFAULT_REPLICAS}, at most ${MAX_REPLICAS})
  --master-port <port>    the master's port (default ${DEFAULT_MASTER_PORT}); replicas take the ports above it
  --nats-port <port>      the nats-server's port (default: a free one)
  --nats-server <path>    the nats-server binary (default: nats-server on PATH)
  --dir <path>            working directories, one per process (default: .local in the repository)
  --cluster <name>        the cluster name in health events (default local)
  --verbose               stream every log line of every process (default: warnings and errors only)
  --help                  print this text

A default port that is taken is replaced by a free one; a port given here that is taken is an error.
`;

/** Flags that take a value, by name. */
const VALUE_FLAGS = ['router-port', 'replicas', 'master-port', 'nats-port', 'nats-server', 'dir', 'cluster'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

function integerIn(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return Number(text);
}

function portRequest(values: Map<ValueFlag, string>, flag: ValueFlag, fallback: number | null): PortRequest {
  const text = values.get(flag);
  if (text === undefined) return { port: fallback, explicit: false };
  return { port: integerIn(flag, text, 1, 65535), explicit: true };
}

/** Splits argv into value flags and switches; rejects unknown, repeated and value-less flags. */
function scan(argv: readonly string[]): { values: Map<ValueFlag, string>; switches: Set<string> } {
  const values = new Map<ValueFlag, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument '${arg}' (flags start with --)`);
    const [, name, inline] = match as unknown as [string, string, string | undefined];
    if (name === 'help' || name === 'verbose') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!isValueFlag(name)) throw new UsageError(`unknown flag --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { values, switches };
}

/** Parses the launcher's argv (without node and the script); `repoRoot` anchors the default --dir. */
export function parseCommandLine(argv: readonly string[], repoRoot: string, cwd: string): ParsedCommandLine {
  const { values, switches } = scan(argv);
  if (switches.has('help')) return { help: true };
  const dir = values.get('dir');
  const cluster = values.get('cluster') ?? 'local';
  if (!/^[A-Za-z0-9_-]+$/.test(cluster)) {
    throw new UsageError(`--cluster must be letters, digits, '-' or '_' (it is part of NATS subjects), got '${cluster}'`);
  }
  return {
    help: false,
    options: {
      routerPort: portRequest(values, 'router-port', DEFAULT_ROUTER_PORT),
      masterPort: portRequest(values, 'master-port', DEFAULT_MASTER_PORT),
      natsPort: portRequest(values, 'nats-port', null),
      replicas: values.has('replicas') ? integerIn('replicas', values.get('replicas')!, 0, MAX_REPLICAS) : DEFAULT_REPLICAS,
      natsServer: values.get('nats-server') ?? null,
      dir: dir === undefined ? join(repoRoot, '.local') : isAbsolute(dir) ? dir : resolve(cwd, dir),
      cluster,
      verbose: switches.has('verbose'),
    },
  };
}
