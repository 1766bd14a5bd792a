/*
 * CONFIG and INFO handlers against fake node/client views: exact RESP bytes for CONFIG GET/SET
 * (forms checked against redis-server 7.0.15) and the INFO layout.
 */
import { ConfigStoreImpl } from '@resplica/config';
import type { Reply } from '@resplica/commands';
import type { ClientView, NodeStats, NodeView } from '../contracts';
import { configHandlers } from './config';
import { infoHandlers, infoText } from './info';

/** A Reply that encodes the calls these handlers make, in RESP2 or RESP3. */
function fakeReply(protocol: 2 | 3): Reply & { bytes(): string } {
  let out = '';
  const bulk = (v: Buffer | string | null): void => {
    if (v === null) out += protocol === 3 ? '_\r\n' : '$-1\r\n';
    else out += `$${Buffer.byteLength(v)}\r\n${v.toString()}\r\n`;
  };
  return {
    protocol,
    ok: () => (out += '+OK\r\n'),
    status: (t) => (out += `+${t}\r\n`),
    error: (m) => (out += `-${m}\r\n`),
    integer: (n) => (out += `:${n}\r\n`),
    bulk,
    bulkLatin1: (v) => bulk(Buffer.from(v, 'latin1')),
    nullArray: () => (out += '*-1\r\n'),
    arrayHeader: (n) => (out += `*${n}\r\n`),
    mapHeader: (n) => (out += protocol === 3 ? `%${n}\r\n` : `*${2 * n}\r\n`),
    setHeader: (n) => (out += `~${n}\r\n`),
    pushHeader: (n) => (out += `>${n}\r\n`),
    double: (v) => (out += `,${v}\r\n`),
    bool: (v) => (out += `#${v ? 't' : 'f'}\r\n`),
    verbatim: (t) => (protocol === 3 ? (out += `=${Buffer.byteLength(t) + 4}\r\ntxt:${t}\r\n`) : bulk(t)),
    deferredArray: () => ({ setLength: () => undefined }),
    raw: (b) => (out += b.toString('latin1')),
    bytes: () => out,
  };
}

function fakeStats(): NodeStats {
  return {
    totalConnectionsReceived: 3,
    totalCommandsProcessed: 7,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    expiredKeys: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    totalErrorReplies: 1,
    clientOutputBufferLimitDisconnections: 0,
    clientQueryBufferLimitDisconnections: 0,
    commands: new Map([['get', { calls: 2, usec: 5, rejected: 0, failed: 1 }]]),
    errors: new Map([['ERR', 1]]),
    reset() {
      this.totalCommandsProcessed = 0;
      this.commands.clear();
      this.errors.clear();
    },
  };
}

function setup(protocol: 2 | 3 = 2) {
  const reply = fakeReply(protocol);
  const db = (index: number, size: number) => ({ index, size: () => size, expiresCount: () => 1, avgTtl: () => 999 });
  const keyspace = {
    databases: [db(0, 2), db(1, 0), db(2, 5)],
    dirty: 4,
    stats: { expiredKeys: 1, keyspaceHits: 2, keyspaceMisses: 3, expiredStalePerc: 0, expiredTimeCapReachedCount: 0, expireCycleCpuMilliseconds: 0 },
  };
  const client = { reply, channels: new Set(['a']), patterns: new Set<string>(), queryBufferBytes: () => 0, outputBufferBytes: () => 0, flags: () => 'N' };
  const node = {
    config: new ConfigStoreImpl(null),
    keyspace,
    clients: new Map([[1, client]]),
    stats: fakeStats(),
    startedAtMs: 1_000_000,
    port: 7777,
    runId: 'a'.repeat(40),
    role: 'master',
    persistence: {
      loading: false,
      changesSinceSave: 4,
      bgsaveInProgress: false,
      currentSaveKeysProcessed: 0,
      currentSaveKeysTotal: 0,
      lastSaveSec: 1000,
      lastBgsaveOk: true,
      lastBgsaveTimeSec: -1,
      saves: 0,
      lastLoadKeysLoaded: 0,
      lastLoadKeysExpired: 0,
    },
  } as unknown as NodeView;
  const run = (handlers: ReadonlyMap<string, (n: NodeView, c: ClientView, a: Buffer[]) => void>, ...args: string[]): string => {
    const before = reply.bytes().length;
    handlers.get(args[0].toLowerCase())!(node, client as unknown as ClientView, args.map((a) => Buffer.from(a)));
    return reply.bytes().slice(before);
  };
  return { node, keyspace, config: (...a: string[]) => run(configHandlers, 'config', ...a), info: (...a: string[]) => run(infoHandlers, 'info', ...a) };
}

