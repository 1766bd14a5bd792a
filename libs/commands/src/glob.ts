/**
 * Glob-style matching as Redis's KEYS, SCAN MATCH, PSUBSCRIBE and CONFIG GET use it.
 *
 * Tokens: `*` any run of bytes (also empty), `?` one byte, `[abc]` / `[^abc]` / `[a-z]` a class of
 * one byte (a reversed range `[z-a]` is accepted; an unterminated class ends at the end of the
 * pattern; `[]` matches nothing and `[^]` any byte), and `\x` the byte x literally. A backslash that
 * ends the pattern is a literal backslash. `nocase` folds ASCII letters only.
 *
 * Invariant: the work is O(pattern × subject) whatever the pattern. Every token other than `*`
 * consumes exactly one byte, so only the most recent `*` ever needs backtracking (an earlier star's
 * choice never has to be revisited); this is why the loop below keeps one restart point instead of
 * recursing as Redis does. Redis also refuses patterns that nest more than 1000 stars deep; we
 * mirror that limit (see MAX_STAR_NESTING) so replies are identical.
 */

/**
 * Redis gives up (no match) when matching would recurse through more than this many non-final
 * star groups; consecutive stars count as one group and a star that ends the pattern does not count.
 */
const MAX_STAR_NESTING = 1000;

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const BACKSLASH = 0x5c;
const DASH = 0x2d;

function toBytes(v: Buffer | string): Buffer {
  // latin1 keeps one byte per char, which is how keys are held as strings in the keyspace.
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/**
 * Tests whether the class token that starts at `p` (just after `[`) matches byte `c`.
 * Returns the index of the class's last pattern byte (its `]`, or the last byte of the pattern for an
 * unterminated class) encoded as `end * 2 + matched`, to avoid allocating a result object.
 */
function matchClass(pat: Buffer, p: number, c: number, nocase: boolean): number {
  const n = pat.length;
  let negate = false;
  if (p < n && pat[p] === CARET) {
    negate = true;
    p++;
  }
  let matched = false;
  for (;;) {
    if (p >= n) {
      // Unterminated: the class ends with the pattern.
      p = n - 1;
      break;
    }
    const b = pat[p];
    if (b === BACKSLASH && n - p >= 2) {
      p++;
      if (pat[p] === c) matched = true;
    } else if (b === CLOSE) {
      break;
    } else if (n - p >= 3 && pat[p + 1] === DASH) {
      let start = pat[p];
      let end = pat[p + 2];
      let x = c;
      if (start > end) {
        const t = start;
        start = end;
        end = t;
      }
      if (nocase) {
        start = lower(start);
        end = lower(end);
        x = lower(x);
      }
      p += 2;
      if (x >= start && x <= end) matched = true;
    } else if (nocase ? lower(b) === lower(c) : b === c) {
      matched = true;
    }
    p++;
  }
  if (negate) matched = !matched;
  return p * 2 + (matched ? 1 : 0);
}

/** Counts star groups that are not at the very end of the pattern (escapes and classes skipped). */
function innerStarGroups(pat: Buffer): number {
  const n = pat.length;
  let groups = 0;
  let p = 0;
  while (p < n) {
    const b = pat[p];
    if (b === STAR) {
      while (p < n && pat[p] === STAR) p++;
      if (p < n) groups++;
      continue;
    }
    if (b === BACKSLASH && n - p >= 2) {
      p += 2;
    } else if (b === OPEN) {
      // Parse the class exactly as matching does, so `[a-]*` and escapes end it at the same byte.
      p = (matchClass(pat, p + 1, 0, false) >> 1) + 1;
    } else {
      p++;
    }
  }
  return groups;
}

/**
 * Matches one pattern token at `p` against byte `c`. Returns the index just past the token when it
 * matches, or -1. Never called for `*`.
 */
function matchToken(pat: Buffer, p: number, c: number, nocase: boolean): number {
  const b = pat[p];
  if (b === QUESTION) return p + 1;
  if (b === OPEN) {
    const r = matchClass(pat, p + 1, c, nocase);
    return (r & 1) === 1 ? (r >> 1) + 1 : -1;
  }
  let lit = b;
  let next = p + 1;
  if (b === BACKSLASH && pat.length - p >= 2) {
    lit = pat[p + 1];
    next = p + 2;
  }
  if (nocase ? lower(lit) === lower(c) : lit === c) return next;
  return -1;
}

/** True when `subject` matches the glob `pattern` (see the file comment for the syntax). */
export function stringMatch(pattern: Buffer | string, subject: Buffer | string, nocase = false): boolean {
  const pat = toBytes(pattern);
  const str = toBytes(subject);
  const pn = pat.length;
  const sn = str.length;
  // Redis's matcher never runs its loop for an empty subject, so even `*` does not match it there;
  // KEYS and SCAN special-case the pattern `*` before calling the matcher, and so must callers here.
  if (sn === 0) return pn === 0;
  if (innerStarGroups(pat) > MAX_STAR_NESTING) return false;
  let p = 0;
  let s = 0;
  // Restart point of the most recent star: pattern index after it and the subject index it covers to.
  let starP = -1;
  let starS = 0;
  while (s < sn) {
    if (p < pn && pat[p] === STAR) {
      while (p < pn && pat[p] === STAR) p++;
      if (p === pn) return true;
      starP = p;
      starS = s;
      continue;
    }
    const next = p < pn ? matchToken(pat, p, str[s], nocase) : -1;
    if (next >= 0) {
      p = next;
      s++;
      continue;
    }
    if (starP < 0) return false;
    // Let the last star swallow one more byte and retry the rest of the pattern from there.
    starS++;
    s = starS;
    p = starP;
  }
  while (p < pn && pat[p] === STAR) p++;
  return p === pn;
}
