/*
 * The shapes shared by the configuration table, the store and the loaders: what one parameter is
 * (ParamDef), what a parsed value is (Parsed), and the ConfigStore contract the engine, the router
 * and the CONFIG command code against.
 *
 * Invariant: a value inside the store is always the output of its parameter's `parse`, so `get`
 * returns exactly the CONFIG GET form and `num`/`bool` never need to re-validate.
 */

/** How a parameter's value is validated and printed. */
export type ParamKind = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

/** A validated value: `text` is the CONFIG GET form, `num` the number form (bytes, 1/0, …). */
export interface Parsed {
  readonly text: string;
  readonly num: number;
}

/** A parser returns the value or an error message without the `ERR CONFIG SET failed` prefix. */
export type ParseResult = Parsed | string;

export interface ParamDef {
  /** Canonical lower-case name, as CONFIG GET prints it. */
  readonly name: string;
  /** Older names that address the same value (`slaveof` for `replicaof`); CONFIG GET lists them too. */
  readonly alias: string | null;
  readonly kind: ParamKind;
  /** The CONFIG GET form of the default (redis-server 7.0.15 without a config file). */
  readonly defaultText: string;
  /** False → CONFIG SET answers `can't set immutable config`; files, env and flags may still set it. */
  readonly mutable: boolean;
  /** True → CONFIG SET answers `can't set protected config` (dir, dbfilename as 7.0 by default). */
  readonly protected: boolean;
  /** False → kept for compatibility only; documented as "no effect in resplica". */
  readonly effect: boolean;
  /** True → a file line or a flag may carry several words (`save 900 1`, `replicaof host port`). */
  readonly multiWord: boolean;
  /** True → repeated file lines / flags add to each other instead of replacing (`save`). */
  readonly accumulates: boolean;
  /** `redis` for Redis 7.0 parameters, `resplica` for our own. */
  readonly origin: 'redis' | 'resplica';
  /** Short description of the type and range for the docs table. */
  readonly typeDoc: string;
  /** Validates a CONFIG SET form value; `current` is the value it replaces (partial updates). */
  parse(raw: string, current: string): ParseResult;
}

/** Called after a successful CONFIG SET (or load) changed `name`. */
export type ConfigListener = (name: string, store: ConfigStore) => void;

export interface ConfigStore {
  /** The file given on the command line, absolute as given; null when started without one. */
  readonly configFile: string | null;
  /** The CONFIG GET form of a parameter (canonical name or alias). Throws on an unknown name. */
  get(name: string): string;
  /** Same as get: for string parameters. */
  str(name: string): string;
  /** Numeric form: memory in bytes, times in their own unit, enums as their index, bools 1/0. */
  num(name: string): number;
  bool(name: string): boolean;
  /** Canonical names in table order (aliases excluded). */
  names(): string[];
  /** Canonical names followed by their aliases, each once, in table order: what CONFIG GET * lists. */
  allNames(): string[];
  /** The parameter definition for a canonical name or alias (any case); undefined when unknown. */
  lookup(name: string): ParamDef | undefined;
  /**
   * Atomic multi-parameter CONFIG SET: all names are checked, then all values, then all are
   * applied and listeners run. Returns null on success or the full error reply text.
   */
  set(pairs: readonly (readonly [string, string])[]): string | null;
  /** Registers a listener for a canonical name or alias; returns a function that removes it. */
  onChange(name: string, fn: ConfigListener): () => void;
}
