/*
 * The status frames as text: the table (exact, column by column), its header's connection states,
 * the frame before anything was heard, the sync column's percent and bytes, and the JSON line.
 */
import { formatBytes, renderJson, renderTable, type FrameContext } from '../../src/status/render';
import { Topology, type TopologySnapshot } from '../../src/status/topology';
import { backend, event, masterHealth, replicaHealth, routerView } from './events';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const CONNECTED: FrameContext = { cluster: 'e2e', nats: 'nats://***@127.0.0.1:4222', connected: true, natsError: null };

/** A master, a replica in rotation, one receiving a full sync, one silent, one shut down, two routers. */
function cluster(): TopologySnapshot {
  const t = new Topology(3000);
  t.apply(masterHealth(7000, 123456), T0);
  t.apply(replicaHealth(7001, 7000, 123400), T0);
  t.apply(replicaHealth(7002, 7000, 0, { linkUp: false, syncInProgress: true, syncReadBytes: 1536, syncTotalBytes: 0 }), T0);
  t.apply(replicaHealth(7003, 7000, 100), T0 - 4200);
  t.apply(replicaHealth(7004, 7000, 100), T0);
  t.apply(event('127.0.0.1:7004', { type: 'shutdown', reason: 'SIGTERM' }), T0);
  t.apply(routerView(7100, [backend(7000, 'master', true), backend(7001, 'replica', true, 3), backend(7002, 'replica', false, 0, 'link down')]), T0);
  t.apply(routerView(7101, [backend(7000, 'master', true), backend(7001, 'replica', true, 5), backend(7002, 'replica', false, 0, 'syncing')]), T0);
  return t.snapshot(T0 + 800);
}

describe('renderTable', () => {
  it('prints the header and one fixed-width row per node', () => {
    expect(renderTable(cluster(), CONNECTED)).toBe(
      [
        'resplica status  cluster e2e  nats nats://***@127.0.0.1:4222 (connected)  2025-01-02T03:04:06Z  5 up, 2 gone',
        '',
        'NODE                   ROLE     ADDRESS         STATE  OFFSET  LAG-B   LAG-MS  LINK  SYNC     FRESH         DETAIL',
        '127.0.0.1:7000         master   127.0.0.1:7000  up     123456  -       0       -     -        2/2 routers   fresh at router-127.0.0.1:7100, router-127.0.0.1:7101',
        '127.0.0.1:7001         replica  127.0.0.1:7001  up     123400  56      5       up    -        2/2 routers   master 127.0.0.1:7000; fresh at router-127.0.0.1:7100, router-127.0.0.1:7101',
        '127.0.0.1:7002         replica  127.0.0.1:7002  up     0       123456  0       down  1.5 KiB  0/2 routers   master 127.0.0.1:7000; not at router-127.0.0.1:7100: link down; not at router-127.0.0.1:7101: syncing',
        '127.0.0.1:7003         replica  127.0.0.1:7003  gone   100     -       -       -     -        0/2 routers   silent 5.0 s; master 127.0.0.1:7000',
        '127.0.0.1:7004         replica  127.0.0.1:7004  gone   100     -       -       -     -        0/2 routers   shut down (SIGTERM); master 127.0.0.1:7000',
        'router-127.0.0.1:7100  router   127.0.0.1:7100  up     -       -       -       -     -        2/3 backends  source nats',
        'router-127.0.0.1:7101  router   127.0.0.1:7101  up     -       -       -       -     -        2/3 backends  source nats',
      ].join('\n'),
    );
  });

  it('says where it listens when nothing was heard, and why NATS is not connected', () => {
    const empty = new Topology(3000).snapshot(T0);
    expect(renderTable(empty, { cluster: 'local', nats: 'nats://127.0.0.1:4222', connected: false, natsError: null })).toBe(
      'resplica status  cluster local  nats nats://127.0.0.1:4222 (connecting)  2025-01-02T03:04:05Z  0 up, 0 gone\n\nno node heard yet on resplica.local.health.>',
    );
    expect(renderTable(empty, { cluster: 'local', nats: 'nats://127.0.0.1:4222', connected: false, natsError: 'connection refused' }).split('\n')[0]).toBe(
      'resplica status  cluster local  nats nats://127.0.0.1:4222 (not connected: connection refused)  2025-01-02T03:04:05Z  0 up, 0 gone',
    );
  });

  it('shows a sync of known size in percent, a role not yet known as ?', () => {
    const t = new Topology(3000);
    t.apply(replicaHealth(7001, 7000, 0, { syncInProgress: true, syncReadBytes: 999, syncTotalBytes: 1000 }), T0);
    t.apply(event('127.0.0.1:7002', { type: 'full-sync-finished', keys: 1 }), T0);
    expect(renderTable(t.snapshot(T0), CONNECTED).split('\n').slice(2)).toEqual([
      'NODE            ROLE     ADDRESS         STATE  OFFSET  LAG-B  LAG-MS  LINK  SYNC  FRESH        DETAIL',
      '127.0.0.1:7001  replica  127.0.0.1:7001  up     0       -      -       up    99%   0/0 routers  master 127.0.0.1:7000',
      '127.0.0.1:7002  ?        -               up     -       -      -       -     -     0/0 routers',
    ]);
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal from 1 KiB', () => {
    expect([0, 1023, 1024, 1536, 1048575, 1048576, 5 * 1024 ** 3, 3 * 1024 ** 4, 2048 * 1024 ** 4].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '1024.0 KiB',
      '1.0 MiB',
      '5.0 GiB',
      '3.0 TiB',
      '2048.0 TiB',
    ]);
  });
});

describe('renderJson', () => {
  it('prints the context and the rows on one line', () => {
    const t = new Topology(3000);
    t.apply(masterHealth(7000, 42), T0);
    expect(renderJson(t.snapshot(T0 + 5), CONNECTED)).toBe(
      '{"time":"2025-01-02T03:04:05.683Z","cluster":"e2e","nats":"nats://***@127.0.0.1:4222","connected":true,"natsError":null,"rows":[' +
        '{"id":"127.0.0.1:7000","role":"master","address":"127.0.0.1:7000","state":"up","goneReason":null,"silentMs":5,"offset":42,"master":null,' +
        '"lagBytes":null,"lagMs":null,"link":null,"sync":null,"freshBy":[],"routersUp":0,"notServing":[],"source":null,"backendsServing":null,"backendsTotal":null}]}',
    );
  });
});
