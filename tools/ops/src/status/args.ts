/**
 * The status CLI's options: flags first, then the RESPLICA_* variables the nodes themselves read
 * (so `RESPLICA_NATS=… npm run status` watches the cluster the nodes were started into), then the
 * defaults. Parsing is pure — argv and env in, options or an error message out — so main.ts is the
 * only place that touches process.argv, process.env or the exit code.
 */
import { parseArgs } from 'node:util';
import { envName, lookupParam } from '@resplica/config';

export interface StatusOptions {
  /** One NATS URL or several separated by commas. @default RESPLICA_NATS, else nats://127.0.0.1:4222 */
  natsUrl: string;
  natsUser: string;
  natsPassword: string;
  natsToken: string;
  /** @default RESPLICA_CLUSTER, else the config's default cluster name (`resplica`) */
  cluster: string;
  /** A node heard from less recently than this is shown as gone. @default 3000 */
  healthTimeoutMs: number;
  /** Time between two frames. @default 1000 */
  intervalMs: number;
  /** Print one frame after one health interval and exit. */
  once: boolean;
  /** One JSON object per frame instead of the table. */
  json: boolean;
  help: boolean;
}

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_HEALTH_TIMEOUT_MS = 3000;
export const DEFAULT_INTERVAL_MS = 1000;

export const USAGE = `Usage: npm run status -- [options]   (or: node tools/ops/dist/status/main.js [options])

Prints the live topology of a resplica cluster from its health events on NATS, refreshed in place.

Options:
  --nats <url>               NATS server(s), comma-separated (env RESPLICA_NATS; default ${DEFAULT_NATS_URL})
  --nats-user <user>         NATS user (env RESPLICA_NATS_USER)
  --nats-password <pass>     NATS password (env RESPLICA_NATS_PASSWORD)
  --nats-token <token>       NATS token (env RESPLICA_NATS_TOKEN)
  --cluster <name>           cluster to watch (env RESPLICA_CLUSTER; default ${lookupParam('cluster')!.defaultText})
  --health-timeout-ms <ms>   a node silent this long is shown as gone (default ${DEFAULT_HEALTH_TIMEOUT_MS})
  --interval-ms <ms>         time between two refreshes (default ${DEFAULT_INTERVAL_MS})
  --once                     collect for one health interval, print one frame and exit
                             (exit 1 when NATS cannot be reached)
  --json                     one JSON object per line and refresh instead of the table
  --help                     this text
`;

/** A positive integer flag value, or an error message naming the flag. */
function positiveInt(name: string, raw: string | undefined, fallback: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(raw)) return `--${name} must be a positive integer of milliseconds, got '${raw}'`;
  return Number(raw);
}

/** The flag, else the environment variable of the config parameter of the same name, else `fallback`. */
function pick(flag: string | undefined, env: Record<string, string | undefined>, param: string, fallback: string): string {
  if (flag !== undefined) return flag;
  const fromEnv = env[envName(param)];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : fallback;
}

/** Parses the command line; returns the options, or a message for stderr (usage errors exit 2). */
export function parseStatusArgs(argv: readonly string[], env: Record<string, string | undefined>): StatusOptions | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        nats: { type: 'string' },
        'nats-user': { type: 'string' },
        'nats-password': { type: 'string' },
        'nats-token': { type: 'string' },
        cluster: { type: 'string' },
        'health-timeout-ms': { type: 'string' },
        'interval-ms': { type: 'string' },
        once: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const healthTimeoutMs = positiveInt('health-timeout-ms', str('health-timeout-ms'), DEFAULT_HEALTH_TIMEOUT_MS);
  if (typeof healthTimeoutMs === 'string') return healthTimeoutMs;
  const intervalMs = positiveInt('interval-ms', str('interval-ms'), DEFAULT_INTERVAL_MS);
  if (typeof intervalMs === 'string') return intervalMs;
  return {
    natsUrl: pick(str('nats'), env, 'nats', DEFAULT_NATS_URL),
    natsUser: pick(str('nats-user'), env, 'nats-user', ''),
    natsPassword: pick(str('nats-password'), env, 'nats-password', ''),
    natsToken: pick(str('nats-token'), env, 'nats-token', ''),
    cluster: pick(str('cluster'), env, 'cluster', lookupParam('cluster')!.defaultText),
    healthTimeoutMs,
    intervalMs,
    once: values.once === true,
    json: values.json === true,
    help: values.help === true,
  };
}
