/**
 * Partial resync after a disconnection, measured through a TCP proxy of our own between replica and
 * master that can cut the link and counts what the master sends back.
 *
 * Per pair (fresh, empty, the replica pointed at the proxy from the start):
 * 1. wait until the replica is in sync through the proxy;
 * 2. a paced writer sets `psync:<seq>` (100-byte values) on the master at a steady rate;
 * 3. the proxy cuts the link: it closes both sockets and, for the cut, closes every new connection
 *    the replica opens at once; CUT_SETTLE_MS after the cut the replica has applied all it had
 *    received, and its master_repl_offset then is "the replica's offset at the cut";
 * 4. at the end of the cut the writer stops (its replies all in), then the proxy lets the replica
 *    through again;
 * 5. the proxy counts the bytes the master sends after the `+CONTINUE` line of the PSYNC reply
 *    until the replica's offset equals the master's.
 * Expected bytes = master_repl_offset after − the replica's offset at the cut: exactly the stream
 * the replica missed. The proxy also reads the offset the replica asks for in PSYNC (that offset
 * + 1) as a cross-check, and notes a +FULLRESYNC instead of +CONTINUE.
 *
 * The rate × cut stream must fit the default 1 MB repl-backlog-size or any server falls back to
 * a full resync: 1,000 SETs/s of ~150 bytes for 5 s is ~0.75 MB.
 */
const net = require('node:net');
const { command, infoField, stopServer } = require('./servers');
const { startNode, waitFor, caughtUp } = require('./replication-pair');
const { PacedWriter } = require('./replication-lag');

const CUT_SETTLE_MS = 200;
const VALUE = 'p'.repeat(100);
const PSYNC_REPLY = /\+(CONTINUE|FULLRESYNC)[^\r\n]*\r\n/;
const PSYNC_MULTIBULK = /PSYNC\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n(-?\d+)\r\n/i;
const PSYNC_INLINE = /PSYNC [^ \r]+ (-?\d+)\r?\n/i;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Forwards `from` to `to` with backpressure, passing each chunk to `observe` first. */
function forward(from, to, observe) {
  from.on('data', (chunk) => {
    observe(chunk);
    if (!to.write(chunk)) from.pause();
  });
  to.on('drain', () => from.resume());
}

/**
 * A proxy from a free loopback port to `targetPort`. Per connection it reads the replica's PSYNC
 * offset and the master's PSYNC reply; `reply` is 'CONTINUE' or 'FULLRESYNC' once seen on the
 * current connection, `afterReply` the master's bytes after that line; `refused` counts the
 * connections closed at once during cuts (the replica's reconnect attempts).
 */
class CountingProxy {
  static start(targetPort) {
    const proxy = new CountingProxy(targetPort);
    return new Promise((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => {
        proxy.port = proxy.server.address().port;
        resolve(proxy);
      });
    });
  }

  constructor(targetPort) {
    this.targetPort = targetPort;
    this.cutting = false;
    this.refused = 0;
    this.sockets = new Set();
    this.server = net.createServer((client) => this.accept(client));
    this.resetCounts();
  }

  resetCounts() {
    this.reply = null;
    this.replyAt = 0;
    this.afterReply = 0;
    this.psyncOffset = null;
  }

  accept(client) {
    if (this.cutting) {
      this.refused++;
      return void client.destroy();
    }
    this.resetCounts();
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      this.sockets.add(s);
      // A reset by the other end is how a cut or a replica restart looks; 'close' follows.
      s.on('error', () => this.sockets.delete(s));
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    let sentText = '';
    forward(client, upstream, (chunk) => {
      if (this.psyncOffset !== null || sentText.length > 4096) return;
      sentText += chunk.toString('latin1');
      const m = sentText.match(PSYNC_MULTIBULK) ?? sentText.match(PSYNC_INLINE);
      if (m) this.psyncOffset = Number(m[1]);
    });
    let receivedText = '';
    forward(upstream, client, (chunk) => {
      if (this.reply !== null) {
        this.afterReply += chunk.length;
        return;
      }
      // Before the PSYNC reply the master sends only short handshake lines (+PONG, +OK).
      receivedText += chunk.toString('latin1');
      const m = receivedText.match(PSYNC_REPLY);
      if (m) {
        this.reply = m[1];
        this.replyAt = performance.now();
        this.afterReply = Buffer.byteLength(receivedText, 'latin1') - (m.index + m[0].length);
      }
    });
  }

  /** Closes the link and refuses the replica until restore(). */
  cut() {
    this.cutting = true;
    for (const s of this.sockets) s.destroy();
  }

  restore() {
    this.cutting = false;
  }

  close() {
    this.cut();
    this.server.close();
  }
}

async function replicaOffset(replica) {
  return infoField(await command(replica.port, ['INFO', 'replication']), 'master_repl_offset');
}

/** The partial-resync measurement on a fresh pair of `kind` ('redis' or 'ours'). */
async function measurePartialResync(kind, { rate, cutMs }) {
  const master = await startNode(kind, 'master', null);
  let proxy;
  let replica;
  try {
    proxy = await CountingProxy.start(master.port);
    replica = await startNode(kind, 'replica', `127.0.0.1 ${proxy.port}`);
    await caughtUp(master, replica, 30000);
    const writer = await PacedWriter.start(master.port, rate, (seq) => ['SET', `psync:${seq}`, VALUE], Math.ceil((rate * (cutMs + 2000)) / 1000));
    await sleep(500);
    proxy.cut();
    const cutAt = performance.now();
    await sleep(CUT_SETTLE_MS);
    const offsetAtCut = await replicaOffset(replica);
    await sleep(cutMs - (performance.now() - cutAt));
    await writer.stop();
    proxy.restore();
    const restoredAt = performance.now();
    const offsetAfter = await caughtUp(master, replica, 60000);
    const bytes = proxy.afterReply;
    await waitFor('the replica to have asked with PSYNC', 1000, () => proxy.psyncOffset !== null);
    return {
      reply: proxy.reply,
      bytes,
      expected: offsetAfter - offsetAtCut,
      psyncExpected: offsetAfter - (proxy.psyncOffset - 1),
      reconnectMs: proxy.replyAt - restoredAt,
      attemptsDuringCut: proxy.refused,
    };
  } finally {
    if (replica) stopServer(replica);
    if (proxy) proxy.close();
    stopServer(master);
  }
}

module.exports = { measurePartialResync };
