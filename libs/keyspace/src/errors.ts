/**
 * Error replies of the keyspace commands that libs/commands/src/errors.ts does not have yet, with
 * Redis 7.0.15's exact text (each verified against the real server). Candidates to move into the
 * shared catalogue; kept here because that file belongs to another owner.
 */
export const ERR_DECR_OVERFLOW = 'ERR decrement would overflow';
export const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const ERR_OFFSET_RANGE = 'ERR offset is out of range';
export const ERR_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
export const ERR_EXPIRE_FLAGS = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const ERR_GT_LT = 'ERR GT and LT options at the same time are not compatible';
export const ERR_FIRST_DB = 'ERR invalid first DB index';
export const ERR_SECOND_DB = 'ERR invalid second DB index';

/** `ERR Unsupported option FOO` (the option as sent). */
export function unsupportedOption(opt: Buffer): string {
  return `ERR Unsupported option ${opt.toString()}`;
}
export const ERR_INVALID_CURSOR = 'ERR invalid cursor';
export const ERR_LFU_OFF =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_LFU_ON =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** `ERR invalid expire time in 'set' command` (command name lower case, as the table spells it). */
export function invalidExpire(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** `ERR unknown subcommand 'FOO'. Try OBJECT HELP.` (the subcommand as sent, the parent upper case). */
export function unknownSubcommand(sub: Buffer, parent: string): string {
  return `ERR unknown subcommand '${sub.toString().slice(0, 128)}'. Try ${parent} HELP.`;
}
