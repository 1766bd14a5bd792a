#!/usr/bin/env node
/**
 * `npm run bench:load`: start-up time on a snapshot file of 1,000,000 keys (100-byte values), and
 * on the same keys plus four large collections, for our master and a real redis-server side by
 * side (see load.js for how the files are made and the time is measured).
 *
 * Options:
 *   --keys N         string keys in both datasets (default 1000000)
 *   --collection N   elements in each large collection of the mix (default 100000; 0 skips the mix)
 *   --rounds N       alternating rounds per measurement, best kept (default 3)
 *   --markdown       print the tables as Markdown for the README
 */
const { measureLoad } = require('./load');
const { printTable } = require('./table');

const args = process.argv.slice(2);
function numberOption(name, fallback, min) {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} needs an integer ≥ ${min}`);
    process.exit(2);
  }
  return value;
}
const KEYS = numberOption('keys', 1000000, 1);
const COLLECTION = numberOption('collection', 100000, 0);
const ROUNDS = numberOption('rounds', 3, 1);
const MARKDOWN = args.includes('--markdown');

const mb = (bytes) => (bytes / 1048576).toFixed(1);

async function main() {
  const datasets = [{ label: `${KEYS} keys, 100-byte values`, keys: KEYS, collection: 0 }];
  if (COLLECTION > 0) {
    datasets.push({ label: `${KEYS} keys + a list, hash, set and zset of ${COLLECTION} elements each`, keys: KEYS, collection: COLLECTION });
  }
  for (const d of datasets) {
    const { bytes, keys, table } = await measureLoad({ keys: d.keys, collection: d.collection, rounds: ROUNDS });
    console.log(`\nLoading a redis-server 7.0 dump.rdb: ${d.label} (${keys} keys, ${mb(bytes)} MB; best of ${ROUNDS})\n`);
    printTable(table, MARKDOWN);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
