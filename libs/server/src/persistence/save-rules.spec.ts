import { BGSAVE_RETRY_DELAY_SEC, dueSavePoint, retryDelayPending, type SaveRuleState } from './save-rules';

const RULES = [
  { seconds: 3600, changes: 1 },
  { seconds: 300, changes: 100 },
  { seconds: 60, changes: 10000 },
];

function state(over: Partial<SaveRuleState>): SaveRuleState {
  return { changesSinceSave: 0, lastSaveSec: 1000, lastBgsaveTrySec: 0, lastBgsaveOk: true, ...over };
}

describe('save rules', () => {
  it('fire when both the changes and strictly more than the seconds are reached', () => {
    expect(dueSavePoint(RULES, state({ changesSinceSave: 100 }), 1000 + 300)).toBeNull();
    expect(dueSavePoint(RULES, state({ changesSinceSave: 100 }), 1000 + 301)).toEqual({ seconds: 300, changes: 100 });
    expect(dueSavePoint(RULES, state({ changesSinceSave: 99 }), 1000 + 3000)).toBeNull();
    expect(dueSavePoint(RULES, state({ changesSinceSave: 1 }), 1000 + 3601)).toEqual({ seconds: 3600, changes: 1 });
  });

  it('pick the first rule that applies, in configured order', () => {
    expect(dueSavePoint(RULES, state({ changesSinceSave: 20000 }), 1000 + 4000)).toEqual({ seconds: 3600, changes: 1 });
  });

  it('never fire without rules (save "")', () => {
    expect(dueSavePoint([], state({ changesSinceSave: 1e9 }), 1e9)).toBeNull();
  });

  it('a rule with 0 changes fires on time alone', () => {
    expect(dueSavePoint([{ seconds: 1, changes: 0 }], state({}), 1002)).toEqual({ seconds: 1, changes: 0 });
  });

  it('after a failed background save, wait more than the retry delay since that attempt', () => {
    const failed = state({ changesSinceSave: 5, lastBgsaveOk: false, lastBgsaveTrySec: 2000 });
    expect(retryDelayPending(failed, 2000 + BGSAVE_RETRY_DELAY_SEC)).toBe(true);
    const everySecond = [{ seconds: 1, changes: 1 }];
    expect(dueSavePoint(everySecond, failed, 2000 + BGSAVE_RETRY_DELAY_SEC)).toBeNull();
    expect(dueSavePoint(everySecond, failed, 2000 + BGSAVE_RETRY_DELAY_SEC + 1)).toEqual({ seconds: 1, changes: 1 });
    expect(retryDelayPending(state({ lastBgsaveTrySec: 2000 }), 2001)).toBe(false);
  });
});
