#!/usr/bin/env node
/**
 * `npm run bench:replication`: replication on our master/replica pair (apps/master, apps/replica)
 * and on a redis-server 7.0 pair, side by side in one run, with the ratio ours/Redis:
 * 1. full sync: a master holding N keys (100-byte values, loaded with pipelined SETs) and a fresh
 *    empty replica; the time from sending REPLICAOF to the replica until its link is up, its offset
 *    equals the master's and it holds N keys (replication-pair.js);
 * 2. lag: p50/p99/max of send-to-visible time while a paced writer sets keys on the master at each
 *    rate, seen through keyspace notifications on the replica (replication-lag.js says why and how);
 * 3. partial resync: the bytes the master sends after +CONTINUE when the replica reconnects after a
 *    cut of the link under steady writes, against the stream it missed (replication-proxy.js).
 * Measurements 1 and 2 share one pair per server; both pairs stay up (an idle pair costs no CPU)
 * so the lag runs can alternate between them. 3 uses a fresh, empty pair each. Redis goes first.
 * Every node runs with `--save ''`; masters with `--repl-diskless-sync-delay 0`; all other
 * replication settings are each server's defaults (repl-diskless-sync yes, repl-backlog-size 1mb;
 * repl-diskless-load is `disabled` for Redis — the replica writes the RDB to disk, then loads it —
 * and `swapdb` for ours, so the table prints what each replica reports).
 *
 * Options:
 *   --keys N          keys for the full sync (default 1000000)
 *   --rates a,b       writes/s for the lag runs (default 10000,50000)
 *   --seconds N       length of each lag run (default 4)
 *   --rounds N        lag runs per rate and server, the lowest p99 kept (default 3)
 *   --psync-rate N    writes/s during the cut (default 1000)
 *   --cut-ms N        how long the link is cut (default 5000)
 *   --only a,b        any of full, lag, psync (default all; lag includes the full sync it runs on)
 *   --markdown        print the tables as Markdown for the README
 */
