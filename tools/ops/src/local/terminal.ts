/**
 * The launcher's own output: one line per event, `<name>  <text>` with names in one column, so a
 * reader (or a test) finds a process's lines by its name. Child log lines use `<name> | <line>`.
 * Writes to a closed stdout (the terminal went away) are dropped, never fatal.
 */
export class Terminal {
  private width = 8;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    out.on('error', () => undefined);
  }

  /** Widens the name column to fit `names`. */
  fit(names: readonly string[]): void {
    this.width = Math.max(this.width, ...names.map((n) => n.length));
  }

  /** A line of the launcher's own. */
  say(text: string): void {
    this.out.write(`${text}\n`);
  }

  /** An event of one process (starting, ready, exited, stopped). */
  event(name: string, text: string): void {
    this.out.write(`${name.padEnd(this.width)}  ${text}\n`);
  }

  /** A line one process logged. */
  log(name: string, line: string): void {
    this.out.write(`${name.padEnd(this.width)} | ${line}\n`);
  }
}
