import { loadConfig } from '@resplica/config';
import { Keyspace } from '@resplica/keyspace';
import { bindKeyspaceConfig } from './keyspace-config';

describe('bindKeyspaceConfig', () => {
  it('starts from the configured thresholds and follows CONFIG SET in place', () => {
    const { config } = loadConfig({ argv: ['--zset-max-listpack-entries', '7'], env: {} });
    const keyspace = new Keyspace({ databases: 1 });
    const limits = keyspace.encodingLimits;
    bindKeyspaceConfig(config, keyspace);
    expect(limits.zsetMaxListpackEntries).toBe(7);
    expect(limits.hashMaxListpackEntries).toBe(512);
    expect(config.set([['hash-max-ziplist-entries', '3'], ['set-max-intset-entries', '9']])).toBeNull();
    expect(keyspace.encodingLimits).toBe(limits);
    expect(limits.hashMaxListpackEntries).toBe(3);
    expect(limits.setMaxIntsetEntries).toBe(9);
  });

  it('enables OBJECT FREQ only under an LFU policy', () => {
    const { config } = loadConfig({ argv: [], env: {} });
    const keyspace = new Keyspace({ databases: 1 });
    bindKeyspaceConfig(config, keyspace);
    expect(keyspace.lfuPolicy).toBe(false);
    expect(config.set([['maxmemory-policy', 'allkeys-lfu']])).toBeNull();
    expect(keyspace.lfuPolicy).toBe(true);
    expect(config.set([['maxmemory-policy', 'volatile-lru']])).toBeNull();
    expect(keyspace.lfuPolicy).toBe(false);
  });
});
