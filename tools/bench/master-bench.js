#!/usr/bin/env node
/**
 * `npm run bench:master`: our master against a real redis-server, side by side in one run.
 *
 * Starts both on free loopback ports, runs redis-benchmark (SET, GET, INCR, MSET; 50 clients; 100-byte
 * values; pipeline 1 and 16) against each in alternation — redis, ours, redis, ours — so drift on a
 * shared machine hits both alike, keeps the better of each pair of runs, and prints a table of
 * requests/s, p50/p99 and the ratio ours/Redis. Then it loads 1,000,000 keys of 100 bytes into each
 * and compares our RSS growth per key with Redis's used_memory growth per key.
 *
 * Options: --requests N (default 200000), --rounds N (default 2), --keys N (default 1000000),
 * --markdown (print the tables as Markdown for the README).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REQUESTS = option('requests', 200000);
const ROUNDS = option('rounds', 2);
const KEYS = option('keys', 1000000);
const MARKDOWN = args.includes('--markdown');
const TESTS = ['set', 'get', 'incr', 'mset'];
const PIPELINES = [1, 16];

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

/** Sends one command and resolves with the raw reply text (enough for PING/INFO/FLUSHALL). */
function command(port, argv) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    sock.on('data', (d) => {
      out += d.toString('latin1');
      if (isComplete(out)) {
        sock.destroy();
        resolve(out);
      }
    });
    sock.on('error', reject);
    sock.write(argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).reduce((acc, s) => acc + s, `*${argv.length}\r\n`));
  });
}

function isComplete(text) {
  if (text.startsWith('$')) {
    const nl = text.indexOf('\r\n');
    return nl > 0 && text.length >= nl + 2 + Number(text.slice(1, nl)) + 2;
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

async function startRedis() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  await waitForPing(port, child, 'redis-server');
  return { port, child };
}

async function startOurs() {
  const port = await freePort();
  const main = path.join(root, 'apps', 'master', 'dist', 'main.js');
  const child = spawn(process.execPath, [main, '--port', String(port), '--bind', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPing(port, child, 'resplica master');
  return { port, child };
}

/** One redis-benchmark run; returns { rps, p50, p99 } parsed from its CSV line. */
function runBenchmark(port, test, pipeline) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-t', test, '-n', String(REQUESTS), '-c', '50', '-d', '100', '-r', '100000', '-P', String(pipeline), '--csv'], { encoding: 'utf8' });
  const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
  const cols = line.split(',').map((c) => c.replace(/"/g, ''));
  return { rps: Number(cols[1]), p50: Number(cols[4]), p99: Number(cols[6]) };
}

function infoField(info, field) {
  const m = info.match(new RegExp(`^${field}:(\\d+)`, 'm'));
  return m ? Number(m[1]) : NaN;
}

function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)[1]) * 1024;
}

/** Loads `count` keys `key:<12 digits>` with 100-byte values through one pipelined connection. */
function loadKeys(port, count) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const value = 'x'.repeat(100);
    const batch = 1000;
    let sent = 0;
    let replies = 0;
    const sendBatch = () => {
      let chunk = '';
      for (let i = 0; i < batch && sent < count; i++, sent++) {
        const key = `key:${String(sent).padStart(12, '0')}`;
        chunk += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$100\r\n${value}\r\n`;
      }
      sock.write(chunk);
    };
    sock.on('data', (d) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) replies++;
      if (replies === count) {
        sock.destroy();
        resolve();
      } else if (replies === sent && sent < count) sendBatch();
    });
    sock.on('error', reject);
    sock.on('connect', sendBatch);
  });
}

async function measureMemory(redis, ours) {
  await command(redis.port, ['FLUSHALL']);
  await command(ours.port, ['FLUSHALL']);
  const redisBefore = infoField(await command(redis.port, ['INFO', 'memory']), 'used_memory');
  if (global.gc) global.gc();
  const oursBefore = rssBytes(ours.child.pid);
  await loadKeys(redis.port, KEYS);
  await loadKeys(ours.port, KEYS);
  const redisAfter = infoField(await command(redis.port, ['INFO', 'memory']), 'used_memory');
  const oursAfter = rssBytes(ours.child.pid);
  return { redis: (redisAfter - redisBefore) / KEYS, ours: (oursAfter - oursBefore) / KEYS };
}

function printTable(headers, rows) {
  if (MARKDOWN) {
    console.log(`| ${headers.join(' | ')} |`);
    console.log(`|${headers.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(fmt(headers));
  for (const r of rows) console.log(fmt(r));
}

async function main() {
  const redis = await startRedis();
  const ours = await startOurs();
  try {
    const rows = [];
    for (const test of TESTS) {
      for (const pipeline of PIPELINES) {
        const best = { redis: null, ours: null };
        for (let round = 0; round < ROUNDS; round++) {
          for (const [side, server] of [['redis', redis], ['ours', ours]]) {
            const r = runBenchmark(server.port, test, pipeline);
            if (!best[side] || r.rps > best[side].rps) best[side] = r;
          }
        }
        rows.push([
          test.toUpperCase(),
          `-P ${pipeline}`,
          Math.round(best.redis.rps),
          Math.round(best.ours.rps),
          (best.ours.rps / best.redis.rps).toFixed(2),
          `${best.redis.p50.toFixed(3)} / ${best.redis.p99.toFixed(3)}`,
          `${best.ours.p50.toFixed(3)} / ${best.ours.p99.toFixed(3)}`,
        ]);
      }
    }
    console.log(`\nThroughput (redis-benchmark -c 50 -d 100 -n ${REQUESTS}, best of ${ROUNDS} alternating rounds)\n`);
    printTable(['test', 'pipeline', 'redis rps', 'ours rps', 'ours/redis', 'redis p50/p99 ms', 'ours p50/p99 ms'], rows);

    const mem = await measureMemory(redis, ours);
    console.log(`\nMemory after loading ${KEYS} keys of 100 bytes\n`);
    printTable(
      ['redis used_memory/key', 'ours RSS/key', 'ours/redis'],
      [[mem.redis.toFixed(1), mem.ours.toFixed(1), (mem.ours / mem.redis).toFixed(2)]],
    );
  } finally {
    redis.child.kill('SIGTERM');
    ours.child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
