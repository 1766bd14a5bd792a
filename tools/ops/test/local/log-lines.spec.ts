/*
 * What reaches the terminal without --verbose: pino lines at warn or above, nats-server's warnings
 * and errors, and any line in neither format (a stack trace, a config error).
 */
import { isNotable } from '../../src/local/log-lines';

it.each([
  ['{"level":30,"msg":"ready to accept connections"}', false],
  ['{"level":40,"msg":"link with master lost"}', true],
  ['{"level":50,"msg":"could not start"}', true],
  ['{"level":60,"msg":"fatal"}', true],
  ['[123] 2026/01/01 10:00:00.000000 [INF] Server is ready', false],
  ['[123] 2026/01/01 10:00:00.000000 [DBG] detail', false],
  ['[123] 2026/01/01 10:00:00.000000 [WRN] slow consumer', true],
  ['[123] 2026/01/01 10:00:00.000000 [ERR] error', true],
  ['[123] 2026/01/01 10:00:00.000000 [FTL] listen failed', true],
  ['config error: port: not an integer', true],
  ['    at Object.<anonymous> (/x.js:1:1)', true],
  ['{not json', true],
  ['', false],
])('%j → %s', (line, notable) => {
  expect(isNotable(line)).toBe(notable);
});
