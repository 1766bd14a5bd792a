/*
 * Command lookup, built once at module load from the table: by name (the dispatcher's per-request
 * path), by `parent|sub` full name (COMMAND INFO/DOCS), subcommand of a container, and the key
 * positions of a command line (getKeys, used by COMMAND GETKEYS, WATCH-style checks and the router).
 *
 * Invariant: a lookup allocates nothing, whatever the case of the name: it hashes the bytes with
 * ASCII case folding and compares candidates in place (no toLowerCase, no latin1 string).
 */
import type { CommandEntry } from './table/entry';
import { buildEntry, flagBit } from './table/entry';
import { COMMAND_TABLE } from './table';
import type { CommandFlag, CommandSpec, KeySpec } from './types';

/** ASCII upper-case letters fold to lower case; every other byte is compared as it is. */
function fold(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/**
 * Name → entry, case-insensitive, without building a string per lookup: the name's bytes are
 * hashed with ASCII case folding, and the (rarely more than one) candidates of that hash are
 * compared byte by byte. One index per scope: the top-level commands, and each container's
 * subcommands. Names are ASCII, so the bytes of a Buffer and the char codes of a string agree.
 */
class NameIndex {
  /** Candidates by hash, each with the lower-case name it was added under (`list` for `client|list`). */
  private readonly byHash = new Map<number, { readonly lower: string; readonly entry: CommandEntry }[]>();
  /** Longer names cannot match: rejected with one integer comparison. */
  private maxLength = 0;

  add(name: string, entry: CommandEntry): void {
    const hash = hashName(name);
    const bucket = this.byHash.get(hash);
    if (bucket) bucket.push({ lower: name, entry });
    else this.byHash.set(hash, [{ lower: name, entry }]);
    if (name.length > this.maxLength) this.maxLength = name.length;
  }

  get(name: Buffer | string): CommandEntry | undefined {
    if (name.length > this.maxLength || name.length === 0) return undefined;
    const bucket = this.byHash.get(hashName(name));
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      if (sameName(name, bucket[i].lower)) return bucket[i].entry;
    }
    return undefined;
  }
}

/** A 32-bit FNV-1a hash of the case-folded name. */
function hashName(name: Buffer | string): number {
  let hash = 0x811c9dc5;
  if (typeof name === 'string') {
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ fold(name.charCodeAt(i)), 0x01000193);
  } else {
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ fold(name[i]), 0x01000193);
  }
  return hash;
}

