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
}
