/**
 * Turning a TTL argument (EX/PX/EXAT/PXAT, SETEX, PSETEX, GETEX) into an absolute deadline with the
 * checks Redis 7.0 applies, shared by the string commands.
 */
import { ERR_NOT_INTEGER, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { type Deadline, scaleDeadline } from '../deadline';
import { invalidExpire } from '../errors';

export const UNIT_SECONDS = 0;
export const UNIT_MS = 1;

/**
 * Absolute deadline in unix ms (exact int64, see deadline.ts), or -1 after replying an error.
 * `absolute` for EXAT/PXAT. Refused as Redis does: not an integer, ≤ 0, seconds that overflow in
 * ms, or a relative time whose sum with now overflows int64.
 */
export function deadlineOrReply(
  ctx: CommandContext,
  arg: Buffer,
  unit: number,
  absolute: boolean,
  command: string,
): Deadline {
  const v = parseLongLong(arg);
  if (v === null) {
    ctx.reply.error(ERR_NOT_INTEGER);
    return -1;
  }
  const at = v <= 0 ? null : scaleDeadline(v, unit === UNIT_SECONDS ? 1000 : 1, absolute ? 0 : ctx.now);
  if (at === null) {
    ctx.reply.error(invalidExpire(command));
    return -1;
  }
  return at;
}
