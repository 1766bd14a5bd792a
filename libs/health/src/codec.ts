/**
 * Encoding and decoding of health events: the TypeScript union of types.ts ⇄ the generated
 * protobufjs classes of proto/health.proto (generated/health.js, see scripts/codegen.js).
 *
 * Invariants:
 *   - decode never returns Long objects or protobuf class instances: every number is a plain safe
 *     integer, every field is present (proto3 defaults filled in), every enum is a string;
 *   - an envelope whose event kind this version does not know (a newer sender) decodes to null,
 *     so additive schema changes never break an older reader;
 *   - anything else that does not decode throws HealthDecodeError.
 */
import { resplica } from '../generated/health';
import { HealthDecodeError } from './errors';
import type { DecodedHealthEvent, EventHeader, HealthEventInput, NodeHealth, ReplicaAck, Role, RoutedBackend, RouterView } from './types';

const pb = resplica.health.v1;
type PbReplicaAck = resplica.health.v1.ReplicaAck.$Properties;
type PbNodeHealth = resplica.health.v1.NodeHealth.$Properties;
type PbRouterView = resplica.health.v1.RouterView.$Properties;
type PbRoutedBackend = resplica.health.v1.RoutedBackend.$Properties;

function roleToPb(role: Role): resplica.health.v1.Role {
  return role === 'master' ? pb.Role.ROLE_MASTER : pb.Role.ROLE_REPLICA;
}

function roleFromPb(role: resplica.health.v1.Role | null | undefined): Role {
  if (role === pb.Role.ROLE_MASTER) return 'master';
  if (role === pb.Role.ROLE_REPLICA) return 'replica';
  throw new HealthDecodeError(`unknown role ${String(role)}`);
}

/**
 * A uint64 field as a plain number. The generated .d.ts says `number` (--force-number), but
 * protobufjs's reader returns a Long whenever the `long` package is installed — and protobufjs
 * itself depends on it — so the decoded value is converted here, and refused above 2^53.
 */
function num(value: unknown): number {
  const n = typeof value === 'object' && value !== null ? (value as { toNumber(): number }).toNumber() : Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new HealthDecodeError(`integer field out of range: ${String(value)}`);
  return n;
}

function str(value: string | null | undefined): string {
  return value ?? '';
}

function replicaFromPb(r: PbReplicaAck): ReplicaAck {
  return { host: str(r.host), port: num(r.port), ackOffset: num(r.ackOffset), online: r.online === true };
}

function nodeHealthFromPb(h: PbNodeHealth): NodeHealth {
  return {
    type: 'node-health',
    role: roleFromPb(h.role),
    host: str(h.host),
    port: num(h.port),
    replid: str(h.replid),
    masterReplOffset: num(h.masterReplOffset),
    masterHost: str(h.masterHost),
    masterPort: num(h.masterPort),
    linkUp: h.linkUp === true,
    appliedOffset: num(h.appliedOffset),
    syncInProgress: h.syncInProgress === true,
    loading: h.loading === true,
    replicas: (h.replicas ?? []).map(replicaFromPb),
    keys: num(h.keys),
    usedMemory: num(h.usedMemory),
    uptimeMs: num(h.uptimeMs),
    syncReadBytes: num(h.syncReadBytes),
    syncTotalBytes: num(h.syncTotalBytes),
  };
}

function routedBackendFromPb(b: PbRoutedBackend): RoutedBackend {
  return {
    host: str(b.host),
    port: num(b.port),
    role: roleFromPb(b.role),
    serving: b.serving === true,
    reason: str(b.reason),
    lagBytes: num(b.lagBytes),
    lagMs: num(b.lagMs),
  };
}

function routerViewFromPb(v: PbRouterView): RouterView {
  return {
    type: 'router-view',
    host: str(v.host),
    port: num(v.port),
    backends: (v.backends ?? []).map(routedBackendFromPb),
    source: str(v.source),
  };
}

