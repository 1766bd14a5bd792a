/**
 * The link's one input buffer while the master speaks in lines (handshake replies, the PSYNC reply,
 * the payload header). Bytes that follow a line in the same read stay here and are handed on whole
 * with `take()` when the link switches to the payload or the command stream (spec §1.3, P7).
 *
 * A line ends at `\n`; one `\r` before it is dropped, as Redis's line reader does. A line longer
 * than MAX_LINE_BYTES without its newline is a protocol error: no master reply is that long.
 */
import { ReplicaLinkError } from './errors';

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** Longest reply line we wait for (Redis's sync line reader uses a buffer of this order). */
export const MAX_LINE_BYTES = 64 * 1024;

export class LineInput {
  private buf: Buffer = EMPTY;
  private pos = 0;

  /** Bytes held and not yet consumed. */
  get size(): number {
    return this.buf.length - this.pos;
  }

  push(chunk: Buffer): void {
    // Joins only when a line was split across reads; otherwise the chunk is used as it is.
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
  }

  /** The next complete line without its terminator (latin1), or null until its `\n` arrives. */
  line(): string | null {
    const at = this.buf.indexOf(LF, this.pos);
    if (at === -1) {
      if (this.size > MAX_LINE_BYTES) throw new ReplicaLinkError(`reply line longer than ${MAX_LINE_BYTES} bytes`);
      return null;
    }
    const end = at > this.pos && this.buf[at - 1] === CR ? at - 1 : at;
    const text = this.buf.toString('latin1', this.pos, end);
    this.pos = at + 1;
    return text;
  }

  /** Every byte held (possibly none), which leaves the buffer empty. */
  take(): Buffer {
    const rest = this.pos === 0 ? this.buf : this.buf.subarray(this.pos);
    this.buf = EMPTY;
    this.pos = 0;
    return rest;
  }
}
