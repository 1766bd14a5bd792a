/**
 * The container health check: `healthcheck <master|replica|router> [redis.conf] [--name value …]`.
 *
 * It reads configuration exactly as the app it checks does (libs/config loadConfig: the file, then
 * RESPLICA_* variables, then flags), so in a container — where the check runs with the service's
 * environment — it finds the same `port` and `requirepass` without being told them twice. Settings
 * given only as flags on the service's command line are not visible here: pass them to the check
 * too, or use environment variables or the file (docs/docker.md).
 *
 * It probes 127.0.0.1, which every default `bind` (`* -::*`) covers; a node bound to one other
 * address only is outside its scope. Pure apart from the probe: argv and env in, a verdict out;
 * main.ts owns the process.
 */
import { loadConfig } from '@resplica/config';
import { probe, type ProbeOptions, type ProbeResult } from './probe';

/**
 * Each app's own default port (apps/master, apps/replica and apps/router main.ts); the other
 * parameters the check reads have the same defaults in every app.
 */
const APP_PORTS: Readonly<Record<string, string>> = { master: '6380', replica: '6381', router: '6379' };

/** Docker's default health-check timeout is 30 s; the compose file allows 5 s, this stays under it. */
export const PROBE_TIMEOUT_MS = 3000;

export const USAGE = 'usage: healthcheck <master|replica|router> [redis.conf] [--name value ...]';

/** What to probe: the options, or why the arguments or the configuration are unusable. */
export function healthcheckTarget(argv: readonly string[], env: Record<string, string | undefined>): ProbeOptions | string {
  const [app, ...rest] = argv;
  const port = app === undefined ? undefined : APP_PORTS[app];
  if (port === undefined) return USAGE;
  const { config, errors } = loadConfig({ argv: rest, env, defaults: { port } });
  if (errors.length > 0) return errors.map((e) => `config error: ${e}`).join('\n');
  return { host: '127.0.0.1', port: config.num('port'), password: config.str('requirepass'), timeoutMs: PROBE_TIMEOUT_MS };
}

export async function runHealthcheck(argv: readonly string[], env: Record<string, string | undefined>): Promise<ProbeResult> {
  const target = healthcheckTarget(argv, env);
  return typeof target === 'string' ? { ok: false, reason: target } : probe(target);
}
