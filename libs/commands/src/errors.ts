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

/** `ERR wrong number of arguments for 'get' command` (the name as the table spells it, lower case). */
export function wrongArity(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` — Redis quotes at most 128 chars each. */
export function unknownCommand(argv: readonly Buffer[]): string {
  const name = argv[0].toString().slice(0, 128);
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${argv[i].toString().slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${name}', with args beginning with: ${args}`;
}

/**
 * `ERR unknown subcommand 'foo'. Try CLIENT HELP.` — the subcommand as the client sent it (at most
 * 128 characters, as Redis truncates it), the container in upper case.
 */
export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

/* COMMAND GETKEYS refusals. */
export const ERR_INVALID_COMMAND = 'ERR Invalid command specified';
export const ERR_INVALID_COMMAND_ARITY = 'ERR Invalid number of arguments specified for command';
export const ERR_NO_KEY_ARGUMENTS = 'ERR The command has no key arguments';
export const ERR_INVALID_KEY_ARGUMENTS = 'ERR Invalid arguments specified for command';
