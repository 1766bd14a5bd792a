/**
 * The shape of one entry of the command table. The table (table/*.ts) is written by hand from the
 * Redis documentation's semantics; COMMAND INFO, the server's dispatcher and the router's classifier
 * all read it, so a flag set here changes routing, central checks and introspection together.
 */

/** Command flags, spelled as Redis 7.0 reports them in COMMAND INFO. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

export interface CommandSpec {
  /** Lower-case name; a subcommand is `parent|sub`, e.g. `client|list`. */
  readonly name: string;
  /** Exact argument count including the name when positive; at least -arity when negative. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Legacy key positions as in COMMAND INFO: first key index, last (negative counts from the end), step. */
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  /** Documentation group: string, generic, server, connection, pubsub, transactions, bitmap, … */
  readonly group: string;
  /** One line saying what the command does. */
  readonly summary: string;
  readonly subcommands?: readonly CommandSpec[];
  /** Key specs; required for correct COMMAND INFO / GETKEYS when the command has keys. */
  readonly keySpecs?: readonly KeySpec[];
  /** Command tips as COMMAND INFO reports them, e.g. `nondeterministic_output`. */
  readonly tips?: readonly string[];
  /**
   * ACL categories beyond those implied by the flags and the group (see lookup.ts: write → write,
   * readonly → read, admin → admin + dangerous, pubsub, fast, blocking, not fast → slow).
   */
  readonly aclCategories?: readonly AclCategory[];
  /** True when the group's own ACL category does not apply (SORT: generic, yet not @keyspace). */
  readonly noGroupCategory?: boolean;
  /** The Redis version that introduced the command, for COMMAND DOCS. */
  readonly since?: string;
}

/* The optional CommandSpec members' types: key specs and ACL categories (Redis 7.0 names). */

/** Key-spec flags, spelled as Redis 7.0 reports them in COMMAND INFO. */
export type KeySpecFlag =
  | 'RO'
  | 'RW'
  | 'OW'
  | 'RM'
  | 'access'
  | 'update'
  | 'insert'
  | 'delete'
  | 'not_key'
  | 'incomplete'
  | 'variable_flags';

/** Where the search for a key spec's keys starts: a fixed index, or after a keyword. */
export type KeySpecBegin =
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'keyword'; readonly keyword: string; readonly startFrom: number }
  /** Keys that no rule can find (SORT's BY/GET/STORE); COMMAND INFO shows an empty spec. */
  | { readonly type: 'unknown' };

/**
 * How keys are found from the start: a range (lastKey relative to the start, negative counts from
 * the end; limit 0 means no limit), or a count argument followed by that many keys.
 */
export type KeySpecFind =
  | { readonly type: 'range'; readonly lastKey: number; readonly keyStep: number; readonly limit: number }
  | { readonly type: 'keynum'; readonly keyNumIndex: number; readonly firstKey: number; readonly keyStep: number }
  | { readonly type: 'unknown' };

/** One key spec (Redis 7.0 `key_specs`): what kind of access, and where the keys are. */
export interface KeySpec {
  readonly flags: readonly KeySpecFlag[];
  readonly begin: KeySpecBegin;
  readonly find: KeySpecFind;
}

/** ACL categories, without the leading `@`, in the order Redis 7.0 lists them. */
export type AclCategory =
  | 'keyspace'
  | 'read'
  | 'write'
  | 'set'
  | 'sortedset'
  | 'list'
  | 'hash'
  | 'string'
  | 'bitmap'
  | 'hyperloglog'
  | 'geo'
  | 'stream'
  | 'pubsub'
  | 'admin'
  | 'fast'
  | 'slow'
  | 'blocking'
  | 'dangerous'
  | 'connection'
  | 'transaction'
  | 'scripting';
