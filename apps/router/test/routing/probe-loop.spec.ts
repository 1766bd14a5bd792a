/**
 * ProbeLoop on Jest's fake timers: one PING per interval per backend until +PONG, one report of
 * life, nothing after unwatch/close even for a PING already in flight.
 */
import { ProbeLoop } from '../../src/routing/probe-loop';
import type { BackendRef } from '../../src/routing/types';

const A: BackendRef = { id: '127.0.0.1:7001', host: '127.0.0.1', port: 7001 };

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A PING whose answers the test releases one by one. */
function controlledPing(): { ping: (ref: BackendRef) => Promise<boolean>; calls: string[]; answer(ok: boolean): Promise<void> } {
  const waiting: ((ok: boolean) => void)[] = [];
  const calls: string[] = [];
  return {
    calls,
    ping: (ref) => {
      calls.push(ref.id);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async answer(ok) {
      waiting.shift()!(ok);
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

it('pings once per interval until +PONG, then reports alive once and stops', async () => {
  const p = controlledPing();
  const alive: string[] = [];
  const loop = new ProbeLoop(p.ping, () => 100, (id) => alive.push(id));
  loop.watch(A);
  loop.watch(A);
  jest.advanceTimersByTime(99);
  expect(p.calls).toEqual([]);
  jest.advanceTimersByTime(1);
  expect(p.calls).toEqual([A.id]);
  await p.answer(false);
  jest.advanceTimersByTime(100);
  expect(p.calls).toEqual([A.id, A.id]);
  await p.answer(true);
  expect(alive).toEqual([A.id]);
  jest.advanceTimersByTime(1000);
  expect(p.calls.length).toBe(2);
});

it('a PING that throws counts as no answer', async () => {
  const calls: number[] = [];
  const loop = new ProbeLoop(
    async () => {
      calls.push(1);
      throw new Error('boom');
    },
    () => 10,
    () => undefined,
  );
  loop.watch(A);
  await jest.advanceTimersByTimeAsync(35);
  expect(calls.length).toBe(3);
  loop.close();
});

it('unwatch and close drop the result of a PING in flight and stop the loop', async () => {
  const p = controlledPing();
  const alive: string[] = [];
  const loop = new ProbeLoop(p.ping, () => 100, (id) => alive.push(id));
  loop.watch(A);
  jest.advanceTimersByTime(100);
  loop.unwatch(A.id);
  await p.answer(true);
  expect(alive).toEqual([]);
  loop.watch(A);
  jest.advanceTimersByTime(100);
  loop.close();
  await p.answer(false);
  jest.advanceTimersByTime(1000);
  expect(p.calls.length).toBe(2);
  expect(alive).toEqual([]);
});
