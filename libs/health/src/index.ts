/**
 * @resplica/health — the health events every node publishes on NATS and the routers read.
 *
 * Schema: proto/health.proto (one `HealthEvent` envelope — node id, run id, seq, sender's clock —
 * around a `oneof` of NodeHealth, LinkUp, LinkDown, FullSyncStarted, FullSyncFinished, RoleChanged,
 * Shutdown), versioned additively; static protobufjs code in generated/ (scripts/codegen.js).
 *
 * The API:
 * ```ts
 * // subjects.ts
 * healthSubject(cluster, nodeId): string   // resplica.<cluster>.health.<node token>
 * clusterWildcard(cluster): string         // resplica.<cluster>.health.>
 *
 * interface NatsOptions { servers; user?; password?; token?; name; log: Logger }
 *
 * // a node
 * const pub = new HealthPublisher({ ...nats, cluster, nodeId, maxBuffered: 100 });
 * pub.start();                 // connects in the background, retries for ever
 * pub.publish({ type: 'link-down', reason, masterHost, masterPort });  // never blocks, never throws
 * await pub.close();           // flushes for at most ~1 s
 *
 * // a router
 * const sub = new HealthSubscriber({ ...nats, cluster });
 * sub.onEvent((e) => { if (e.type === 'node-health') registry.update(e.nodeId, e); });
 * sub.start();
 * await sub.close();
 * ```
 * DecodedHealthEvent is EventHeader (nodeId, runId, seq, sentAtMs) & one event, tagged by `type`;
 * every number is a plain integer (offsets stay below 2^53).
 *
 * While NATS is unreachable a publisher keeps at most `maxBuffered` events (a newer NodeHealth
 * replaces a buffered one; otherwise the oldest is dropped, logged at most every 10 s) and sends
 * them in order on reconnect. Whoever holds the NATS credentials can publish for any node: run the
 * nats-server with authorization.
 */
export { healthSubject, clusterWildcard, nodeToken } from './subjects';
export { HealthPublisher, DEFAULT_MAX_BUFFERED } from './publisher';
export { HealthSubscriber } from './subscriber';
export { redactServers } from './nats-link';
export { encodeHealthEvent, decodeHealthEvent } from './codec';
export { HealthDecodeError, HealthConfigError, HEALTH_ERR_DECODE, HEALTH_ERR_CONFIG } from './errors';

export type { HealthPublisherOptions } from './publisher';
export type { HealthSubscriberOptions } from './subscriber';
export type {
  Logger,
  LogFn,
  NatsOptions,
  Role,
  ReplicaAck,
  NodeHealth,
  LinkUp,
  LinkDown,
  FullSyncStarted,
  FullSyncFinished,
  RoleChanged,
  Shutdown,
  RouterView,
  RoutedBackend,
  HealthEventInput,
  EventHeader,
  DecodedHealthEvent,
} from './types';
