/*
 * The connection commands (Redis group `connection`): authentication, protocol negotiation,
 * liveness, database selection and CLIENT. Checked against a real redis-server 7.0 by
 * test/conformance.spec.ts. The group adds the `@connection` ACL category to every non-container
 * entry.
 *
 * Scope note: CLIENT SETINFO is a Redis 7.2 command (7.0 does not have it). We answer it because
 * current client libraries send it on connect; the conformance test knows it is an extension.
 */
import type { CommandSpec, CommandFlag } from '../types';

const G = 'connection';
/** The flags of the commands a client may send before AUTH, while loading or during a busy script. */
const PRE_AUTH: readonly CommandFlag[] = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'];
const CLIENT_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale'];
const CLIENT_ADMIN: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];

/** A CLIENT subcommand (none of them has keys). */
function client(
  sub: string,
  arity: number,
  flags: readonly CommandFlag[],
  since: string,
  summary: string,
  tips?: readonly string[],
): CommandSpec {
  const spec: CommandSpec = {
    name: `client|${sub}`, arity, flags, firstKey: 0, lastKey: 0, step: 0, group: G, since, summary,
  };
  return tips ? { ...spec, tips } : spec;
}

export const CONNECTION_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'auth', arity: -2, flags: PRE_AUTH, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Authenticates the connection with a password (and user name).',
  },
  {
    name: 'hello', arity: -1, flags: PRE_AUTH, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '6.0.0', summary: 'Negotiates the protocol version, optionally authenticating and naming the client.',
  },
  {
    name: 'ping', arity: -1, flags: ['fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Answers PONG, or echoes its argument.',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  },
  {
    name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Returns its argument.',
  },
  {
    name: 'quit', arity: -1, flags: PRE_AUTH, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Closes the connection after the reply.',
  },
  {
    name: 'reset', arity: 1, flags: PRE_AUTH, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '6.2.0', summary: 'Returns the connection to its initial state.',
  },
  {
    name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.0.0', summary: 'Changes the database of the connection.',
  },
  {
    name: 'client', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.4.0', summary: 'Container of the client connection commands.',
    subcommands: [
      client('id', 2, CLIENT_FLAGS, '5.0.0', 'Returns the unique id of the connection.'),
      client('setname', 3, CLIENT_FLAGS, '2.6.9', 'Names the connection.'),
      client('getname', 2, CLIENT_FLAGS, '2.6.9', 'Returns the name of the connection.'),
      client('list', -2, CLIENT_ADMIN, '2.4.0', 'Describes every client connection, one per line.', [
        'nondeterministic_output',
      ]),
      client('info', 2, CLIENT_FLAGS, '6.2.0', 'Describes this client connection.', ['nondeterministic_output']),
      client('kill', -3, CLIENT_ADMIN, '2.4.0', 'Closes client connections chosen by address, id, type or user.'),
      client('setinfo', 4, CLIENT_FLAGS, '7.2.0', 'Records the library name or version of the connection.'),
      client('reply', 3, CLIENT_FLAGS, '3.2.0', 'Turns replies to this connection on, off, or off for one command.'),
      client('unblock', -3, CLIENT_ADMIN, '5.0.0', 'Ends the wait of a client blocked in a blocking command.'),
      client('help', 2, ['loading', 'stale'], '5.0.0', 'Lists the CLIENT subcommands.'),
    ],
  },
];
