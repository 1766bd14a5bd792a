/*
 * CommandEntry: the frozen, derived form of a CommandSpec that the dispatcher, the router and
 * COMMAND read. Everything a request needs is precomputed here once at module load: one boolean per
 * flag (so no array scan per request), the flag and ACL bit masks in Redis's reply order, and the
 * parent/subcommand links.
 *
 * Invariant: entries are built only by buildEntry and never mutated afterwards (Object.freeze).
 */
import type { AclCategory, CommandFlag, CommandSpec } from '../types';

/** Every command flag in the order Redis 7.0 lists them in COMMAND INFO. Bit i of flagMask is FLAG_ORDER[i]. */
export const FLAG_ORDER: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'may_replicate', 'no_mandatory_keys',
  'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy',
];

/** Every ACL category in the order Redis 7.0 lists them. Bit i of aclMask is ACL_ORDER[i]. */
export const ACL_ORDER: readonly AclCategory[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** The ACL category every (non-container) command of a documentation group belongs to. */
const GROUP_CATEGORY: Readonly<Record<string, AclCategory>> = {
  string: 'string',
  bitmap: 'bitmap',
  generic: 'keyspace',
  connection: 'connection',
  transactions: 'transaction',
};

export interface CommandEntry extends CommandSpec {
  /** `parent|sub` for a subcommand, the name otherwise (same as `name`, kept for clarity at call sites). */
  readonly fullName: string;
  readonly parent: CommandEntry | null;
  readonly subcommands?: readonly CommandEntry[];
  /** Subcommands by lower-case short name (`list` for `client|list`); empty for plain commands. */
  readonly subcommandsByName: ReadonlyMap<string, CommandEntry>;
  /** Bit i set when FLAG_ORDER[i] is among the flags. */
  readonly flagMask: number;
  /** Bit i set when the command is in ACL category ACL_ORDER[i] (implied + group + explicit). */
  readonly aclMask: number;
  /** True when the command names keys (key specs or legacy positions): COMMAND GETKEYS accepts it. */
  readonly hasKeys: boolean;
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly isDenyoom: boolean;
  readonly isAdmin: boolean;
  readonly isPubsub: boolean;
  readonly isNoscript: boolean;
  readonly isBlocking: boolean;
  readonly isLoading: boolean;
  readonly isStale: boolean;
  readonly isSkipMonitor: boolean;
  readonly isSkipSlowlog: boolean;
  readonly isFast: boolean;
  readonly isNoAuth: boolean;
  readonly isMayReplicate: boolean;
  readonly isNoMulti: boolean;
  readonly isMovableKeys: boolean;
  readonly isAllowBusy: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Bit of one flag in flagMask. */
export function flagBit(flag: CommandFlag): number {
  return 1 << FLAG_ORDER.indexOf(flag);
}

function aclBit(category: AclCategory): number {
  return 1 << ACL_ORDER.indexOf(category);
}

/**
 * The ACL categories of a command, as Redis derives them: some follow from flags (write, readonly →
 * read, admin → admin + dangerous, pubsub, fast, blocking, and slow for anything not fast), the
 * group adds its data-type category (containers excepted), and the spec may list more.
 */
function deriveAclMask(spec: CommandSpec, flagMask: number): number {
  let mask = 0;
  const has = (flag: CommandFlag): boolean => (flagMask & flagBit(flag)) !== 0;
  if (has('write')) mask |= aclBit('write');
  if (has('readonly')) mask |= aclBit('read');
  if (has('admin')) mask |= aclBit('admin') | aclBit('dangerous');
  if (has('pubsub')) mask |= aclBit('pubsub');
  if (has('fast')) mask |= aclBit('fast');
  if (has('blocking')) mask |= aclBit('blocking');
  if (!has('fast')) mask |= aclBit('slow');
  const groupCategory = GROUP_CATEGORY[spec.group];
  if (groupCategory && !spec.subcommands && spec.noGroupCategory !== true) mask |= aclBit(groupCategory);
  for (const category of spec.aclCategories ?? []) mask |= aclBit(category);
  return mask;
}

/** Builds the frozen entry of one spec and, recursively, of its subcommands. */
export function buildEntry(spec: CommandSpec, parent: CommandEntry | null = null): CommandEntry {
  let flagMask = 0;
  for (const flag of spec.flags) flagMask |= flagBit(flag);
  const has = (flag: CommandFlag): boolean => (flagMask & flagBit(flag)) !== 0;
  const subcommandsByName = new Map<string, CommandEntry>();
  const { subcommands: childSpecs, ...plain } = spec;
  const entry: Mutable<CommandEntry> = {
    ...plain,
    fullName: spec.name,
    parent,
    subcommandsByName,
    flagMask,
    aclMask: deriveAclMask(spec, flagMask),
    hasKeys: (spec.keySpecs?.length ?? 0) > 0 || spec.firstKey > 0,
    isWrite: has('write'),
    isReadonly: has('readonly'),
    isDenyoom: has('denyoom'),
    isAdmin: has('admin'),
    isPubsub: has('pubsub'),
    isNoscript: has('noscript'),
    isBlocking: has('blocking'),
    isLoading: has('loading'),
    isStale: has('stale'),
    isSkipMonitor: has('skip_monitor'),
    isSkipSlowlog: has('skip_slowlog'),
    isFast: has('fast'),
    isNoAuth: has('no_auth'),
    isMayReplicate: has('may_replicate'),
    isNoMulti: has('no_multi'),
    isMovableKeys: has('movablekeys'),
    isAllowBusy: has('allow_busy'),
  };
  if (childSpecs) {
    // The parent object must exist before its children point at it, so the list is attached after.
    const children = childSpecs.map((sub) => buildEntry(sub, entry));
    for (const child of children) subcommandsByName.set(child.name.slice(child.name.indexOf('|') + 1), child);
    entry.subcommands = Object.freeze(children);
  }
  return Object.freeze(entry);
}
