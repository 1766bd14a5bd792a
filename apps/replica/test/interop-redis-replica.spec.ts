/*
 * Interop: a real redis-server 7.0 replica following OUR master (spec §1–§4 from the master's
 * side): full sync of every type and encoding, live writes with expiries, and a partial resync
 * (+CONTINUE) after the master kills the replica's connection mid-stream. The scenario runs
 * Redis↔Redis first, then with our master.
 */
import { enginesUnderTest } from './support/engines';
import { interopScenario } from './support/interop';

describe.each(enginesUnderTest())('a real redis replica of a %s master', (engine) => {
  interopScenario({ master: engine, replica: 'redis' });
});
