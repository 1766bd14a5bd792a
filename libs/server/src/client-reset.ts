/**
 * What a client leaves behind, in one place: RESET brings a connection back to its initial state,
 * and a disconnect releases everything the node holds for it. Both go through here so the lists
 * cannot drift apart.
 */
import type { Client } from './client';
import { discardTransaction } from './commands/transactions';
import type { Node } from './node';

/** Releases node-side state of a client: transaction, WATCHed keys, subscriptions, MONITOR. */
export function releaseClientState(node: Node, client: Client): void {
  discardTransaction(node, client);
  node.pubsub.unsubscribeAll(client);
  if (client.monitor) node.monitors.remove(client);
}

/**
 * RESET: leaves MULTI, unwatches, unsubscribes, leaves MONITOR, selects db 0, RESP2, CLIENT REPLY
 * ON, forgets the client name, and deauthenticates when a password is required.
 */
export function resetClient(node: Node, client: Client): void {
  releaseClientState(node, client);
  client.select(0, node.keyspace.databases[0]);
  client.setProtocol(2);
  client.replyMode = 'on';
  client.name = null;
  if (node.requirePass !== '') client.setAuthenticated(false);
}
