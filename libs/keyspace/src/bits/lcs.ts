/**
 * Longest common subsequence of two byte strings, as the LCS command computes it: the classic
 * dynamic-programming table, then one walk back from the end that yields the subsequence itself
 * and/or its matching ranges.
 *
 * The walk's tie-break decides WHICH subsequence is returned when several are equally long, so it is
 * part of the contract: on a mismatch step back in `a` only when that keeps a strictly longer LCS,
 * otherwise step back in `b`. Ranges come out from the end of the strings towards the start.
 *
 * Invariant: the table costs 4 * (|a|+1) * (|b|+1) bytes; callers check lcsTableBytes against their
 * limit before calling computeLcs.
 */

/** One run of consecutive matching bytes: inclusive positions in a and in b. */
export interface LcsMatch {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** The filled table and the inputs it was built from. */
export interface LcsTable {
  a: Buffer;
  b: Buffer;
  /** Row-major (|a|+1) x (|b|+1); cell (i, j) is the LCS length of a[0..i) and b[0..j). */
  cells: Uint32Array;
  /** LCS length of the whole strings. */
  length: number;
}

/** Bytes of transient memory the table needs for strings of these lengths. */
export function lcsTableBytes(aLen: number, bLen: number): number {
  return (aLen + 1) * (bLen + 1) * 4;
}

/** Fills the LCS table of a and b. Time and memory are O(|a| * |b|). */
export function computeLcs(a: Buffer, b: Buffer): LcsTable {
  const width = b.length + 1;
  const cells = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    const row = i * width;
    const prev = row - width;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      if (ai === b[j - 1]) {
        cells[row + j] = cells[prev + j - 1] + 1;
      } else {
        const up = cells[prev + j];
        const left = cells[row + j - 1];
        cells[row + j] = up > left ? up : left;
      }
    }
  }
  return { a, b, cells, length: cells[cells.length - 1] };
}

/**
 * Walks the table back from the end. Fills `out` (if given, |out| = table.length) with the common
 * subsequence and returns the runs of consecutive matches (if `wantMatches`) whose length is at
 * least minMatchLen, in walk order (last run of the strings first).
 */
export function walkLcs(table: LcsTable, out: Buffer | null, wantMatches: boolean, minMatchLen: number): LcsMatch[] {
  const { a, b, cells } = table;
  const width = b.length + 1;
  const matches: LcsMatch[] = [];
  let i = a.length;
  let j = b.length;
  let idx = table.length;
  // The open run, or aStart === -1 when there is none.
  let run: LcsMatch = { aStart: -1, aEnd: -1, bStart: -1, bEnd: -1 };
  while (i > 0 && j > 0) {
    if (a[i - 1] === b[j - 1]) {
      if (out !== null) out[--idx] = a[i - 1];
      if (wantMatches) {
        if (run.aStart === i && run.bStart === j) {
          // Contiguous with the open run: it grows backwards by one byte.
          run.aStart--;
          run.bStart--;
        } else {
          if (run.aStart !== -1 && run.aEnd - run.aStart + 1 >= minMatchLen) matches.push(run);
          run = { aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1 };
        }
      }
      i--;
      j--;
    } else if (cells[(i - 1) * width + j] > cells[i * width + j - 1]) {
      i--;
    } else {
      j--;
    }
  }
  if (wantMatches && run.aStart !== -1 && run.aEnd - run.aStart + 1 >= minMatchLen) matches.push(run);
  return matches;
}
