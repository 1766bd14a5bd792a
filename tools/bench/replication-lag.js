/**
 * Replication lag: the time from sending a write to the master until the replica has applied it.
 *
 * Method. A paced writer sends `SET lag:<10-digit seq> <100 bytes>` to the master at a fixed rate:
 * every TICK_MS it sends, in one socket write, as many SETs as are due by then (so a late timer
 * sends a bigger batch instead of lowering the rate), and records the send time of each seq. On the
 * replica, `notify-keyspace-events E$` and a connection subscribed to `__keyevent@0__:set` receive
 * the key of every SET the replica applies: both Redis 7.0 and ours publish keyspace events from the
 * command itself, whether a client or the master link issued it (checked: every seq must arrive, or
 * the run fails). The event is published while the write is applied, so its arrival is the write's
 * visibility on the replica plus one loopback hop, the same hop for both servers; a polled probe
 * key would add up to a poll interval of error instead. Lag = arrival time − send time, both read
 * from performance.now() in this one process, so no clocks need to agree.
 *
 * The first WARMUP_MS of each run is left out of the percentiles (connections and JIT warming up).
 * The writer never waits for replies; it drains them and checks that each is +OK, so a master that
 * falls behind shows as lag rather than as a lower rate.
 */
const net = require('node:net');
const { command } = require('./servers');
const { caughtUp } = require('./replication-pair');

const TICK_MS = 1;
const WARMUP_MS = 500;
const VALUE = 'v'.repeat(100);
const OK_REPLY = '+OK\r\n';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

