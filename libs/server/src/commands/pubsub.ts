/**
 * The pub/sub command family: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and the
 * PUBSUB container (CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP), with Redis 7.0's
 * exact replies in RESP2 and RESP3.
 *
 * Every (un)subscribe confirmation is a push (`>3` in RESP3, `*3` in RESP2) whose count is the
 * client's channels plus patterns after the change. A (P)(UN)SUBSCRIBE with n arguments writes n
 * confirmations, not one reply: the engine must not count them as n commands (CLIENT REPLY SKIP).
 *
 * Not supported: sharded pub/sub (SSUBSCRIBE & co.). PUBSUB SHARDCHANNELS / SHARDNUMSUB answer as a
 * standalone Redis with no shard subscriptions does.
 *
 * Dispatch-level rules that belong to the engine, not here: in RESP2 a subscribed client may send
 * only (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET, and PING then replies `*2 pong <arg|"">`.
 */
import type { Reply } from '@resplica/commands';
import type { ClientView, NodeView, ServerHandler } from '../contracts';
import { dispatchSubcommand, replyHelp } from './client-subcommands';
import type { Subcommand } from './client-subcommands';

/** Pre-encoded `<push of 3>` + kind bulk, per protocol; the channel and the count follow. */
interface KindPrefix {
  readonly resp2: Buffer;
  readonly resp3: Buffer;
}

function kindPrefix(kind: string): KindPrefix {
  const bulk = `$${kind.length}\r\n${kind}\r\n`;
  return { resp2: Buffer.from(`*3\r\n${bulk}`, 'latin1'), resp3: Buffer.from(`>3\r\n${bulk}`, 'latin1') };
}

const SUBSCRIBE = kindPrefix('subscribe');
const UNSUBSCRIBE = kindPrefix('unsubscribe');
const PSUBSCRIBE = kindPrefix('psubscribe');
const PUNSUBSCRIBE = kindPrefix('punsubscribe');

/** Writes one confirmation: kind, channel or pattern (null when there was none), count. */
function confirm(client: ClientView, kind: KindPrefix, name: Buffer | null): void {
  const reply = client.reply;
  reply.raw(reply.protocol === 3 ? kind.resp3 : kind.resp2);
  reply.bulk(name);
  reply.integer(client.channels.size + client.patterns.size);
}

function subscribeCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  for (let i = 1; i < argv.length; i++) {
    node.pubsub.subscribe(client, argv[i]);
    confirm(client, SUBSCRIBE, argv[i]);
  }
}

function psubscribeCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  for (let i = 1; i < argv.length; i++) {
    node.pubsub.psubscribe(client, argv[i]);
    confirm(client, PSUBSCRIBE, argv[i]);
  }
}

/**
 * UNSUBSCRIBE [channel …]. Without arguments it leaves every channel, one confirmation each, or
 * sends a single confirmation with a null channel when there was none.
 */
function unsubscribeCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length > 1) {
    for (let i = 1; i < argv.length; i++) {
      node.pubsub.unsubscribe(client, argv[i]);
      confirm(client, UNSUBSCRIBE, argv[i]);
    }
    return;
  }
  if (client.channels.size === 0) {
    confirm(client, UNSUBSCRIBE, null);
    return;
  }
  // Copy first: unsubscribing removes from the set being walked.
  for (const key of [...client.channels]) {
    node.pubsub.unsubscribe(client, key);
    confirm(client, UNSUBSCRIBE, Buffer.from(key, 'latin1'));
  }
}

/** PUNSUBSCRIBE [pattern …], the pattern twin of UNSUBSCRIBE. */
function punsubscribeCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length > 1) {
    for (let i = 1; i < argv.length; i++) {
      node.pubsub.punsubscribe(client, argv[i]);
      confirm(client, PUNSUBSCRIBE, argv[i]);
    }
    return;
  }
  if (client.patterns.size === 0) {
    confirm(client, PUNSUBSCRIBE, null);
    return;
  }
  for (const key of [...client.patterns]) {
    node.pubsub.punsubscribe(client, key);
    confirm(client, PUNSUBSCRIBE, Buffer.from(key, 'latin1'));
  }
}

