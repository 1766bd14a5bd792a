/**
 * The clocks of one master link, checked by the server's cron (~10×/s): the last byte received
 * (repl-timeout, INFO's last_io), the 1 s ACK period (§3.5, P4, P17), the at-most-once-a-second
 * newline while a full sync loads (§2.3) and the once-a-second progress log of a sync.
 * All times are Unix ms; a "due" check that answers true also restarts its period.
 */

const ACK_PERIOD_MS = 1000;
const NEWLINE_PERIOD_MS = 1000;
const PROGRESS_PERIOD_MS = 1000;

export class LinkTimers {
  /** The last time any byte came from the master (the connect attempt counts as one). */
  lastIoMs: number;
  private lastAckMs: number;
  private lastNewlineMs: number;
  private lastProgressMs: number;

  constructor(nowMs: number) {
    this.lastIoMs = nowMs;
    this.lastAckMs = nowMs;
    this.lastNewlineMs = nowMs;
    this.lastProgressMs = nowMs;
  }

  /** True when nothing came from the master for longer than repl-timeout. */
  timedOut(nowMs: number, timeoutSec: number): boolean {
    return nowMs - this.lastIoMs > timeoutSec * 1000;
  }

  /** An ACK was just sent (periodic or not): the next periodic one is a period later. */
  acked(nowMs: number): void {
    this.lastAckMs = nowMs;
  }

  ackDue(nowMs: number): boolean {
    return nowMs - this.lastAckMs >= ACK_PERIOD_MS;
  }

  newlineDue(nowMs: number): boolean {
    if (nowMs - this.lastNewlineMs < NEWLINE_PERIOD_MS) return false;
    this.lastNewlineMs = nowMs;
    return true;
  }

  progressDue(nowMs: number): boolean {
    if (nowMs - this.lastProgressMs < PROGRESS_PERIOD_MS) return false;
    this.lastProgressMs = nowMs;
    return true;
  }
}
