/*
 * Which server the black-box tests exercise: the built master by default, or a real
 * redis-server when RESPLICA_DIFF_OURS=redis (to check that a test itself is right).
 */
import { REFERENCE_CONFIG_ARGS, RunningServer, startMaster, startRedisServer } from '@resplica/testing';

/** Our master gets the reference's configuration flags, so config-dependent replies can match. */
export function startUnderTest(): Promise<RunningServer> {
  return process.env.RESPLICA_DIFF_OURS === 'redis' ? startRedisServer() : startMaster([...REFERENCE_CONFIG_ARGS]);
}

/**
 * Starts the server under test and a real redis-server side by side, as [ours, reference]. When
 * either fails to start, the other is stopped before the error is thrown: a server left running
 * would keep Jest from exiting.
 */
export async function startWithReference(): Promise<[RunningServer, RunningServer]> {
  const [under, reference] = await Promise.allSettled([startUnderTest(), startRedisServer()]);
  if (under.status === 'fulfilled' && reference.status === 'fulfilled') return [under.value, reference.value];
  if (under.status === 'fulfilled') await under.value.stop();
  if (reference.status === 'fulfilled') await reference.value.stop();
  throw under.status === 'rejected' ? under.reason : (reference as PromiseRejectedResult).reason;
}
