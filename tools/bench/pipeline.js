/**
 * A pipelining client for loading data and timing batches: it writes commands in windows of
 * `window` commands, waits for exactly that many replies, then writes the next window, so the
 * server always has a full pipeline and the client never floods its own memory.
 *
 * Replies are counted, not decoded: only scalar replies (+ - : $ and RESP3 _) are expected — every
 * command the benchmarks pipeline (SET, ZADD, ZRANK, LPUSH, RPOP, DEL …) answers one. An error
 * reply fails the run, so a benchmark never times a server that refuses the work.
 */
const net = require('node:net');

/** Encodes one command as a RESP multibulk. */
function encode(argv) {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/**
 * Counts complete scalar replies in `buf` from `pos`; returns [count, position after the last
 * complete reply, first error text or null].
 */
function countReplies(buf, pos) {
  let count = 0;
  let error = null;
  for (;;) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) return [count, pos, error];
    const type = buf[pos];
    let end = nl + 1;
    if (type === 0x24) {
      const len = Number(buf.toString('latin1', pos + 1, nl - 1));
      if (len >= 0) {
        end = nl + 1 + len + 2;
        if (end > buf.length) return [count, pos, error];
      }
    } else if (type === 0x2d) {
      error = error ?? buf.toString('latin1', pos, nl - 1);
    } else if (type === 0x2a || type === 0x25) {
      throw new Error('pipeline: aggregate replies are not supported');
    }
    count++;
    pos = end;
  }
}

/** One connection used for many pipelined batches. */
class Pipeline {
  constructor(socket) {
    this.socket = socket;
    this.pending = Buffer.alloc(0);
    this.waiting = null;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
  }

  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Pipeline(socket));
      });
    });
  }

  /**
   * Sends `total` commands, command i being `make(i)` (an argv), `window` at a time; resolves with
   * the elapsed wall time in nanoseconds once every reply arrived.
   */
  async run(total, make, window = 1000) {
    const started = process.hrtime.bigint();
    for (let sent = 0; sent < total; ) {
      const n = Math.min(window, total - sent);
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += encode(make(sent + i));
      const done = this.expect(n);
      this.socket.write(chunk);
      await done;
      sent += n;
    }
    return Number(process.hrtime.bigint() - started);
  }

  close() {
    this.socket.destroy();
  }

  expect(n) {
    return new Promise((resolve, reject) => {
      this.waiting = { left: n, resolve, reject };
      this.onData(Buffer.alloc(0));
    });
  }

  onData(chunk) {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.waiting) return;
    const [count, pos, error] = countReplies(this.pending, 0);
    this.pending = this.pending.subarray(pos);
    if (error) return this.fail(new Error(`server replied ${error}`));
    this.waiting.left -= count;
    if (this.waiting.left <= 0) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve();
    }
  }

  fail(err) {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting.reject(err);
  }
}

module.exports = { Pipeline };
