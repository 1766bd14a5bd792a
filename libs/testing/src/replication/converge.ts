/*
 * Comparing a master's dataset with its replicas' once replication has caught up. Two dumps taken
 * one after the other are only comparable if nothing changed in between, so a comparison is taken
 * only when:
 *  - the master's offset is the same before its dump and after the last replica's dump (no write,
 *    expiry DEL or ping reached the stream meanwhile; replicas were at that offset when the dumps
 *    began and cannot pass their master), and
 *  - no dumped key has a deadline falling inside the dump window (each server hides a logically
 *    expired key from KEYS by its own reading of the clock, so such a key could be in one dump and
 *    not the other), and no key vanished mid-dump (type `none`).
 * Otherwise it tries again, within a bound. The datasets returned are then compared exactly.
 */
import { waitFor } from '../wait-for';
import { Dataset, datasetOf, DatasetOptions, DEFAULT_DBS } from './dataset';
import { infoNumber, waitForOffsetsEqual } from './info';

export interface ConvergedDatasets {
  master: Dataset;
  /** In the order of the replica ports given. */
  replicas: Dataset[];
  /** The replication offset all of them were at. */
  offset: number;
}

/** Keys whose deadline is this close after the dumps are still treated as unstable. */
const DEADLINE_MARGIN_MS = 250;

function unstableKey(datasets: readonly Dataset[], from: number, to: number): string | null {
  for (const dataset of datasets) {
    for (const db of dataset) {
      for (const key of db.keys) {
        if (key.type === 'none') return `db${db.db} ${key.key} vanished during the dump`;
        if (key.deadline >= from && key.deadline <= to + DEADLINE_MARGIN_MS) return `db${db.db} ${key.key} expires during the dump`;
      }
    }
  }
  return null;
}

/** Waits for the replicas to catch up, then dumps the master and every replica at one offset. */
export async function convergedDatasets(
  masterPort: number,
  replicaPorts: readonly number[],
  dbs: readonly number[] = DEFAULT_DBS,
  options: DatasetOptions = {},
  timeoutMs = 30000,
): Promise<ConvergedDatasets> {
  const deadline = Date.now() + timeoutMs;
  return waitFor(
    async () => {
      const offset = await waitForOffsetsEqual(masterPort, replicaPorts, Math.max(1000, deadline - Date.now()));
      const from = Date.now();
      const master = await datasetOf(masterPort, dbs, options);
      const replicas: Dataset[] = [];
      for (const port of replicaPorts) replicas.push(await datasetOf(port, dbs, options));
      const after = await infoNumber(masterPort, 'replication', 'master_repl_offset');
      if (after !== offset) throw new Error(`the master's offset moved from ${offset} to ${after} during the dumps`);
      const unstable = unstableKey([master, ...replicas], from, Date.now());
      if (unstable) throw new Error(unstable);
      return { master, replicas, offset };
    },
    { timeoutMs, intervalMs: 100, what: `a stable dump of master ${masterPort} and replicas ${replicaPorts.join(', ')}` },
  );
}
