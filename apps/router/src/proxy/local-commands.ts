/**
 * The commands the router answers itself, because their state is the client's connection to the
 * router, not a backend's: AUTH and HELLO (against the router's own requirepass; backends are
 * reached with masteruser/masterauth), PING, ECHO, SELECT (per-database pools), QUIT, RESET, INFO
 * (the router's sections), CLIENT (ID, SETNAME, GETNAME, SETINFO, REPLY — muting is done here, by
 * dropping replies, so no backend connection needs CLIENT REPLY state), CONFIG (GET is forwarded to
 * the master; changing a node's configuration through the router is refused) and RESPLICA ROUTE.
 *
 * These are rare, so arguments are decoded here (a view of each) and replies encoded with a
 * ReplyWriter in the client's protocol. Wording follows Redis 7.0 where Redis has the command.
 */
import { timingSafeEqual } from 'node:crypto';
import { ReplyWriter, RequestParser, type CommandFrame } from '@resplica/resp';
import { wrongArity } from '@resplica/commands';
import type { ClientSession } from './client-session';
import { CONTINUE, forwardMaster, STALL } from './forward';
import {
  AUTH_NOPASS,
  CLIENT_NAME,
  DB_INDEX,
  errorReply,
  HELLO_NOAUTH,
  NOPROTO,
  NOT_INTEGER,
  OK,
  PINNED_HELLO,
  PONG,
  PROTO_VERSION,
  refusedReply,
  RESET,
  RESPLICA_HELP,
  ROUTE_SYNTAX,
  SYNTAX,
  WRONGPASS,
} from './replies';
import { F_CLOSE } from './request';
import { routeModeOf } from './route-mode';

type LocalHandler = (s: ClientSession, frame: Buffer, info: CommandFrame) => number;

const REDIS_VERSION = '7.0.15';

/* ------------------------------------------------------------------ argument and reply helpers */

const parser = new RequestParser();
const writer = new ReplyWriter();

/** The arguments of a complete frame, as views of it. */
function argvOf(frame: Buffer): Buffer[] {
  parser.feed(frame);
  const argv = parser.next() ?? [];
  parser.next(); // releases the frame
  return argv;
}

/** Encodes a reply in `proto`. The writer never rewrites bytes it handed out, so views are stable. */
function build(proto: 2 | 3, write: (w: ReplyWriter) => void): Buffer {
  writer.protocol = proto;
  write(writer);
  const chunks = writer.takeChunks();
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

function lower(arg: Buffer): string {
  return arg.toString('latin1').toLowerCase();
}

function arity(s: ClientSession, name: string): number {
  s.reply(errorReply(wrongArity(name)));
  return CONTINUE;
}

/** Visible ASCII only, as Redis requires of client names and library attributes. */
function isValidAttr(value: Buffer): boolean {
  for (let i = 0; i < value.length; i++) if (value[i] < 0x21 || value[i] > 0x7e) return false;
  return true;
}

/** Whether `user`/`password` authenticate as the router's one user, `default`. */
function credentialsValid(s: ClientSession, user: Buffer, password: Buffer): boolean {
  if (user.toString('latin1') !== 'default') return false;
  const expected = s.ctx.requirePass;
  if (expected === '') return true;
  const want = Buffer.from(expected);
  return password.length === want.length && timingSafeEqual(password, want);
}

/**
 * The SELECT index in the frame's first argument: the index, or -1 (not an integer), -2 (out of
 * range), -3 (wrong number of arguments). See dbIndexError.
 */
export function parseDbIndex(s: ClientSession, info: CommandFrame): number {
  if (info.argc !== 2 || info.arg1Buf === null) return -3;
  const text = info.arg1Buf.toString('latin1', info.arg1Start, info.arg1End);
  if (!/^-?\d{1,18}$/.test(text)) return -1;
  const index = Number(text);
  return index >= 0 && index < s.ctx.limits.databases ? index : -2;
}

export function dbIndexError(code: number): Buffer {
  return code === -1 ? NOT_INTEGER : code === -2 ? DB_INDEX : errorReply(wrongArity('select'));
}

/* ------------------------------------------------------------------ connection commands */

/** AUTH <password> | AUTH <username> <password>, against the router's requirepass. */
function auth(s: ClientSession, frame: Buffer): number {
  const argv = argvOf(frame);
  if (argv.length < 2) return arity(s, 'auth');
  if (argv.length > 3) {
    s.reply(SYNTAX);
    return CONTINUE;
  }
  if (argv.length === 2 && s.ctx.requirePass === '') {
    s.reply(AUTH_NOPASS);
    return CONTINUE;
  }
  const user = argv.length === 3 ? argv[1] : Buffer.from('default');
  if (!credentialsValid(s, user, argv[argv.length - 1])) {
    s.reply(WRONGPASS);
    return CONTINUE;
  }
  s.authenticated = true;
  s.reply(OK);
  return CONTINUE;
}

/** HELLO [protover [AUTH user pass] [SETNAME name]]: the router's own map (role master, as Redis). */
function hello(s: ClientSession, frame: Buffer): number {
  const argv = argvOf(frame);
  let proto = s.proto;
  if (argv.length >= 2) {
    const text = argv[1].toString('latin1');
    const v = /^-?\d{1,18}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(v)) {
      s.reply(PROTO_VERSION);
      return CONTINUE;
    }
    if (v !== 2 && v !== 3) {
      s.reply(NOPROTO);
      return CONTINUE;
    }
    proto = v;
  }
  let user: Buffer | null = null;
  let password: Buffer = Buffer.alloc(0);
  let name: Buffer | null = null;
  for (let i = 2; i < argv.length; i++) {
    const opt = lower(argv[i]);
    const left = argv.length - i - 1;
    if (opt === 'auth' && left >= 2) {
      user = argv[i + 1];
      password = argv[i + 2];
      i += 2;
    } else if (opt === 'setname' && left >= 1) {
      name = argv[++i];
    } else {
      s.reply(errorReply(`ERR Syntax error in HELLO option '${argv[i].toString('latin1')}'`));
      return CONTINUE;
    }
  }
  if (user !== null) {
    if (!credentialsValid(s, user, password)) {
      s.reply(WRONGPASS);
      return CONTINUE;
    }
    s.authenticated = true;
  }
  if (!s.authenticated) {
    s.reply(HELLO_NOAUTH);
    return CONTINUE;
  }
  if (name !== null && !isValidAttr(name)) {
    s.reply(CLIENT_NAME);
    return CONTINUE;
  }
  // Replies of a pinned, subscribed or monitoring connection come in the protocol it was opened with.
  if (proto !== s.proto && (s.pinned !== null || s.pubsub !== null || s.monitor !== null)) {
    s.reply(PINNED_HELLO);
    return CONTINUE;
  }
  if (name !== null) s.name = name.length === 0 ? null : name.toString('latin1');
  s.proto = proto;
  s.reply(
    build(proto, (w) => {
      w.mapHeader(7);
      w.bulk('server');
      w.bulk('redis');
      w.bulk('version');
      w.bulk(REDIS_VERSION);
      w.bulk('proto');
      w.integer(proto);
      w.bulk('id');
      w.integer(s.id);
      w.bulk('mode');
      w.bulk('standalone');
      w.bulk('role');
      w.bulk('master');
      w.bulk('modules');
      w.arrayHeader(0);
    }),
  );
  return CONTINUE;
}

