/**
 * The large-collections table: the per-operation cost of ZADD and ZRANK on a sorted set, and of
 * LPUSH and RPOP on a list, measured as the collection grows through several sizes (1k … 1M), on
 * both servers. Near-constant cost from 1k to 1M is what O(log n) ranks and O(1) list ends give;
 * a sorted array or Array.shift would show cost growing with the size.
 *
 * At each size S, `ops` operations are timed in chunks of 1000 pipelined commands (one write), each
 * chunk undone untimed before the next (ZREM of the inserted members, RPOP after LPUSH, LPUSH after
 * RPOP), so the collection stays between S and S+1000 while it is measured. The cost is the median
 * chunk's, and the best of `rounds` rounds is kept. Members and scores are computed from an index,
 * so both servers hold the same data.
 */
const { command } = require('./servers');
const { Pipeline } = require('./pipeline');

const ZSET = 'bench:zset';
const LIST = 'bench:list';
/** Operations per timed chunk: one pipelined write, then wait for all the replies. */
const CHUNK = 1000;
/** Members per variadic command while growing a collection to the next size. */
const FILL_PER_COMMAND = 1000;

/** A reproducible score in [0, 1e6) for member i (a multiplicative hash, not a random draw). */
function scoreOf(i) {
  return String(((i * 2654435761) % 1000000007) / 1000);
}

/** Grows the sorted set from `from` to `to` members m:<i>. */
async function growZset(pipe, from, to) {
  const commands = Math.ceil((to - from) / FILL_PER_COMMAND);
  await pipe.run(
    commands,
    (c) => {
      const argv = ['ZADD', ZSET];
      for (let i = from + c * FILL_PER_COMMAND; i < Math.min(to, from + (c + 1) * FILL_PER_COMMAND); i++) argv.push(scoreOf(i), `m:${i}`);
      return argv;
    },
    20,
  );
}

/** Grows the list from `from` to `to` elements. */
async function growList(pipe, from, to) {
  const commands = Math.ceil((to - from) / FILL_PER_COMMAND);
  await pipe.run(
    commands,
    (c) => ['RPUSH', LIST, ...Array(Math.min(FILL_PER_COMMAND, to - from - c * FILL_PER_COMMAND)).fill('element-of-a-large-list')],
    20,
  );
}

/**
 * Times `ops` operations made by `make(i)` in chunks of CHUNK pipelined commands, running `undo`
 * after each chunk; returns the median chunk's ns per operation (a median shrugs off the odd chunk
 * that lost the shared CPU).
 */
async function timed(pipe, ops, make, undo) {
  const perOp = [];
  for (let done = 0; done < ops; done += CHUNK) {
    const n = Math.min(CHUNK, ops - done);
    perOp.push((await pipe.run(n, (i) => make(done + i), CHUNK)) / n);
    if (undo) await pipe.run(n, (i) => undo(done + i), CHUNK);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)];
}

/** Measures every operation at every size on one server: { 'ZADD@1000': ns, … }. */
async function measureServer(server, sizes, ops, salt) {
  await command(server.port, ['DEL', ZSET, LIST]);
  const pipe = await Pipeline.connect(server.port);
  const costs = {};
  try {
    let size = 0;
    for (const target of sizes) {
      await growZset(pipe, size, target);
      await growList(pipe, size, target);
      size = target;
      // Members never seen before (n:<salt>:<size>:<i>), scored like the fill, removed after each chunk.
      const fresh = (i) => `n:${salt}:${size}:${i}`;
      costs[`ZADD@${size}`] = await timed(pipe, ops, (i) => ['ZADD', ZSET, scoreOf(size + i), fresh(i)], (i) => ['ZREM', ZSET, fresh(i)]);
      costs[`ZRANK@${size}`] = await timed(pipe, ops, (i) => ['ZRANK', ZSET, `m:${(i * 7919) % size}`]);
      costs[`LPUSH@${size}`] = await timed(pipe, ops, () => ['LPUSH', LIST, 'pushed'], () => ['RPOP', LIST]);
      // RPOP takes from the tail (the fill); the LPUSH of the same element puts one back at the head.
      costs[`RPOP@${size}`] = await timed(pipe, ops, () => ['RPOP', LIST], () => ['LPUSH', LIST, 'element-of-a-large-list']);
    }
  } finally {
    pipe.close();
    await command(server.port, ['DEL', ZSET, LIST]);
  }
  return costs;
}

/** Runs the measurement `rounds` times per server (alternating) and returns the table. */
async function measureLarge(servers, { sizes, ops, rounds }) {
  const best = { redis: {}, ours: {} };
  // A warm-up pass at the smallest size, discarded: our first thousands of operations run before
  // V8 has optimised the handlers, which would make the smallest size look slow.
  for (const server of servers) await measureServer(server, [sizes[0]], ops, 'warm-up');
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const costs = await measureServer(server, sizes, ops, round);
      for (const [k, ns] of Object.entries(costs)) best[server.name][k] = Math.min(best[server.name][k] ?? Infinity, ns);
    }
  }
  const rows = [];
  for (const op of ['ZADD', 'ZRANK', 'LPUSH', 'RPOP']) {
    const base = { redis: best.redis[`${op}@${sizes[0]}`], ours: best.ours[`${op}@${sizes[0]}`] };
    for (const size of sizes) {
      const redis = best.redis[`${op}@${size}`];
      const ours = best.ours[`${op}@${size}`];
      rows.push([
        op,
        size.toLocaleString('en-US'),
        (redis / 1000).toFixed(2),
        (ours / 1000).toFixed(2),
        (redis / ours).toFixed(2),
        `${(redis / base.redis).toFixed(2)} / ${(ours / base.ours).toFixed(2)}`,
      ]);
    }
  }
  return {
    headers: ['operation', 'size', 'redis µs/op', 'ours µs/op', 'ours/redis speed', `cost vs ${sizes[0].toLocaleString('en-US')} (redis / ours)`],
    rows,
  };
}

module.exports = { measureLarge };
