/**
 * DUMP payloads as Redis 7.0's createDumpPayload builds them: the value's type id and body (as in
 * an RDB file), the RDB version as 2 bytes little-endian, then the CRC-64 of all of that, 8 bytes
 * little-endian. RESTORE checks the version (≤ its own) and the CRC before reading the body.
 */
import { ChunkWriter } from './chunk-writer';
import { RDB_VERSION } from './constants';
import type { RdbValue } from './model';
import { ValueWriter, typeIdOf } from './value-write';

export interface DumpPayloadOptions {
  /** rdbcompression: LZF-compress strings and blobs where that saves space. @default true */
  compression?: boolean;
}

/** Most payloads fit one chunk; the result is always copied out, so no chunk outlives the call. */
const PAYLOAD_CHUNK_BYTES = 8 * 1024;

/** Encodes `value` as the bytes DUMP returns for it. */
export function encodeDumpPayload(value: RdbValue, options: DumpPayloadOptions = {}): Buffer {
  const chunks: Buffer[] = [];
  const out = new ChunkWriter({ write: (chunk) => chunks.push(chunk) }, PAYLOAD_CHUNK_BYTES);
  const values = new ValueWriter(out, options.compression ?? true);
  out.writeByte(typeIdOf(value));
  values.writeBody(value);
  out.writeByte(RDB_VERSION & 0xff);
  out.writeByte(RDB_VERSION >>> 8);
  out.writeCrc();
  out.flush();
  return Buffer.concat(chunks);
}