/** Whether `name` equals the lower-case `lower`, ignoring ASCII case. */
function sameName(name: Buffer | string, lower: string): boolean {
  if (name.length !== lower.length) return false;
  if (typeof name === 'string') {
    for (let i = 0; i < lower.length; i++) if (fold(name.charCodeAt(i)) !== lower.charCodeAt(i)) return false;
  } else {
    for (let i = 0; i < lower.length; i++) if (fold(name[i]) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

const ENTRIES: readonly CommandEntry[] = Object.freeze(COMMAND_TABLE.map((spec) => buildEntry(spec)));
const TOP_LEVEL = new NameIndex();
const SUBCOMMAND_INDEX = new Map<CommandEntry, NameIndex>();
for (const entry of ENTRIES) {
  TOP_LEVEL.add(entry.name, entry);
  if (entry.subcommands) {
    const index = new NameIndex();
    for (const [short, child] of entry.subcommandsByName) index.add(short, child);
    SUBCOMMAND_INDEX.set(entry, index);
  }
}

/** The entry of a command name as a client sent it (any case); undefined when unknown. */
export function lookupCommand(name: Buffer | string): CommandEntry | undefined {
  return TOP_LEVEL.get(name);
}

/** The subcommand `sub` (any case) of a container entry; undefined when unknown or not a container. */
export function lookupSubcommand(parent: CommandSpec, sub: Buffer | string): CommandEntry | undefined {
  const index = SUBCOMMAND_INDEX.get(parent as CommandEntry);
  return index === undefined ? undefined : index.get(sub);
}

/** A command by full name, `get` or `client|list` (any case), as COMMAND INFO and DOCS accept it. */
export function lookupCommandByFullName(fullName: string): CommandEntry | undefined {
  const bar = fullName.indexOf('|');
  if (bar < 0) return TOP_LEVEL.get(fullName);
  const parent = TOP_LEVEL.get(fullName.slice(0, bar));
  return parent === undefined ? undefined : lookupSubcommand(parent, fullName.slice(bar + 1));
}

/** Every top-level command, in table order (subcommands hang off their containers). */
export function allCommands(): readonly CommandEntry[] {
  return ENTRIES;
}

/** Whether a command has a flag: one mask test for table entries, an array scan for other specs. */
export function hasFlag(spec: CommandSpec, flag: CommandFlag): boolean {
  const mask = (spec as Partial<CommandEntry>).flagMask;
  return mask !== undefined ? (mask & flagBit(flag)) !== 0 : spec.flags.includes(flag);
}

/* -------------------------------- key extraction -------------------------------- */

/** Parses a non-negative decimal count the way a key-count argument must be written; -1 if invalid. */
function parseCount(arg: Buffer): number {
  if (arg.length === 0 || arg.length > 10) return -1;
  let n = 0;
  for (let i = 0; i < arg.length; i++) {
    const digit = arg[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Index of the first argument after `keyword` (searched as the spec says), or -1 when absent. */
function afterKeyword(keyword: string, startFrom: number, argv: readonly Buffer[]): number {
  const argc = argv.length;
  const forward = startFrom >= 0;
  const end = forward ? argc : 0;
  for (let i = forward ? startFrom : argc + startFrom; forward ? i < end : i > end; i += forward ? 1 : -1) {
    if (argv[i].length === keyword.length && argv[i].toString('latin1').toLowerCase() === keyword) return i + 1;
  }
  return -1;
}

/** Appends the key indices one key spec finds in argv. Out-of-range positions are skipped, as Redis does. */
function keysOfSpec(spec: KeySpec, argv: readonly Buffer[], out: number[]): void {
  const argc = argv.length;
  // An unknown spec names keys no rule finds (SORT's BY/GET/STORE keys): it contributes none.
  if (spec.begin.type === 'unknown' || spec.find.type === 'unknown') return;
  const first =
    spec.begin.type === 'index'
      ? spec.begin.index
      : afterKeyword(spec.begin.keyword.toLowerCase(), spec.begin.startFrom, argv);
  if (first < 1 || first >= argc) return;
  const find = spec.find;
  if (find.type === 'range') {
    let last: number;
    if (find.lastKey >= 0) last = first + find.lastKey;
    else if (find.limit <= 1) last = argc + find.lastKey;
    else last = first + Math.floor((argc - first) / find.limit) + find.lastKey;
    for (let i = first; i <= last && i < argc; i += find.keyStep) out.push(i);
    return;
  }
  const countAt = first + find.keyNumIndex;
  if (countAt >= argc) return;
  const count = parseCount(argv[countAt]);
  if (count < 0) return;
  const start = first + find.firstKey;
  for (let k = 0, i = start; k < count && i < argc; k++, i += find.keyStep) out.push(i);
}

/**
 * Indices in argv of the key arguments of a command line (argv[0] is the command name; for a
 * subcommand entry argv[1] is the subcommand). Uses the key specs when the entry has them, else the
 * legacy first/last/step positions. Arity is not checked here: positions past the end are skipped.
 */
export function getKeys(spec: CommandSpec, argv: readonly Buffer[]): number[] {
  const out: number[] = [];
  if (spec.keySpecs !== undefined && spec.keySpecs.length > 0) {
    for (const keySpec of spec.keySpecs) keysOfSpec(keySpec, argv, out);
    return out;
  }
  if (spec.firstKey <= 0) return out;
  const last = spec.lastKey < 0 ? argv.length + spec.lastKey : spec.lastKey;
  for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step) out.push(i);
  return out;
}
