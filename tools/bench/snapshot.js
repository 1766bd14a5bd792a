/**
 * The snapshot table: BGSAVE of N keys (100-byte values) on each server, alone and while
 * redis-benchmark overwrites random keys of the same keyspace, so the snapshot has to preserve the
 * old values of keys written under it.
 *
 * Per server:
 * 1. load N keys `key:<12 digits>` (redis-benchmark's own -r key format, so its writes hit them);
 * 2. BGSAVE on an idle server: snapshot time and MB/s of the file it wrote;
 * 3. a short redis-benchmark run to learn the server's SET rate, which sizes the next two runs to
 *    last longer than a snapshot;
 * 4. the baseline: redis-benchmark alone (p50 / p99 / max latency);
 * 5. the same run with a BGSAVE started inside it: snapshot time, extra memory, and the clients'
 *    latencies again.
 *
 * Extra memory: for us the peak RSS growth of the process while the snapshot runs (copy-on-write
 * of keys written under it, plus output buffers); for Redis the forked child's copy-on-write size,
 * which Redis itself reports (rdb_last_cow_size) — the RSS of its parent does not change.
 * Snapshot time is measured here by polling INFO every few ms (rdb_last_bgsave_time_sec has
 * one-second resolution).
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { command, infoField, rssBytes } = require('./servers');
const { loadKeys } = require('./memory');

const POLL_MS = 5;
const CLIENTS = 50;

/**
 * One redis-benchmark SET run over the loaded keys (-r keys makes its random keys exactly
 * `key:<12 digits>` below `keys`); resolves with its rate and latency summary in ms.
 */
function setBenchmark(port, requests, keys) {
  const args = ['-p', String(port), '-t', 'set', '-n', String(requests), '-c', String(CLIENTS), '-d', '100', '-r', String(keys), '--csv'];
  return new Promise((resolve, reject) => {
    execFile('redis-benchmark', args, { encoding: 'utf8' }, (err, out) => {
      if (err) return reject(err);
      const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
      const cols = line.split(',').map((c) => Number(c.replace(/"/g, '')));
      resolve({ rps: cols[1], p50: cols[4], p99: cols[6], max: cols[7] });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs BGSAVE and waits for it to finish; returns { ms, bytes, extraBytes }. `sampleRss` tracks our
 * process's peak RSS growth while it runs.
 */
async function bgsave(server, sampleRss) {
  const rssBefore = rssBytes(server.child.pid);
  let rssPeak = rssBefore;
  const reply = await command(server.port, ['BGSAVE']);
  if (!reply.startsWith('+')) throw new Error(`BGSAVE on ${server.name} replied ${reply.trim()}`);
  const started = performance.now();
  for (;;) {
    if (sampleRss) rssPeak = Math.max(rssPeak, rssBytes(server.child.pid));
    const info = await command(server.port, ['INFO', 'persistence']);
    if (infoField(info, 'rdb_bgsave_in_progress') === 0) {
      const ms = performance.now() - started;
      if (!/^rdb_last_bgsave_status:ok/m.test(info)) throw new Error(`BGSAVE on ${server.name} failed`);
      const bytes = fs.statSync(path.join(server.dir, 'dump.rdb')).size;
      const extraBytes = sampleRss ? rssPeak - rssBefore : infoField(info, 'rdb_last_cow_size');
      return { ms, bytes, extraBytes };
    }
    await sleep(POLL_MS);
  }
}

/** The whole measurement on one server. */
async function measureOne(server, keys) {
  const run = (port, requests) => setBenchmark(port, requests, keys);
  await command(server.port, ['FLUSHALL']);
  await loadKeys(server.port, keys);
  const ours = server.name === 'ours';
  const idle = await bgsave(server, ours);
  const calibration = await run(server.port, 50000);
  // Long enough to cover a snapshot slowed down by the load, with margin on both sides.
  const requests = Math.max(100000, Math.round(calibration.rps * ((idle.ms / 1000) * 3 + 1)));
  const baseline = await run(server.port, requests);
  const loadedRun = run(server.port, requests);
  await sleep(300);
  const loaded = await bgsave(server, ours);
  const during = await loadedRun;
  return { idle, loaded, baseline, during };
}

const mb = (bytes) => (bytes / 1048576).toFixed(1);
const mbPerS = (r) => (r.bytes / 1048576 / (r.ms / 1000)).toFixed(1);

/** Measures both servers; returns the two tables (snapshot cost, client latency). */
async function measureSnapshot(redis, ours, keys) {
  const r = await measureOne(redis, keys);
  const o = await measureOne(ours, keys);
  const snapshot = {
    headers: ['', 'redis', 'ours', 'ours/redis'],
    rows: [
      ['file MB', mb(r.idle.bytes), mb(o.idle.bytes), (o.idle.bytes / r.idle.bytes).toFixed(2)],
      ['snapshot ms, idle', r.idle.ms.toFixed(0), o.idle.ms.toFixed(0), (o.idle.ms / r.idle.ms).toFixed(2)],
      ['MB/s, idle', mbPerS(r.idle), mbPerS(o.idle), (r.idle.ms / o.idle.ms).toFixed(2)],
      ['snapshot ms, under writes', r.loaded.ms.toFixed(0), o.loaded.ms.toFixed(0), (o.loaded.ms / r.loaded.ms).toFixed(2)],
      ['MB/s, under writes', mbPerS(r.loaded), mbPerS(o.loaded), (r.loaded.ms / o.loaded.ms).toFixed(2)],
      ['extra memory MB (redis: child COW, ours: RSS peak)', mb(r.loaded.extraBytes), mb(o.loaded.extraBytes), '-'],
    ],
  };
  const latency = {
    headers: ['SET latency ms', 'redis alone', 'redis + BGSAVE', 'ours alone', 'ours + snapshot', 'ours added'],
    rows: ['p50', 'p99', 'max'].map((p) => [
      p,
      r.baseline[p].toFixed(3),
      r.during[p].toFixed(3),
      o.baseline[p].toFixed(3),
      o.during[p].toFixed(3),
      (o.during[p] - o.baseline[p]).toFixed(3),
    ]),
  };
  return { snapshot, latency };
}

module.exports = { measureSnapshot };