const os = require('node:os');
const { command, stopServer } = require('./servers');
const { loadKeys } = require('./memory');
const { startNode, measureFullSync } = require('./replication-pair');
const { measureLag } = require('./replication-lag');
const { measurePartialResync } = require('./replication-proxy');
const { printTable } = require('./table');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} needs positive integers`);
    process.exit(2);
  }
  return value;
}
const KEYS = positiveInteger('keys', option('keys', '1000000'));
const RATES = option('rates', '10000,50000').split(',').map((r) => positiveInteger('rates', r));
const SECONDS = positiveInteger('seconds', option('seconds', '4'));
const ROUNDS = positiveInteger('rounds', option('rounds', '3'));
const PSYNC_RATE = positiveInteger('psync-rate', option('psync-rate', '1000'));
const CUT_MS = positiveInteger('cut-ms', option('cut-ms', '5000'));
const PARTS = ['full', 'lag', 'psync'];
const ONLY = option('only', PARTS.join(',')).split(',');
if (ONLY.some((p) => !PARTS.includes(p))) {
  console.error(`--only takes any of ${PARTS.join(', ')}`);
  process.exit(2);
}
const MARKDOWN = args.includes('--markdown');
const KINDS = ['redis', 'ours'];

/** A master and an empty replica of `kind`, the master loaded with KEYS keys. */
async function startPair(kind, started) {
  const master = await startNode(kind, 'master', null);
  started.push(master);
  const replica = await startNode(kind, 'replica', null);
  started.push(replica);
  await loadKeys(master.port, KEYS);
  return { master, replica };
}

/**
 * Full sync of each pair (Redis first), then the lag runs on the same pairs, alternating Redis and
 * ours ROUNDS times per rate and keeping each one's round with the lowest p99: other work on the
 * machine (a build, a test run) shows as stalls of tens to hundreds of ms in single rounds.
 */
async function measureSyncAndLag() {
  const nodes = [];
  try {
    const pairs = {};
    for (const kind of KINDS) pairs[kind] = await startPair(kind, nodes);
    const fullMs = {};
    const diskless = {};
    for (const kind of KINDS) {
      // The reply is *2, then the name and the value as bulk strings: the value is the fifth line.
      diskless[kind] = (await command(pairs[kind].replica.port, ['CONFIG', 'GET', 'repl-diskless-load'])).split('\r\n')[4];
      fullMs[kind] = await measureFullSync(pairs[kind].master, pairs[kind].replica, KEYS, 120000);
    }
    const lag = { redis: [], ours: [] };
    if (ONLY.includes('lag')) {
      for (const rate of RATES) {
        const best = {};
        for (let round = 0; round < ROUNDS; round++) {
          for (const kind of KINDS) {
            const run = await measureLag(pairs[kind].master, pairs[kind].replica, rate, SECONDS);
            if (!best[kind] || run.lag.p99 < best[kind].lag.p99) best[kind] = run;
          }
        }
        for (const kind of KINDS) lag[kind].push(best[kind]);
      }
    }
    return { fullMs, diskless, lag };
  } finally {
    for (const node of nodes) stopServer(node);
  }
}

const ms = (v) => v.toFixed(3);
const ratio = (ours, redis) => (ours / redis).toFixed(2);

async function main() {
  console.log("Every node: --save ''; masters: --repl-diskless-sync-delay 0; other replication settings: each server's defaults.");
  console.log(`Load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs; other work on the machine skews latencies).`);
  if (ONLY.includes('full') || ONLY.includes('lag')) {
    const { fullMs, diskless, lag } = await measureSyncAndLag();
    console.log(`\nFull sync of ${KEYS} keys (100-byte values): REPLICAOF on an empty replica until link up, offsets equal, DBSIZE right\n`);
    printTable({
      headers: ['', 'redis', 'ours', 'ours/redis'],
      rows: [
        ['replica repl-diskless-load', diskless.redis, diskless.ours, '-'],
        ['full sync ms', fullMs.redis.toFixed(0), fullMs.ours.toFixed(0), ratio(fullMs.ours, fullMs.redis)],
      ],
    }, MARKDOWN);
    if (ONLY.includes('lag')) {
      console.log(`\nReplication lag: ms from sending a SET to the master to its keyspace event on the replica; master reply: to its +OK (${SECONDS} s per run, first 0.5 s left out, the run with the best lag p99 of ${ROUNDS})\n`);
      const rows = [];
      RATES.forEach((rate, i) => {
        const [r, o] = [lag.redis[i], lag.ours[i]];
        rows.push([`${rate}/s: rate achieved`, r.rate.toFixed(0), o.rate.toFixed(0), ratio(o.rate, r.rate), '-']);
        for (const p of ['p50', 'p99', 'max']) rows.push([`${rate}/s: lag ${p}`, ms(r.lag[p]), ms(o.lag[p]), ratio(o.lag[p], r.lag[p]), ms(o.lag[p] - r.lag[p])]);
        for (const p of ['p50', 'p99']) rows.push([`${rate}/s: master reply ${p}`, ms(r.reply[p]), ms(o.reply[p]), ratio(o.reply[p], r.reply[p]), ms(o.reply[p] - r.reply[p])]);
      });
      printTable({ headers: ['ms', 'redis', 'ours', 'ours/redis', 'ours−redis'], rows }, MARKDOWN);
    }
  }
  if (ONLY.includes('psync')) {
    const results = {};
    for (const kind of KINDS) results[kind] = await measurePartialResync(kind, { rate: PSYNC_RATE, cutMs: CUT_MS });
    const { redis: r, ours: o } = results;
    console.log(`\nPartial resync after a ${CUT_MS} ms cut while writing ${PSYNC_RATE} SETs/s (100-byte values), counted by a proxy\n`);
    printTable({
      headers: ['', 'redis', 'ours', 'ours/redis'],
      rows: [
        ['PSYNC reply', r.reply, o.reply, '-'],
        // The writes made during a cut differ between runs (a late timer lengthens it), so the
        // comparison is each server's bytes against its own missed stream, not against the other's.
        ['bytes after the reply until in sync', r.bytes, o.bytes, '-'],
        ['missed stream (offset after − replica offset at cut)', r.expected, o.expected, '-'],
        ['missed stream per the PSYNC offset', r.psyncExpected, o.psyncExpected, '-'],
        ['bytes / missed stream', (r.bytes / r.expected).toFixed(4), (o.bytes / o.expected).toFixed(4), ratio(o.bytes / o.expected, r.bytes / r.expected)],
        // Depends on where each replica's 1 s retry timer stands when the link comes back.
        ['reconnect ms (link restored to PSYNC reply)', r.reconnectMs.toFixed(0), o.reconnectMs.toFixed(0), '-'],
        ['connection attempts during the cut', r.attemptsDuringCut, o.attemptsDuringCut, '-'],
      ],
    }, MARKDOWN);
  }
}

main().then(
  () => console.log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