function encode(argv) {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/**
 * Sends `make(seq)` commands (each answered +OK) at `rate` per second until stopped; `sentAt[seq]`
 * holds each command's send time and `repliedAt[seq]` when its reply was read (performance.now()
 * ms; replies come in order, 5 bytes each). Seqs count from 0.
 */
class PacedWriter {
  static async start(port, rate, make, capacity) {
    return new PacedWriter(await connect(port), rate, make, capacity);
  }

  constructor(socket, rate, make, capacity) {
    this.socket = socket;
    this.rate = rate;
    this.make = make;
    this.sentAt = new Float64Array(capacity);
    this.repliedAt = new Float64Array(capacity);
    this.sent = 0;
    this.replyBytes = 0;
    this.error = null;
    socket.on('data', (chunk) => {
      // Every reply is +OK\r\n, so a '-' anywhere means an error reply.
      if (this.error === null && chunk.includes(0x2d)) this.error = chunk.toString('latin1').trim();
      const now = performance.now();
      const from = Math.floor(this.replyBytes / OK_REPLY.length);
      this.replyBytes += chunk.length;
      const to = Math.min(this.repliedAt.length, Math.floor(this.replyBytes / OK_REPLY.length));
      this.repliedAt.fill(now, from, to);
    });
    socket.on('error', (err) => (this.error = this.error ?? err.message));
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  tick() {
    const now = performance.now();
    const due = Math.min(this.sentAt.length, Math.floor(((now - this.startedAt) * this.rate) / 1000));
    if (due <= this.sent) return;
    let batch = '';
    for (let seq = this.sent; seq < due; seq++) {
      batch += encode(this.make(seq));
      this.sentAt[seq] = now;
    }
    this.sent = due;
    this.socket.write(batch);
  }

  /** Stops sending and resolves once every command sent was answered +OK; returns the count. */
  async stop() {
    clearInterval(this.timer);
    const deadline = performance.now() + 30000;
    while (this.replyBytes < this.sent * OK_REPLY.length && this.error === null) {
      if (performance.now() > deadline) throw new Error(`writer: ${this.replyBytes / OK_REPLY.length} of ${this.sent} replies after 30 s`);
      await sleep(5);
    }
    this.socket.destroy();
    if (this.error !== null) throw new Error(`writer: the master replied ${this.error}`);
    return this.sent;
  }
}

const KEY_PREFIX = 'lag:';
const SEQ_DIGITS = 10;
/** How a published key starts in the message: its bulk-string header, then the prefix. */
const MARKER = Buffer.from(`$${KEY_PREFIX.length + SEQ_DIGITS}\r\n${KEY_PREFIX}`);

const lagKey = (seq) => KEY_PREFIX + String(seq).padStart(SEQ_DIGITS, '0');

/**
 * A connection to the replica subscribed to SET events; `arrivedAt[seq]` is when the event for
 * lag key `seq` was read (0 until then).
 */
class SetEventListener {
  static async start(port, capacity) {
    const reply = await command(port, ['CONFIG', 'SET', 'notify-keyspace-events', 'E$']);
    if (!reply.startsWith('+OK')) throw new Error(`CONFIG SET notify-keyspace-events replied ${reply.trim()}`);
    const socket = await connect(port);
    const listener = new SetEventListener(socket, capacity);
    await new Promise((resolve, reject) => {
      socket.once('data', (chunk) => (chunk.includes('subscribe') ? resolve() : reject(new Error(`SUBSCRIBE replied ${chunk.toString('latin1').trim()}`))));
      socket.write(encode(['SUBSCRIBE', '__keyevent@0__:set']));
    });
    socket.on('data', (chunk) => listener.onData(chunk));
    return listener;
  }

  constructor(socket, capacity) {
    this.socket = socket;
    this.arrivedAt = new Float64Array(capacity);
    this.arrived = 0;
    this.tail = Buffer.alloc(0);
  }

  onData(chunk) {
    const now = performance.now();
    const buf = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    let pos = 0;
    for (;;) {
      const at = buf.indexOf(MARKER, pos);
      const digits = at + MARKER.length;
      if (at < 0 || digits + SEQ_DIGITS > buf.length) {
        // Keep what may be the start of a marker or of a key cut by the chunk boundary.
        this.tail = Buffer.from(buf.subarray(at >= 0 ? at : Math.max(pos, buf.length - MARKER.length - SEQ_DIGITS)));
        return;
      }
      let seq = 0;
      for (let i = digits; i < digits + SEQ_DIGITS; i++) seq = seq * 10 + buf[i] - 0x30;
      if (seq < this.arrivedAt.length && this.arrivedAt[seq] === 0) {
        this.arrivedAt[seq] = now;
        this.arrived++;
      }
      pos = digits + SEQ_DIGITS;
    }
  }

  close() {
    this.socket.destroy();
  }
}

/** p50, p99 and max of `values` (ms). */
function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * Writes at `rate` SETs/s to the master for `seconds`; returns the replica's lag and, to tell the
 * master's share of it, the time to the master's reply, in ms: { lag: { p50, p99, max },
 * reply: { … }, samples, rate: the rate achieved }.
 */
async function measureLag(master, replica, rate, seconds) {
  const capacity = Math.ceil(rate * seconds) + rate;
  const listener = await SetEventListener.start(replica.port, capacity);
  try {
    // A first write seen on the replica: right after a full sync Redis streams nothing until the
    // replica's first REPLCONF ACK, which would otherwise show as lag of the first writes.
    await command(master.port, ['SET', 'lag:ready', VALUE]);
    await caughtUp(master, replica, 10000);
    const writer = await PacedWriter.start(master.port, rate, (seq) => ['SET', lagKey(seq), VALUE], capacity);
    await sleep(seconds * 1000);
    const sent = await writer.stop();
    const elapsedMs = writer.sentAt[sent - 1] - writer.startedAt;
    const deadline = performance.now() + 30000;
    while (listener.arrived < sent) {
      if (performance.now() > deadline) throw new Error(`${replica.name}: ${listener.arrived} of ${sent} SET events arrived within 30 s of the last write`);
      await sleep(5);
    }
    const lags = [];
    const replies = [];
    for (let seq = 0; seq < sent; seq++) {
      if (writer.sentAt[seq] - writer.startedAt < WARMUP_MS) continue;
      lags.push(listener.arrivedAt[seq] - writer.sentAt[seq]);
      replies.push(writer.repliedAt[seq] - writer.sentAt[seq]);
    }
    return { lag: summary(lags), reply: summary(replies), samples: lags.length, rate: (sent / elapsedMs) * 1000 };
  } finally {
    listener.close();
  }
}

module.exports = { PacedWriter, measureLag };
