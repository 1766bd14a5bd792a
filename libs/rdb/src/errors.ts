/**
 * The one error type of this library. `code` lets callers map it to Redis's own texts (RESTORE's
 * "ERR DUMP payload version or checksum are wrong" vs "ERR Bad data format"); `message` is written
 * for an operator and names what was wrong and where (byte offset when known).
 */
export type RdbErrorCode =
  /** Not an RDB file, or a version this code does not read. */
  | 'version'
  /** The CRC-64 trailer (or DUMP footer) does not match the bytes. */
  | 'checksum'
  /** Input ended inside the file. */
  | 'truncated'
  /** Bytes that no valid file contains (bad length form, bad inner structure, limits exceeded). */
  | 'corrupt'
  /** A valid construct this server cannot hold (streams, modules, functions), named in the message. */
  | 'unsupported';

export class RdbError extends Error {
  readonly code: RdbErrorCode;

  constructor(code: RdbErrorCode, message: string) {
    super(message);
    this.name = 'RdbError';
    this.code = code;
  }
}
