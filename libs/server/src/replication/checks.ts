/**
 * The replication checks of the central dispatch (7.0's processCommand), run only while
 * NodeReplication.checksNeeded says one could apply, and never for the master's own stream:
 *
 * - NOREPLICAS: a write on a master with min-replicas-to-write in force and too few good replicas;
 * - READONLY: a write on a read-only replica;
 * - MASTERDOWN: a command without the `stale` flag on a replica whose link is not up, with
 *   replica-serve-stale-data no (PING included: it lacks the flag).
 *
 * An EXEC counts as a write when its queue holds one, and as non-stale when its queue holds a
 * command without the flag, as 7.0 judges it.
 */
import type { Client } from '../client';
import type { Node } from '../node';
import type { Route } from '../routes';

export const ERR_NOREPLICAS = 'NOREPLICAS Not enough good replicas to write.';
export const ERR_READONLY = "READONLY You can't write against a read only replica.";
export const ERR_MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

function isWrite(client: Client, route: Route): boolean {
  if (route.write) return true;
  if (!route.propagatesItself || client.multiQueue === null) return false;
  return client.multiQueue.some((q) => q.route.write);
}

function deniedWhenStale(client: Client, route: Route): boolean {
  if (!route.allowedWhenStale) return true;
  if (!route.propagatesItself || client.multiQueue === null) return false;
  return client.multiQueue.some((q) => !q.route.allowedWhenStale);
}

/** The write-side refusal (NOREPLICAS, READONLY) for this command, or null. */
export function writeRefusal(node: Node, client: Client, route: Route): string | null {
  if (client.replRole === 'master' || !isWrite(client, route)) return null;
  const repl = node.replication;
  const c = node.config;
  if (!repl.isReplica) {
    const needed = c.num('min-replicas-to-write');
    return needed > 0 && c.num('min-replicas-max-lag') > 0 && repl.goodReplicas < needed ? ERR_NOREPLICAS : null;
  }
  return c.bool('replica-read-only') ? ERR_READONLY : null;
}

/** The stale-data refusal (MASTERDOWN) for this command, or null. */
export function staleRefusal(node: Node, client: Client, route: Route): string | null {
  const link = node.replication.link;
  if (link === null || link.linkUp || client.replRole === 'master') return null;
  if (node.config.bool('replica-serve-stale-data')) return null;
  return deniedWhenStale(client, route) ? ERR_MASTERDOWN : null;
}
