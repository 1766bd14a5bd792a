/**
 * CLIENT LIST and CLIENT INFO: one line per client in Redis 7.0.15's exact field order, plus the
 * client-type and client-id parsing that CLIENT KILL shares.
 *
 * Field order (7.0.15): id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free
 * argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp. Redis 7.2 adds
 * lib-name and lib-ver; we speak 7.0, so they are not printed although CLIENT SETINFO stores them.
 *
 * Memory fields we do not track the way Redis does (its static reply buffer, read buffer and argv
 * accounting) print 0; `qbuf` is the unparsed input, `omem` all pending output, `tot-mem` their sum.
 * Ages are whole seconds relative to the calling command's time (`ctx.now`).
 */
import { ERR_SYNTAX } from '@resplica/commands';
import type { ClientView, NodeView } from '../contracts';

/** Client classes of CLIENT LIST TYPE / CLIENT KILL TYPE. */
export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

export const ERR_INVALID_CLIENT_ID = 'ERR Invalid client ID';

/** Parses a client type name as Redis accepts it (`slave` is `replica`), or null. */
export function parseClientType(arg: Buffer): ClientType | null {
  switch (arg.toString('latin1').toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'master':
      return 'master';
    case 'replica':
    case 'slave':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    default:
      return null;
  }
}

export function unknownClientType(arg: Buffer): string {
  return `ERR Unknown client type '${arg.toString()}'`;
}

/** The class Redis puts a client in: master link, replica (monitors are not), subscriber, normal. */
export function clientType(client: ClientView): ClientType {
  const flags = client.flags();
  if (flags.includes('M')) return 'master';
  if (flags.includes('S') && !client.monitor) return 'replica';
  if (client.channels.size + client.patterns.size > 0) return 'pubsub';
  return 'normal';
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * A client id as Redis's strict integer parser reads it (no `+`, no leading zeros, 64-bit range),
 * or null. Ids beyond 2^53 cannot name one of our clients, so their exact value does not matter.
 */
export function parseClientId(arg: Buffer): number | null {
  const text = arg.toString('latin1');
  if (!/^(?:0|-?[1-9][0-9]*)$/.test(text)) return null;
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) return null;
  return Number(value);
}

/** One CLIENT LIST line for `client`, without the trailing newline. */
export function formatClientLine(client: ClientView, nowMs: number): string {
  const qbuf = client.queryBufferBytes();
  const omem = client.outputBufferBytes();
  return (
    `id=${client.id} addr=${client.addr} laddr=${client.laddr} fd=${client.fd} name=${client.name ?? ''}` +
    ` age=${Math.floor((nowMs - client.createdAtMs) / 1000)}` +
    ` idle=${Math.floor((nowMs - client.lastInteractionMs) / 1000)}` +
    ` flags=${client.flags()} db=${client.dbIndex}` +
    ` sub=${client.channels.size} psub=${client.patterns.size} ssub=0` +
    ` multi=${client.inMulti ? client.queuedCount : -1}` +
    ` qbuf=${qbuf} qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=${omem}` +
    ` tot-mem=${qbuf + omem} events=${omem > 0 ? 'rw' : 'r'} cmd=${client.lastCommand}` +
    ` user=${client.user} redir=-1 resp=${client.reply.protocol}`
  );
}

/** CLIENT INFO: the caller's own line, newline-terminated (verbatim in RESP3, bulk in RESP2). */
export function clientInfoCommand(_node: NodeView, client: ClientView): void {
  client.reply.verbatim(formatClientLine(client, client.ctx.now) + '\n');
}

/**
 * CLIENT LIST [TYPE type | ID id …]. Redis 7.0 takes exactly one of the two filters: TYPE with
 * exactly one value, ID with one or more (listed in the order given, repeats included).
 */
export function clientListCommand(node: NodeView, client: ClientView, argv: Buffer[]): void {
  const reply = client.reply;
  const now = client.ctx.now;
  const option = argv.length >= 4 ? argv[2].toString('latin1').toLowerCase() : '';
  let text = '';
  if (argv.length === 2) {
    for (const other of node.clients.values()) text += formatClientLine(other, now) + '\n';
  } else if (argv.length === 4 && option === 'type') {
    const type = parseClientType(argv[3]);
    if (type === null) return reply.error(unknownClientType(argv[3]));
    for (const other of node.clients.values()) {
      if (clientType(other) === type) text += formatClientLine(other, now) + '\n';
    }
  } else if (option === 'id') {
    const ids: number[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseClientId(argv[i]);
      if (id === null) return reply.error(ERR_INVALID_CLIENT_ID);
      ids.push(id);
    }
    for (const id of ids) {
      const other = node.clients.get(id);
      if (other !== undefined) text += formatClientLine(other, now) + '\n';
    }
  } else {
    return reply.error(ERR_SYNTAX);
  }
  reply.verbatim(text);
}
