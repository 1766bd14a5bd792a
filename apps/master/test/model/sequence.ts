/*
 * Plays one generated sequence on both servers from empty (FLUSHALL), then compares full dumps.
 * Throws a Divergence naming the first reply that differs, or every key whose dump differs.
 *
 * Invariant: the servers are only touched through the connections opened here, and every
 * connection is closed before the function settles, so the next sequence starts clean.
 */
import { RawClient } from '@resplica/testing';
import { compareDumps, dumpServer } from './dump';
import { Divergence, ServerPair } from './pair';
import { showStep, Step } from './steps';

export interface Targets {
  ours: number;
  reference: number;
}

async function withClients<T>(targets: Targets, use: (ours: RawClient, reference: RawClient) => Promise<T>): Promise<T> {
  const [ours, reference] = await Promise.all([RawClient.connect(targets.ours), RawClient.connect(targets.reference)]);
  try {
    return await use(ours, reference);
  } finally {
    await Promise.all([ours.close(), reference.close()]);
  }
}

export async function playSequence(targets: Targets, steps: Step[], protocol: 2 | 3): Promise<void> {
  await withClients(targets, (ours, reference) => Promise.all([ours.call('FLUSHALL'), reference.call('FLUSHALL')]));
  const pair = await ServerPair.open(targets.ours, targets.reference, protocol);
  try {
    for (const step of steps) await pair.play(step);
  } finally {
    await pair.close();
  }
  const [ours, reference] = await withClients(targets, (a, b) => Promise.all([dumpServer(a), dumpServer(b)]));
  const differences = compareDumps(ours, reference);
  if (differences.length > 0) {
    throw new Divergence(
      `every reply agreed (RESP${protocol}) but the data differs at the end:\n  ${differences.join('\n  ')}\n` +
        `steps:\n${steps.map((s) => `  ${showStep(s)}`).join('\n')}`,
    );
  }
}
