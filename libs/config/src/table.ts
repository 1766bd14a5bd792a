/*
 * The table of every configuration parameter: all of Redis 7.0's (what `CONFIG GET *` lists on
 * redis-server 7.0.15, with the same defaults, bounds, enum values and mutability, observed on a
 * running server) followed by resplica's own. Written by hand; one line per parameter.
 *
 * Parameters marked `fx` are used by resplica; the others are accepted, stored, reported by
 * CONFIG GET and written by CONFIG REWRITE, and have no effect here (CONFIG.md lists them).
 *
 * To add a parameter: one line here with its kind, default and options; nothing else changes.
 * Invariant: each default must parse with its own parser (the table spec checks it).
 */
import type { ParamDef, ParamKind, ParseResult } from './types';
import { INT_MAX, INT_MIN, LLONG_MAX, UINT_MAX, parseBool, parseEnum, parseInt64, parseMemory, parseString } from './values';
import {
  parseBind,
  parseClientOutputBufferLimit,
  parseLatencyPercentiles,
  parseMaxmemoryClients,
  parseNotifyKeyspaceEvents,
  parseOctalPerm,
  parseOomScoreAdjValues,
  parseReplicaOf,
  parseHostPortList,
  parseSave,
} from './special';

/** Per-line options: imm = immutable at run time, prot = protected, fx = has an effect in resplica. */
interface Opts {
  imm?: boolean;
  prot?: boolean;
  fx?: boolean;
  alias?: string;
  multi?: boolean;
  acc?: boolean;
  /** ints only: the value is accepted in [min, max] but stored clamped to this range (hz). */
  clamp?: readonly [number, number];
  own?: boolean;
}

const INT = INT_MAX;
const LLONG = LLONG_MAX;
const UINT = UINT_MAX;

function def(
  name: string,
  kind: ParamKind,
  typeDoc: string,
  defaultText: string,
  parse: (raw: string, current: string) => ParseResult,
  o: Opts,
): ParamDef {
  return {
    name,
    alias: o.alias ?? null,
    kind,
    defaultText,
    mutable: !o.imm,
    protected: !!o.prot,
    effect: !!o.fx,
    multiWord: !!o.multi,
    accumulates: !!o.acc,
    origin: o.own ? 'resplica' : 'redis',
    typeDoc,
    parse,
  };
}

function b(name: string, d: string, o: Opts = {}): ParamDef {
  return def(name, 'bool', 'yes/no', d, parseBool, o);
}

function i(name: string, d: string, min: bigint, max: bigint, o: Opts = {}): ParamDef {
  const clamp = o.clamp;
  const parse = clamp
    ? (raw: string): ParseResult => {
        const r = parseInt64(raw, min, max);
        if (typeof r === 'string') return r;
        const v = Math.min(Math.max(r.num, clamp[0]), clamp[1]);
        return { text: String(v), num: v };
      }
    : (raw: string): ParseResult => parseInt64(raw, min, max);
  return def(name, 'int', `integer ${min}..${max}`, d, parse, o);
}

function m(name: string, d: string, min: bigint, max: bigint, o: Opts = {}): ParamDef {
  return def(name, 'memory', `bytes ${min}..${max} (k kb m mb g gb)`, d, (raw) => parseMemory(raw, min, max), o);
}

function e(name: string, d: string, values: readonly string[], o: Opts = {}): ParamDef {
  return def(name, 'enum', values.join(' | '), d, (raw) => parseEnum(raw, values), o);
}

function s(name: string, d: string, o: Opts = {}): ParamDef {
  return def(name, 'string', 'string', d, parseString, o);
}

function x(name: string, typeDoc: string, d: string, parse: ParamDef['parse'], o: Opts = {}): ParamDef {
  return def(name, 'special', typeDoc, d, parse, o);
}