describe('CONFIG', () => {
  it('GET echoes an exact name as spelled, dedups case-insensitively, matches globs case-insensitively', () => {
    const { config } = setup();
    expect(config('get', 'PORT', 'port')).toBe('*2\r\n$4\r\nPORT\r\n$4\r\n6379\r\n');
    expect(config('get', 'SlaveOf')).toBe('*2\r\n$7\r\nSlaveOf\r\n$0\r\n\r\n');
    expect(config('get', 'nothing')).toBe('*0\r\n');
    expect(config('get', 'MAXMEMORY-P*')).toBe('*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n');
    expect(config('get', 'hz', 'HL*', 'h?')).toBe('*4\r\n$2\r\nhz\r\n$2\r\n10\r\n$20\r\nhll-sparse-max-bytes\r\n$4\r\n3000\r\n');
  });

  it('GET replies with a map in RESP3', () => {
    const { config } = setup(3);
    expect(config('get', 'hz')).toBe('%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
  });

  it('SET applies all pairs or none, with Redis error texts', () => {
    const { config, node } = setup();
    expect(config('set', 'maxclients', '100', 'timeout', '5')).toBe('+OK\r\n');
    expect(node.config.get('maxclients')).toBe('100');
    expect(config('set', 'maxmemory', '10', 'foo')).toBe('-ERR syntax error\r\n');
    expect(config('set', 'timeout', '9', 'foo', '1')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
    expect(config('set', 'port')).toBe("-ERR wrong number of arguments for 'config|set' command\r\n");
    expect(node.config.get('timeout')).toBe('5');
  });

  it('answers errors for arity, unknown subcommands and REWRITE without a file', () => {
    const { config } = setup();
    expect(config('get')).toBe("-ERR wrong number of arguments for 'config|get' command\r\n");
    expect(config('foo')).toBe("-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n");
    expect(config('rewrite')).toBe('-ERR The server is running without a config file\r\n');
    expect(config('help').startsWith('*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true);
  });

  it('RESETSTAT zeroes the engine and keyspace counters', () => {
    const { config, node, keyspace } = setup();
    expect(config('resetstat')).toBe('+OK\r\n');
    expect(node.stats.totalCommandsProcessed).toBe(0);
    expect(node.stats.commands.size).toBe(0);
    expect([keyspace.stats.keyspaceHits, keyspace.stats.keyspaceMisses, keyspace.stats.expiredKeys]).toEqual([0, 0, 0]);
  });
});

describe('INFO', () => {
  const titles = (text: string) => text.split('\r\n').filter((l) => l.startsWith('# '));

  it('prints the default sections in order, separated by one empty line', () => {
    const { node } = setup();
    const text = infoText(node, [], 2_000_000);
    expect(titles(text)).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Errorstats', '# Cluster', '# Keyspace']);
    expect(text).toContain('\r\nloading:0\r\n');
    expect(text).toContain('\r\nuptime_in_seconds:1000\r\n');
    expect(text).toContain('\r\nconnected_clients:1\r\n');
    expect(text).toContain('\r\npubsub_channels:1\r\n');
    expect(text.endsWith('# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=999\r\ndb2:keys=5,expires=1,avg_ttl=999\r\n')).toBe(true);
  });

  it('selects sections case-insensitively in fixed order; all/everything add commandstats', () => {
    const { node, info } = setup();
    expect(infoText(node, ['keyspace', 'cluster', 'nope'], 0)).toBe(
      '# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=999\r\ndb2:keys=5,expires=1,avg_ttl=999\r\n',
    );
    expect(info('foo')).toBe('$0\r\n\r\n');
    expect(info('MODULES')).toBe('$11\r\n# Modules\r\n\r\n');
    expect(info('commandstats')).toBe('$95\r\n# Commandstats\r\ncmdstat_get:calls=2,usec=5,usec_per_call=2.50,rejected_calls=0,failed_calls=1\r\n\r\n');
    expect(titles(infoText(node, ['everything'], 0))).toHaveLength(13);
    expect(infoText(node, ['all'], 0)).toContain('# Latencystats\r\n');
  });

  it('describes a master without replicas', () => {
    const { node } = setup();
    const repl = infoText(node, ['replication'], 0);
    expect(repl).toMatch(
      /^# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\nmaster_replid:[0-9a-f]{40}\r\nmaster_replid2:0{40}\r\nmaster_repl_offset:0\r\nsecond_repl_offset:-1\r\nrepl_backlog_active:0\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n$/,
    );
  });

  it('is a verbatim string in RESP3', () => {
    const { info } = setup(3);
    expect(info('modules')).toBe('=15\r\ntxt:# Modules\r\n\r\n');
  });
});
