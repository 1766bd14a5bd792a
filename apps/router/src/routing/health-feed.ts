/**
 * The production HealthFeed: a HealthSubscriber on the cluster's health subjects, its decoded
 * events mapped to the few facts the table routes by (events.ts). This file is the only one in the
 * routing brain that knows the health lib's event shapes.
 *
 * Invariant: every event kind a node publishes maps to exactly one NodeEvent; fields the router does
 * not route by (keys, memory, the replicas' ACKs, reasons) are dropped here. Other routers' views
 * (router-view) map to null: routing never depends on another router's opinion.
 */
import { HealthSubscriber, type DecodedHealthEvent } from '@resplica/health';
import type { Logger } from 'pino';
import type { ConfigStore } from '@resplica/config';
import type { HealthFeed, NodeEvent } from './events';

export function toNodeEvent(e: DecodedHealthEvent): NodeEvent | null {
  const nodeId = e.nodeId;
  switch (e.type) {
    case 'node-health':
      return {
        kind: 'health',
        nodeId,
        health: {
          role: e.role,
          host: e.host,
          port: e.port,
          masterReplOffset: e.masterReplOffset,
          appliedOffset: e.appliedOffset,
          linkUp: e.linkUp,
          loading: e.loading,
          syncInProgress: e.syncInProgress,
          syncReadBytes: e.syncReadBytes,
          syncTotalBytes: e.syncTotalBytes,
        },
      };
    case 'role-changed':
      return { kind: 'role-changed', nodeId, role: e.role };
    case 'link-up':
      return { kind: 'link-up', nodeId };
    case 'link-down':
      return { kind: 'link-down', nodeId };
    case 'full-sync-started':
      return { kind: 'sync-started', nodeId };
    case 'full-sync-finished':
      return { kind: 'sync-finished', nodeId };
    case 'shutdown':
      return { kind: 'shutdown', nodeId };
    case 'router-view':
      return null;
  }
}

/** Subscribes to the cluster named by `cluster` on the NATS servers named by `nats`. */
export function natsHealthFeed(config: ConfigStore, log: Logger): HealthFeed {
  const optional = (name: string): string | undefined => config.str(name) || undefined;
  const subscriber = new HealthSubscriber({
    servers: config.str('nats'),
    user: optional('nats-user'),
    password: optional('nats-password'),
    token: optional('nats-token'),
    name: 'resplica-router',
    cluster: config.str('cluster'),
    log,
  });
  return {
    // Connecting starts with the listener in place, so no event arrives before it.
    onEvent(listener) {
      subscriber.onEvent((e) => {
        const event = toNodeEvent(e);
        if (event !== null) listener(event);
      });
      subscriber.start();
    },
    close: () => subscriber.close(),
  };
}
