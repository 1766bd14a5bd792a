/**
 * The two servers a benchmark compares: a real redis-server and our built master, each on a free
 * loopback port with persistence off, plus one-shot commands to either (PING, INFO, FLUSHALL).
 *
 * Invariant: every process started here is stopped by stopServer, and nothing else is.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Sends one command and resolves with the raw reply text (enough for PING/INFO/FLUSHALL/DEL). */
/** A command that gets no complete reply within this long fails instead of hanging the run. */
const COMMAND_TIMEOUT_MS = 30000;

function command(port, argv) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no complete reply to ${argv[0]} from port ${port} within ${COMMAND_TIMEOUT_MS} ms`));
    }, COMMAND_TIMEOUT_MS);
    sock.on('data', (d) => {
      out += d.toString('latin1');
      if (isComplete(out)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(out);
      }
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    sock.write(argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).reduce((acc, s) => acc + s, `*${argv.length}\r\n`));
  });
}

function isComplete(text) {
  if (text.startsWith('$')) {
    const nl = text.indexOf('\r\n');
    if (nl < 0) return false;
    const len = Number(text.slice(1, nl));
    // `$-1` (a null bulk) has no body and no second CRLF.
    return len < 0 || text.length >= nl + 2 + len + 2;
  }
  return text.endsWith('\r\n');
}

async function waitForPing(port, child, name) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await command(port, ['PING'])).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not answer PING on port ${port}`);
}

/** Starts redis-server on `port` with persistence off and `dir` as its working directory (a dump.rdb there is loaded). */
function spawnRedis(port, dir) {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
}

/** Starts our built master likewise. */
function spawnOurs(port, dir) {
  const main = path.join(root, 'apps', 'master', 'dist', 'main.js');
  const args = [main, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  return spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A real redis-server with persistence off and its own temp `dir` (BGSAVE writes there). */
async function startRedis() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  const child = spawnRedis(port, dir);
  await waitForPing(port, child, 'redis-server');
  return { name: 'redis', port, child, dir };
}

/** Our built master, likewise with no save rules and its own temp `dir`. */
async function startOurs() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ours-'));
  const child = spawnOurs(port, dir);
  await waitForPing(port, child, 'resplica master');
  return { name: 'ours', port, child, dir };
}

function stopServer(server) {
  server.child.kill('SIGTERM');
  if (server.dir) fs.rmSync(server.dir, { recursive: true, force: true });
}

function infoField(info, field) {
  const m = info.match(new RegExp(`^${field}:(\\d+)`, 'm'));
  return m ? Number(m[1]) : NaN;
}

function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)[1]) * 1024;
}

module.exports = { command, freePort, spawnRedis, spawnOurs, startRedis, startOurs, stopServer, infoField, rssBytes };
