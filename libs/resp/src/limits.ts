/**
 * Named limits of the request decoder (Redis's PROTO_* constants and `proto-max-bulk-len`).
 *
 * Every limit is enforced with an integer comparison on a header before anything is allocated, so
 * a client that declares a 2 GB bulk is refused at the `$` line.
 */

export interface RequestLimits {
  /** Largest bulk argument (`proto-max-bulk-len`). @default 512 MiB */
  maxBulkLen: number;
  /** Largest multibulk count. Redis allows INT_MAX; we refuse more than 1,048,576. */
  maxArgs: number;
  /** Bytes an inline request (or a `*`/`$` header line) may occupy without its newline. @default 64 KiB */
  maxInlineLen: number;
  /** Multibulk count allowed before AUTH when a password is required. @default 10 */
  unauthMaxArgs: number;
  /** Bulk length allowed before AUTH when a password is required. @default 16384 */
  unauthMaxBulkLen: number;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxBulkLen: 512 * 1024 * 1024,
  maxArgs: 1_048_576,
  maxInlineLen: 64 * 1024,
  unauthMaxArgs: 10,
  unauthMaxBulkLen: 16384,
});
