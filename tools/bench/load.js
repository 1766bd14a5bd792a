/**
 * The load table: how long each server takes to start on the same snapshot file, made by a real
 * redis-server 7.0 (so both read identical bytes: its LZF choices, its encodings).
 *
 * Datasets:
 * - strings: N keys `key:<12 digits>` with 100-byte values (memory.js's loadKeys);
 * - mix: the same N keys plus four large collections of `collection` elements each — a list
 *   (quicklist), a hash (hashtable), a set (hashtable) and a sorted set (skiplist) — whose
 *   elements are decoded one by one, unlike a string's single value.
 *
 * Per server and round: a fresh temp dir holding the file as dump.rdb, the server started on it,
 * then PING every POLL_MS until it answers +PONG (during the load both answer -LOADING, or do not
 * accept yet); INFO persistence must then say loading:0 and DBSIZE the key count. The same start
 * on an empty dir gives the start-up cost without a file, so "load" is the difference. Servers run
 * one at a time (the machine's cores are shared), alternating, and the best round is kept.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { command, freePort, infoField, spawnOurs, spawnRedis, startRedis, stopServer } = require('./servers');
const { Pipeline } = require('./pipeline');
const { loadKeys } = require('./memory');

const POLL_MS = 5;
/** Give up on a start that takes longer than this. */
const START_TIMEOUT_MS = 120000;
/** Elements per variadic command while filling a large collection. */
const FILL_PER_COMMAND = 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fills the four large collections of the mix dataset with `size` elements each. */
async function fillCollections(port, size) {
  const pipe = await Pipeline.connect(port);
  try {
    const commands = Math.ceil(size / FILL_PER_COMMAND);
    const span = (c) => {
      const from = c * FILL_PER_COMMAND;
      return { from, to: Math.min(size, from + FILL_PER_COMMAND) };
    };
    const variadic = (name, key, perElement) => (c) => {
      const { from, to } = span(c);
      const argv = [name, key];
      for (let i = from; i < to; i++) argv.push(...perElement(i));
      return argv;
    };
    await pipe.run(commands, variadic('RPUSH', 'mix:list', (i) => [`list-element-${i}`]), 20);
    await pipe.run(commands, variadic('HSET', 'mix:hash', (i) => [`field-${i}`, `value-of-field-${i}`]), 20);
    await pipe.run(commands, variadic('SADD', 'mix:set', (i) => [`member-${i}`]), 20);
    await pipe.run(commands, variadic('ZADD', 'mix:zset', (i) => [String(((i * 2654435761) % 1000000007) / 1000), `member-${i}`]), 20);
  } finally {
    pipe.close();
  }
}

/**
 * Writes the dataset into a fresh redis-server, SAVEs, and copies its dump.rdb to `file`; returns
 * the number of keys it holds.
 */
async function makeFile(file, keys, collection) {
  const redis = await startRedis();
  try {
    await loadKeys(redis.port, keys);
    if (collection > 0) await fillCollections(redis.port, collection);
    const reply = await command(redis.port, ['SAVE']);
    if (!reply.startsWith('+OK')) throw new Error(`SAVE replied ${reply.trim()}`);
    fs.copyFileSync(path.join(redis.dir, 'dump.rdb'), file);
    return Number((await command(redis.port, ['DBSIZE'])).slice(1));
  } finally {
    stopServer(redis);
  }
}

function exited(child) {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

/**
 * Starts one server on a copy of `file` (or on an empty dir when `file` is null) and returns the
 * ms from spawn to its first +PONG, after checking it holds `expectedKeys`.
 */
async function timeStart(spawnServer, name, file, expectedKeys) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-load-${name}-`));
  if (file !== null) fs.copyFileSync(file, path.join(dir, 'dump.rdb'));
  const port = await freePort();
  const started = performance.now();
  const child = spawnServer(port, dir);
  try {
    let ms = -1;
    while (ms < 0) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} while starting`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${name} took over ${START_TIMEOUT_MS} ms to start`);
      const reply = await command(port, ['PING']).catch(() => '');
      if (reply.startsWith('+PONG')) ms = performance.now() - started;
      else await sleep(POLL_MS);
    }
    const info = await command(port, ['INFO', 'persistence']);
    if (infoField(info, 'loading') !== 0) throw new Error(`${name} answered PING while INFO says loading:${infoField(info, 'loading')}`);
    const size = await command(port, ['DBSIZE']);
    if (size !== `:${expectedKeys}\r\n`) throw new Error(`${name} holds ${size.trim()} keys after loading, expected ${expectedKeys}`);
    return ms;
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SERVERS = [
  { name: 'redis', spawn: spawnRedis },
  { name: 'ours', spawn: spawnOurs },
];

/** Best start-up ms per server over `rounds` alternating rounds, on `file` (null: empty dir). */
async function bestStarts(file, expectedKeys, rounds) {
  const best = { redis: Infinity, ours: Infinity };
  for (let r = 0; r < rounds; r++) {
    for (const s of SERVERS) best[s.name] = Math.min(best[s.name], await timeStart(s.spawn, s.name, file, expectedKeys));
  }
  return best;
}

/** Measures one dataset; returns its table. */
async function measureLoad({ keys, collection, rounds }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-file-'));
  try {
    const file = path.join(work, 'dump.rdb');
    const total = await makeFile(file, keys, collection);
    const empty = await bestStarts(null, 0, rounds);
    const loaded = await bestStarts(file, total, rounds);
    const load = { redis: loaded.redis - empty.redis, ours: loaded.ours - empty.ours };
    const row = (label, v, digits = 0) => [label, v.redis.toFixed(digits), v.ours.toFixed(digits), (v.ours / v.redis).toFixed(2)];
    const perSec = (v) => (total / (v / 1000) / 1e6).toFixed(2);
    return {
      bytes: fs.statSync(file).size,
      keys: total,
      table: {
        headers: ['', 'redis', 'ours', 'ours/redis'],
        rows: [
          row('start-up, empty dir (ms)', empty),
          row('start-up on the file (ms)', loaded),
          row('load = difference (ms)', load),
          ['M keys/s loaded', perSec(load.redis), perSec(load.ours), (load.redis / load.ours).toFixed(2)],
        ],
      },
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { measureLoad };
