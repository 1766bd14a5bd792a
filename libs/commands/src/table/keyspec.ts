/*
 * Small builders for the key specs of the command table, so each table entry states only what
 * differs (the access flags and where the keys are). Pure data: nothing here runs per request.
 */
import type { KeySpec, KeySpecFlag } from '../types';

/**
 * A key spec that starts at a fixed argument index and runs over a range: `lastKey` 0 is one key,
 * -1 runs to the last argument, `keyStep` 2 skips the value of key/value pairs.
 */
export function rangeKeys(flags: readonly KeySpecFlag[], index = 1, lastKey = 0, keyStep = 1): KeySpec {
  return { flags, begin: { type: 'index', index }, find: { type: 'range', lastKey, keyStep, limit: 0 } };
}

/**
 * A key spec for a count argument followed by that many keys (`keyNumIndex` and `firstKey` are
 * relative to the begin index). No command of this milestone needs it; it exists so getKeys and
 * COMMAND INFO handle the movable-key commands that later groups add.
 */
export function keyNumKeys(flags: readonly KeySpecFlag[], index: number, keyNumIndex = 0, firstKey = 1): KeySpec {
  return { flags, begin: { type: 'index', index }, find: { type: 'keynum', keyNumIndex, firstKey, keyStep: 1 } };
}

/** A key spec whose keys no rule can locate (SORT's BY/GET patterns and STORE keyword). */
export function unknownKeys(flags: readonly KeySpecFlag[]): KeySpec {
  return { flags, begin: { type: 'unknown' }, find: { type: 'unknown' } };
}
