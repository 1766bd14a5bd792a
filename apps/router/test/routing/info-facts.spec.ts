/**
 * factsFromInfo: INFO replication persistence text into HealthFacts, as a NodeHealth would carry them.
 */
import { factsFromInfo, infoLines } from '../../src/routing/info-facts';

const MASTER =
  '# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7001,state=online,offset=900,lag=0\r\n' +
  'master_failover_state:no-failover\r\nmaster_replid:abc\r\nmaster_repl_offset:1000\r\nsecond_repl_offset:-1\r\n' +
  '\r\n# Persistence\r\nloading:0\r\nasync_loading:0\r\n';

const SYNCING =
  '# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\nmaster_link_status:down\r\n' +
  'master_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:1\r\nslave_read_repl_offset:0\r\nslave_repl_offset:0\r\n' +
  'master_sync_total_bytes:10000\r\nmaster_sync_read_bytes:4096\r\nmaster_sync_left_bytes:5904\r\nmaster_sync_perc:40.96\r\n' +
  'master_link_down_since_seconds:3\r\nmaster_repl_offset:0\r\n\r\n# Persistence\r\nloading:1\r\n';

const IN_SYNC =
  '# Replication\r\nrole:slave\r\nmaster_link_status:up\r\nmaster_sync_in_progress:0\r\nslave_repl_offset:990\r\n' +
  'master_repl_offset:990\r\n\r\n# Persistence\r\nloading:0\r\n';

it.each([
  [MASTER, { role: 'master', masterReplOffset: 1000, appliedOffset: 0, linkUp: false, loading: false, syncInProgress: false, syncReadBytes: 0, syncTotalBytes: 0 }],
  [SYNCING, { role: 'replica', masterReplOffset: 0, appliedOffset: 0, linkUp: false, loading: true, syncInProgress: true, syncReadBytes: 4096, syncTotalBytes: 10000 }],
  [IN_SYNC, { role: 'replica', masterReplOffset: 990, appliedOffset: 990, linkUp: true, loading: false, syncInProgress: false, syncReadBytes: 0, syncTotalBytes: 0 }],
])('%#: the facts of the INFO text, at the configured address', (text, facts) => {
  expect(factsFromInfo('db-1', 7005, text)).toEqual({ host: 'db-1', port: 7005, ...facts });
});

it('no role line: no facts', () => {
  expect(factsFromInfo('h', 1, '# Persistence\r\nloading:0\r\n')).toBeNull();
  expect(factsFromInfo('h', 1, '')).toBeNull();
});

it('infoLines keeps values with colons and skips headers and blank lines', () => {
  expect([...infoLines('# Replication\r\nmaster_host:::1\r\n\r\nrole:slave\r\n')]).toEqual([
    ['master_host', '::1'],
    ['role', 'slave'],
  ]);
});
