/*
 * ConfigStore: CONFIG SET semantics (error texts checked against redis-server 7.0.15), units,
 * canonical forms of the special parameters, listeners.
 */
import { ConfigStoreImpl } from './store';

function fresh(): ConfigStoreImpl {
  return new ConfigStoreImpl(null);
}
const failed = (arg: string, why: string): string => `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${why}`;

describe('ConfigStore.set', () => {
  it.each([
    [[['foo', '1']], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [[['hz', 'abc'], ['foo', '1']], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [[['maxclients', '10'], ['MAXCLIENTS', '20']], failed('MAXCLIENTS', 'duplicate parameter')],
    [[['hz', '5'], ['hz', 'abc']], failed('hz', 'duplicate parameter')],
    [[['hz', 'abc'], ['daemonize', 'yes']], failed('daemonize', "can't set immutable config")],
    [[['slaveof', '']], failed('slaveof', "can't set immutable config")],
    [[['dir', '/x']], failed('dir', "can't set protected config")],
    [[['hz', 'abc']], failed('hz', "argument couldn't be parsed into an integer")],
    [[['hz', '010']], failed('hz', "argument couldn't be parsed into an integer")],
    [[['maxmemory', '1.5gb']], failed('maxmemory', 'argument must be a memory value')],
    [[['maxmemory', '-1']], failed('maxmemory', 'argument must be a memory value')],
    [[['maxclients', '0']], failed('maxclients', 'argument must be between 1 and 4294967295 inclusive')],
    [[['acllog-max-len', '-9223372036854775807']], failed('acllog-max-len', 'argument must be between 0 and 9223372036854775807 inclusive')],
    [[['appendonly', 'maybe']], failed('appendonly', "argument must be 'yes' or 'no'")],
    [
      [['maxmemory-policy', 'bogus']],
      failed(
        'maxmemory-policy',
        'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction',
      ),
    ],
    [[['save', '100 1 200']], failed('save', 'Invalid save parameters')],
    [[['save', '0 0']], failed('save', 'Invalid save parameters')],
    [[['notify-keyspace-events', 'Z1']], failed('notify-keyspace-events', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")],
    [[['client-output-buffer-limit', 'foo 1 2 3']], failed('client-output-buffer-limit', 'Invalid client class specified in buffer limit configuration.')],
    [[['client-output-buffer-limit', 'bogus!']], failed('client-output-buffer-limit', 'Wrong number of arguments in buffer limit configuration.')],
    [[['oom-score-adj-values', '1 2']], failed('oom-score-adj-values', 'wrong number of arguments')],
    [[['oom-score-adj-values', '1 2 3000']], failed('oom-score-adj-values', 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.')],
    [[['maxmemory-clients', 'x']], failed('maxmemory-clients', 'argument must be a memory or percent value')],
  ])('%j → %s', (pairs, error) => {
    const store = fresh();
    expect(store.set(pairs as [string, string][])).toBe(error);
  });

  it('is all or nothing', () => {
    const store = fresh();
    expect(store.set([['timeout', '5'], ['hz', 'abc']])).toBe(failed('hz', "argument couldn't be parsed into an integer"));
    expect(store.get('timeout')).toBe('0');
    expect(store.set([['timeout', '5'], ['hz', '20']])).toBeNull();
    expect([store.num('timeout'), store.num('hz')]).toEqual([5, 20]);
  });

  it.each([
    ['maxmemory', '1gb', '1073741824'],
    ['maxmemory', '1K', '1000'],
    ['maxmemory', '1Kb', '1024'],
    ['maxmemory', '010', '10'],
    ['maxmemory', '1mb', '1048576'],
    ['hz', '1000', '500'],
    ['hz', '0', '1'],
    ['maxmemory-policy', 'ALLKEYS-LRU', 'allkeys-lru'],
    ['appendonly', 'YES', 'yes'],
    ['notify-keyspace-events', 'KEA', 'AKE'],
    ['notify-keyspace-events', 'Ex', 'xE'],
    ['notify-keyspace-events', 'dtK', 'tdK'],
    ['notify-keyspace-events', '$lshzxetdmnKE', '$lshzxetdnKEm'],
    ['notify-keyspace-events', 'nmdtexzhsl$gK', 'AKm'],
    ['client-output-buffer-limit', 'normal 1mb 2mb 3', 'normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
    ['client-output-buffer-limit', 'replica 1 2 3', 'normal 0 0 0 slave 1 2 3 pubsub 33554432 8388608 60'],
    ['save', '100 1 100 1', '100 1 100 1'],
    ['save', '', ''],
    ['latency-tracking-info-percentiles', '50 99.90 100', '50 99.9 100'],
    ['maxmemory-clients', '10%', '10%'],
    ['list-max-ziplist-size', '-5', '-5'],
  ])('%s %j reads back as %j', (name, value, expected) => {
    const store = fresh();
    expect(store.set([[name, value]])).toBeNull();
    expect(store.get(name)).toBe(expected);
  });

  it('shares one value between a name and its alias', () => {
    const store = fresh();
    expect(store.set([['slave-read-only', 'no']])).toBeNull();
    expect(store.get('replica-read-only')).toBe('no');
    expect(store.set([['lua-time-limit', '7']])).toBeNull();
    expect(store.num('busy-reply-threshold')).toBe(7);
  });

  it('runs listeners after all values are in place, once per parameter', () => {
    const store = fresh();
    const seen: string[] = [];
    const off = store.onChange('slave-priority', (name, s) => seen.push(`${name}=${s.get(name)} hz=${s.get('hz')}`));
    store.onChange('hz', (name) => seen.push(name));
    expect(store.set([['replica-priority', '5'], ['hz', '50']])).toBeNull();
    expect(seen).toEqual(['replica-priority=5 hz=50', 'hz']);
    off();
    store.set([['replica-priority', '6']]);
    expect(seen).toHaveLength(2);
  });

  it('lists canonical names and, for CONFIG GET, aliases too', () => {
    const store = fresh();
    expect(store.names()).toContain('replicaof');
    expect(store.names()).not.toContain('slaveof');
    expect(store.allNames()).toContain('slaveof');
    expect(() => store.get('nope')).toThrow("unknown configuration parameter 'nope'");
  });
});
