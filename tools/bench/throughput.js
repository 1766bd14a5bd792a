/**
 * The throughput table: redis-benchmark (50 clients, 100-byte values, keys drawn from 100,000) runs
 * each test at pipeline 1 and 16 against both servers in alternation — redis, ours, redis, ours —
 * so drift on a shared machine hits both alike, and the better of each pair of runs is kept.
 *
 * A test is either one of redis-benchmark's own (-t name) or an arbitrary command, and may have a
 * setup that runs before every run (LPOP needs a full list; ZRANGE needs its 100-member set).
 * Invariant: a run never times a server that answers with errors: setups go through the pipelined
 * client, which fails on an error reply.
 */
const { execFileSync } = require('node:child_process');
const { Pipeline } = require('./pipeline');

const PIPELINES = [1, 16];

/** Fills `mylist` (redis-benchmark's LPOP key) with `count` 100-byte elements. */
async function fillList(port, count) {
  const pipe = await Pipeline.connect(port);
  try {
    const value = 'x'.repeat(100);
    const perCommand = 1000;
    await pipe.run(1, () => ['DEL', 'mylist']);
    await pipe.run(Math.ceil(count / perCommand), () => ['RPUSH', 'mylist', ...Array(perCommand).fill(value)], 10);
  } finally {
    pipe.close();
  }
}

/** Makes `zset100` a sorted set of exactly 100 members (scores 0..99). */
async function fillZset100(port) {
  const pipe = await Pipeline.connect(port);
  try {
    const pairs = Array.from({ length: 100 }, (_, i) => [String(i), `member:${String(i).padStart(3, '0')}`]).flat();
    await pipe.run(1, () => ['DEL', 'zset100']);
    await pipe.run(1, () => ['ZADD', 'zset100', ...pairs]);
  } finally {
    pipe.close();
  }
}

/** Every throughput test by its --only name. `builtin` is a redis-benchmark -t name. */
const THROUGHPUT_TESTS = {
  set: { label: 'SET', builtin: 'set' },
  get: { label: 'GET', builtin: 'get' },
  incr: { label: 'INCR', builtin: 'incr' },
  mset: { label: 'MSET (10 keys)', builtin: 'mset' },
  lpush: { label: 'LPUSH', builtin: 'lpush' },
  lpop: { label: 'LPOP', builtin: 'lpop', setup: (port, requests) => fillList(port, requests) },
  hset: { label: 'HSET', builtin: 'hset' },
  sadd: { label: 'SADD', builtin: 'sadd' },
  zadd: { label: 'ZADD', builtin: 'zadd' },
  zrange100: { label: 'ZRANGE 0 99 (100 members)', command: ['ZRANGE', 'zset100', '0', '99'], setup: fillZset100 },
};

/** One redis-benchmark run; returns { rps, p50, p99 } parsed from its CSV line. */
function runBenchmark(port, test, pipeline, requests) {
  const common = ['-p', String(port), '-n', String(requests), '-c', '50', '-d', '100', '-r', '100000', '-P', String(pipeline), '--csv'];
  const args = test.builtin ? [...common, '-t', test.builtin] : [...common, ...test.command];
  const out = execFileSync('redis-benchmark', args, { encoding: 'utf8' });
  const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
  const cols = line.split(',').map((c) => c.replace(/"/g, ''));
  return { rps: Number(cols[1]), p50: Number(cols[4]), p99: Number(cols[6]) };
}

/** Runs the named tests on both servers; returns the table rows. */
async function measureThroughput(servers, names, { requests, rounds }) {
  const rows = [];
  for (const name of names) {
    const test = THROUGHPUT_TESTS[name];
    for (const pipeline of PIPELINES) {
      const best = { redis: null, ours: null };
      for (let round = 0; round < rounds; round++) {
        for (const server of servers) {
          if (test.setup) await test.setup(server.port, requests);
          const r = runBenchmark(server.port, test, pipeline, requests);
          if (!best[server.name] || r.rps > best[server.name].rps) best[server.name] = r;
        }
      }
      rows.push([
        test.label,
        `-P ${pipeline}`,
        Math.round(best.redis.rps),
        Math.round(best.ours.rps),
        (best.ours.rps / best.redis.rps).toFixed(2),
        `${best.redis.p50.toFixed(3)} / ${best.redis.p99.toFixed(3)}`,
        `${best.ours.p50.toFixed(3)} / ${best.ours.p99.toFixed(3)}`,
      ]);
    }
  }
  return {
    headers: ['test', 'pipeline', 'redis rps', 'ours rps', 'ours/redis', 'redis p50/p99 ms', 'ours p50/p99 ms'],
    rows,
  };
}

module.exports = { THROUGHPUT_TESTS, measureThroughput };
