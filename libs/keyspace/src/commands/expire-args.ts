/**
 * Turning a TTL argument (EX/PX/EXAT/PXAT, SETEX, PSETEX, GETEX) into an absolute deadline with the
 * checks Redis 7.0 applies, shared by the string commands.
 */
import { ERR_NOT_INTEGER, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { invalidExpire } from '../errors';

export const UNIT_SECONDS = 0;
export const UNIT_MS = 1;

/**
 * Largest seconds value whose conversion to ms does not overflow int64 (LLONG_MAX / 1000), and the
 * int64 limit itself. Deadlines are JS numbers: beyond 2^53 ms (year 287396) they are approximate.
 */
const MAX_SECONDS = Number(2n ** 63n / 1000n);
const INT64_LIMIT = 2 ** 63;

/**
 * Absolute deadline in unix ms, or -1 after replying an error. `absolute` for EXAT/PXAT.
 * Refused as Redis does: not an integer, ≤ 0, seconds that overflow in ms, or a relative time whose
 * sum with now overflows int64.
 */
export function deadlineOrReply(
  ctx: CommandContext,
  arg: Buffer,
  unit: number,
  absolute: boolean,
  command: string,
): number {
  const v = parseLongLong(arg);
  if (v === null) {
    ctx.reply.error(ERR_NOT_INTEGER);
    return -1;
  }
  let ms = Number(v);
  if (ms <= 0 || (unit === UNIT_SECONDS && ms > MAX_SECONDS)) {
    ctx.reply.error(invalidExpire(command));
    return -1;
  }
  if (unit === UNIT_SECONDS) ms *= 1000;
  if (!absolute) {
    ms += ctx.now;
    if (ms >= INT64_LIMIT) {
      ctx.reply.error(invalidExpire(command));
      return -1;
    }
  }
  return ms;
}
