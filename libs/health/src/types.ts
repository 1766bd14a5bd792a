/**
 * The public contracts of the health lib: the events as TypeScript sees them (a union tagged by
 * `type`, mirroring the `oneof` of proto/health.proto), the NATS connection options shared by the
 * publisher and the subscriber, and the logging interface they are given.
 *
 * Invariant: every field here has a field in the .proto and back; codec.ts is the only place that
 * translates between the two, and its round-trip test covers every field.
 */

/** A structured log call: fields first, then a short stable message (pino's argument order). */
export type LogFn = (fields: object, message: string) => void;

/** Structurally pino's logger, so apps pass theirs; libs never pick a sink. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: string): boolean;
}

/** How to reach NATS; shared by HealthPublisher and HealthSubscriber. */
export interface NatsOptions {
  /** One URL or several separated by commas (`nats://a:4222,nats://b:4222`). */
  servers: string;
  /** User and password, or a token, as the nats-server's authorization requires. */
  user?: string;
  password?: string;
  token?: string;
  /** The connection's name in the nats-server's monitoring (`resplica-master 10.0.0.5:6380`). */
  name: string;
  log: Logger;
}

export type Role = 'master' | 'replica';

/** A replica attached to the sender. */
export interface ReplicaAck {
  host: string;
  port: number;
  ackOffset: number;
  /** Takes the live stream (INFO's state=online), as opposed to being synced. */
  online: boolean;
}

/** The periodic snapshot of one node (every health-interval-ms). */
export interface NodeHealth {
  type: 'node-health';
  role: Role;
  /** The announced address: where clients and replicas should connect. */
  host: string;
  port: number;
  replid: string;
  masterReplOffset: number;
  /** Replicas only; '' and 0 on a master. */
  masterHost: string;
  masterPort: number;
  /** Replicas: master_link_status is up. Always false on a master. */
  linkUp: boolean;
  /** Replicas: the master's offset applied here (slave_repl_offset); 0 on a master. */
  appliedOffset: number;
  syncInProgress: boolean;
  loading: boolean;
  replicas: ReplicaAck[];
  keys: number;
  usedMemory: number;
  uptimeMs: number;
  /** Replicas receiving a full sync: bytes read so far and the payload's size (0 while unknown). */
  syncReadBytes: number;
  syncTotalBytes: number;
}

export interface LinkUp {
  type: 'link-up';
  kind: 'full' | 'partial';
  masterHost: string;
  masterPort: number;
  offset: number;
}

export interface LinkDown {
  type: 'link-down';
  reason: string;
  masterHost: string;
  masterPort: number;
}

export interface FullSyncStarted {
  type: 'full-sync-started';
  masterHost: string;
  masterPort: number;
}

export interface FullSyncFinished {
  type: 'full-sync-finished';
  keys: number;
}

export interface RoleChanged {
  type: 'role-changed';
  role: Role;
  /** The new master when `role` is replica; '' and 0 otherwise. */
  masterHost: string;
  masterPort: number;
  replid: string;
  masterReplOffset: number;
}

export interface Shutdown {
  type: 'shutdown';
  reason: string;
}

/** One backend as a router sees it. */
export interface RoutedBackend {
  host: string;
  port: number;
  role: Role;
  /** In the read rotation (a replica) or taking writes (the master). */
  serving: boolean;
  /** Why not, when not serving; '' when serving. */
  reason: string;
  lagBytes: number;
  lagMs: number;
}

/** A router's periodic view of its backends (published by routers, never by nodes). */
export interface RouterView {
  type: 'router-view';
  /** Where applications connect to this router. */
  host: string;
  port: number;
  backends: RoutedBackend[];
  /** 'nats' (health events) or 'poll' (static lists polled with INFO). */
  source: string;
}

/** What a node or a router hands to HealthPublisher.publish(): the event alone, without the envelope. */
export type HealthEventInput =
  | NodeHealth
  | LinkUp
  | LinkDown
  | FullSyncStarted
  | FullSyncFinished
  | RoleChanged
  | Shutdown
  | RouterView;

/** The envelope fields the publisher adds to every event. */
export interface EventHeader {
  nodeId: string;
  /** Random per publisher run; `seq` restarts at 1 when it changes. */
  runId: string;
  /** 1, 2, 3, … per runId over every event kind: a gap means events were dropped. */
  seq: number;
  /** The sender's wall clock when the event was produced (ms since the epoch). */
  sentAtMs: number;
}

/** An event as HealthSubscriber delivers it: narrow on `type`. */
export type DecodedHealthEvent = EventHeader & HealthEventInput;
