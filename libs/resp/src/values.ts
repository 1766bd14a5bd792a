/**
 * The decoded form of any RESP2/RESP3 value, as a union discriminated by `type`.
 *
 * RESP2 nulls stay distinct (`bulk`/`array` with value null) from RESP3's `_` (`null`), so a client
 * can tell which protocol it is talking. An attribute (`|`) wraps the value it annotates.
 */

export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  /** A number when it is a safe integer, else a bigint. */
  | { type: 'integer'; value: number | bigint }
  | { type: 'bulk'; value: Buffer | null }
  | { type: 'blobError'; value: Buffer }
  | { type: 'verbatim'; format: string; value: Buffer }
  | { type: 'array'; value: RespValue[] | null }
  | { type: 'null' }
  | { type: 'double'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'bignum'; value: bigint }
  | { type: 'map'; value: [RespValue, RespValue][] }
  | { type: 'set'; value: RespValue[] }
  | { type: 'push'; value: RespValue[] }
  | { type: 'attribute'; attributes: [RespValue, RespValue][]; value: RespValue };

export type RespValueType = RespValue['type'];
