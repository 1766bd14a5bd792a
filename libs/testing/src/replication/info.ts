/*
 * Reading INFO and waiting on replication states. Every wait is bounded (waitFor) and, when it
 * times out, says what it last saw, so a failed convergence names the node and the offsets.
 */
import { parseReply } from '../differential/reply-tree';
import { RawClient } from '../raw-client';
import { waitFor } from '../wait-for';

/** Replication converges within this long on loopback unless something is broken. */
const DEFAULT_REPL_TIMEOUT_MS = 20000;

/** The `name:value` lines of one INFO section, in the order the server printed them. */
export async function infoFields(port: number, section: string): Promise<[string, string][]> {
  const client = await RawClient.connect(port);
  try {
    const reply = parseReply(await client.call('INFO', section));
    if (reply.type !== '$' || reply.text === null) throw new Error(`INFO ${section} on ${port}: ${reply.type}${reply.text}`);
    const fields: [string, string][] = [];
    for (const line of reply.text.split('\r\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const colon = line.indexOf(':');
      fields.push([line.slice(0, colon), line.slice(colon + 1)]);
    }
    return fields;
  } finally {
    client.destroy();
  }
}

/** One INFO field's value, or undefined when the section does not print it. */
export async function infoField(port: number, section: string, field: string): Promise<string | undefined> {
  return (await infoFields(port, section)).find(([name]) => name === field)?.[1];
}

/** One INFO field as a number; fails when the field is missing. */
export async function infoNumber(port: number, section: string, field: string): Promise<number> {
  const value = await infoField(port, section, field);
  if (value === undefined) throw new Error(`INFO ${section} on port ${port} has no ${field}`);
  return Number(value);
}

/** Waits until the replica on `port` reports `master_link_status:up`. */
export async function waitForLinkUp(port: number, timeoutMs = DEFAULT_REPL_TIMEOUT_MS): Promise<void> {
  await waitFor(
    async () => {
      const status = await infoField(port, 'replication', 'master_link_status');
      if (status !== 'up') throw new Error(`master_link_status:${status}`);
      return true;
    },
    { timeoutMs, what: `the replica on port ${port} to report master_link_status:up` },
  );
}

/**
 * Waits until every replica's link is up and its slave_repl_offset equals the master's
 * master_repl_offset (read in the same poll), and returns that offset.
 */
export async function waitForOffsetsEqual(
  masterPort: number,
  replicaPorts: readonly number[],
  timeoutMs = DEFAULT_REPL_TIMEOUT_MS,
): Promise<number> {
  return waitFor(
    async () => {
      const target = await infoNumber(masterPort, 'replication', 'master_repl_offset');
      for (const port of replicaPorts) {
        const fields = new Map(await infoFields(port, 'replication'));
        const status = fields.get('master_link_status');
        const offset = Number(fields.get('slave_repl_offset'));
        if (status !== 'up' || offset !== target) {
          throw new Error(`master ${masterPort} at ${target}, replica ${port} link ${status} at ${offset}`);
        }
      }
      // A master offset of 0 is falsy for waitFor; report it as a number anyway.
      return { target };
    },
    { timeoutMs, what: `replicas ${replicaPorts.join(', ')} to reach master ${masterPort}'s offset` },
  ).then(({ target }) => target);
}
