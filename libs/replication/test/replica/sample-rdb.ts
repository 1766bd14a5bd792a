/**
 * RDB payloads for the replica tests: the 85-byte worked example of spec §8.12 (foo=bar, and
 * temp=hello expiring at 2100-01-01) and a builder over our RdbEncoder for other contents.
 */
import { RdbEncoder, type AuxField, type RdbValue } from '@resplica/rdb';

export const EXAMPLE_RDB = Buffer.from(
  '524544495330303130' + // REDIS0010
    'fa0972656469732d766572' + // AUX redis-ver
    '06372e302e3135' + // 7.0.15
    'fa0a72656469732d62697473' + // AUX redis-bits
    'c040' + // 64
    'fe00' + // SELECTDB 0
    'fb0201' + // RESIZEDB 2 1
    '0003666f6f03626172' + // foo = bar
    'fc00d8c32cbb030000' + // EXPIRETIME_MS 4102444800000
    '000474656d700568656c6c6f' + // temp = hello
    'ff' + // EOF
    '7ff9894ff7422a14', // CRC64
  'hex',
);

export const EXAMPLE_EXPIRE_MS = 4102444800000;

export interface SampleKey {
  readonly db: number;
  readonly key: string;
  readonly value: RdbValue;
}

/** An RDB (version 10) with these AUX fields and keys, in db order. */
export function buildRdb(aux: readonly AuxField[], keys: readonly SampleKey[]): Buffer {
  const parts: Buffer[] = [];
  const encoder = new RdbEncoder({ write: (chunk: Buffer) => void parts.push(Buffer.from(chunk)) });
  encoder.header(aux);
  let db = -1;
  for (const k of keys) {
    if (k.db !== db) encoder.selectDb(k.db);
    db = k.db;
    encoder.key(Buffer.from(k.key, 'latin1'), k.value, -1);
  }
  encoder.finish();
  return Buffer.concat(parts);
}
