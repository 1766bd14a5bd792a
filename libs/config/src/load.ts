/*
 * loadConfig: builds the one ConfigStore a process runs with, from three sources applied in order
 * of increasing precedence:
 *
 *   1. the config file named by the first argv word (redis.conf syntax, `include` supported),
 *   2. environment variables `RESPLICA_<NAME>` (upper case, '-' → '_'; RESPLICA_REPL_BACKLOG_SIZE),
 *      whose value is the CONFIG SET form (`RESPLICA_SAVE="900 1 300 10"`),
 *   3. argv options (`--port 6380 --replicaof 127.0.0.1 6379`), as redis-server takes them.
 *
 * A later source replaces an earlier one's value; within one source a repeated `save` adds save
 * points. Every directive is validated once and every error is returned, each with its origin.
 * Environment variables with the prefix that name no parameter are ignored (apps may read their
 * own); unknown directives in files and flags are errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgv, readConfigFile } from './conf-file';
import type { Directive } from './conf-file';
import { ConfigStoreImpl, lookupParam } from './store';
import { PARAMS } from './table';
import type { ConfigStore } from './types';

export interface LoadConfigOptions {
  argv: string[];
  env: Record<string, string | undefined>;
  /** Reads a config file (tests inject one); defaults to fs.readFileSync(path, 'utf8'). */
  readFile?: (path: string) => string;
  /**
   * The app's own defaults, applied before every source (`{ port: '6380' }` for the master, whose
   * default port differs from Redis's 6379 so a real redis-server can run beside it).
   */
  defaults?: Readonly<Record<string, string>>;
}

export const ENV_PREFIX = 'RESPLICA_';

/** `repl-backlog-size` → `RESPLICA_REPL_BACKLOG_SIZE`. */
export function envName(param: string): string {
  return ENV_PREFIX + param.toUpperCase().replace(/-/g, '_');
}

/** `'save "900" "1"'`: the line as the error messages show it. */
function describe(args: readonly string[]): string {
  return [args[0], ...args.slice(1).map((a) => JSON.stringify(a))].join(' ');
}

const BAD_DIRECTIVE = 'Bad directive or wrong number of arguments';

/** Applies one source's directives; `save` lines after the first of this source add points. */
function applySource(store: ConfigStoreImpl, directives: readonly Directive[], errors: string[]): void {
  const accumulated = new Set<string>();
  for (const d of directives) {
    const p = lookupParam(d.args[0]);
    const fail = (reason: string): void => {
      errors.push(`${d.where}: >>> '${describe(d.args)}' - ${reason}`);
    };
    if (p === undefined || d.args.length < 2 || (!p.multiWord && d.args.length !== 2)) {
      fail(BAD_DIRECTIVE);
      continue;
    }
    let value = p.multiWord ? d.args.slice(1).join(' ') : d.args[1];
    if (p.accumulates) {
      const current = store.get(p.name);
      if (accumulated.has(p.name) && value !== '' && current !== '') value = `${current} ${value}`;
      accumulated.add(p.name);
    }
    const err = store.load(p, value);
    if (err !== null) fail(err);
  }
}

function envDirectives(env: Record<string, string | undefined>): Directive[] {
  const out: Directive[] = [];
  // Short names containers use for the address others should reach this node at. They come first,
  // so the parameter's own name (RESPLICA_REPLICA_ANNOUNCE_IP) wins when both are set.
  const shortNames: readonly [string, string][] = [
    ['RESPLICA_ANNOUNCE_IP', 'replica-announce-ip'],
    ['RESPLICA_ANNOUNCE_PORT', 'replica-announce-port'],
  ];
  for (const [key, name] of shortNames) {
    const value = env[key];
    if (value !== undefined) out.push({ args: [name, value], where: `environment ${key}` });
  }
  for (const p of PARAMS) {
    for (const name of p.alias === null ? [p.name] : [p.name, p.alias]) {
      const key = envName(name);
      const value = env[key];
      // A multi-word value is one string here (the CONFIG SET form), so it is one argument.
      if (value !== undefined) out.push({ args: [name, value], where: `environment ${key}` });
    }
  }
  return out;
}

/**
 * Reads file, environment and flags into a fresh store. `errors` lists every invalid directive;
 * the caller refuses to start when it is not empty.
 */
export function loadConfig(options: LoadConfigOptions): { config: ConfigStore; errors: string[] } {
  const errors: string[] = [];
  const { file, directives: flags } = parseArgv(options.argv, errors);
  const configFile = file === null ? null : resolve(file);
  const store = new ConfigStoreImpl(configFile);
  store.load(lookupParam('dir')!, process.cwd());
  const defaults = Object.entries(options.defaults ?? {});
  applySource(store, defaults.map(([name, value]) => ({ args: [name, value], where: 'app default' })), errors);
  if (configFile !== null) {
    const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
    applySource(store, readConfigFile(configFile, readFile, errors), errors);
  }
  applySource(store, envDirectives(options.env), errors);
  applySource(store, flags, errors);
  return { config: store, errors };
}
