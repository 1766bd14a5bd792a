/*
 * Which server the black-box tests exercise: the built master by default, or a real
 * redis-server when RESPLICA_DIFF_OURS=redis (to check that a test itself is right).
 */
import { REFERENCE_CONFIG_ARGS, RunningServer, startMaster, startRedisServer } from '@resplica/testing';

/** Our master gets the reference's configuration flags, so config-dependent replies can match. */
export function startUnderTest(): Promise<RunningServer> {
  return process.env.RESPLICA_DIFF_OURS === 'redis' ? startRedisServer() : startMaster([...REFERENCE_CONFIG_ARGS]);
}