function ping(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  if (info.argc > 2) return arity(s, 'ping');
  if (info.argc === 1) s.reply(PONG);
  else s.reply(build(s.proto, (w) => w.bulk(argvOf(frame)[1])));
  return CONTINUE;
}

function echo(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  if (info.argc !== 2) return arity(s, 'echo');
  s.reply(build(s.proto, (w) => w.bulk(argvOf(frame)[1])));
  return CONTINUE;
}

/** SELECT: the session's later commands use that database's pools. */
function select(s: ClientSession, _frame: Buffer, info: CommandFrame): number {
  const index = parseDbIndex(s, info);
  if (index < 0) {
    s.reply(dbIndexError(index));
    return CONTINUE;
  }
  s.select(index);
  s.reply(OK);
  return CONTINUE;
}

function quit(s: ClientSession): number {
  s.reply(OK, F_CLOSE);
  return CONTINUE;
}

/** RESET runs after everything before it is answered (it may drop a pinned connection). */
function reset(s: ClientSession): number {
  if (s.queue.length > 0) return STALL;
  s.resetState();
  s.reply(RESET);
  return CONTINUE;
}

/** INFO [section …]: the router's own sections (server, clients, stats, router). */
function info(s: ClientSession, frame: Buffer): number {
  const sections = argvOf(frame)
    .slice(1)
    .map((arg) => lower(arg));
  const text = s.ctx.renderInfo(sections);
  s.reply(build(s.proto, (w) => w.verbatim(text)));
  return CONTINUE;
}

/* ------------------------------------------------------------------ CLIENT, CONFIG, RESPLICA */

/** CLIENT subcommands that act on other connections or on backend connection state. */
const CLIENT_REFUSED = new Set(['list', 'info', 'kill', 'unblock', 'pause', 'unpause', 'tracking', 'trackinginfo', 'caching', 'getredir', 'no-evict', 'no-touch']);

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Through the resplica router:',
  'ID',
  '    Return the ID of this connection to the router.',
  'GETNAME',
  '    Return the name of the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'SETINFO <LIB-NAME|LIB-VER> <value>',
  '    Accepted and ignored.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'Other subcommands act on one node: connect to it directly.',
];

