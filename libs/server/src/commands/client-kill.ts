/**
 * CLIENT KILL in its two forms, as Redis 7.0 answers them:
 * - old: `CLIENT KILL <ip:port>` closes the client with that address (the caller included) and
 *   replies `+OK`, or `ERR No such client`;
 * - new: `CLIENT KILL <filter> <value> …` with ID, ADDR, LADDR, TYPE, USER, SKIPME (yes by
 *   default), all of which must match; replies the number of clients closed, possibly 0.
 *
 * Other clients are closed at once (their pending output is dropped, as Redis frees them); the
 * caller, when it matches, is closed only after this reply is flushed.
 * Not supported: MAXAGE (Redis 7.4; 7.0 replies a syntax error, and so do we).
 */
import { ERR_SYNTAX } from '@resplica/commands';
import type { ClientView, NodeView } from '../contracts';
import { clientType, parseClientId, parseClientType, unknownClientType } from './client-list';
import type { ClientType } from './client-list';

const ERR_NO_SUCH_CLIENT = 'ERR No such client';
const ERR_CLIENT_ID = 'ERR client-id should be greater than 0';
/** The only ACL user in this milestone; USER filters naming another one are refused as Redis does. */
const KNOWN_USERS: ReadonlySet<string> = new Set(['default']);

/** The filters of the new form; null means "any". */
interface KillFilter {
  id: number | null;
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  user: string | null;
  skipMe: boolean;
}

/**
 * Parses the option/value pairs from argv[2]; returns the filter, or the error text to reply.
 * Options are read left to right and the first bad one decides the error, as in Redis.
 */
function parseKillFilter(argv: Buffer[]): KillFilter | string {
  const filter: KillFilter = { id: null, addr: null, laddr: null, type: null, user: null, skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) return ERR_SYNTAX;
    const value = argv[i + 1];
    switch (argv[i].toString('latin1').toLowerCase()) {
      case 'id': {
        const id = parseClientId(value);
        if (id === null || id < 1) return ERR_CLIENT_ID;
        filter.id = id;
        break;
      }
      case 'type': {
        const type = parseClientType(value);
        if (type === null) return unknownClientType(value);
        filter.type = type;
        break;
      }
      case 'addr':
        filter.addr = value.toString('latin1');
        break;
      case 'laddr':
        filter.laddr = value.toString('latin1');
        break;
      case 'user': {
        const user = value.toString();
        if (!KNOWN_USERS.has(user)) return `ERR No such user '${user}'`;
        filter.user = user;
        break;
      }
      case 'skipme': {
        const yesNo = value.toString('latin1').toLowerCase();
        if (yesNo === 'yes') filter.skipMe = true;
        else if (yesNo === 'no') filter.skipMe = false;
        else return ERR_SYNTAX;
        break;
      }
      default:
        return ERR_SYNTAX;
    }
  }
  return filter;
}

function matches(filter: KillFilter, client: ClientView, caller: ClientView): boolean {
  if (filter.skipMe && client === caller) return false;
  if (filter.id !== null && client.id !== filter.id) return false;
  if (filter.addr !== null && client.addr !== filter.addr) return false;
  if (filter.laddr !== null && client.laddr !== filter.laddr) return false;
  if (filter.user !== null && client.user !== filter.user) return false;
  if (filter.type !== null && clientType(client) !== filter.type) return false;
  return true;
}

/** Closes `victim`: the caller after its reply, anyone else right away. */
function kill(victim: ClientView, caller: ClientView): void {
  if (victim === caller) victim.closeAfterReply();
  else victim.closeNow('killed by CLIENT KILL');
}

export function clientKillCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  const reply = client.reply;
  if (argv.length === 3) {
    const addr = argv[2].toString('latin1');
    for (const other of node.clients.values()) {
      if (other.addr === addr) {
        reply.ok();
        kill(other, client);
        return;
      }
    }
    reply.error(ERR_NO_SUCH_CLIENT);
    return;
  }
  const filter = parseKillFilter(argv);
  if (typeof filter === 'string') {
    reply.error(filter);
    return;
  }
  // Collect first: closing a client may remove it from the map being walked.
  const victims: ClientView[] = [];
  for (const other of node.clients.values()) if (matches(filter, other, client)) victims.push(other);
  reply.integer(victims.length);
  for (const victim of victims) kill(victim, client);
}
