/**
 * Test helper: runs one decoder case three ways — the input whole, byte by byte, and split in two
 * at every boundary — and checks that every way gives the same outcome.
 *
 * A decoder is driven through `run(chunks)`, which feeds the chunks in order, drains every complete
 * value after each one and stops at the first RespProtocolError, recording its message.
 */

import { RespProtocolError } from '../src/errors';

export interface Outcome<T> {
  values: T[];
  error: string | null;
}

export type Runner<T> = (chunks: Buffer[]) => Outcome<T>;

/** Which chunkings to try; large inputs restrict the quadratic ones. */
export interface ThreeWaysOptions {
  byteByByte?: boolean;
  /** Split points to try; default every boundary 1..length-1. */
  splits?: number[];
}

/** Fresh copies, so no decoder can depend on two chunks sharing memory. */
function copies(input: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    chunks.push(Buffer.from(input.subarray(from, cut)));
    from = cut;
  }
  return chunks;
}

export function chunkings(input: Buffer, options: ThreeWaysOptions = {}): { name: string; chunks: Buffer[] }[] {
  const ways = [{ name: 'whole', chunks: copies(input, []) }];
  if (options.byteByByte !== false && input.length > 1) {
    const cuts: number[] = [];
    for (let i = 1; i < input.length; i++) cuts.push(i);
    ways.push({ name: 'byte by byte', chunks: copies(input, cuts) });
  }
  const splits = options.splits ?? Array.from({ length: Math.max(0, input.length - 1) }, (_, i) => i + 1);
  for (const at of splits) ways.push({ name: `split at ${at}`, chunks: copies(input, [at]) });
  return ways;
}

/** Drives `next` after every feed; `done` is the decoder's "need more input" value. */
export function drive<T, D extends { feed(b: Buffer): void }>(
  decoder: D,
  chunks: Buffer[],
  next: (d: D) => T | null | undefined,
): Outcome<T> {
  const values: T[] = [];
  try {
    for (const chunk of chunks) {
      decoder.feed(chunk);
      for (let v = next(decoder); v !== null && v !== undefined; v = next(decoder)) values.push(v);
    }
  } catch (err) {
    if (!(err instanceof RespProtocolError)) throw err;
    return { values, error: err.message };
  }
  return { values, error: null };
}

/** Asserts that every chunking of `input` gives `expected`. */
export function expectThreeWays<T>(input: Buffer, run: Runner<T>, expected: Outcome<T>, options?: ThreeWaysOptions): void {
  for (const way of chunkings(input, options)) {
    const got = run(way.chunks);
    expect({ way: way.name, ...got }).toEqual({ way: way.name, ...expected });
  }
}
