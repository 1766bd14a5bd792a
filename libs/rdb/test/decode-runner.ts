/**
 * Test helper: runs RdbDecoder over a file and records what the handler saw, as plain data that
 * Jest can compare and print (bytes as latin1 strings); and runs one file every way it can arrive:
 * whole, byte by byte, and split in two at every boundary, each giving the same outcome.
 */
import { RdbDecoder, type RdbDecoderOptions, type RdbHandler } from '../src/decoder';
import { RdbError } from '../src/errors';
import type { DecodedValue, RdbExpire } from '../src/model';

export type PlainValue =
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: string[]; encoding: string }
  | { kind: 'set'; members: string[]; encoding: string }
  | { kind: 'hash'; entries: Array<[string, string]>; encoding: string }
  | { kind: 'zset'; entries: Array<[string, number]>; encoding: string };

export type DecodeEvent =
  | ['aux', string, string]
  | ['selectDb', number]
  | ['resizeDb', number, number]
  | ['key', number, string, PlainValue, RdbExpire]
  | ['skipped', string, string | null];

export interface DecodeOutcome {
  events: DecodeEvent[];
  /** `code: message` of the RdbError that ended decoding, or null. */
  error: string | null;
  /** Bytes each push reported as consumed, summed (the file's length when it was read whole). */
  consumed: number;
}

const text = (b: Buffer): string => b.toString('latin1');

export function plain(value: DecodedValue): PlainValue {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: text(value.value) };
    case 'list':
      return { kind: 'list', items: value.items.map(text), encoding: value.encoding };
    case 'set':
      return { kind: 'set', members: value.members, encoding: value.encoding };
    case 'hash':
      return { kind: 'hash', entries: value.fields.map((f, i) => [f, text(value.values[i])]), encoding: value.encoding };
    case 'zset':
      return { kind: 'zset', entries: value.members.map((m, i) => [m, value.scores[i]]), encoding: value.encoding };
  }
}

/** A handler recording every call; `withSkipped: false` leaves out `skipped`. */
export function recordingHandler(events: DecodeEvent[], withSkipped = true): RdbHandler {
  const handler: RdbHandler = {
    aux: (name, value) => events.push(['aux', text(name), text(value)]),
    selectDb: (index) => events.push(['selectDb', index]),
    resizeDb: (keys, expires) => events.push(['resizeDb', keys, expires]),
    key: (db, key, value, expireAt) => events.push(['key', db, key, plain(value), expireAt]),
  };
  if (withSkipped) handler.skipped = (what, key) => events.push(['skipped', what, key]);
  return handler;
}

export interface RunOptions extends RdbDecoderOptions {
  withSkipped?: boolean;
  /** Call end() after the last chunk (default true). */
  end?: boolean;
}

/** Feeds `chunks` in order, then end(); stops at the first RdbError. Other errors propagate. */
export function decodeChunks(chunks: Buffer[], options: RunOptions = {}): DecodeOutcome {
  const events: DecodeEvent[] = [];
  const decoder = new RdbDecoder(recordingHandler(events, options.withSkipped ?? true), options);
  let consumed = 0;
  try {
    for (const chunk of chunks) consumed += decoder.push(chunk);
    if (options.end ?? true) decoder.end();
  } catch (err) {
    if (!(err instanceof RdbError)) throw err;
    return { events, error: `${err.code}: ${err.message}`, consumed };
  }
  return { events, error: null, consumed };
}

/** Fresh copies, so the decoder cannot depend on two chunks sharing memory. */
function pieces(input: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    out.push(Buffer.from(input.subarray(from, cut)));
    from = cut;
  }
  return out;
}

/**
 * Whole, byte by byte, and split in two at every boundary — or, for inputs longer than
 * `everySplitMax`, at the first and last 64 boundaries and every `stride`-th one between.
 */
export function chunkings(input: Buffer, everySplitMax = 2048): Array<{ way: string; chunks: Buffer[] }> {
  const ways = [{ way: 'whole', chunks: pieces(input, []) }];
  ways.push({ way: 'byte by byte', chunks: pieces(input, Array.from({ length: input.length - 1 }, (_, i) => i + 1)) });
  const stride = input.length > everySplitMax ? Math.ceil(input.length / 64) : 1;
  for (let at = 1; at < input.length; at++) {
    if (stride === 1 || at <= 64 || at >= input.length - 64 || at % stride === 0) {
      ways.push({ way: `split at ${at}`, chunks: pieces(input, [at]) });
    }
  }
  return ways;
}

/**
 * Decodes `input` whole, byte by byte and split at every boundary; every way must give `expected`,
 * and a file that decodes must be consumed to its last byte.
 */
export function expectEveryChunking(input: Buffer, expected: Omit<DecodeOutcome, 'consumed'>, options?: RunOptions): void {
  for (const { way, chunks } of chunkings(input)) {
    const got = decodeChunks(chunks, options);
    const consumed = expected.error === null ? input.length : got.consumed;
    expect({ way, events: got.events, error: got.error, consumed: got.consumed }).toEqual({ way, ...expected, consumed });
  }
}

/** Decodes `input` whole and expects it to fail with `code` (message matched by `message`). */
export function expectFailure(input: Buffer, code: string, message?: RegExp, options?: RunOptions): void {
  const got = decodeChunks([input], options);
  expect(got.error).not.toBeNull();
  expect(got.error!.split(':')[0]).toBe(code);
  if (message) expect(got.error).toMatch(message);
}
