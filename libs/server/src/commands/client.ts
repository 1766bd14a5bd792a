/**
 * The CLIENT container: ID, SETNAME, GETNAME, LIST, INFO, KILL, SETINFO, REPLY, HELP, with Redis
 * 7.0's replies and errors. LIST/INFO live in client-list.ts, KILL in client-kill.ts.
 *
 * CLIENT SETINFO does not exist in Redis 7.0 (it replies `ERR unknown subcommand 'SETINFO'`); we
 * implement it as Redis 7.2 does, because clients (ioredis, node-redis, redis-py) send it at connect
 * and some log the error. Its values are stored but, 7.0-like, not printed by CLIENT LIST.
 *
 * Not supported (unknown-subcommand error): CACHING, GETREDIR, PAUSE, UNPAUSE, TRACKING,
 * TRACKINGINFO, NO-EVICT.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { ClientView, NodeView, ServerHandler } from '../contracts';
import { clientKillCommand } from './client-kill';
import { clientInfoCommand, clientListCommand } from './client-list';
import { dispatchSubcommand, replyHelp } from './client-subcommands';
import type { Subcommand } from './client-subcommands';

export const ERR_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

/**
 * Whether `value` may appear in a CLIENT LIST line: printable ASCII without spaces (`!`..`~`), so the
 * space-separated `key=value` format stays parseable. HELLO SETNAME uses it too.
 */
export function isValidClientAttr(value: Buffer): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

function idCommand(_node: NodeView, client: ClientView): void {
  client.reply.integer(client.id);
}

/** SETNAME name: an empty name removes the name (GETNAME then replies null). */
function setnameCommand(_node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (!isValidClientAttr(argv[2])) {
    client.reply.error(ERR_CLIENT_NAME);
    return;
  }
  client.name = argv[2].length === 0 ? null : argv[2].toString('latin1');
  client.reply.ok();
}

function getnameCommand(_node: NodeView, client: ClientView): void {
  client.reply.bulk(client.name);
}

/** SETINFO LIB-NAME|LIB-VER value (Redis 7.2 behaviour and wording; see the file comment). */
function setinfoCommand(_node: NodeView, client: ClientView, argv: Buffer[]): void {
  const attr = argv[2].toString();
  const which = attr.toLowerCase();
  if (which !== 'lib-name' && which !== 'lib-ver') {
    client.reply.error(`ERR Unrecognized option '${attr}'`);
    return;
  }
  if (!isValidClientAttr(argv[3])) {
    client.reply.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
    return;
  }
  const value = argv[3].toString('latin1');
  if (which === 'lib-name') client.libName = value;
  else client.libVersion = value;
  client.reply.ok();
}

/**
 * REPLY ON|OFF|SKIP. Only ON replies (`+OK`); OFF and SKIP reply nothing. SKIP while OFF keeps OFF,
 * as Redis does. The engine applies the mode: `skip` silences the NEXT command, then returns to `on`.
 */
function replyCommand(_node: NodeView, client: ClientView, argv: Buffer[]): void {
  switch (argv[2].toString('latin1').toLowerCase()) {
    case 'on':
      client.replyMode = 'on';
      client.reply.ok();
      return;
    case 'off':
      client.replyMode = 'off';
      return;
    case 'skip':
      if (client.replyMode !== 'off') client.replyMode = 'skip';
      return;
    default:
      client.reply.error(ERR_SYNTAX);
  }
}

/**
 * UNBLOCK id [TIMEOUT|ERROR]: ends a blocked client's wait (blocking.ts) with its timeout reply or
 * with `-UNBLOCKED …`. Redis 7.0 checks the reason before the id, and answers a fifth argument
 * with its generic subcommand error.
 */
function unblockCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  if (argv.length > 4) {
    client.reply.error("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.");
    return;
  }
  let asError = false;
  if (argv.length === 4) {
    if (argIs(argv[3], 'error')) asError = true;
    else if (!argIs(argv[3], 'timeout')) {
      client.reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  }
  const id = parseLongLong(argv[2]);
  if (id === null) {
    client.reply.error(ERR_NOT_INTEGER);
    return;
  }
  const done = typeof id === 'number' && node.unblockClient !== undefined && node.unblockClient(id, asError);
  client.reply.integer(done ? 1 : 0);
}

const CLIENT_HELP: readonly string[] = [
  'GETNAME',
  '    Return the name of this connection, or null when it has none.',
  'ID',
  '    Return the id of this connection.',
  'INFO',
  '    Return the CLIENT LIST line of this connection.',
  'KILL <ip:port>',
  '    Close the connection whose peer address is <ip:port>.',
  'KILL <filter> <value> [<filter> <value> ...]',
  '    Close every connection matching all filters, and return how many. Filters:',
  '    * ID <client-id>',
  '    * ADDR <ip:port>       the peer address',
  '    * LADDR <ip:port>      the local address the connection was accepted on',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '    * USER <username>',
  '    * SKIPME (YES|NO)      leave this connection alone (default: YES)',
  'LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB) | ID <client-id> [<client-id> ...]]',
  '    Return one line per connection, optionally only those of a type or with given ids.',
  'REPLY (ON|OFF|SKIP)',
  '    Turn replies to this connection on or off, or skip the reply to the next command.',
  'SETINFO (LIB-NAME|LIB-VER) <value>',
  '    Record the client library name or version of this connection.',
  'SETNAME <name>',
  '    Name this connection; an empty <name> removes the name.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    End the wait of a client blocked in BLPOP and the like, as a timeout (default) or an error.',
];

function clientHelpCommand(_node: NodeView, client: ClientView): void {
  replyHelp(client.reply, 'CLIENT', CLIENT_HELP);
}

const CLIENT_SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map<string, Subcommand>([
  ['id', { arity: 2, handler: idCommand }],
  ['setname', { arity: 3, handler: setnameCommand }],
  ['getname', { arity: 2, handler: getnameCommand }],
  ['list', { arity: -2, handler: clientListCommand }],
  ['info', { arity: 2, handler: clientInfoCommand }],
  ['kill', { arity: -3, handler: clientKillCommand }],
  ['setinfo', { arity: 4, handler: setinfoCommand }],
  ['reply', { arity: 3, handler: replyCommand }],
  ['unblock', { arity: -3, handler: unblockCommand }],
  ['help', { arity: 2, handler: clientHelpCommand }],
]);

function clientCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  dispatchSubcommand('client', CLIENT_SUBCOMMANDS, node, client, argv);
}

/** Handlers keyed by lower-case command name. */
export const clientHandlers: ReadonlyMap<string, ServerHandler> = new Map<string, ServerHandler>([
  ['client', clientCommand],
]);