export const PARAMS: readonly ParamDef[] = [
  e('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
  s('aclfile', '', { imm: true }),
  i('acllog-max-len', '128', 0n, LLONG),
  i('active-defrag-cycle-max', '25', 1n, 99n),
  i('active-defrag-cycle-min', '1', 1n, 99n),
  m('active-defrag-ignore-bytes', '104857600', 1n, LLONG),
  i('active-defrag-max-scan-fields', '1000', 1n, LLONG),
  i('active-defrag-threshold-lower', '10', 0n, 1000n),
  i('active-defrag-threshold-upper', '100', 0n, 1000n),
  i('active-expire-effort', '1', 1n, 10n),
  b('activedefrag', 'no'),
  b('activerehashing', 'yes'),
  b('always-show-logo', 'no', { imm: true }),
  b('aof-disable-auto-gc', 'no'),
  b('aof-load-truncated', 'yes'),
  b('aof-rewrite-incremental-fsync', 'yes'),
  b('aof-timestamp-enabled', 'no'),
  b('aof-use-rdb-preamble', 'yes'),
  s('aof_rewrite_cpulist', '', { imm: true }),
  s('appenddirname', 'appendonlydir', { imm: true }),
  s('appendfilename', 'appendonly.aof', { imm: true }),
  e('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  b('appendonly', 'no'),
  m('auto-aof-rewrite-min-size', '67108864', 0n, LLONG),
  i('auto-aof-rewrite-percentage', '100', 0n, INT),
  s('bgsave_cpulist', '', { imm: true }),
  x('bind', 'addresses', '* -::*', parseBind, { multi: true, fx: true }),
  s('bind-source-addr', ''),
  s('bio_cpulist', '', { imm: true }),
  i('busy-reply-threshold', '5000', 0n, LLONG, { alias: 'lua-time-limit' }),
  x('client-output-buffer-limit', 'class hard soft seconds', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', parseClientOutputBufferLimit, { multi: true, fx: true }),
  m('client-query-buffer-limit', '1073741824', 1048576n, LLONG),
  b('cluster-allow-pubsubshard-when-down', 'yes'),
  b('cluster-allow-reads-when-down', 'no'),
  b('cluster-allow-replica-migration', 'yes'),
  i('cluster-announce-bus-port', '0', 0n, 65535n),
  s('cluster-announce-hostname', ''),
  s('cluster-announce-ip', ''),
  i('cluster-announce-port', '0', 0n, 65535n),
  i('cluster-announce-tls-port', '0', 0n, 65535n),
  s('cluster-config-file', 'nodes.conf', { imm: true }),
  b('cluster-enabled', 'no', { imm: true }),
  m('cluster-link-sendbuf-limit', '0', 0n, LLONG),
  i('cluster-migration-barrier', '1', 0n, INT),
  i('cluster-node-timeout', '15000', 0n, LLONG),
  i('cluster-port', '0', 0n, 65535n, { imm: true }),
  e('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  b('cluster-replica-no-failover', 'no', { alias: 'cluster-slave-no-failover' }),
  i('cluster-replica-validity-factor', '10', 0n, INT, { alias: 'cluster-slave-validity-factor' }),
  b('cluster-require-full-coverage', 'yes'),
  b('crash-log-enabled', 'yes'),
  b('crash-memcheck-enabled', 'yes'),
  b('daemonize', 'no', { imm: true }),
  i('databases', '16', 1n, INT, { imm: true, fx: true }),
  s('dbfilename', 'dump.rdb', { prot: true, fx: true }),
  s('dir', '', { prot: true, fx: true }),
  b('disable-thp', 'yes', { imm: true }),
  b('dynamic-hz', 'yes'),
  e('enable-debug-command', 'no', ['no', 'yes', 'local'], { imm: true }),
  e('enable-module-command', 'no', ['no', 'yes', 'local'], { imm: true }),
  e('enable-protected-configs', 'no', ['no', 'yes', 'local'], { imm: true, prot: true }),
  i('hash-max-listpack-entries', '512', 0n, LLONG, { fx: true, alias: 'hash-max-ziplist-entries' }),
  m('hash-max-listpack-value', '64', 0n, LLONG, { fx: true, alias: 'hash-max-ziplist-value' }),
  m('hll-sparse-max-bytes', '3000', 0n, LLONG),
  i('hz', '10', 0n, INT, { fx: true, clamp: [1, 500] }),
  s('ignore-warnings', ''),
  i('io-threads', '1', 1n, 128n, { imm: true }),
  b('io-threads-do-reads', 'no', { imm: true }),
  b('jemalloc-bg-thread', 'yes'),
  i('latency-monitor-threshold', '0', 0n, LLONG),
  b('latency-tracking', 'yes'),
  x('latency-tracking-info-percentiles', 'percentiles', '50 99 99.9', parseLatencyPercentiles, { multi: true }),
  b('lazyfree-lazy-eviction', 'no'),
  b('lazyfree-lazy-expire', 'no'),
  b('lazyfree-lazy-server-del', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  b('lazyfree-lazy-user-flush', 'no'),
  i('lfu-decay-time', '1', 0n, INT),
  i('lfu-log-factor', '10', 0n, INT),
  i('list-compress-depth', '0', 0n, INT),
  i('list-max-listpack-size', '-2', INT_MIN, INT, { alias: 'list-max-ziplist-size' }),
  s('logfile', '', { imm: true }),
  e('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  s('masterauth', '', { fx: true }),
  s('masteruser', '', { fx: true }),
  i('maxclients', '10000', 1n, UINT, { fx: true }),
  m('maxmemory', '0', 0n, LLONG),
  x('maxmemory-clients', 'memory or percent', '0', parseMaxmemoryClients),
  i('maxmemory-eviction-tenacity', '10', 0n, 100n),
  e('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], { fx: true }),
  i('maxmemory-samples', '5', 1n, INT),
  i('min-replicas-max-lag', '10', 0n, INT, { alias: 'min-slaves-max-lag', fx: true }),
  i('min-replicas-to-write', '0', 0n, INT, { alias: 'min-slaves-to-write', fx: true }),
  b('no-appendfsync-on-rewrite', 'no'),
  x('notify-keyspace-events', 'event class letters', '', parseNotifyKeyspaceEvents, { fx: true }),
  e('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
  x('oom-score-adj-values', '3 ints -2000..2000', '0 200 800', parseOomScoreAdjValues, { multi: true }),
  s('pidfile', '', { imm: true }),
  i('port', '6379', 0n, 65535n, { fx: true }),
  s('proc-title-template', '{title} {listen-addr} {server-mode}'),
  e('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  b('protected-mode', 'yes', { fx: true }),
  m('proto-max-bulk-len', '536870912', 1048576n, LLONG, { fx: true }),
  b('rdb-del-sync-files', 'no'),
  b('rdb-save-incremental-fsync', 'yes', { fx: true }),
  b('rdbchecksum', 'yes', { imm: true, fx: true }),
  b('rdbcompression', 'yes', { fx: true }),
  m('repl-backlog-size', '1048576', 1n, LLONG, { fx: true }),
  i('repl-backlog-ttl', '3600', 0n, LLONG, { fx: true }),
  b('repl-disable-tcp-nodelay', 'no'),
  e('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb'], { fx: true }),
  b('repl-diskless-sync', 'yes', { fx: true }),
  i('repl-diskless-sync-delay', '5', 0n, INT, { fx: true }),
  i('repl-diskless-sync-max-replicas', '0', 0n, INT, { fx: true }),
  i('repl-ping-replica-period', '10', 1n, INT, { alias: 'repl-ping-slave-period', fx: true }),
  i('repl-timeout', '60', 1n, INT, { fx: true }),
  s('replica-announce-ip', '', { alias: 'slave-announce-ip', fx: true }),
  i('replica-announce-port', '0', 0n, 65535n, { alias: 'slave-announce-port', fx: true }),
  b('replica-announced', 'yes', { fx: true }),
  b('replica-ignore-disk-write-errors', 'no'),
  b('replica-ignore-maxmemory', 'yes', { alias: 'slave-ignore-maxmemory' }),
  b('replica-lazy-flush', 'no', { alias: 'slave-lazy-flush' }),
  i('replica-priority', '100', 0n, INT, { alias: 'slave-priority', fx: true }),
  b('replica-read-only', 'yes', { alias: 'slave-read-only', fx: true }),
  b('replica-serve-stale-data', 'yes', { alias: 'slave-serve-stale-data', fx: true }),
  x('replicaof', 'host port', '', parseReplicaOf, { multi: true, imm: true, alias: 'slaveof', fx: true }),
  s('requirepass', '', { fx: true }),
  e('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  x('save', 'seconds changes pairs', '3600 1 300 100 60 10000', parseSave, { multi: true, acc: true, fx: true }),
  s('server_cpulist', '', { imm: true }),
  i('set-max-intset-entries', '512', 0n, LLONG, { fx: true }),
  b('set-proc-title', 'yes', { imm: true }),
  e('shutdown-on-sigint', 'default', ['default', 'save', 'nosave', 'now', 'force'], { fx: true }),
  e('shutdown-on-sigterm', 'default', ['default', 'save', 'nosave', 'now', 'force'], { fx: true }),
  i('shutdown-timeout', '10', 0n, INT),
  i('slowlog-log-slower-than', '10000', -1n, LLONG),
  i('slowlog-max-len', '128', 0n, LLONG),
  i('socket-mark-id', '0', 0n, UINT, { imm: true }),
  b('stop-writes-on-bgsave-error', 'yes', { fx: true }),
  m('stream-node-max-bytes', '4096', 0n, LLONG),
  i('stream-node-max-entries', '100', 0n, LLONG),
  e('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { imm: true }),
  b('syslog-enabled', 'no', { imm: true }),
  e('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { imm: true }),
  s('syslog-ident', 'redis', { imm: true }),
  i('tcp-backlog', '511', 0n, INT, { imm: true, fx: true }),
  i('tcp-keepalive', '300', 0n, INT, { fx: true }),
  i('timeout', '0', 0n, INT, { fx: true }),
  e('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  s('tls-ca-cert-dir', ''),
  s('tls-ca-cert-file', ''),
  s('tls-cert-file', ''),
  s('tls-ciphers', ''),
  s('tls-ciphersuites', ''),
  s('tls-client-cert-file', ''),
  s('tls-client-key-file', ''),
  s('tls-client-key-file-pass', ''),
  b('tls-cluster', 'no'),
  s('tls-dh-params-file', ''),
  s('tls-key-file', ''),
  s('tls-key-file-pass', ''),
  i('tls-port', '0', 0n, 65535n),
  b('tls-prefer-server-ciphers', 'no'),
  s('tls-protocols', ''),
  b('tls-replication', 'no'),
  i('tls-session-cache-size', '20480', 0n, INT),
  i('tls-session-cache-timeout', '300', 0n, INT),
  b('tls-session-caching', 'yes'),
  i('tracking-table-max-keys', '1000000', 0n, LLONG),
  s('unixsocket', '', { imm: true }),
  x('unixsocketperm', 'octal', '0', parseOctalPerm, { imm: true }),
  i('zset-max-listpack-entries', '128', 0n, LLONG, { fx: true, alias: 'zset-max-ziplist-entries' }),
  m('zset-max-listpack-value', '64', 0n, LLONG, { fx: true, alias: 'zset-max-ziplist-value' }),

  // ---- resplica's own parameters -------------------------------------------------------------
  // Health events on NATS (every node and the router).
  s('nats', '', { own: true, alias: 'nats-url', imm: true, fx: true }),
  s('nats-user', '', { own: true, imm: true, fx: true }),
  s('nats-password', '', { own: true, imm: true, fx: true }),
  s('nats-token', '', { own: true, imm: true, fx: true }),
  s('cluster', 'resplica', { own: true, alias: 'cluster-name', imm: true, fx: true }),
  s('node-id', '', { own: true, imm: true, fx: true }),
  i('health-interval-ms', '1000', 10n, INT, { own: true, fx: true }),
  i('health-timeout-ms', '0', 0n, INT, { own: true, fx: true }),
  // The read-router (apps/router).
  x('master', 'host:port', '', parseHostPortList, { own: true, fx: true }),
  x('replica', 'host:port (repeatable)', '', parseHostPortList, { own: true, multi: true, acc: true, fx: true }),
  i('metrics-port', '0', 0n, 65535n, { own: true, imm: true, fx: true }),
  e('read-fallback', 'master', ['master', 'error'], { own: true, fx: true }),
  m('max-replica-lag-bytes', '1048576', 0n, LLONG, { own: true, fx: true }),
  i('max-replica-lag-ms', '1000', 0n, INT, { own: true, fx: true }),
];
