/**
 * The logging contract of the node engine. Libraries never pick a sink: the app passes something
 * that satisfies `Logger` (pino does, structurally), and each component asks for a child with its
 * own bindings (`{ component: 'server' }`, `{ client: 12 }`).
 *
 * Invariant: never log keys or values; log ids, names of commands, sizes and reasons.
 */

/** A structured log call: fields first, then a short stable message. */
export type LogFn = (fields: object, message: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger that adds `bindings` to every line (pino's `child`). */
  child(bindings: Record<string, unknown>): Logger;
  /** pino's level check; lets hot paths skip building fields for disabled levels. */
  isLevelEnabled(level: string): boolean;
}

function ignore(): void {
  // Intentionally empty: the silent logger drops every line.
}

/** A logger that drops everything; the default for tests and embedders that pass none. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};
