/**
 * The connection family: AUTH, HELLO, PING, ECHO, QUIT, RESET, SELECT. They change the state of the
 * calling client only (auth, protocol, selected db, mode), never the dataset.
 *
 * Scope: one user, `default`, whose password is `requirepass` (ACL users are not supported); with no
 * requirepass the default user is `nopass` and accepts any password given with its name, as Redis.
 */
import { timingSafeEqual } from 'node:crypto';
import { ERR_DB_INDEX, ERR_NOT_INTEGER, ERR_SYNTAX } from '@resplica/commands';
import type { Client } from '../client';
import type { Node } from '../node';
import { resetClient } from '../client-reset';
import { ERR_CLIENT_NAME, isValidClientAttr } from './client';

export const ERR_WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const ERR_AUTH_NOPASS =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
const ERR_HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';
const ERR_PROTO_VERSION = 'ERR Protocol version is not an integer or out of range';
const ERR_NOPROTO = 'NOPROTO unsupported protocol version';
const REDIS_VERSION = '7.0.15';
const EMPTY = Buffer.alloc(0);

/** Compares a password without leaking its length through timing of the common prefix. */
function passwordMatches(given: Buffer, expected: string): boolean {
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Whether `user`/`password` authenticate as the default user (the only user of this milestone). */
function credentialsValid(node: Node, user: Buffer, password: Buffer): boolean {
  if (user.toString() !== 'default') return false;
  return node.requirePass === '' || passwordMatches(password, node.requirePass);
}

/** AUTH <password> | AUTH <username> <password>. */
function auth(node: Node, client: Client, argv: Buffer[]): void {
  if (argv.length > 3) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  if (argv.length === 2 && node.requirePass === '') {
    client.reply.error(ERR_AUTH_NOPASS);
    return;
  }
  const user = argv.length === 3 ? argv[1] : Buffer.from('default');
  if (!credentialsValid(node, user, argv[argv.length - 1])) {
    client.reply.error(ERR_WRONGPASS);
    return;
  }
  client.setAuthenticated(true);
  client.reply.ok();
}

/** HELLO [protover [AUTH user pass] [SETNAME name]]: negotiates RESP2/3 and answers the server map. */
function hello(node: Node, client: Client, argv: Buffer[]): void {
  let protocol: 2 | 3 = client.reply.protocol;
  if (argv.length >= 2) {
    const text = argv[1].toString();
    const v = /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(v)) {
      client.reply.error(ERR_PROTO_VERSION);
      return;
    }
    if (v !== 2 && v !== 3) {
      client.reply.error(ERR_NOPROTO);
      return;
    }
    protocol = v;
  }
  let user: Buffer | null = null;
  let password: Buffer = EMPTY;
  let name: Buffer | null = null;
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i].toString().toLowerCase();
    const left = argv.length - i - 1;
    if (opt === 'auth' && left >= 2) {
      user = argv[i + 1];
      password = argv[i + 2];
      i += 2;
    } else if (opt === 'setname' && left >= 1) {
      name = argv[i + 1];
      i += 1;
    } else {
      client.reply.error(`ERR Syntax error in HELLO option '${argv[i].toString()}'`);
      return;
    }
  }
  if (user !== null) {
    if (!credentialsValid(node, user, password)) {
      client.reply.error(ERR_WRONGPASS);
      return;
    }
    client.setAuthenticated(true);
  }
  if (!client.authenticated && node.requirePass !== '') {
    client.reply.error(ERR_HELLO_NOAUTH);
    return;
  }
  if (name !== null) {
    if (!isValidClientAttr(name)) {
      client.reply.error(ERR_CLIENT_NAME);
      return;
    }
    client.name = name.length === 0 ? null : name.toString();
  }
  client.setProtocol(protocol);
  const reply = client.reply;
  reply.mapHeader(7);
  reply.bulk('server');
  reply.bulk('redis');
  reply.bulk('version');
  reply.bulk(REDIS_VERSION);
  reply.bulk('proto');
  reply.integer(protocol);
  reply.bulk('id');
  reply.integer(client.id);
  reply.bulk('mode');
  reply.bulk('standalone');
  reply.bulk('role');
  reply.bulk(node.role);
  reply.bulk('modules');
  reply.arrayHeader(0);
}

/** PING [message]; in RESP2 subscribe mode the reply is the `pong` push pair, as Redis. */
function ping(_node: Node, client: Client, argv: Buffer[]): void {
  if (argv.length > 2) {
    client.reply.error("ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (client.subscribed && client.reply.protocol === 2) {
    client.reply.arrayHeader(2);
    client.reply.bulk('pong');
    client.reply.bulk(argv.length === 2 ? argv[1] : EMPTY);
    return;
  }
  if (argv.length === 2) client.reply.bulk(argv[1]);
  else client.reply.status('PONG');
}

function echo(_node: Node, client: Client, argv: Buffer[]): void {
  client.reply.bulk(argv[1]);
}

/** QUIT: +OK, then the connection closes once that reply is flushed. */
function quit(_node: Node, client: Client): void {
  client.reply.ok();
  client.closeAfterReply();
}

/** RESET: back to a fresh connection's state (see client-reset.ts), answering +RESET. */
function reset(node: Node, client: Client): void {
  resetClient(node, client);
  client.reply.status('RESET');
}

/** SELECT <db>. */
function select(node: Node, client: Client, argv: Buffer[]): void {
  const text = argv[1].toString();
  const index = /^-?\d{1,18}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(index)) {
    client.reply.error(ERR_NOT_INTEGER);
    return;
  }
  if (index < 0 || index >= node.keyspace.databases.length) {
    client.reply.error(ERR_DB_INDEX);
    return;
  }
  client.select(index, node.keyspace.databases[index]);
  client.reply.ok();
}

export const connectionHandlers = new Map([
  ['auth', auth],
  ['hello', hello],
  ['ping', ping],
  ['echo', echo],
  ['quit', quit],
  ['reset', reset],
  ['select', select],
]);
