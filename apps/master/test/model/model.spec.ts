/*
 * Randomised model tests: fast-check generates long random command sequences over every type
 * (families.ts), plays each on a fresh real redis-server 7.0 and on our master at once, requires
 * every reply to agree (sequence.ts, judge.ts), and compares a dump of both at the end (dump.ts).
 *
 * Seeded and reproducible: the seed is in the suite title and, on failure, fast-check prints it
 * with the path of the shrunk counterexample; our message shows the failing step, both replies and
 * the steps before it. Replay one failure with
 *   RESPLICA_MODEL_SEED=<seed> RESPLICA_MODEL_PATH=<path> jest -c apps/master/jest.config.js test/model -t '<property>'
 * Budget: each property stops generating after RESPLICA_MODEL_MS (default 7000) ms, shrinking
 * included, so the file stays under a minute. RESPLICA_DIFF_OURS=redis puts a second real
 * redis-server in place of our master, which proves the generators ask nothing non-deterministic.
 */
import fc from 'fast-check';
import type { RunningServer } from '@resplica/testing';
import { startWithReference } from '../server-under-test';
import { FAMILIES } from './families';
import { playSequence } from './sequence';

const SEED = Number(process.env.RESPLICA_MODEL_SEED ?? Date.now() % 0x7fffffff);
const PATH = process.env.RESPLICA_MODEL_PATH;
const BUDGET_MS = Number(process.env.RESPLICA_MODEL_MS ?? 7000);
/** An upper bound only: the time budget normally ends a property first. */
const MAX_RUNS = Number(process.env.RESPLICA_MODEL_RUNS ?? 10000);
const MAX_STEPS = 150;

describe(`model: random sequences agree with redis-server 7.0 (seed ${SEED})`, () => {
  let ours: RunningServer | undefined;
  let reference: RunningServer | undefined;

  beforeAll(async () => {
    [ours, reference] = await startWithReference();
  }, 30000);

  afterAll(async () => {
    await Promise.all([ours?.stop(), reference?.stop()]);
  });

  for (const { name, step } of FAMILIES) {
    it(
      name,
      async () => {
        if (!ours || !reference) throw new Error('servers did not start');
        const targets = { ours: ours.port, reference: reference.port };
        // A run cut short by the time limit keeps going in the background: wait for it, so it
        // cannot FLUSHALL under the next property.
        let inFlight: Promise<unknown> = Promise.resolve();
        const property = fc.asyncProperty(
          fc.array(step, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
          fc.constantFrom<2 | 3>(2, 3),
          (steps, protocol) => {
            const run = playSequence(targets, steps, protocol);
            inFlight = run.catch(() => undefined);
            return run;
          },
        );
        try {
          await fc.assert(property, {
            seed: SEED,
            path: PATH,
            numRuns: MAX_RUNS,
            plugins: [fc.interruptAfterTimeLimit(BUDGET_MS)],
          });
        } finally {
          await inFlight;
        }
      },
      BUDGET_MS + 30000,
    );
  }
});
