/*
 * Counting what a node itself served, independently of the router: its INFO commandstats calls per
 * command, after a CONFIG RESETSTAT.
 */
import { infoFields, RawClient } from '@resplica/testing';

/** Zeroes the node's command statistics. */
export async function resetStats(port: number): Promise<void> {
  const client = await RawClient.connect(port);
  try {
    const reply = (await client.call('CONFIG', 'RESETSTAT')).toString();
    if (reply !== '+OK\r\n') throw new Error(`CONFIG RESETSTAT on ${port}: ${reply}`);
  } finally {
    client.destroy();
  }
}

/** How many times the node ran `command` (lower case) since its stats were reset. */
export async function callsOf(port: number, command: string): Promise<number> {
  const line = (await infoFields(port, 'commandstats')).find(([name]) => name === `cmdstat_${command}`);
  return line === undefined ? 0 : Number(/calls=(\d+)/.exec(line[1])![1]);
}
