/*
 * Pipelining over a RawClient: many commands in one write, then their replies in order. Workloads
 * and dataset dumps issue thousands of commands; one round trip per command would dominate the run
 * time of the replication suites.
 */
import { Arg, encodeCommand } from '../resp-frame';
import { RawClient } from '../raw-client';

/** Commands per write: bounds the bytes in flight (and the reply bytes buffered) per round trip. */
const DEFAULT_CHUNK = 256;

/** Sends every command, in order, and returns the raw bytes of each reply, in the same order. */
export async function pipelineCalls(
  client: RawClient,
  commands: readonly (readonly Arg[])[],
  chunk = DEFAULT_CHUNK,
): Promise<Buffer[]> {
  const replies: Buffer[] = [];
  for (let start = 0; start < commands.length; start += chunk) {
    const slice = commands.slice(start, start + chunk);
    client.send(Buffer.concat(slice.map((argv) => encodeCommand(argv))));
    for (let i = 0; i < slice.length; i++) replies.push(await client.readReply());
  }
  return replies;
}
