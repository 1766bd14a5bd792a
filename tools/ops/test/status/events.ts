/*
 * Health events as the subscriber delivers them, for the model's and the renderer's unit tests:
 * every field filled with a plain default, the test overriding only what it is about.
 */
import type { DecodedHealthEvent, HealthEventInput, NodeHealth, RoutedBackend } from '@resplica/health';

let seq = 0;

function header(nodeId: string, runId: string): { nodeId: string; runId: string; seq: number; sentAtMs: number } {
  return { nodeId, runId, seq: ++seq, sentAtMs: 0 };
}

/** A master's NodeHealth on 127.0.0.1:`port`, node id `127.0.0.1:<port>`. */
export function masterHealth(port: number, masterReplOffset: number, runId = 'run-1'): DecodedHealthEvent {
  return nodeHealth(`127.0.0.1:${port}`, runId, { role: 'master', port, masterReplOffset });
}

/** A replica's NodeHealth on 127.0.0.1:`port` following 127.0.0.1:`masterPort`, link up. */
export function replicaHealth(port: number, masterPort: number, appliedOffset: number, extra: Partial<NodeHealth> = {}, runId = 'run-1'): DecodedHealthEvent {
  return nodeHealth(`127.0.0.1:${port}`, runId, { role: 'replica', port, masterHost: '127.0.0.1', masterPort, linkUp: true, appliedOffset, masterReplOffset: appliedOffset, ...extra });
}

export function nodeHealth(nodeId: string, runId: string, fields: Partial<NodeHealth>): DecodedHealthEvent {
  return {
    ...header(nodeId, runId),
    type: 'node-health',
    role: 'master',
    host: '127.0.0.1',
    port: 0,
    replid: 'a'.repeat(40),
    masterReplOffset: 0,
    masterHost: '',
    masterPort: 0,
    linkUp: false,
    appliedOffset: 0,
    syncInProgress: false,
    loading: false,
    replicas: [],
    keys: 0,
    usedMemory: 1 << 20,
    uptimeMs: 1000,
    syncReadBytes: 0,
    syncTotalBytes: 0,
    ...fields,
  };
}

/** A backend on 127.0.0.1:`port` as a router lists it. */
export function backend(port: number, role: 'master' | 'replica', serving: boolean, lagMs = 0, reason = ''): RoutedBackend {
  return { host: '127.0.0.1', port, role, serving, reason, lagBytes: 0, lagMs };
}

/** The RouterView of the router on 127.0.0.1:`port` (node id `router-127.0.0.1:<port>`). */
export function routerView(port: number, backends: RoutedBackend[], runId = 'run-1'): DecodedHealthEvent {
  return { ...header(`router-127.0.0.1:${port}`, runId), type: 'router-view', host: '127.0.0.1', port, backends, source: 'nats' };
}

/** Any other event of node `nodeId`, its header filled in. */
export function event(nodeId: string, body: HealthEventInput, runId = 'run-1'): DecodedHealthEvent {
  return { ...header(nodeId, runId), ...body };
}