/** The `oneof` member for one event (field names as the generated code has them). */
function eventToPb(e: HealthEventInput): resplica.health.v1.HealthEvent.$Properties {
  switch (e.type) {
    case 'node-health':
      return {
        nodeHealth: {
          role: roleToPb(e.role),
          host: e.host,
          port: e.port,
          replid: e.replid,
          masterReplOffset: e.masterReplOffset,
          masterHost: e.masterHost,
          masterPort: e.masterPort,
          linkUp: e.linkUp,
          appliedOffset: e.appliedOffset,
          syncInProgress: e.syncInProgress,
          loading: e.loading,
          replicas: e.replicas.map((r) => ({ host: r.host, port: r.port, ackOffset: r.ackOffset, online: r.online })),
          keys: e.keys,
          usedMemory: e.usedMemory,
          uptimeMs: e.uptimeMs,
          syncReadBytes: e.syncReadBytes,
          syncTotalBytes: e.syncTotalBytes,
        },
      };
    case 'link-up':
      return {
        linkUp: {
          kind: e.kind === 'full' ? pb.SyncKind.SYNC_KIND_FULL : pb.SyncKind.SYNC_KIND_PARTIAL,
          masterHost: e.masterHost,
          masterPort: e.masterPort,
          offset: e.offset,
        },
      };
    case 'link-down':
      return { linkDown: { reason: e.reason, masterHost: e.masterHost, masterPort: e.masterPort } };
    case 'full-sync-started':
      return { fullSyncStarted: { masterHost: e.masterHost, masterPort: e.masterPort } };
    case 'full-sync-finished':
      return { fullSyncFinished: { keys: e.keys } };
    case 'role-changed':
      return {
        roleChanged: {
          role: roleToPb(e.role),
          masterHost: e.masterHost,
          masterPort: e.masterPort,
          replid: e.replid,
          masterReplOffset: e.masterReplOffset,
        },
      };
    case 'shutdown':
      return { shutdown: { reason: e.reason } };
    case 'router-view':
      return {
        routerView: {
          host: e.host,
          port: e.port,
          source: e.source,
          backends: e.backends.map((b) => ({ ...b, role: roleToPb(b.role) })),
        },
      };
  }
}

/** The event of a decoded envelope, or null for an event kind this version does not know. */
function eventFromPb(m: resplica.health.v1.HealthEvent): HealthEventInput | null {
  switch (m.event) {
    case 'nodeHealth':
      return nodeHealthFromPb(m.nodeHealth!);
    case 'linkUp': {
      const e = m.linkUp!;
      if (e.kind !== pb.SyncKind.SYNC_KIND_FULL && e.kind !== pb.SyncKind.SYNC_KIND_PARTIAL) {
        throw new HealthDecodeError(`unknown sync kind ${String(e.kind)}`);
      }
      const kind = e.kind === pb.SyncKind.SYNC_KIND_FULL ? 'full' : 'partial';
      return { type: 'link-up', kind, masterHost: str(e.masterHost), masterPort: num(e.masterPort), offset: num(e.offset) };
    }
    case 'linkDown': {
      const e = m.linkDown!;
      return { type: 'link-down', reason: str(e.reason), masterHost: str(e.masterHost), masterPort: num(e.masterPort) };
    }
    case 'fullSyncStarted': {
      const e = m.fullSyncStarted!;
      return { type: 'full-sync-started', masterHost: str(e.masterHost), masterPort: num(e.masterPort) };
    }
    case 'fullSyncFinished':
      return { type: 'full-sync-finished', keys: num(m.fullSyncFinished!.keys) };
    case 'roleChanged': {
      const e = m.roleChanged!;
      return {
        type: 'role-changed',
        role: roleFromPb(e.role),
        masterHost: str(e.masterHost),
        masterPort: num(e.masterPort),
        replid: str(e.replid),
        masterReplOffset: num(e.masterReplOffset),
      };
    }
    case 'shutdown':
      return { type: 'shutdown', reason: str(m.shutdown!.reason) };
    case 'routerView':
      return routerViewFromPb(m.routerView!);
    default:
      return null;
  }
}

/** One event in its envelope, as the bytes of a NATS message. */
export function encodeHealthEvent(header: EventHeader, event: HealthEventInput): Uint8Array {
  return pb.HealthEvent.encode({ ...header, ...eventToPb(event) }).finish();
}

/**
 * The event a NATS message carries; null when it is of a kind this version does not know.
 * Throws HealthDecodeError when the bytes are not a valid HealthEvent.
 */
export function decodeHealthEvent(bytes: Uint8Array): DecodedHealthEvent | null {
  let m: resplica.health.v1.HealthEvent;
  try {
    m = pb.HealthEvent.decode(bytes);
  } catch (err) {
    throw new HealthDecodeError(`not a HealthEvent: ${(err as Error).message}`, { cause: err });
  }
  const event = eventFromPb(m);
  if (event === null) return null;
  const nodeId = str(m.nodeId);
  if (nodeId === '') throw new HealthDecodeError('HealthEvent without a node id');
  return { nodeId, runId: str(m.runId), seq: num(m.seq), sentAtMs: num(m.sentAtMs), ...event };
}
