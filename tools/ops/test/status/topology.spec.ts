/*
 * The status model: every field of a row from the events that set it, up → gone by the health
 * timeout (an injected clock: the times passed to apply and snapshot) and by Shutdown, forgetting
 * gone nodes, a restarted node's fresh state, the routers' fresh lists and lag, and the lag in
 * bytes against the master the replica follows.
 */
import { GONE_KEPT_MS, Topology, type StatusRow } from '../../src/status/topology';
import { backend, event, masterHealth, nodeHealth, replicaHealth, routerView } from './events';

const TIMEOUT_MS = 3000;
const T0 = 1_700_000_000_000;

const M = 7000;
const R1 = 7001;
const R2 = 7002;
const ROUTER_A = 7100;
const ROUTER_B = 7101;

function rowOf(topology: Topology, nowMs: number, id: string): StatusRow | undefined {
  return topology.snapshot(nowMs).rows.find((r) => r.id === id);
}

describe('Topology', () => {
  it('lists a master, its replicas and a router with every field', () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(masterHealth(M, 5000), T0);
    t.apply(replicaHealth(R1, M, 4900), T0 + 10);
    t.apply(replicaHealth(R2, M, 0, { linkUp: false, syncInProgress: true, syncReadBytes: 300, syncTotalBytes: 1200 }), T0 + 20);
    t.apply(routerView(ROUTER_A, [backend(M, 'master', true), backend(R1, 'replica', true, 12), backend(R2, 'replica', false, 0, 'link down')]), T0 + 30);

    expect(t.snapshot(T0 + 100)).toEqual({
      nowMs: T0 + 100,
      rows: [
        {
          id: '127.0.0.1:7000',
          role: 'master',
          address: '127.0.0.1:7000',
          state: 'up',
          goneReason: null,
          silentMs: 100,
          offset: 5000,
          master: null,
          lagBytes: null,
          lagMs: 0,
          link: null,
          sync: null,
          freshBy: ['router-127.0.0.1:7100'],
          routersUp: 1,
          notServing: [],
          source: null,
          backendsServing: null,
          backendsTotal: null,
        },
        {
          id: '127.0.0.1:7001',
          role: 'replica',
          address: '127.0.0.1:7001',
          state: 'up',
          goneReason: null,
          silentMs: 90,
          offset: 4900,
          master: '127.0.0.1:7000',
          lagBytes: 100,
          lagMs: 12,
          link: 'up',
          sync: null,
          freshBy: ['router-127.0.0.1:7100'],
          routersUp: 1,
          notServing: [],
          source: null,
          backendsServing: null,
          backendsTotal: null,
        },
        {
          id: '127.0.0.1:7002',
          role: 'replica',
          address: '127.0.0.1:7002',
          state: 'up',
          goneReason: null,
          silentMs: 80,
          offset: 0,
          master: '127.0.0.1:7000',
          lagBytes: 5000,
          lagMs: 0,
          link: 'down',
          sync: { readBytes: 300, totalBytes: 1200 },
          freshBy: [],
          routersUp: 1,
          notServing: [{ router: 'router-127.0.0.1:7100', reason: 'link down' }],
          source: null,
          backendsServing: null,
          backendsTotal: null,
        },
        {
          id: 'router-127.0.0.1:7100',
          role: 'router',
          address: '127.0.0.1:7100',
          state: 'up',
          goneReason: null,
          silentMs: 70,
          offset: null,
          master: null,
          lagBytes: null,
          lagMs: null,
          link: null,
          sync: null,
          freshBy: null,
          routersUp: null,
          notServing: [],
          source: 'nats',
          backendsServing: 2,
          backendsTotal: 3,
        },
      ],
    });
  });

  it('shows a silent node as gone once the health timeout has passed, then forgets it', () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(masterHealth(M, 5000), T0);
    t.apply(replicaHealth(R1, M, 4000), T0);
    t.apply(masterHealth(M, 5000), T0 + TIMEOUT_MS);

    expect(rowOf(t, T0 + TIMEOUT_MS - 1, '127.0.0.1:7001')).toMatchObject({ state: 'up', goneReason: null, lagBytes: 1000, link: 'up' });
    const gone = rowOf(t, T0 + TIMEOUT_MS, '127.0.0.1:7001');
    expect(gone).toMatchObject({ state: 'gone', goneReason: 'silent', silentMs: TIMEOUT_MS, offset: 4000, lagBytes: null, lagMs: null, link: null, sync: null });

    const goneSince = T0 + TIMEOUT_MS;
    expect(rowOf(t, goneSince + GONE_KEPT_MS, '127.0.0.1:7001')?.state).toBe('gone');
    expect(rowOf(t, goneSince + GONE_KEPT_MS + 1, '127.0.0.1:7001')).toBeUndefined();
    // Forgotten for good: an earlier time does not bring it back.
    expect(rowOf(t, goneSince, '127.0.0.1:7001')).toBeUndefined();
  });

  it('shows a node gone at once on Shutdown, and up again with a fresh state when it restarts', () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(replicaHealth(R1, M, 4000, { syncInProgress: true, syncReadBytes: 10 }), T0);
    t.apply(event('127.0.0.1:7001', { type: 'shutdown', reason: 'SIGTERM' }), T0 + 5);
    expect(rowOf(t, T0 + 5, '127.0.0.1:7001')).toMatchObject({ state: 'gone', goneReason: 'shut down (SIGTERM)', silentMs: 0, offset: 4000, role: 'replica' });

    // A new run (the process restarted): nothing of the old run's values is kept.
    t.apply(event('127.0.0.1:7001', { type: 'link-down', reason: 'connection refused', masterHost: '127.0.0.1', masterPort: M }, 'run-2'), T0 + 100);
    expect(rowOf(t, T0 + 100, '127.0.0.1:7001')).toMatchObject({ state: 'up', goneReason: null, role: null, address: null, offset: null, link: 'down', sync: null });
  });

  it('follows the link and sync events between two NodeHealth', () => {
    const t = new Topology(TIMEOUT_MS);
    const id = '127.0.0.1:7001';
    const fields = (): Partial<StatusRow> => {
      const r = rowOf(t, T0 + 1000, id)!;
      return { role: r.role, link: r.link, sync: r.sync, master: r.master, offset: r.offset };
    };
    t.apply(replicaHealth(R1, M, 100), T0);
    t.apply(event(id, { type: 'link-down', reason: 'timeout', masterHost: '127.0.0.1', masterPort: M }), T0 + 1);
    expect(fields()).toEqual({ role: 'replica', link: 'down', sync: null, master: '127.0.0.1:7000', offset: 100 });
    t.apply(event(id, { type: 'full-sync-started', masterHost: '127.0.0.1', masterPort: 7005 }), T0 + 2);
    expect(fields()).toEqual({ role: 'replica', link: 'down', sync: { readBytes: 0, totalBytes: 0 }, master: '127.0.0.1:7005', offset: 100 });
    t.apply(replicaHealth(R1, 7005, 0, { linkUp: false, syncInProgress: true, syncReadBytes: 2048, syncTotalBytes: 0 }), T0 + 3);
    expect(fields()).toEqual({ role: 'replica', link: 'down', sync: { readBytes: 2048, totalBytes: 0 }, master: '127.0.0.1:7005', offset: 0 });
    t.apply(event(id, { type: 'full-sync-finished', keys: 3 }), T0 + 4);
    t.apply(event(id, { type: 'link-up', kind: 'full', masterHost: '127.0.0.1', masterPort: 7005, offset: 900 }), T0 + 5);
    expect(fields()).toEqual({ role: 'replica', link: 'up', sync: null, master: '127.0.0.1:7005', offset: 0 });
    t.apply(event(id, { type: 'role-changed', role: 'master', masterHost: '', masterPort: 0, replid: 'b'.repeat(40), masterReplOffset: 950 }), T0 + 6);
    expect(fields()).toEqual({ role: 'master', link: null, sync: null, master: null, offset: 950 });
    t.apply(event(id, { type: 'role-changed', role: 'replica', masterHost: '127.0.0.1', masterPort: M, replid: 'b'.repeat(40), masterReplOffset: 950 }), T0 + 7);
    expect(fields()).toEqual({ role: 'replica', link: 'down', sync: null, master: '127.0.0.1:7000', offset: null });
  });

  it("counts the routers that serve a backend, takes the largest lag in ms, and ignores gone routers", () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(masterHealth(M, 100), T0);
    t.apply(replicaHealth(R1, M, 100), T0);
    t.apply(routerView(ROUTER_A, [backend(M, 'master', true), backend(R1, 'replica', true, 40)]), T0);
    t.apply(routerView(ROUTER_B, [backend(M, 'master', true), backend(R1, 'replica', false, 1500, 'lag')]), T0);
    t.apply(routerView(7102, [backend(R1, 'replica', true, 9999)]), T0 - TIMEOUT_MS);

    const r1 = rowOf(t, T0 + 10, '127.0.0.1:7001')!;
    expect({ freshBy: r1.freshBy, routersUp: r1.routersUp, notServing: r1.notServing, lagMs: r1.lagMs }).toEqual({
      freshBy: ['router-127.0.0.1:7100'],
      routersUp: 2,
      notServing: [{ router: 'router-127.0.0.1:7101', reason: 'lag' }],
      lagMs: 1500,
    });
    expect(rowOf(t, T0 + 10, 'router-127.0.0.1:7102')).toMatchObject({ state: 'gone', backendsServing: 1, backendsTotal: 1 });

    // A router that stops listing a backend no longer counts for it.
    t.apply(routerView(ROUTER_A, [backend(M, 'master', true)]), T0 + 20);
    expect(rowOf(t, T0 + 30, '127.0.0.1:7001')).toMatchObject({ freshBy: [], routersUp: 2, lagMs: 1500 });
    t.apply(routerView(ROUTER_B, [backend(M, 'master', true)]), T0 + 20);
    expect(rowOf(t, T0 + 30, '127.0.0.1:7001')).toMatchObject({ freshBy: [], notServing: [], lagMs: null });
  });

  it('measures the lag in bytes against the node the replica follows, and only while both are up', () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(replicaHealth(R1, M, 300), T0);
    expect(rowOf(t, T0, '127.0.0.1:7001')?.lagBytes).toBeNull();

    t.apply(masterHealth(M, 1000), T0);
    expect(rowOf(t, T0, '127.0.0.1:7001')?.lagBytes).toBe(700);

    // Snapshots of the two are taken at different moments: a replica that looks ahead lags 0.
    t.apply(replicaHealth(R1, M, 1010), T0 + 1);
    expect(rowOf(t, T0 + 1, '127.0.0.1:7001')?.lagBytes).toBe(0);

    // A chained replica follows another replica, whose offset is the stream it passes on.
    t.apply(replicaHealth(R2, R1, 1004), T0 + 1);
    expect(rowOf(t, T0 + 1, '127.0.0.1:7002')?.lagBytes).toBe(6);

    // A node known by another id is matched by its announced address.
    t.apply(nodeHealth('cache-eu-1', 'run-1', { role: 'replica', host: '10.0.0.9', port: 6379, masterHost: '127.0.0.1', masterPort: M, appliedOffset: 990, linkUp: true }), T0 + 1);
    expect(rowOf(t, T0 + 1, 'cache-eu-1')).toMatchObject({ address: '10.0.0.9:6379', lagBytes: 10 });

    t.apply(event('127.0.0.1:7000', { type: 'shutdown', reason: 'SIGTERM' }), T0 + 2);
    expect(rowOf(t, T0 + 2, '127.0.0.1:7001')?.lagBytes).toBeNull();
  });

  it('orders masters, replicas, nodes of unknown role, then routers, each by id', () => {
    const t = new Topology(TIMEOUT_MS);
    t.apply(routerView(ROUTER_B, []), T0);
    t.apply(event('127.0.0.1:7009', { type: 'full-sync-finished', keys: 0 }), T0);
    t.apply(replicaHealth(R2, M, 0), T0);
    t.apply(routerView(ROUTER_A, []), T0);
    t.apply(replicaHealth(R1, M, 0), T0);
    t.apply(masterHealth(M, 0), T0);
    expect(t.snapshot(T0).rows.map((r) => r.id)).toEqual([
      '127.0.0.1:7000',
      '127.0.0.1:7001',
      '127.0.0.1:7002',
      '127.0.0.1:7009',
      'router-127.0.0.1:7100',
      'router-127.0.0.1:7101',
    ]);
  });
});
