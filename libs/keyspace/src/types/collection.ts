/**
 * The common shape of the collection value types (list, hash, set, sorted set). Each type lives in
 * its own file under types/ and extends this class, so the generic commands (TYPE, OBJECT ENCODING,
 * MEMORY USAGE, COPY, SCAN TYPE, SORT) handle every type without knowing its internals.
 *
 * Invariant: a collection stored in a Database is never empty — the handler that removes the last
 * element deletes the key, as Redis does.
 */

/** Redis's type names, as TYPE and SCAN TYPE print them. */
export type CollectionType = 'list' | 'hash' | 'set' | 'zset';

/**
 * The size thresholds Redis 7.0 uses to choose a compact encoding, from the configuration
 * (`hash-max-listpack-entries`, …). Redis converts one way only: once a collection outgrows its
 * compact encoding it keeps the large one, so types remember that they converted.
 */
export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  listMaxListpackSize: number;
}

/** Redis 7.0's defaults for EncodingLimits. */
export const DEFAULT_ENCODING_LIMITS: Readonly<EncodingLimits> = Object.freeze({
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
});

export abstract class CollectionValue {
  /** The type name TYPE reports. */
  abstract readonly type: CollectionType;
  /** Number of elements (list items, hash fields, set or zset members). */
  abstract get size(): number;
  /** OBJECT ENCODING as Redis 7.0 would report it for this collection's history. */
  abstract encoding(): string;
  /** A deep copy that shares no mutable state (COPY, MOVE to another db keeps the original). */
  abstract clone(): CollectionValue;
  /** MEMORY USAGE estimate in bytes, sampling `samples` elements (0 = all), as Redis estimates. */
  abstract memoryUsage(samples: number): number;
}
