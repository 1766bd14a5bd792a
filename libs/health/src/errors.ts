/**
 * The health lib's exceptions, each with a stable `code`. They never reach a node's event loop
 * from publish(): the publisher catches everything on its path; the subscriber logs and skips
 * messages that fail to decode.
 */

export const HEALTH_ERR_DECODE = 'HEALTH_ERR_DECODE';
export const HEALTH_ERR_CONFIG = 'HEALTH_ERR_CONFIG';

/** A NATS message that is not a valid HealthEvent (corrupt, or a value we refuse). */
export class HealthDecodeError extends Error {
  readonly code = HEALTH_ERR_DECODE;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HealthDecodeError';
  }
}

/** A cluster name or node id that cannot be part of a NATS subject. */
export class HealthConfigError extends Error {
  readonly code = HEALTH_ERR_CONFIG;

  constructor(message: string) {
    super(message);
    this.name = 'HealthConfigError';
  }
}
