/**
 * InputBuffer: the unconsumed bytes read from one socket (client requests or backend replies),
 * from which complete frames are handed out as views.
 *
 * When nothing is left over, a chunk from the socket is used as it is (no copy). Only a frame
 * split across reads is copied, into a buffer this class owns, which then grows by appending into
 * its free tail. Bytes once exposed are never rewritten: appends go past `end`, and growing
 * allocates a new buffer instead of compacting in place. So a frame view stays valid for as long
 * as anyone holds it (an outbox, a request kept for a retry) with no copy.
 *
 * Positions are absolute indices into `data()`; `start` is the first unconsumed byte.
 */

const EMPTY = Buffer.alloc(0);
/** Growth beyond what is needed is capped so a big frame does not reserve twice its size. */
const MAX_SLACK = 1024 * 1024;

export class InputBuffer {
  start = 0;
  private end = 0;
  private buf: Buffer = EMPTY;
  /** True when `buf` was allocated here, so its bytes past `end` are free to append into. */
  private owned = false;
  /** Total size the frame at `start` is known to need (a large bulk), or 0. */
  private want = 0;

  /** Unconsumed bytes. */
  get length(): number {
    return this.end - this.start;
  }

  /** False while the frame at `start` is known to need more bytes than are buffered. */
  get worthScanning(): boolean {
    return this.end - this.start >= this.want;
  }

  append(chunk: Buffer): void {
    if (this.start === this.end) {
      this.buf = chunk;
      this.owned = false;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    if (this.owned && this.end + chunk.length <= this.buf.length) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    const live = this.end - this.start;
    const need = live + chunk.length;
    const capacity = Math.max(need + Math.min(need, MAX_SLACK), this.want);
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, this.start, this.end);
    chunk.copy(next, live);
    this.buf = next;
    this.owned = true;
    this.start = 0;
    this.end = need;
  }

  /** The buffered bytes; valid until the next append. Frames are views of it. */
  data(): Buffer {
    return this.end === this.buf.length ? this.buf : this.buf.subarray(0, this.end);
  }

  /** Marks bytes before `to` consumed; forgets the buffer once everything is. */
  consume(to: number): void {
    if (to > this.start) this.want = 0;
    this.start = to;
    if (to >= this.end) {
      this.buf = EMPTY;
      this.owned = false;
      this.start = 0;
      this.end = 0;
    }
  }

  /** The frame at `start` is incomplete and needs `total` bytes in all: no rescan before then. */
  expect(total: number): void {
    this.want = total;
  }
}
