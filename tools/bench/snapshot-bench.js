#!/usr/bin/env node
/**
 * `npm run bench:snapshot`: BGSAVE of 1,000,000 keys (100-byte values) on our master and on a real
 * redis-server side by side, alone and while redis-benchmark writes to the same keys (see
 * snapshot.js for what is measured and how).
 *
 * Options:
 *   --keys N      keys in the dataset (default 1000000)
 *   --markdown    print the tables as Markdown for the README
 */
const { startOurs, startRedis, stopServer } = require('./servers');
const { measureSnapshot } = require('./snapshot');
const { printTable } = require('./table');

const args = process.argv.slice(2);
const keysAt = args.indexOf('--keys');
const KEYS = keysAt >= 0 ? Number(args[keysAt + 1]) : 1000000;
if (!Number.isInteger(KEYS) || KEYS <= 0) {
  console.error('--keys needs a positive integer');
  process.exit(2);
}
const MARKDOWN = args.includes('--markdown');

async function main() {
  const redis = await startRedis();
  let ours;
  try {
    ours = await startOurs();
    const { snapshot, latency } = await measureSnapshot(redis, ours, KEYS);
    console.log(`\nSnapshot of ${KEYS} keys (100-byte values)\n`);
    printTable(snapshot, MARKDOWN);
    console.log(`\nClient latency during the snapshot (redis-benchmark SET, 50 clients, random existing keys)\n`);
    printTable(latency, MARKDOWN);
  } finally {
    stopServer(redis);
    if (ours) stopServer(ours);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
