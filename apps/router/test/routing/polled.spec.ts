/**
 * The table fed by INFO polls of the configured lists (no NATS): the listed backends are always
 * the backends, the polls bring their freshness, and a listed node that never answers goes stale
 * one health-timeout after it was listed, like one that stopped answering.
 */
import { bench, id, masterReport, replicaReport, serving } from './harness';

const polled = (argv: string[] = []) =>
  bench(['--health-timeout-ms', '500', '--master', '127.0.0.1:7000', '--replica', '127.0.0.1:7001', '--replica', '127.0.0.1:7002', ...argv], {
    polled: true,
  });

it('listed backends serve before their first answer; one that never answers goes stale and gone after health-timeout', () => {
  const b = polled();
  expect(serving(b)).toEqual([id(7001), id(7002)]);
  b.feed.emit(masterReport(7000, 100));
  b.feed.emit(replicaReport(7001, { appliedOffset: 100 }));
  b.clock.now += 400;
  b.feed.emit(masterReport(7000, 100));
  b.feed.emit(replicaReport(7001, { appliedOffset: 100 }));
  expect(b.picks(2)).toEqual([id(7001), id(7002)]);
  b.clock.now += 101;
  expect(b.picks(2)).toEqual([id(7001), id(7001)]);
  expect(b.table.snapshot().map((s) => [s.id, s.serving, s.reason, s.gone, s.lastHeardMsAgo])).toEqual([
    [id(7000), true, '', false, 101],
    [id(7001), true, '', false, 101],
    [id(7002), false, 'stale health', true, -1],
  ]);
});

it('a replica that stops answering leaves; its next answer brings it back', () => {
  const b = polled();
  b.feed.emit(replicaReport(7001));
  b.feed.emit(replicaReport(7002));
  b.clock.now += 501;
  b.feed.emit(replicaReport(7002));
  expect(serving(b)).toEqual([id(7002)]);
  b.feed.emit(replicaReport(7001));
  expect(serving(b)).toEqual([id(7001), id(7002)]);
});

it('answers for an address no longer listed are ignored; the lists decide who is shown', () => {
  const b = polled();
  expect(b.config.set([['replica', '127.0.0.1:7002']])).toBeNull();
  b.feed.emit(replicaReport(7001));
  b.feed.emit(replicaReport(7009));
  expect(b.table.snapshot().map((s) => s.id)).toEqual([id(7000), id(7002)]);
});

it('polls bring lag and link state to the static lists', () => {
  const b = polled(['--max-replica-lag-bytes', '1000']);
  b.feed.emit(masterReport(7000, 5000));
  b.feed.emit(replicaReport(7001, { appliedOffset: 3000 }));
  b.feed.emit(replicaReport(7002, { appliedOffset: 5000, linkUp: false }));
  expect(b.table.snapshot().map((s) => [s.id, s.serving, s.reason, s.lagBytes, s.offset, s.linkUp])).toEqual([
    [id(7000), true, '', 0, 5000, true],
    [id(7001), false, 'lag', 2000, 3000, true],
    [id(7002), false, 'link down', 0, 5000, false],
  ]);
});
