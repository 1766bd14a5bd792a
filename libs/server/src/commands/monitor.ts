/**
 * MONITOR: the command, the set of monitoring clients the engine owns, and the line format.
 *
 * A monitor line is a simple string `+<sec>.<usec> [<db> <addr>] "<arg>" "<arg>" …`, each argument
 * quoted and escaped as Redis does (printable ASCII as is, `\\ \" \n \r \t \a \b`, any other byte
 * `\xhh`), so the line never holds CR or LF and is the same bytes in RESP2 and RESP3.
 *
 * What Redis 7.0 feeds, and so what the engine must do (checked against redis-server 7.0.15):
 * - the line is fed AFTER the command ran, with the db selected then (`SELECT 5` shows db 5) and the
 *   time of the feed; queued MULTI commands are fed as EXEC runs them, then EXEC itself;
 * - commands flagged `admin` or `skip_monitor` (CONFIG, DEBUG, CLIENT LIST|KILL, SAVE, MONITOR…)
 *   and commands refused before running (unknown, wrong arity) are not fed; a command that ran and
 *   replied an error is;
 * - every monitor receives it, the client that sent the command included;
 * - commands run by a script are fed with the address `lua` (`feedFrom(..., 'lua', ...)`).
 * Secrets are redacted here (AUTH, HELLO … AUTH, MIGRATE … AUTH/AUTH2) as `"(redacted)"`.
 */
import type { ClientView, NodeView, ServerHandler } from '../contracts';

const REDACTED = '"(redacted)"';
const ERR_MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";

// Escapes for the bytes Redis writes with a backslash letter; every other unprintable byte is \xhh.
const NAMED_ESCAPES = new Map<number, string>([
  [0x5c, '\\\\'],
  [0x22, '\\"'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x07, '\\a'],
  [0x08, '\\b'],
]);

/** One argument, quoted and escaped. */
function quoteArg(arg: Buffer): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    const named = NAMED_ESCAPES.get(c);
    if (named === undefined && c >= 0x20 && c <= 0x7e) continue;
    // Flush the printable run before this byte in one piece instead of char by char.
    out += arg.toString('latin1', runStart, i);
    out += named ?? `\\x${c < 16 ? '0' : ''}${c.toString(16)}`;
    runStart = i + 1;
  }
  return out + arg.toString('latin1', runStart) + '"';
}

/** Which arguments carry secrets, by command: a set of indexes, or null when none do. */
function redactedIndexes(argv: readonly Buffer[]): Set<number> | null {
  const name = argv[0].toString('latin1').toLowerCase();
  const hidden = new Set<number>();
  if (name === 'auth') {
    for (let i = 1; i < argv.length; i++) hidden.add(i);
  } else if (name === 'hello') {
    for (let i = 2; i < argv.length; i++) {
      if (argv[i].toString('latin1').toLowerCase() === 'auth') {
        hidden.add(i + 1);
        hidden.add(i + 2);
        i += 2;
      }
    }
  } else if (name === 'migrate') {
    // Options follow the five fixed arguments and end at KEYS (what follows are key names).
    for (let i = 6; i < argv.length; i++) {
      const option = argv[i].toString('latin1').toLowerCase();
      if (option === 'keys') break;
      if (option === 'auth') {
        hidden.add(++i);
      } else if (option === 'auth2') {
        hidden.add(++i);
        hidden.add(++i);
      }
    }
  }
  return hidden.size === 0 ? null : hidden;
}

/**
 * The text of one monitor line, without the leading `+` and the CRLF. `timeMs` is Unix time in
 * milliseconds and may carry a fraction (microseconds are printed, as Redis does); `addr` is the
 * client's `ip:port`, `unix:<path>`, or `lua` for commands a script ran.
 */
export function formatMonitorLine(timeMs: number, dbIndex: number, addr: string, argv: readonly Buffer[]): string {
  // Rounded, not floored: a float like 1700000000123.456 may sit a hair below its true value.
  const micros = Math.round(timeMs * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros - seconds * 1_000_000).padStart(6, '0');
  let line = `${seconds}.${fraction} [${dbIndex} ${addr}]`;
  const hidden = redactedIndexes(argv);
  for (let i = 0; i < argv.length; i++) {
    line += ' ';
    line += hidden !== null && hidden.has(i) ? REDACTED : quoteArg(argv[i]);
  }
  return line;
}

/**
 * The clients in MONITOR mode. The engine owns one (`new Monitors()`), exposes it as
 * `NodeView.monitors`, removes a client from it when the client closes, and calls `feed` after each
 * command that should be shown (see the file comment).
 */
export class Monitors {
  private readonly clients: Set<ClientView>;

  constructor() {
    this.clients = new Set();
  }

  /** Number of monitors: the engine skips feeding altogether when it is 0. */
  get size(): number {
    return this.clients.size;
  }

  add(client: ClientView): void {
    client.monitor = true;
    this.clients.add(client);
  }

  /** Removes a closed (or RESET) client; true when it was a monitor. */
  remove(client: ClientView): boolean {
    client.monitor = false;
    return this.clients.delete(client);
  }

  /** Shows a command `source` ran, at `timeMs`, in the database it has selected now. */
  feed(source: ClientView, argv: readonly Buffer[], timeMs: number): void {
    this.feedFrom(timeMs, source.dbIndex, source.addr, argv);
  }

  /** Shows a command from an explicit origin (`lua` for scripts); the line is encoded once. */
  feedFrom(timeMs: number, dbIndex: number, addr: string, argv: readonly Buffer[]): void {
    if (this.clients.size === 0) return;
    const frame = Buffer.from(`+${formatMonitorLine(timeMs, dbIndex, addr, argv)}\r\n`, 'latin1');
    for (const monitor of this.clients) monitor.reply.raw(frame);
  }
}

/**
 * MONITOR: `+OK`, then the client receives every fed command. A client that already is a monitor
 * or a replica gets no reply at all (Redis ignores the command); inside MULTI/EXEC it is refused.
 */
function monitorCommand(node: NodeView, client: ClientView): void {
  if (client.inMulti) {
    client.reply.error(ERR_MONITOR_DENY_BLOCKING);
    return;
  }
  if (client.monitor || client.flags().includes('S')) return;
  node.monitors.add(client);
  client.reply.ok();
}

/** Handlers keyed by lower-case command name. */
export const monitorHandlers: ReadonlyMap<string, ServerHandler> = new Map<string, ServerHandler>([
  ['monitor', monitorCommand],
]);
