/**
 * The memory table: loads N keys of 100 bytes into each server and compares our RSS growth per key
 * with Redis's used_memory growth per key (Redis's allocator statistics are exact; ours is the
 * process RSS, which also counts the V8 heap's slack — the comparison is deliberately unflattering).
 */
const { command, infoField, rssBytes } = require('./servers');
const { Pipeline } = require('./pipeline');

/** Loads `count` keys `key:<12 digits>` with 100-byte values through one pipelined connection. */
async function loadKeys(port, count) {
  const pipe = await Pipeline.connect(port);
  try {
    const value = 'x'.repeat(100);
    await pipe.run(count, (i) => ['SET', `key:${String(i).padStart(12, '0')}`, value]);
  } finally {
    pipe.close();
  }
}

async function measureMemory(redis, ours, keys) {
  await command(redis.port, ['FLUSHALL']);
  await command(ours.port, ['FLUSHALL']);
  const redisBefore = infoField(await command(redis.port, ['INFO', 'memory']), 'used_memory');
  const oursBefore = rssBytes(ours.child.pid);
  await loadKeys(redis.port, keys);
  await loadKeys(ours.port, keys);
  const redisAfter = infoField(await command(redis.port, ['INFO', 'memory']), 'used_memory');
  const oursAfter = rssBytes(ours.child.pid);
  const perKey = { redis: (redisAfter - redisBefore) / keys, ours: (oursAfter - oursBefore) / keys };
  return {
    headers: ['redis used_memory/key', 'ours RSS/key', 'ours/redis'],
    rows: [[perKey.redis.toFixed(1), perKey.ours.toFixed(1), (perKey.ours / perKey.redis).toFixed(2)]],
  };
}

module.exports = { measureMemory, loadKeys };
