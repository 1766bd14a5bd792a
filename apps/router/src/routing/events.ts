/**
 * The routing brain's view of health events: only the facts it routes by, in a small union the
 * table consumes. The NATS subscriber's decoded events are mapped into it in one place
 * (health-feed.ts), so unit tests feed these directly and the table never sees protobuf shapes.
 *
 * Invariant: a node is known by its `nodeId` in events and by `host:port` (its BackendRef id)
 * everywhere else; only a `health` event carries the address, so only it can introduce a node.
 */

/** The part of a node's periodic NodeHealth report the router routes by. */
export interface HealthFacts {
  readonly role: 'master' | 'replica';
  readonly host: string;
  readonly port: number;
  /** The master's replication offset (a master's own; a replica's copy of its master's). */
  readonly masterReplOffset: number;
  /** Bytes of the replication stream the node has applied (a replica's progress). */
  readonly appliedOffset: number;
  readonly linkUp: boolean;
  readonly loading: boolean;
  readonly syncInProgress: boolean;
  /** A full sync's progress: bytes of the payload read so far and its size (0 while unknown). */
  readonly syncReadBytes: number;
  readonly syncTotalBytes: number;
}

export type NodeEvent =
  | { readonly kind: 'health'; readonly nodeId: string; readonly health: HealthFacts }
  | { readonly kind: 'role-changed'; readonly nodeId: string; readonly role: 'master' | 'replica' }
  | {
      readonly kind: 'link-up' | 'link-down' | 'sync-started' | 'sync-finished' | 'shutdown';
      readonly nodeId: string;
    };

/** Where events come from: the NATS subscriber in production, a test's hand in unit tests. */
export interface HealthFeed {
  onEvent(listener: (event: NodeEvent) => void): void;
  /** Stops delivering; the table calls it from its own close(). */
  close(): Promise<void>;
}