function client(s: ClientSession, frame: Buffer): number {
  const argv = argvOf(frame);
  if (argv.length < 2) return arity(s, 'client');
  const sub = lower(argv[1]);
  if (CLIENT_REFUSED.has(sub)) {
    s.reply(refusedReply(`client ${sub}`));
    return CONTINUE;
  }
  switch (sub) {
    case 'id':
      if (argv.length !== 2) return arity(s, 'client|id');
      s.reply(build(s.proto, (w) => w.integer(s.id)));
      return CONTINUE;
    case 'getname':
      if (argv.length !== 2) return arity(s, 'client|getname');
      s.reply(build(s.proto, (w) => w.bulk(s.name)));
      return CONTINUE;
    case 'setname':
      if (argv.length !== 3) return arity(s, 'client|setname');
      if (!isValidAttr(argv[2])) {
        s.reply(CLIENT_NAME);
        return CONTINUE;
      }
      s.name = argv[2].length === 0 ? null : argv[2].toString('latin1');
      s.reply(OK);
      return CONTINUE;
    case 'setinfo': {
      if (argv.length !== 4) return arity(s, 'client|setinfo');
      const attr = lower(argv[2]);
      if (attr !== 'lib-name' && attr !== 'lib-ver') {
        s.reply(errorReply(`ERR Unrecognized option '${argv[2].toString('latin1')}'`));
        return CONTINUE;
      }
      s.reply(isValidAttr(argv[3]) ? OK : errorReply(`ERR ${attr} cannot contain spaces, newlines or special characters.`));
      return CONTINUE;
    }
    case 'reply':
      return clientReply(s, argv);
    case 'help':
      s.reply(
        build(s.proto, (w) => {
          w.arrayHeader(CLIENT_HELP.length);
          for (const line of CLIENT_HELP) w.status(line);
        }),
      );
      return CONTINUE;
    default:
      s.reply(errorReply(`ERR unknown subcommand '${argv[1].toString('latin1').slice(0, 128)}'. Try CLIENT HELP.`));
      return CONTINUE;
  }
}

/** CLIENT REPLY ON answers +OK; OFF and SKIP answer nothing (the session drops the replies). */
function clientReply(s: ClientSession, argv: Buffer[]): number {
  if (argv.length !== 3) return arity(s, 'client|reply');
  const mode = lower(argv[2]);
  if (mode === 'on') {
    s.replyOff = false;
    s.skipNext = false;
    s.reply(OK);
  } else if (mode === 'off') {
    s.replyOff = true;
  } else if (mode === 'skip') {
    if (!s.replyOff) s.skipNext = true;
  } else {
    s.reply(SYNTAX);
  }
  return CONTINUE;
}

/** CONFIG GET and HELP only read: the rest would change one node's configuration. */
export function configReadOnly(info: CommandFrame): boolean {
  if (info.arg1Buf === null) return false;
  const sub = info.arg1Buf.toString('latin1', info.arg1Start, info.arg1End).toLowerCase();
  return sub === 'get' || sub === 'help';
}

/** CONFIG GET reads the master's configuration; changing a node's through the router is refused. */
function config(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  if (info.argc < 2 || info.arg1Buf === null) return arity(s, 'config');
  if (configReadOnly(info)) return forwardMaster(s, frame, true);
  const sub = info.arg1Buf.toString('latin1', info.arg1Start, info.arg1End).toLowerCase();
  s.reply(refusedReply(`config ${sub.slice(0, 32)}`));
  return CONTINUE;
}

/** RESPLICA ROUTE master|replica|auto [NEXT]: see route-mode.ts and README.md. */
function resplica(s: ClientSession, frame: Buffer): number {
  const argv = argvOf(frame);
  if (argv.length < 2) return arity(s, 'resplica');
  if (lower(argv[1]) !== 'route') {
    s.reply(RESPLICA_HELP);
    return CONTINUE;
  }
  const mode = argv.length >= 3 ? routeModeOf(lower(argv[2])) : -1;
  const next = argv.length === 4 && lower(argv[3]) === 'next';
  if (mode < 0 || argv.length > 4 || (argv.length === 4 && !next)) {
    s.reply(ROUTE_SYNTAX);
    return CONTINUE;
  }
  if (next) {
    s.routeNext = mode;
  } else {
    s.routeMode = mode;
    s.routeNext = -1;
  }
  s.reply(OK);
  return CONTINUE;
}

/**
 * UNSUBSCRIBE/PUNSUBSCRIBE from a client that is not subscribed: no backend holds anything to
 * undo, so the router answers what Redis would — one confirmation per name (a null name when none
 * is given), each with a count of 0.
 */
export function unsubscribeNotSubscribed(s: ClientSession, frame: Buffer): void {
  const argv = argvOf(frame);
  const kind = lower(argv[0]);
  const names: (Buffer | null)[] = argv.length > 1 ? argv.slice(1) : [null];
  s.reply(
    build(s.proto, (w) => {
      for (const name of names) {
        w.pushHeader(3);
        w.bulk(kind);
        w.bulk(name);
        w.integer(0);
      }
    }),
  );
}

const HANDLERS: ReadonlyMap<string, LocalHandler> = new Map<string, LocalHandler>([
  ['auth', auth],
  ['hello', hello],
  ['ping', ping],
  ['echo', echo],
  ['select', select],
  ['quit', quit],
  ['reset', reset],
  ['info', info],
  ['client', client],
  ['config', config],
  ['resplica', resplica],
]);

/** Runs the router's own command `info.name` (one of classify.ts's LOCAL names). */
export function runLocal(s: ClientSession, frame: Buffer, info: CommandFrame): number {
  return HANDLERS.get(info.name)!(s, frame, info);
}
