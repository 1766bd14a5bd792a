#!/usr/bin/env node
/**
 * `npm run bench:router`: what a proxy in front of Redis costs, all in one run on one backend.
 *
 * The backend is a real redis-server 7.0, so the only thing that differs between rows is what sits
 * between redis-benchmark and it:
 * - direct: nothing;
 * - router: ours, with the backend as its static `--master` and no replicas. SET goes to the
 *   master; GET, a read with no replica to serve it, goes there too by the default
 *   `--read-fallback master`. The proxy work (parse, classify, multiplex over shared backend
 *   connections, match replies) is the same as for a read sent to a replica;
 * - twemproxy: nutcracker 0.5 with one pool (`redis: true`) whose only server is the backend;
 * - node pipe: router-pipe.js, one backend socket per client and bytes copied unparsed: the floor
 *   for any Node process in the path.
 *
 * Each cell is redis-benchmark -t set|get -c 50 -d 100 -r 100000 at -P 1 and -P 16, sized to run
 * about `--seconds` (a short calibration run per cell measures the rate first). Targets alternate
 * inside each round (direct, router, twemproxy, pipe, then again), the best of `--rounds` is kept,
 * and SET runs before GET so the GETs find their 100,000 keys. On a 2-core machine redis-benchmark,
 * the proxy and redis-server share the cores, so ratios are lower than with the client elsewhere.
 *
 * Targets from the issue: router ≥ 0.5× direct at both depths; twemproxy on this kind of machine
 * ~0.8× at -P 1 and 0.55–0.65× at -P 16.
 *
 * Options:
 *   --only a,b,…   targets besides direct: any of router twemproxy pipe (default: all three)
 *   --seconds N    approximate length of one timed run (default 3)
 *   --rounds N     alternating rounds, best kept (default 1)
 *   --markdown     print the table as Markdown
 */
const { execFileSync } = require('node:child_process');
const { startRedis, stopServer } = require('./servers');
const { startRouter, startTwemproxy, startPipe, stopTarget } = require('./router-targets');
const { printTable } = require('./table');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
function positive(name, fallback) {
  const value = Number(option(name, fallback));
  if (!(value > 0)) throw new Error(`--${name} needs a positive number`);
  return value;
}

const PROXIES = { router: startRouter, twemproxy: startTwemproxy, pipe: startPipe };
const LABELS = { direct: 'direct', router: 'router', twemproxy: 'twemproxy', pipe: 'node pipe' };
const only = option('only', Object.keys(PROXIES).join(',')).split(',').filter(Boolean);
const unknown = only.filter((name) => !(name in PROXIES));
if (unknown.length > 0) {
  console.error(`unknown target(s) ${unknown.join(', ')}; choose from: ${Object.keys(PROXIES).join(' ')}`);
  process.exit(2);
}
const SECONDS = positive('seconds', 3);
const ROUNDS = positive('rounds', 1);
const MARKDOWN = args.includes('--markdown');
const TESTS = ['set', 'get'];
const PIPELINES = [1, 16];
/** Requests per client and pipeline slot in a calibration run: long enough to reach steady state. */
const CALIBRATION_PER_SLOT = 200;

/** One redis-benchmark run; returns { rps, p50, p99 } from its CSV line. */
function runBenchmark(port, test, pipeline, requests) {
  const argv = ['-p', String(port), '-t', test, '-n', String(requests), '-c', '50', '-d', '100', '-r', '100000', '-P', String(pipeline), '--csv'];
  const out = execFileSync('redis-benchmark', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
  if (line === undefined) throw new Error(`redis-benchmark ${argv.join(' ')} printed no result:\n${out}`);
  const cols = line.split(',').map((c) => c.replace(/"/g, ''));
  return { rps: Number(cols[1]), p50: Number(cols[4]), p99: Number(cols[6]) };
}

/** A calibration run, then one sized to last about SECONDS at the rate it measured. */
function timedRun(port, test, pipeline) {
  const calibration = runBenchmark(port, test, pipeline, 50 * pipeline * CALIBRATION_PER_SLOT);
  return runBenchmark(port, test, pipeline, Math.max(10000, Math.round(calibration.rps * SECONDS)));
}

function cell(result, direct) {
  return [Math.round(result.rps), (result.rps / direct.rps).toFixed(2)];
}

async function main() {
  const backend = await startRedis();
  const targets = [{ name: 'direct', port: backend.port }];
  try {
    for (const name of only) targets.push(await PROXIES[name](backend.port));
    const rows = [];
    for (const test of TESTS) {
      for (const pipeline of PIPELINES) {
        const best = {};
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of targets) {
            const r = timedRun(target.port, test, pipeline);
            if (!best[target.name] || r.rps > best[target.name].rps) best[target.name] = r;
          }
        }
        const direct = best.direct;
        rows.push([test.toUpperCase(), `-P ${pipeline}`, Math.round(direct.rps), ...only.flatMap((name) => cell(best[name], direct))]);
      }
    }
    const headers = ['test', 'pipeline', 'direct rps', ...only.flatMap((name) => [`${LABELS[name]} rps`, `${LABELS[name]}/direct`])];
    console.log(`\nThrough a proxy to one redis-server 7.0 (redis-benchmark -c 50 -d 100 -r 100000, ~${SECONDS} s per run, best of ${ROUNDS})\n`);
    printTable({ headers, rows }, MARKDOWN);
  } finally {
    for (const target of targets) if (target.child) stopTarget(target);
    stopServer(backend);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
