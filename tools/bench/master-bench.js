#!/usr/bin/env node
/**
 * `npm run bench:master`: our master against a real redis-server, side by side in one run.
 *
 * Three tables, each measured on both servers started here on free loopback ports:
 * - throughput (throughput.js): redis-benchmark for SET GET INCR MSET LPUSH LPOP HSET SADD ZADD and
 *   ZRANGE of 100 members, at pipeline 1 and 16, with the ratio ours/Redis;
 * - large collections (large.js): µs per ZADD/ZRANK on a sorted set and per LPUSH/RPOP on a list
 *   as each grows through 1k, 10k, 100k and 1M elements;
 * - memory (memory.js): bytes per key after loading 1,000,000 keys of 100 bytes, on a fresh pair
 *   of servers (the other tables leave our heap grown, which would skew RSS growth).
 *
 * Options:
 *   --only a,b,…     run a subset: any of set get incr mset lpush lpop hset sadd zadd zrange100
 *                    (throughput rows), large, memory  (default: everything)
 *   --requests N     redis-benchmark requests per run (default 200000)
 *   --rounds N       alternating rounds per measurement, best kept (default 3: this shared 2-core machine's rate swings
 *                    by ±20% from minute to minute, for Redis as for us)
 *   --keys N         keys for the memory table (default 1000000)
 *   --large-max N    largest collection size (default 1000000; sizes are 1k, 10k, … up to it)
 *   --ops N          timed operations per size in the large-collections table (default 20000)
 *   --markdown       print the tables as Markdown for the README
 */
const { startOurs, startRedis, stopServer } = require('./servers');
const { THROUGHPUT_TESTS, measureThroughput } = require('./throughput');
const { measureLarge } = require('./large');
const { measureMemory } = require('./memory');
const { printTable } = require('./table');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
function numberOption(name, fallback) {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

const ALL = [...Object.keys(THROUGHPUT_TESTS), 'large', 'memory'];
const only = option('only', ALL.join(',')).split(',').filter(Boolean);
const unknown = only.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown test(s) ${unknown.join(', ')}; choose from: ${ALL.join(' ')}`);
  process.exit(2);
}
const REQUESTS = numberOption('requests', 200000);
const ROUNDS = numberOption('rounds', 3);
const KEYS = numberOption('keys', 1000000);
const LARGE_MAX = numberOption('large-max', 1000000);
const OPS = numberOption('ops', 20000);
const MARKDOWN = args.includes('--markdown');

/** 1k, 10k, 100k, … up to the largest size asked for (which is always measured). */
function largeSizes(max) {
  const sizes = [];
  for (let s = 1000; s < max; s *= 10) sizes.push(s);
  sizes.push(max);
  return sizes;
}

/** Starts both servers, runs `measure` with them, and always stops them. */
async function withServers(measure) {
  const redis = await startRedis();
  const ours = await startOurs();
  try {
    return await measure(redis, ours);
  } finally {
    stopServer(redis);
    stopServer(ours);
  }
}

async function main() {
  const throughputNames = only.filter((name) => name in THROUGHPUT_TESTS);
  if (throughputNames.length > 0 || only.includes('large')) await withServers(async (redis, ours) => {
    const servers = [redis, ours];
    if (throughputNames.length > 0) {
      const table = await measureThroughput(servers, throughputNames, { requests: REQUESTS, rounds: ROUNDS });
      console.log(`\nThroughput (redis-benchmark -c 50 -d 100 -r 100000 -n ${REQUESTS}, best of ${ROUNDS} alternating rounds)\n`);
      printTable(table, MARKDOWN);
    }
    if (only.includes('large')) {
      const sizes = largeSizes(LARGE_MAX);
      const table = await measureLarge(servers, { sizes, ops: OPS, rounds: ROUNDS });
      console.log(`\nLarge collections (µs per operation: ${OPS} pipelined operations per size, 1000 per write, best of ${ROUNDS} rounds)\n`);
      printTable(table, MARKDOWN);
    }
  });
  if (only.includes('memory')) {
    // Fresh servers: RSS growth means nothing in a process whose heap the other tables just grew
    // and freed (the collections above are deleted, and V8 may return their pages meanwhile).
    const table = await withServers((redis, ours) => measureMemory(redis, ours, KEYS));
    console.log(`\nMemory after loading ${KEYS} keys of 100 bytes (fresh servers)\n`);
    printTable(table, MARKDOWN);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
