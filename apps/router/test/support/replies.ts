/**
 * Comparing a script's replies through the router with a reference redis-server's, byte for byte:
 * the same commands on two raw connections, one reply each, every difference listed.
 */
import { encodeCommand, escapeBytes, RawClient, type Arg } from '@resplica/testing';

export type Script = readonly (readonly Arg[])[];

/** Runs `script` on both connections in lock step; returns the steps whose replies differ. */
export async function compareScript(router: RawClient, reference: RawClient, script: Script): Promise<string[]> {
  const mismatches: string[] = [];
  for (const cmd of script) {
    const [a, b] = await Promise.all([router.call(...cmd), reference.call(...cmd)]);
    if (!a.equals(b)) {
      mismatches.push(`${cmd.map(String).join(' ').slice(0, 80)}\n    router:    ${escapeBytes(a)}\n    reference: ${escapeBytes(b)}`);
    }
  }
  return mismatches;
}

/** Sends the whole script in one write and reads every reply: order and bytes must match. */
export async function pipelineBytes(client: RawClient, script: Script): Promise<Buffer[]> {
  client.send(Buffer.concat(script.map((cmd) => encodeCommand(cmd))));
  const replies: Buffer[] = [];
  for (let i = 0; i < script.length; i++) replies.push(await client.readReply());
  return replies;
}
