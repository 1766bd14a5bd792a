/**
 * What the health reporter reads from a node: a narrow view, so the reporter and the snapshot can
 * be tested against a node without knowing the rest of the engine. `Node` satisfies it.
 */
import type { ConfigStore } from '@resplica/config';
import type { Keyspace } from '@resplica/keyspace';
import type { NodeReplication } from '../replication/node-replication';

export interface HealthSource {
  readonly config: ConfigStore;
  readonly keyspace: Pick<Keyspace, 'databases'>;
  readonly replication: NodeReplication;
  readonly persistence: { readonly loading: boolean };
  /** The port actually bound (known once listening). */
  readonly port: number;
  readonly startedAtMs: number;
}
