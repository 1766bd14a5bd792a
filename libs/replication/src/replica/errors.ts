/**
 * The one exception of the replica link: something on the master link went wrong and the link must
 * be dropped. `desync` marks a broken command stream (inline input, a RESP protocol error), after
 * which the cached master is discarded and the next PSYNC asks for a full sync (`? -1`), as 7.0
 * does for a master client closed on a protocol error.
 */

export const REPL_ERR_LINK = 'REPL_ERR_LINK';

export class ReplicaLinkError extends Error {
  readonly code = REPL_ERR_LINK;

  constructor(
    message: string,
    readonly desync = false,
  ) {
    super(message);
    this.name = 'ReplicaLinkError';
  }
}
