/**
 * Follows a log file a child process appends to, handing each new complete line to a callback in
 * order. The children write their logs straight to their files rather than to a pipe read by the
 * launcher: a pipe breaks when the launcher dies, and a node whose stdout is broken cannot log
 * its way through a clean shutdown.
 *
 * Invariant: every byte written after `startOffset` is delivered exactly once, as part of one line;
 * close() delivers a last line that has no newline yet.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** How often the file is read for new lines: fast enough for a human, idle for the machine. */
const POLL_INTERVAL_MS = 100;

export class LogTail {
  private readonly fd: number;
  private readonly timer: NodeJS.Timeout;
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.alloc(64 * 1024);
  private offset: number;
  private partial = '';

  constructor(
    path: string,
    startOffset: number,
    private readonly onLine: (line: string) => void,
  ) {
    this.fd = openSync(path, 'r');
    this.offset = startOffset;
    this.timer = setInterval(() => this.drain(), POLL_INTERVAL_MS);
  }

  /** Reads everything appended since the last call and delivers its complete lines. */
  drain(): void {
    for (;;) {
      const n = readSync(this.fd, this.chunk, 0, this.chunk.length, this.offset);
      if (n === 0) return;
      this.offset += n;
      const lines = (this.partial + this.decoder.write(this.chunk.subarray(0, n))).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) this.onLine(line);
    }
  }

  /** A last drain, the unterminated last line if any, then stops following. */
  close(): void {
    clearInterval(this.timer);
    this.drain();
    const rest = this.partial + this.decoder.end();
    if (rest !== '') this.onLine(rest);
    this.partial = '';
    closeSync(this.fd);
  }
}
