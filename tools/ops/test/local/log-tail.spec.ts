/*
 * Following a log file: lines appended after the start offset arrive once each and in order,
 * whatever the write boundaries (half lines, a UTF-8 character split between writes), and close()
 * delivers an unterminated last line.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogTail } from '../../src/local/log-tail';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'log-tail-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('delivers whole lines after the start offset, across split writes, and the last partial line on close', () => {
  const file = join(dir, 'x.log');
  writeFileSync(file, 'old run\n');
  const lines: string[] = [];
  const tail = new LogTail(file, 8, (line) => lines.push(line));
  const euro = Buffer.from('€');
  appendFileSync(file, 'first li');
  tail.drain();
  expect(lines).toEqual([]);
  appendFileSync(file, Buffer.concat([Buffer.from('ne\nprice 3'), euro.subarray(0, 1)]));
  tail.drain();
  expect(lines).toEqual(['first line']);
  appendFileSync(file, Buffer.concat([euro.subarray(1), Buffer.from('\nno newline')]));
  tail.close();
  expect(lines).toEqual(['first line', 'price 3€', 'no newline']);
});
