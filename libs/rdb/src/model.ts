/**
 * Values as the RDB format carries them, independent of any in-memory structure: the encoder takes
 * them from the keyspace's adapter, the decoder hands them to a loader.
 *
 * Bytes are a Buffer or a latin1 string (one char per byte, the keyspace's own form for keys and
 * members), so the keyspace never copies a member into a Buffer just to write it.
 */

/** Binary-safe bytes: a Buffer, or a latin1 string holding one byte per char. */
export type RdbBytes = Buffer | string;

/** An absolute unix-ms deadline (a bigint only beyond 2^53), or -1 for none. */
export type RdbExpire = number | bigint;

/** The string type. */
export interface RdbString {
  readonly kind: 'string';
  readonly value: RdbBytes;
}

/** A list, head first. Written as QUICKLIST_2 (listpack nodes), as 7.0 writes every list. */
export interface RdbList {
  readonly kind: 'list';
  readonly length: number;
  readonly items: Iterable<RdbBytes>;
}

/**
 * A set. `intset` asks for SET_INTSET (the caller vouches that every member is a canonical int64
 * and the count is within set-max-intset-entries); otherwise plain SET.
 */
export interface RdbSet {
  readonly kind: 'set';
  readonly size: number;
  readonly members: Iterable<RdbBytes>;
  readonly intset: boolean;
}

/** A hash. `listpack` asks for HASH_LISTPACK (field, value, …); otherwise plain HASH. */
export interface RdbHash {
  readonly kind: 'hash';
  readonly size: number;
  readonly entries: Iterable<readonly [RdbBytes, RdbBytes]>;
  readonly listpack: boolean;
}

/**
 * A sorted set. `listpack` asks for ZSET_LISTPACK, whose entries must then come in Redis's order
 * (score ascending, then member bytes); otherwise ZSET_2 (binary doubles, any order).
 */
export interface RdbZset {
  readonly kind: 'zset';
  readonly size: number;
  readonly entries: Iterable<readonly [RdbBytes, number]>;
  readonly listpack: boolean;
}

/** Any value the encoder writes. */
export type RdbValue = RdbString | RdbList | RdbSet | RdbHash | RdbZset;

/**
 * A value as the decoder produces it, whatever encoding the file used. Set and sorted-set members
 * and hash fields are latin1 strings (one char per byte, binary-safe): the form the keyspace keeps
 * them in, made straight from the input. List items, hash values and string values are Buffers.
 * A hash or sorted set is two parallel arrays, not an array per entry: a large collection then
 * costs no short-lived pair per element. `encoding` names the type id it came from (for logs and
 * tests), e.g. 'listpack', 'intset', 'ziplist', 'quicklist', 'zipmap', 'plain'.
 *
 * Every Buffer belongs to the receiver, who may store it as it is: a fresh allocation, a slice of a
 * slab holding only decoded values (value-slab.ts), or a view into a buffer the decoder made for
 * that one value — never a view into an input chunk, which a stored value would pin.
 */
export type DecodedValue =
  | { readonly kind: 'string'; readonly value: Buffer }
  | { readonly kind: 'list'; readonly items: Buffer[]; readonly encoding: string }
  | { readonly kind: 'set'; readonly members: string[]; readonly encoding: string }
  | { readonly kind: 'hash'; readonly fields: string[]; readonly values: Buffer[]; readonly encoding: string }
  | { readonly kind: 'zset'; readonly members: string[]; readonly scores: number[]; readonly encoding: string };
