/*
 * Interop: OUR replica following a real redis-server 7.0 master (spec §1–§4 from the replica's
 * side): it loads a full-sync snapshot holding listpack, intset, quicklist, hash-table and skip-list
 * values in several databases with TTLs, applies the live stream with expiry DELs, and resyncs
 * partially after redis kills its connection (redis's sync_partial_ok grows). The scenario runs
 * Redis↔Redis first, then with our replica.
 */
import { enginesUnderTest } from './support/engines';
import { interopScenario } from './support/interop';

describe.each(enginesUnderTest())('a %s replica of a real redis master', (engine) => {
  interopScenario({ master: 'redis', replica: engine });
});
