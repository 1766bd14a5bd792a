/*
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the node's ConfigStore (@resplica/config).
 *
 * GET follows 7.0: several patterns; a pattern without glob characters is looked up directly and
 * echoed as the client spelled it; glob patterns match every name and alias case-insensitively;
 * a name already reported (compared case-insensitively) is not repeated. The reply is a map
 * (RESP3) or a flat array (RESP2) in the order names were found.
 *
 * Invariant: SET is all-or-nothing (the store checks every name, then every value, then applies).
 */
import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { rewriteConfigText } from '@resplica/config';
import { ERR_SYNTAX, stringMatch, wrongArity } from '@resplica/commands';
import type { ClientView, NodeView, ServerHandler } from '../contracts';

const GLOB_CHARS = /[*?[]/;

const HELP_LINES = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern> [<pattern> ...]',
  '    Reply with the parameters whose name matches a glob-style pattern, and their values.',
  'SET <directive> <value> [<directive> <value> ...]',
  '    Change parameters at run time; either all of them change or none does.',
  'RESETSTAT',
  '    Zero the counters INFO reports (stats, commandstats, errorstats).',
  'REWRITE',
  '    Write the running configuration back to the config file.',
  'HELP',
  '    Print this help.',
];

/** CONFIG GET pattern [pattern …] */
function configGet(node: NodeView, client: ClientView, argv: Buffer[]): void {
  const found = new Map<string, [string, string]>();
  const config = node.config;
  for (let k = 2; k < argv.length; k++) {
    const pattern = argv[k].toString();
    if (!GLOB_CHARS.test(pattern)) {
      const key = pattern.toLowerCase();
      if (!found.has(key) && config.lookup(key) !== undefined) found.set(key, [pattern, config.get(key)]);
      continue;
    }
    for (const name of config.allNames()) {
      if (!found.has(name) && stringMatch(pattern, name, true)) found.set(name, [name, config.get(name)]);
    }
  }
  client.reply.mapHeader(found.size);
  for (const [name, value] of found.values()) {
    client.reply.bulk(name);
    client.reply.bulk(value);
  }
}

/** CONFIG SET name value [name value …] */
function configSet(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length % 2 !== 0) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  const pairs: [string, string][] = [];
  for (let k = 2; k < argv.length; k += 2) pairs.push([argv[k].toString(), argv[k + 1].toString()]);
  const err = node.config.set(pairs);
  if (err === null) client.reply.ok();
  else client.reply.error(err);
}

/** CONFIG RESETSTAT: the engine's counters and the keyspace's hit/miss/expiry counters. */
function configResetStat(node: NodeView, client: ClientView): void {
  node.stats.reset();
  const ks = node.keyspace.stats;
  ks.expiredKeys = 0;
  ks.keyspaceHits = 0;
  ks.keyspaceMisses = 0;
  ks.expiredStalePerc = 0;
  ks.expiredTimeCapReachedCount = 0;
  ks.expireCycleCpuMilliseconds = 0;
  client.reply.ok();
}

/** Reads the config file, or '' when it does not exist any more (REWRITE then recreates it). */
function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** CONFIG REWRITE: through a temporary file and a rename, so a crash never leaves half a file. */
function configRewrite(node: NodeView, client: ClientView): void {
  const path = node.config.configFile;
  if (path === null) {
    client.reply.error('ERR The server is running without a config file');
    return;
  }
  try {
    const text = rewriteConfigText(readOrEmpty(path), node.config);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    client.reply.error(`ERR Rewriting config file: ${(err as Error).message}`);
    return;
  }
  client.reply.ok();
}

function configHelp(_node: NodeView, client: ClientView): void {
  client.reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) client.reply.status(line);
}

interface Sub {
  readonly run: ServerHandler;
  /** Arity as the command table states it: exact when positive, at least -arity when negative. */
  readonly arity: number;
}

const SUBCOMMANDS: ReadonlyMap<string, Sub> = new Map<string, Sub>([
  ['get', { run: configGet, arity: -3 }],
  ['set', { run: configSet, arity: -4 }],
  ['resetstat', { run: configResetStat, arity: 2 }],
  ['rewrite', { run: configRewrite, arity: 2 }],
  ['help', { run: configHelp, arity: 2 }],
]);

/** CONFIG <subcommand> …: checks the subcommand's arity here, since it is not in the table. */
function config(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length < 2) {
    client.reply.error(wrongArity('config'));
    return;
  }
  const name = argv[1].toString();
  const sub = SUBCOMMANDS.get(name.toLowerCase());
  if (sub === undefined) {
    client.reply.error(`ERR unknown subcommand '${name.slice(0, 128)}'. Try CONFIG HELP.`);
    return;
  }
  if (sub.arity > 0 ? argv.length !== sub.arity : argv.length < -sub.arity) {
    client.reply.error(wrongArity(`config|${name.toLowerCase()}`));
    return;
  }
  sub.run(node, client, argv);
}

export const configHandlers: ReadonlyMap<string, ServerHandler> = new Map([['config', config]]);
