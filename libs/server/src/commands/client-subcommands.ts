/**
 * Routing of container commands (CLIENT, PUBSUB) to their subcommands, with Redis 7.0's errors for
 * an unknown subcommand and for a subcommand's wrong arity, and the HELP reply shape they share.
 *
 * Invariant: a subcommand handler runs only after its arity was checked here, so handlers index
 * `argv` up to `|arity| - 1` without checking.
 */
import { wrongArity } from '@resplica/commands';
import type { Reply } from '@resplica/commands';
import type { ClientView, NodeView, ServerHandler } from '../contracts';

/** One subcommand: arity as in COMMAND INFO (counting the parent and the subcommand). */
export interface Subcommand {
  readonly arity: number;
  readonly handler: ServerHandler;
}

/** Subcommands keyed by lower-case name. */
export type SubcommandTable = ReadonlyMap<string, Subcommand>;

/**
 * Looks up `argv[1]` in `table` and runs it, or replies the error Redis gives. `parent` is the lower
 * case container name (`client`), used in both error texts.
 */
export function dispatchSubcommand(
  parent: string,
  table: SubcommandTable,
  node: NodeView,
  client: ClientView,
  argv: Buffer[],
): void {
  // The dispatcher checks the container's own arity (-2); this guard keeps a direct call safe.
  if (argv.length < 2) {
    client.reply.error(wrongArity(parent));
    return;
  }
  const name = argv[1].toString('latin1');
  const sub = table.get(name.toLowerCase());
  if (sub === undefined) {
    client.reply.error(`ERR unknown subcommand '${argv[1].toString().slice(0, 128)}'. Try ${parent.toUpperCase()} HELP.`);
    return;
  }
  const arity = sub.arity;
  if ((arity > 0 && argv.length !== arity) || (arity < 0 && argv.length < -arity)) {
    client.reply.error(wrongArity(`${parent}|${name.toLowerCase()}`));
    return;
  }
  sub.handler(node, client, argv);
}

/**
 * Writes a HELP reply: a header line naming the container, then `lines`, then the HELP entry every
 * container has. Each line is a simple string, as Redis sends them, in RESP2 and RESP3 alike.
 */
export function replyHelp(reply: Reply, parent: string, lines: readonly string[]): void {
  reply.arrayHeader(lines.length + 3);
  reply.status(`${parent} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) reply.status(line);
  reply.status('HELP');
  reply.status('    Print this help.');
}
