/**
 * When each kind of process counts as ready, as probes the supervisor polls:
 *   nats-server  its port accepts a TCP connection;
 *   master       PING answers +PONG;
 *   replica      INFO replication shows master_link_status:up (it has loaded the master's data);
 *   router       PING through it answers +PONG and INFO router shows the master and every replica
 *                serving reads.
 * A probe resolves a short detail when ready, null when not yet; a rejection also means not yet.
 */
import { connect } from 'node:net';
import { LOOPBACK } from './ports';
import { infoFields, replyText, respExchange } from '../shared/resp-exchange';

export type Probe = () => Promise<string | null>;

/** One probe attempt never waits longer than this: a stuck attempt must not stall the 30 s start bound. */
const ATTEMPT_TIMEOUT_MS = 1000;

/** One command to 127.0.0.1:`port`, its reply as replyText gives it. */
async function respCommand(port: number, args: string[]): Promise<string> {
  const [reply] = await respExchange(LOOPBACK, port, [args], ATTEMPT_TIMEOUT_MS);
  return replyText(reply);
}

export function acceptsConnections(port: number): Probe {
  return () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: LOOPBACK, port });
      socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => {
        socket.destroy();
        resolve(null);
      });
      socket.on('connect', () => {
        socket.destroy();
        resolve('accepts connections');
      });
      socket.on('error', reject);
    });
}

export function answersPong(port: number): Probe {
  return async () => ((await respCommand(port, ['PING'])) === '+PONG' ? 'answers PING' : null);
}

export function linkUp(port: number): Probe {
  return async () => {
    const info = infoFields(await respCommand(port, ['INFO', 'replication']));
    return info.get('master_link_status') === 'up' ? `replicating from ${info.get('master_host')}:${info.get('master_port')}` : null;
  };
}

/** The router is ready once it routes writes to `masterId` and reads to all of `replicaIds` (`host:port`). */
export function routesToAll(port: number, masterId: string, replicaIds: readonly string[]): Probe {
  return async () => {
    if ((await respCommand(port, ['PING'])) !== '+PONG') return null;
    const info = infoFields(await respCommand(port, ['INFO', 'router']));
    if (info.get('master') !== masterId) return null;
    const serving = [...info.entries()]
      .filter(([name]) => /^backend\d+$/.test(name))
      .map(([, line]) => new Map(line.split(',').map((pair) => pair.split('=') as [string, string])))
      .filter((b) => b.get('role') === 'replica' && b.get('serving') === '1')
      .map((b) => b.get('id'));
    const missing = replicaIds.filter((id) => !serving.includes(id));
    return missing.length === 0 ? `writes to ${masterId}, reads to ${replicaIds.length} replica(s)` : null;
  };
}
