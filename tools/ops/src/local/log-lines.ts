/**
 * Which child log lines reach the terminal when --verbose is off: warnings and worse. Every line
 * still goes to the process's log file; the terminal stays readable.
 *
 *   pino JSON (our nodes and router)  level >= 40 (warn, error, fatal)
 *   nats-server                       [WRN], [ERR] and [FTL] lines
 *   anything else                     shown: a stack trace or a config error is why a process died
 */

/** pino's numeric level for `warn`. */
const PINO_WARN = 40;

const NATS_LEVEL = /\[(INF|DBG|TRC|WRN|ERR|FTL)\]/;

export function isNotable(line: string): boolean {
  if (line.trim() === '') return false;
  if (line.startsWith('{')) {
    try {
      const level = (JSON.parse(line) as { level?: unknown }).level;
      if (typeof level === 'number') return level >= PINO_WARN;
    } catch {
      return true;
    }
  }
  const nats = NATS_LEVEL.exec(line);
  if (nats) return nats[1] === 'WRN' || nats[1] === 'ERR' || nats[1] === 'FTL';
  return true;
}
