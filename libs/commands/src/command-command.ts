/*
 * The COMMAND command, answered entirely from the command table: COMMAND, COUNT, INFO, LIST,
 * GETKEYS, DOCS and HELP, with Redis 7.0's reply shapes (a 10-element array per command for INFO,
 * a map of maps for DOCS) and its error strings. Also `writeHelp`, the shape of every
 * `<CONTAINER> HELP` reply.
 *
 * Not supported: COMMAND GETKEYSANDFLAGS (not in this milestone's table); key-spec `notes` (their
 * text is Redis's prose, which we do not copy), so a key spec map has three fields where Redis may
 * send four. COMMAND DOCS gives summary, since, group and subcommands (no arguments or history).
 */
import {
  ERR_INVALID_COMMAND,
  ERR_INVALID_COMMAND_ARITY,
  ERR_INVALID_KEY_ARGUMENTS,
  ERR_NO_KEY_ARGUMENTS,
  ERR_SYNTAX,
  unknownSubcommand,
  wrongArity,
} from './errors';
import { stringMatch } from './glob';
import { allCommands, getKeys, lookupCommand, lookupCommandByFullName, lookupSubcommand } from './lookup';
import type { Reply } from './reply';
import { ACL_ORDER, FLAG_ORDER, type CommandEntry } from './table/entry';
import type { KeySpec, KeySpecFlag } from './types';

/** Key-spec flags in the order Redis lists them. */
const KEY_SPEC_FLAG_ORDER: readonly KeySpecFlag[] = [
  'RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags',
];

const COMMAND_HELP: readonly string[] = [
  '(no subcommand)',
  '    Describe every command of this server (same reply as INFO without names).',
  'COUNT',
  '    Number of commands of this server.',
  'LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]',
  '    Names of the commands of this server, optionally filtered.',
  'INFO [<command-name> ...]',
  '    Describe the named commands (all of them when no name is given).',
  'DOCS [<command-name> ...]',
  '    Documentation of the named commands (all of them when no name is given).',
  'GETKEYS <full-command>',
  '    The key arguments of a complete command line.',
];

