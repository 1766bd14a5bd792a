/*
 * Micro-benchmark of the request hot path: RequestParser over redis-benchmark-like pipelines, and
 * ReplyWriter answering them. Plain node, not a test. Build first (tsc -b libs/resp/tsconfig.json),
 * then: node libs/resp/bench/parser.bench.js
 */
'use strict';
const { RequestParser, ReplyWriter, encodeCommand, scanCommand, createCommandFrame } = require('../dist/index.js');

function pipeline(count) {
  const parts = [];
  for (let i = 0; i < count; i++) {
    parts.push(i % 2 === 0 ? encodeCommand(['SET', 'key:' + (i % 1000), 'xxx']) : encodeCommand(['GET', 'key:' + (i % 1000)]));
  }
  return Buffer.concat(parts);
}

/** Splits into socket-sized chunks, so boundaries fall inside frames as they do on a real socket. */
function chunks(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function bench(name, rounds, commandsPerRound, fn) {
  for (let i = 0; i < 3; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0);
  const perSec = (rounds * commandsPerRound) / (ns / 1e9);
  console.log(`${name.padEnd(36)} ${(perSec / 1e6).toFixed(2)} M commands/s`);
}

const COMMANDS = 10000;
const input = chunks(pipeline(COMMANDS), 16 * 1024);

bench('RequestParser (16 KiB chunks)', 200, COMMANDS, () => {
  const parser = new RequestParser();
  let n = 0;
  for (const chunk of input) {
    parser.feed(chunk);
    while (parser.next() !== null) n++;
  }
  if (n !== COMMANDS) throw new Error('lost commands');
});

bench('RequestParser + ReplyWriter', 200, COMMANDS, () => {
  const parser = new RequestParser();
  const writer = new ReplyWriter();
  for (const chunk of input) {
    parser.feed(chunk);
    for (let argv = parser.next(); argv !== null; argv = parser.next()) {
      if (argv[0].length === 3 && argv[0][0] === 0x53) writer.ok();
      else writer.bulk(argv[1]);
    }
    writer.takeChunks();
  }
});

const whole = pipeline(COMMANDS);
bench('scanCommand (router)', 200, COMMANDS, () => {
  const frame = createCommandFrame();
  let offset = 0;
  let n = 0;
  while (offset < whole.length) {
    offset = scanCommand(whole, offset, frame);
    n++;
  }
  if (n !== COMMANDS) throw new Error('lost commands');
});
