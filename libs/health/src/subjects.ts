/**
 * Every NATS subject resplica uses, in one place: `resplica.<cluster>.health.<node>`, so several
 * clusters can share one NATS account and a router subscribes to exactly its own cluster with
 * `resplica.<cluster>.health.>`.
 *
 * Invariant: a subject built here always has exactly four tokens. NATS splits subjects on '.',
 * and '*' / '>' are wildcards, so a cluster name containing any of them (or whitespace) is refused,
 * and a node id — usually host:port, full of dots — is turned into one token by replacing each such
 * character with '_'. The subject is for routing only: the node id a subscriber trusts is the one
 * inside the message (and the subscriber checks that the two agree).
 */
import { HealthConfigError } from './errors';

export const SUBJECT_ROOT = 'resplica';
export const HEALTH_TOKEN = 'health';

/** Characters that cannot appear inside one subject token. */
const NOT_IN_TOKEN = /[.*>\s]/g;

function checkCluster(cluster: string): string {
  if (cluster === '' || cluster.match(NOT_IN_TOKEN) !== null) {
    throw new HealthConfigError(`invalid cluster name '${cluster}': it must be non-empty, without '.', '*', '>' or spaces`);
  }
  return cluster;
}

/** The single subject token for a node id: '127.0.0.1:6380' → '127_0_0_1:6380'. */
export function nodeToken(nodeId: string): string {
  if (nodeId === '') throw new HealthConfigError('empty node id');
  return nodeId.replace(NOT_IN_TOKEN, '_');
}

/** Where node `nodeId` of `cluster` publishes: `resplica.<cluster>.health.<node token>`. */
export function healthSubject(cluster: string, nodeId: string): string {
  return `${SUBJECT_ROOT}.${checkCluster(cluster)}.${HEALTH_TOKEN}.${nodeToken(nodeId)}`;
}

/** Every node of `cluster`: `resplica.<cluster>.health.>`. */
export function clusterWildcard(cluster: string): string {
  return `${SUBJECT_ROOT}.${checkCluster(cluster)}.${HEALTH_TOKEN}.>`;
}
