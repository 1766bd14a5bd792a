/**
 * The `save <seconds> <changes>` rules: when the cron starts a background save on its own, as
 * 7.0's serverCron decides it. A rule fires when at least `changes` writes happened since the last
 * successful save and more than `seconds` have passed since it. After a failed background save the
 * rules wait until more than BGSAVE_RETRY_DELAY_SEC have passed since that attempt, so a broken
 * disk is not hammered every cron tick.
 *
 * Invariant: pure functions of the numbers passed in (unix seconds), so tests need no clock.
 */
import type { SavePoint } from '@resplica/config';

/** 7.0's CONFIG_BGSAVE_RETRY_DELAY: seconds between background save attempts after a failure. */
export const BGSAVE_RETRY_DELAY_SEC = 5;

/** What the rules look at; times are unix seconds. */
export interface SaveRuleState {
  /** Writes since the last successful save (INFO rdb_changes_since_last_save). */
  readonly changesSinceSave: number;
  /** When the last successful save finished (LASTSAVE). */
  readonly lastSaveSec: number;
  /** When the last background save was started; 0 if never. */
  readonly lastBgsaveTrySec: number;
  /** Whether the last background save succeeded (INFO rdb_last_bgsave_status). */
  readonly lastBgsaveOk: boolean;
}

/** True when the last background save failed less than BGSAVE_RETRY_DELAY_SEC ago. */
export function retryDelayPending(state: SaveRuleState, nowSec: number): boolean {
  return !state.lastBgsaveOk && nowSec - state.lastBgsaveTrySec <= BGSAVE_RETRY_DELAY_SEC;
}

/** The first rule that asks for a save now, or null. */
export function dueSavePoint(points: readonly SavePoint[], state: SaveRuleState, nowSec: number): SavePoint | null {
  if (retryDelayPending(state, nowSec)) return null;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (state.changesSinceSave >= p.changes && nowSec - state.lastSaveSec > p.seconds) return p;
  }
  return null;
}