/** True when argc satisfies an arity (exact when positive, a minimum when negative). */
export function arityAccepts(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

/**
 * Writes the reply of `<CONTAINER> HELP`: a usage line, the given lines, then HELP itself, all as
 * simple strings in one array.
 */
export function writeHelp(reply: Reply, container: string, lines: readonly string[]): void {
  reply.arrayHeader(lines.length + 3);
  reply.status(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) reply.status(line);
  reply.status('HELP');
  reply.status('    Print this help.');
}

/* ------------------------------------ INFO ------------------------------------ */

function countBits(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

function writeKeySpec(reply: Reply, spec: KeySpec): void {
  reply.mapHeader(3);
  reply.bulk('flags');
  const flags = KEY_SPEC_FLAG_ORDER.filter((flag) => spec.flags.includes(flag));
  reply.setHeader(flags.length);
  for (const flag of flags) reply.status(flag);
  reply.bulk('begin_search');
  reply.mapHeader(2);
  reply.bulk('type');
  if (spec.begin.type === 'index') {
    reply.bulk('index');
    reply.bulk('spec');
    reply.mapHeader(1);
    reply.bulk('index');
    reply.integer(spec.begin.index);
  } else if (spec.begin.type === 'unknown') {
    reply.bulk('unknown');
    reply.bulk('spec');
    reply.mapHeader(0);
  } else {
    reply.bulk('keyword');
    reply.bulk('spec');
    reply.mapHeader(2);
    reply.bulk('keyword');
    reply.bulk(spec.begin.keyword);
    reply.bulk('startfrom');
    reply.integer(spec.begin.startFrom);
  }
  reply.bulk('find_keys');
  reply.mapHeader(2);
  reply.bulk('type');
  const find = spec.find;
  reply.bulk(find.type);
  reply.bulk('spec');
  if (find.type === 'unknown') {
    reply.mapHeader(0);
    return;
  }
  reply.mapHeader(3);
  if (find.type === 'range') {
    reply.bulk('lastkey');
    reply.integer(find.lastKey);
    reply.bulk('keystep');
    reply.integer(find.keyStep);
    reply.bulk('limit');
    reply.integer(find.limit);
  } else {
    reply.bulk('keynumidx');
    reply.integer(find.keyNumIndex);
    reply.bulk('firstkey');
    reply.integer(find.firstKey);
    reply.bulk('keystep');
    reply.integer(find.keyStep);
  }
}

/** One COMMAND INFO entry: Redis 7.0's 10-element array, subcommands nested. */
export function writeCommandInfo(reply: Reply, entry: CommandEntry): void {
  reply.arrayHeader(10);
  reply.bulk(entry.fullName);
  reply.integer(entry.arity);
  reply.setHeader(countBits(entry.flagMask));
  for (let i = 0; i < FLAG_ORDER.length; i++) if (entry.flagMask & (1 << i)) reply.status(FLAG_ORDER[i]);
  reply.integer(entry.firstKey);
  reply.integer(entry.lastKey);
  reply.integer(entry.step);
  reply.setHeader(countBits(entry.aclMask));
  for (let i = 0; i < ACL_ORDER.length; i++) if (entry.aclMask & (1 << i)) reply.status(`@${ACL_ORDER[i]}`);
  const tips = entry.tips ?? [];
  reply.setHeader(tips.length);
  for (const tip of tips) reply.bulk(tip);
  const keySpecs = entry.keySpecs ?? [];
  reply.setHeader(keySpecs.length);
  for (const spec of keySpecs) writeKeySpec(reply, spec);
  // Redis sends an empty set when there are no subcommands, but an array when there are.
  if (entry.subcommands === undefined) {
    reply.setHeader(0);
  } else {
    reply.arrayHeader(entry.subcommands.length);
    for (const sub of entry.subcommands) writeCommandInfo(reply, sub);
  }
}

function commandInfo(reply: Reply, argv: readonly Buffer[]): void {
  if (argv.length === 2) return writeAllInfo(reply);
  reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const entry = lookupCommandByFullName(argv[i].toString('latin1'));
    if (entry === undefined) reply.bulk(null);
    else writeCommandInfo(reply, entry);
  }
}

function writeAllInfo(reply: Reply): void {
  const entries = allCommands();
  reply.arrayHeader(entries.length);
  for (const entry of entries) writeCommandInfo(reply, entry);
}

/* ------------------------------------ DOCS ------------------------------------ */

function writeDocs(reply: Reply, entry: CommandEntry): void {
  const subs = entry.subcommands;
  reply.mapHeader(2 + (entry.since === undefined ? 0 : 1) + (subs === undefined ? 0 : 1));
  reply.bulk('summary');
  reply.bulk(entry.summary);
  if (entry.since !== undefined) {
    reply.bulk('since');
    reply.bulk(entry.since);
  }
  reply.bulk('group');
  reply.bulk(entry.group);
  if (subs !== undefined) {
    reply.bulk('subcommands');
    reply.mapHeader(subs.length);
    for (const sub of subs) {
      reply.bulk(sub.fullName);
      writeDocs(reply, sub);
    }
  }
}

function commandDocs(reply: Reply, argv: readonly Buffer[]): void {
  const found: CommandEntry[] = [];
  if (argv.length === 2) found.push(...allCommands());
  for (let i = 2; i < argv.length; i++) {
    const entry = lookupCommandByFullName(argv[i].toString('latin1'));
    if (entry !== undefined) found.push(entry);
  }
  reply.mapHeader(found.length);
  for (const entry of found) {
    reply.bulk(entry.fullName);
    writeDocs(reply, entry);
  }
}

/* ------------------------------------ LIST ------------------------------------ */

/** Every command and subcommand, each container followed by its subcommands. */
function everyEntry(): CommandEntry[] {
  const out: CommandEntry[] = [];
  for (const entry of allCommands()) {
    out.push(entry);
    if (entry.subcommands) out.push(...entry.subcommands);
  }
  return out;
}

function commandList(reply: Reply, argv: readonly Buffer[]): void {
  let entries = everyEntry();
  if (argv.length === 5 && argv[2].toString('latin1').toLowerCase() === 'filterby') {
    const filter = argv[3].toString('latin1').toLowerCase();
    const value = argv[4].toString('latin1');
    if (filter === 'module') {
      entries = []; // No modules exist here, so no command belongs to one.
    } else if (filter === 'aclcat') {
      const bit = ACL_ORDER.indexOf(value.toLowerCase() as (typeof ACL_ORDER)[number]);
      entries = bit < 0 ? [] : entries.filter((entry) => (entry.aclMask & (1 << bit)) !== 0);
    } else if (filter === 'pattern') {
      entries = entries.filter((entry) => stringMatch(value, entry.fullName, true));
    } else {
      return reply.error(ERR_SYNTAX);
    }
  } else if (argv.length !== 2) {
    return reply.error(ERR_SYNTAX);
  }
  reply.arrayHeader(entries.length);
  for (const entry of entries) reply.bulk(entry.fullName);
}

/* ----------------------------------- GETKEYS ----------------------------------- */

function commandGetKeys(reply: Reply, argv: readonly Buffer[]): void {
  const line = argv.slice(2);
  let entry = lookupCommand(line[0]);
  if (entry !== undefined && entry.subcommands !== undefined && line.length >= 2) {
    entry = lookupSubcommand(entry, line[1]);
  }
  if (entry === undefined) return reply.error(ERR_INVALID_COMMAND);
  if (!entry.hasKeys) return reply.error(ERR_NO_KEY_ARGUMENTS);
  if (!arityAccepts(entry.arity, line.length)) return reply.error(ERR_INVALID_COMMAND_ARITY);
  const keys = getKeys(entry, line);
  if (keys.length === 0 && !entry.flags.includes('no_mandatory_keys')) return reply.error(ERR_INVALID_KEY_ARGUMENTS);
  reply.arrayHeader(keys.length);
  for (const index of keys) reply.bulk(line[index]);
}

/* ------------------------------------ entry ------------------------------------ */

const COMMAND = lookupCommand('command') as CommandEntry;

/**
 * Runs COMMAND with its subcommands; argv[0] is `COMMAND` in any case. Writes exactly one reply,
 * including the unknown-subcommand and arity errors (so it is correct even if called without the
 * dispatcher's checks).
 */
export function commandCommand(reply: Reply, argv: Buffer[]): void {
  if (argv.length === 1) return writeAllInfo(reply);
  const sub = lookupSubcommand(COMMAND, argv[1]);
  // Reply.error takes text: exact for UTF-8 names (the dispatcher answers binary ones as bytes).
  if (sub === undefined) return reply.error(unknownSubcommand(argv[1], 'command').toString());
  if (!arityAccepts(sub.arity, argv.length)) return reply.error(wrongArity(sub.fullName));
  switch (sub.fullName) {
    case 'command|count':
      return reply.integer(allCommands().length);
    case 'command|info':
      return commandInfo(reply, argv);
    case 'command|docs':
      return commandDocs(reply, argv);
    case 'command|list':
      return commandList(reply, argv);
    case 'command|getkeys':
      return commandGetKeys(reply, argv);
    case 'command|help':
    default:
      return writeHelp(reply, 'command', COMMAND_HELP);
  }
}
