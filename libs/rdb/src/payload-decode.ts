/**
 * decodeDumpPayload: the value of a DUMP payload, as RESTORE reads it (spec §8.6; Redis's
 * verifyDumpPayload + rdbLoadObject): `<type> <body> <RDB version: u16 LE> <CRC-64 LE of all
 * before it>`. The footer is checked first (RdbError 'version' or 'checksum', which RESTORE
 * reports as "DUMP payload version or checksum are wrong"), then the body must decode to exactly
 * one non-empty value and nothing after it ('corrupt': RESTORE's "Bad data format").
 */
import { RDB_VERSION, TYPE } from './constants';
import { crc64 } from './crc64';
import { ReadCursor } from './cursor-read';
import { RdbError } from './errors';
import type { DecodedValue } from './model';
import { ValueReader, isDecodableType } from './value-read';

/** RDB version (2 bytes) + CRC-64 (8 bytes). */
const FOOTER_BYTES = 10;

export function decodeDumpPayload(payload: Buffer): DecodedValue {
  if (payload.length < FOOTER_BYTES + 1) {
    throw new RdbError('checksum', `DUMP payload of ${payload.length} bytes is too short for a value and its footer`);
  }
  const bodyEnd = payload.length - FOOTER_BYTES;
  const version = payload.readUInt16LE(bodyEnd);
  if (version > RDB_VERSION) throw new RdbError('version', `DUMP payload has RDB version ${version}, newer than ${RDB_VERSION}`);
  const stored = payload.readBigUInt64LE(bodyEnd + 2);
  const computed = crc64(payload.subarray(0, bodyEnd + 2));
  if (stored !== computed) {
    throw new RdbError('checksum', `DUMP payload checksum is ${stored.toString(16)}, the bytes give ${computed.toString(16)}`);
  }
  const type = payload[0];
  if (type === TYPE.streamListpacks || type === TYPE.streamListpacks2 || type === TYPE.module || type === TYPE.module2) {
    throw new RdbError('unsupported', `DUMP payload holds a ${type === TYPE.module || type === TYPE.module2 ? 'module' : 'stream'} value (type ${type})`);
  }
  if (!isDecodableType(type)) throw new RdbError('corrupt', `DUMP payload has unknown value type ${type}`);
  const cursor = new ReadCursor();
  cursor.reset(payload.subarray(0, bodyEnd), 0, false);
  cursor.pos = 1;
  const step = new ValueReader(cursor).read(type).next();
  if (!step.done) throw new RdbError('corrupt', `DUMP payload ends inside its value (${step.value} more bytes needed at byte ${cursor.offset()})`);
  if (cursor.pos !== bodyEnd) throw new RdbError('corrupt', `DUMP payload has ${bodyEnd - cursor.pos} bytes after its value`);
  if (step.value === null) throw new RdbError('corrupt', 'DUMP payload holds an empty collection');
  return step.value;
}
