/**
 * LagHistory on a hand-made snapshot and clock: what is sampled, what is bounded, what is dropped.
 */
import type { BackendStatus } from '../../src/routing/types';
import { LagHistory } from '../../src/observability/status-page';

function status(port: number, role: 'master' | 'replica', lag: { ms: number; bytes: number }, gone = false): BackendStatus {
  return {
    id: `127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    role,
    serving: !gone,
    reason: gone ? 'stale health' : '',
    lagBytes: lag.bytes,
    lagMs: lag.ms,
    lastHeardMsAgo: 0,
    offset: 0,
    linkUp: true,
    sync: null,
    gone,
  };
}

function bench(limit?: number) {
  const state = { now: 5000, backends: [] as BackendStatus[] };
  const history = new LagHistory({ snapshot: () => state.backends, clock: () => state.now, limit });
  return { state, history };
}

it('samples every replica, not the master, with the time and both lags', () => {
  const { state, history } = bench();
  state.backends = [status(7000, 'master', { ms: 0, bytes: 0 }), status(7001, 'replica', { ms: 12, bytes: 300 })];
  history.sample();
  state.now += 1000;
  state.backends = [status(7000, 'master', { ms: 0, bytes: 0 }), status(7001, 'replica', { ms: 40, bytes: 900 }), status(7002, 'replica', { ms: 0, bytes: 0 })];
  history.sample();
  expect(history.toJSON()).toEqual({
    '127.0.0.1:7001': [
      [5000, 12, 300],
      [6000, 40, 900],
    ],
    '127.0.0.1:7002': [[6000, 0, 0]],
  });
});

it('keeps at most `limit` samples per replica, dropping the oldest', () => {
  const { state, history } = bench(3);
  for (let i = 0; i < 5; i++) {
    state.backends = [status(7001, 'replica', { ms: i, bytes: 10 * i })];
    history.sample();
    state.now += 1000;
  }
  expect(history.toJSON()).toEqual({
    '127.0.0.1:7001': [
      [7000, 2, 20],
      [8000, 3, 30],
      [9000, 4, 40],
    ],
  });
});

it('stops sampling a gone replica but keeps its line; forgets a backend no longer listed as a replica', () => {
  const { state, history } = bench();
  state.backends = [status(7001, 'replica', { ms: 5, bytes: 50 }), status(7002, 'replica', { ms: 6, bytes: 60 })];
  history.sample();
  state.now += 1000;
  state.backends = [status(7001, 'replica', { ms: 5, bytes: 50 }, true), status(7002, 'master', { ms: 0, bytes: 0 })];
  history.sample();
  expect(history.toJSON()).toEqual({ '127.0.0.1:7001': [[5000, 5, 50]] });
  state.backends = [];
  history.sample();
  expect(history.toJSON()).toEqual({});
});

it('start() samples at once and then on its timer, until stop()', () => {
  jest.useFakeTimers();
  try {
    const { state, history } = bench();
    state.backends = [status(7001, 'replica', { ms: 1, bytes: 2 })];
    history.start(1000);
    expect(history.toJSON()['127.0.0.1:7001']).toHaveLength(1);
    jest.advanceTimersByTime(2000);
    expect(history.toJSON()['127.0.0.1:7001']).toHaveLength(3);
    history.stop();
    jest.advanceTimersByTime(5000);
    expect(history.toJSON()['127.0.0.1:7001']).toHaveLength(3);
  } finally {
    jest.useRealTimers();
  }
});
