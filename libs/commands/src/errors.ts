/**
 * The catalogue of client-visible error replies, with Redis 7.0's exact text and code prefix.
 * Handlers pass these to `Reply.error`; the reply writer pre-encodes the ones it sees often.
 * Add here, never inline a literal in a handler, so one wording is used everywhere.
 */
export const ERR_WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_DB_INDEX = 'ERR DB index is out of range';
export const ERR_NOAUTH = 'NOAUTH Authentication required.';
export const ERR_EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
export const ERR_NOT_POSITIVE = 'ERR value is out of range, must be positive';
export const ERR_OUT_OF_RANGE = 'ERR value is out of range';
/** Random-member counts (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER) must negate without overflow. */
export const ERR_COUNT_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
export const ERR_NUMKEYS = 'ERR numkeys should be greater than 0';
export const ERR_COUNT_POSITIVE = 'ERR count should be greater than 0';

/** `ERR wrong number of arguments for 'get' command` (the name as the table spells it, lower case). */
export function wrongArity(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

/** How many bytes of client arguments Redis echoes in an unknown-command/subcommand error. */
const ECHO_MAX = 128;
const QUOTE = Buffer.from("'", 'latin1');
const QUOTE_SPACE = Buffer.from("' ", 'latin1');

/**
 * An argument as Redis's `%.*s` prints it: its bytes up to the first NUL, at most `max` of them.
 * A view: callers copy it into the message at once.
 */
function echoed(arg: Buffer, max: number): Buffer {
  const nul = arg.indexOf(0);
  return arg.subarray(0, Math.min(nul < 0 ? arg.length : nul, max));
}

/**
 * `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` as bytes, because it echoes the
 * client's arguments as sent (binary, not UTF-8 in general): the name and each argument up to its
 * first NUL, the name at most 128 bytes, the quoted arguments 128 bytes in all. Reply it with an
 * error path that takes bytes (the server's ClientReply.errorBytes).
 */
export function unknownCommand(argv: readonly Buffer[]): Buffer {
  const parts = [Buffer.from("ERR unknown command '", 'latin1'), echoed(argv[0], ECHO_MAX), Buffer.from("', with args beginning with: ", 'latin1')];
  // As Redis: keep adding while the quoted list is shorter than 128 bytes, each cut to what is left.
  let used = 0;
  for (let i = 1; i < argv.length && used < ECHO_MAX; i++) {
    const arg = echoed(argv[i], ECHO_MAX - used);
    parts.push(QUOTE, arg, QUOTE_SPACE);
    used += arg.length + 3;
  }
  return Buffer.concat(parts);
}

/**
 * `ERR unknown subcommand 'foo'. Try CLIENT HELP.` as bytes: the subcommand as the client sent it,
 * up to its first NUL and at most 128 bytes; the container in upper case.
 */
export function unknownSubcommand(sub: Buffer, container: string): Buffer {
  return Buffer.concat([
    Buffer.from("ERR unknown subcommand '", 'latin1'),
    echoed(sub, ECHO_MAX),
    Buffer.from(`'. Try ${container.toUpperCase()} HELP.`, 'latin1'),
  ]);
}

/* COMMAND GETKEYS refusals. */
export const ERR_INVALID_COMMAND = 'ERR Invalid command specified';
export const ERR_INVALID_COMMAND_ARITY = 'ERR Invalid number of arguments specified for command';
export const ERR_NO_KEY_ARGUMENTS = 'ERR The command has no key arguments';
export const ERR_INVALID_KEY_ARGUMENTS = 'ERR Invalid arguments specified for command';
