/**
 * The Logger handed to HealthSubscriber. The status view owns the terminal, so the NATS client's
 * log lines are not printed (they would scroll the table away); the latest warning is kept
 * instead and shown in the frame's header while NATS is unreachable, and quoted by `--once` when
 * it gives up.
 */
import type { LogFn, Logger } from '@resplica/health';

export class ProblemLog implements Logger {
  /** The `err` of the latest warning or error, else its message; null until one came. */
  last: string | null = null;

  readonly debug: LogFn = () => undefined;
  readonly info: LogFn = () => undefined;
  readonly warn: LogFn = (fields, message) => this.keep(fields, message);
  readonly error: LogFn = (fields, message) => this.keep(fields, message);

  child(): Logger {
    return this;
  }

  isLevelEnabled(level: string): boolean {
    return level === 'warn' || level === 'error';
  }

  private keep(fields: object, message: string): void {
    const err = (fields as { err?: unknown }).err;
    this.last = typeof err === 'string' && err !== '' ? err : message;
  }
}
