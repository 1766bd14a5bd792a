/**
 * The configuration parameters the keyspace reads, kept in step with CONFIG SET: the encoding
 * thresholds that decide what OBJECT ENCODING reports (Redis converts a collection one way when it
 * outgrows them) and whether an LFU eviction policy is set (OBJECT FREQ needs one).
 *
 * Invariant: `keyspace.encodingLimits` is updated in place — collections never hold their own copy.
 */
import type { ConfigStore } from '@resplica/config';
import type { EncodingLimits, Keyspace } from '@resplica/keyspace';

const LIMIT_PARAMS: readonly (readonly [string, keyof EncodingLimits])[] = [
  ['hash-max-listpack-entries', 'hashMaxListpackEntries'],
  ['hash-max-listpack-value', 'hashMaxListpackValue'],
  ['set-max-intset-entries', 'setMaxIntsetEntries'],
  ['zset-max-listpack-entries', 'zsetMaxListpackEntries'],
  ['zset-max-listpack-value', 'zsetMaxListpackValue'],
  ['list-max-listpack-size', 'listMaxListpackSize'],
];

function applyLfuPolicy(config: ConfigStore, keyspace: Keyspace): void {
  keyspace.lfuPolicy = config.str('maxmemory-policy').endsWith('-lfu');
}

/** Copies the current values into the keyspace and follows every later CONFIG SET of them. */
export function bindKeyspaceConfig(config: ConfigStore, keyspace: Keyspace): void {
  const limits = keyspace.encodingLimits;
  for (const [param, field] of LIMIT_PARAMS) {
    limits[field] = config.num(param);
    config.onChange(param, () => {
      limits[field] = config.num(param);
    });
  }
  applyLfuPolicy(config, keyspace);
  config.onChange('maxmemory-policy', () => applyLfuPolicy(config, keyspace));
}