/** PUBLISH channel message: goes through the node so the engine can also propagate it. */
/** PUBLISH: delivered here, and propagated to replicas so their subscribers get it too (7.0). */
function publishCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  client.reply.integer(node.publish(argv[1], argv[2]));
  node.propagate?.(client.dbIndex, argv);
}

// ---------------------------------------------------------------------------------------------
// PUBSUB container
// ---------------------------------------------------------------------------------------------

/** Redis refuses more than one pattern with this wording (the subcommand as typed, at most 128 chars). */
function tooManyArgs(reply: Reply, argv: Buffer[]): void {
  reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].toString().slice(0, 128)}'. Try PUBSUB HELP.`);
}

function replyNames(reply: Reply, names: Buffer[]): void {
  reply.arrayHeader(names.length);
  for (const name of names) reply.bulk(name);
}

function channelsCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length > 3) return tooManyArgs(client.reply, argv);
  replyNames(client.reply, node.pubsub.channelNames(argv.length === 3 ? argv[2] : null));
}

/** NUMSUB ch…: a flat array of name, count pairs (an array in RESP3 too, as in Redis 7.0). */
function numsubCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  const reply = client.reply;
  reply.arrayHeader((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    reply.bulk(argv[i]);
    reply.integer(node.pubsub.subscriberCount(argv[i]));
  }
}

function numpatCommand(node: NodeView, client: ClientView): void {
  client.reply.integer(node.pubsub.patternCount);
}

/** No shard channels exist on a standalone node: always empty. */
function shardchannelsCommand(_node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length > 3) return tooManyArgs(client.reply, argv);
  client.reply.arrayHeader(0);
}

function shardnumsubCommand(_node: NodeView, client: ClientView, argv: Buffer[]): void {
  const reply = client.reply;
  reply.arrayHeader((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    reply.bulk(argv[i]);
    reply.integer(0);
  }
}

const PUBSUB_HELP: readonly string[] = [
  'CHANNELS [<pattern>]',
  '    Return the active channels, only those matching <pattern> when given (default: all).',
  'NUMPAT',
  '    Return the number of distinct patterns clients are subscribed to.',
  'NUMSUB [<channel> ...]',
  '    Return, for each <channel>, its number of subscribers (pattern subscriptions are not',
  '    counted).',
  'SHARDCHANNELS [<pattern>]',
  '    Return the active shard channels, only those matching <pattern> when given.',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return, for each shard channel, its number of subscribers.',
];

function pubsubHelpCommand(_node: NodeView, client: ClientView): void {
  replyHelp(client.reply, 'PUBSUB', PUBSUB_HELP);
}

const PUBSUB_SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map<string, Subcommand>([
  ['channels', { arity: -2, handler: channelsCommand }],
  ['numsub', { arity: -2, handler: numsubCommand }],
  ['numpat', { arity: 2, handler: numpatCommand }],
  ['shardchannels', { arity: -2, handler: shardchannelsCommand }],
  ['shardnumsub', { arity: -2, handler: shardnumsubCommand }],
  ['help', { arity: 2, handler: pubsubHelpCommand }],
]);

function pubsubCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  dispatchSubcommand('pubsub', PUBSUB_SUBCOMMANDS, node, client, argv);
}

/** Handlers keyed by lower-case command name; arity of the top-level command is checked by dispatch. */
export const pubsubHandlers: ReadonlyMap<string, ServerHandler> = new Map<string, ServerHandler>([
  ['subscribe', subscribeCommand],
  ['psubscribe', psubscribeCommand],
  ['unsubscribe', unsubscribeCommand],
  ['punsubscribe', punsubscribeCommand],
  ['publish', publishCommand],
  ['pubsub', pubsubCommand],
]);
