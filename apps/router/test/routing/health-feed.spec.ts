/**
 * toNodeEvent: every event kind of the health lib maps to the one NodeEvent the table routes by;
 * another router's view maps to none.
 */
import type { DecodedHealthEvent } from '@resplica/health';
import { toNodeEvent } from '../../src/routing/health-feed';

const header = { nodeId: 'n1', runId: 'r', seq: 1, sentAtMs: 5 };

it.each<[DecodedHealthEvent, ReturnType<typeof toNodeEvent>]>([
  [{ ...header, type: 'link-up', kind: 'partial', masterHost: 'm', masterPort: 1, offset: 9 }, { kind: 'link-up', nodeId: 'n1' }],
  [{ ...header, type: 'link-down', reason: 'x', masterHost: 'm', masterPort: 1 }, { kind: 'link-down', nodeId: 'n1' }],
  [{ ...header, type: 'router-view', host: 'r', port: 7379, source: 'nats', backends: [] }, null],
  [{ ...header, type: 'full-sync-started', masterHost: 'm', masterPort: 1 }, { kind: 'sync-started', nodeId: 'n1' }],
  [{ ...header, type: 'full-sync-finished', keys: 3 }, { kind: 'sync-finished', nodeId: 'n1' }],
  [
    { ...header, type: 'role-changed', role: 'master', masterHost: '', masterPort: 0, replid: 'r', masterReplOffset: 7 },
    { kind: 'role-changed', nodeId: 'n1', role: 'master' },
  ],
  [{ ...header, type: 'shutdown', reason: 'SIGTERM' }, { kind: 'shutdown', nodeId: 'n1' }],
  [
    {
      ...header,
      type: 'node-health',
      role: 'replica',
      host: '10.0.0.2',
      port: 6381,
      replid: 'r',
      masterReplOffset: 100,
      masterHost: '10.0.0.1',
      masterPort: 6380,
      linkUp: true,
      appliedOffset: 90,
      syncInProgress: true,
      loading: true,
      replicas: [],
      keys: 1,
      usedMemory: 2,
      uptimeMs: 3,
      syncReadBytes: 4096,
      syncTotalBytes: 10_000,
    },
    {
      kind: 'health',
      nodeId: 'n1',
      health: {
        role: 'replica',
        host: '10.0.0.2',
        port: 6381,
        masterReplOffset: 100,
        appliedOffset: 90,
        linkUp: true,
        loading: true,
        syncInProgress: true,
        syncReadBytes: 4096,
        syncTotalBytes: 10_000,
      },
    },
  ],
])('%j', (event, expected) => {
  expect(toNodeEvent(event)).toEqual(expected);
});
