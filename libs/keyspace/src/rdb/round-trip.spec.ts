/**
 * The bridge both ways through the real format: a stored value → toRdbValue → encodeDumpPayload →
 * decodeDumpPayload → fromRdbValue gives back the same contents in the same encoding, for every
 * type and encoding (random values, with and without LZF).
 */
import { decodeDumpPayload, encodeDumpPayload } from '@resplica/rdb';
import fc from 'fast-check';
import { anyValue, describeValue, hashValue, listValue, setValue, stringValue, zsetValue } from '../../test/rdb-values';
import { DEFAULT_ENCODING_LIMITS } from '../types/collection';
import type { Value } from '../values';
import { fromRdbValue } from './from-rdb';
import { toRdbValue } from './to-rdb';

function roundTrip(v: Value, compression: boolean): Value {
  const payload = encodeDumpPayload(toRdbValue(v), { compression });
  return fromRdbValue(decodeDumpPayload(payload), DEFAULT_ENCODING_LIMITS);
}

describe('value → DUMP payload → value', () => {
  it.each([
    ['strings', stringValue],
    ['lists', listValue],
    ['sets (intset and hashtable)', setValue],
    ['hashes (listpack and hashtable)', hashValue],
    ['sorted sets (listpack and skiplist)', zsetValue],
  ] as const)('%s keep their contents and encoding', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, fc.boolean(), (v, compression) => {
        expect(describeValue(roundTrip(v, compression))).toEqual(describeValue(v));
      }),
      { numRuns: 150 },
    );
  });

  it('any value survives twice (the restored value dumps to the same bytes)', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const once = encodeDumpPayload(toRdbValue(v));
        const again = encodeDumpPayload(toRdbValue(fromRdbValue(decodeDumpPayload(once), DEFAULT_ENCODING_LIMITS)));
        expect(again.equals(once)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
