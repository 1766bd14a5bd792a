/**
 * INFO as the router answers it: its own `server`, `clients` and `stats` sections, in Redis's
 * `# Section` / `field:value` layout, plus the `router` section rendered by the observability side
 * (backends, roles, rotation, lag), which the server passes in as a function when it has one.
 *
 * `INFO` alone, `default`, `all` and `everything` give every section; names are case-insensitive;
 * an unknown name contributes nothing (an empty reply when nothing matches), as in Redis.
 */
import { randomBytes } from 'node:crypto';
import { arch, release, type } from 'node:os';
import type { ClientSession } from './client-session';
import type { ProxyContext } from './context';

export interface InfoSource {
  readonly ctx: ProxyContext;
  readonly port: number;
  readonly clients: ReadonlySet<ClientSession>;
  /** The `router` section, with its `# Router` header; null until observability provides it. */
  readonly routerSection: (() => string) | null;
}

const REDIS_VERSION = '7.0.15';
const RUN_ID = randomBytes(20).toString('hex');
const ALL = ['server', 'clients', 'stats', 'router'];

function section(title: string, fields: readonly (readonly [string, string | number])[]): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}

function server(src: InfoSource): string {
  const uptime = Math.floor((Date.now() - src.ctx.stats.startedAtMs) / 1000);
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['redis_mode', 'standalone'],
    ['resplica_role', 'router'],
    ['os', `${type()} ${release()} ${arch()}`],
    ['arch_bits', 64],
    ['process_id', process.pid],
    ['run_id', RUN_ID],
    ['tcp_port', src.port],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['config_file', src.ctx.config.configFile ?? ''],
  ]);
}

function clients(src: InfoSource): string {
  let blocked = 0;
  let pinned = 0;
  let pubsub = 0;
  let monitors = 0;
  for (const s of src.clients) {
    if (s.blocked) blocked++;
    if (s.pinned !== null) pinned++;
    if (s.pubsub !== null) pubsub++;
    if (s.monitor !== null) monitors++;
  }
  return section('Clients', [
    ['connected_clients', src.clients.size],
    ['maxclients', src.ctx.config.num('maxclients')],
    ['blocked_clients', blocked],
    ['pinned_clients', pinned],
    ['pubsub_clients', pubsub],
    ['monitor_clients', monitors],
  ]);
}

function stats(src: InfoSource): string {
  const st = src.ctx.stats;
  let clientBytes = 0;
  let backendBytes = 0;
  for (const s of src.clients) clientBytes += s.bufferedBytes;
  for (const conn of src.ctx.backends.live) backendBytes += conn.bufferedBytes;
  return section('Stats', [
    ['total_connections_received', st.connectionsReceived],
    ['total_commands_processed', st.commandsProcessed],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['rejected_connections', st.rejectedConnections],
    ['router_error_replies', st.routerErrorReplies],
    ['read_retries', st.readRetries],
    ['backend_connections_opened', st.backendConnections],
    ['backend_connection_failures', st.backendFailures],
    ['backend_connections_open', src.ctx.backends.live.size],
    ['client_buffered_bytes', clientBytes],
    ['backend_buffered_bytes', backendBytes],
  ]);
}

/** The INFO text for `requested` section names (lower case). */
export function renderInfo(src: InfoSource, requested: readonly string[]): string {
  const wanted = requested.length === 0 || requested.some((n) => n === 'default' || n === 'all' || n === 'everything') ? ALL : requested;
  const parts: string[] = [];
  for (const name of ALL) {
    if (!wanted.includes(name)) continue;
    if (name === 'server') parts.push(server(src));
    else if (name === 'clients') parts.push(clients(src));
    else if (name === 'stats') parts.push(stats(src));
    else if (src.routerSection !== null) parts.push(src.routerSection());
  }
  return parts.join('\r\n');
}
