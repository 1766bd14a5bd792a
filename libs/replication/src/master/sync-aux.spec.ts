/** replicationAux: the replication AUX fields go before aof-base, as 7.0 orders them (spec §8.3). */
import { replicationAux } from './sync-aux';

describe('replicationAux', () => {
  const id = 'a'.repeat(40);

  it('puts repl-stream-db, repl-id and repl-offset before aof-base', () => {
    const base = [['redis-ver', '7.0.15'], ['redis-bits', 64], ['aof-base', 0]] as const;
    expect(replicationAux(base, 2, id, 747)).toEqual([
      ['redis-ver', '7.0.15'],
      ['redis-bits', 64],
      ['repl-stream-db', 2],
      ['repl-id', id],
      ['repl-offset', 747],
      ['aof-base', 0],
    ]);
  });

  it('ends with aof-base 0 when the base fields lack it', () => {
    expect(replicationAux([['redis-ver', '7.0.15']], 0, id, 0)).toEqual([
      ['redis-ver', '7.0.15'],
      ['repl-stream-db', 0],
      ['repl-id', id],
      ['repl-offset', 0],
      ['aof-base', 0],
    ]);
  });
});
