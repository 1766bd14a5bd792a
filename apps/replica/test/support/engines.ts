/*
 * Which engines the replication suites run against. Every scenario runs first with real
 * redis-server 7.0 in the role under test (validating the scenario itself: the same steps must pass
 * Redis↔Redis) and then with ours. REPL_ENGINES=redis (or =ours) runs one of them only.
 */
import type { Engine } from '@resplica/testing';

const ALL: readonly Engine[] = ['redis', 'ours'];

export function enginesUnderTest(): Engine[] {
  const wanted = process.env['REPL_ENGINES'];
  if (!wanted) return [...ALL];
  const engines = wanted.split(',').map((name) => name.trim());
  for (const name of engines) {
    if (!ALL.includes(name as Engine)) throw new Error(`REPL_ENGINES: unknown engine ${name} (redis, ours)`);
  }
  return engines as Engine[];
}
