/**
 * Splitting of inline requests (`SET a "b c"\r\n`) into arguments, with Redis's quoting rules.
 *
 * Rules (checked against redis-server 7.0.15):
 * - arguments are separated by blanks; leading blanks (space, \t, \n, \v, \f, \r) are skipped, but an
 *   unquoted argument ends only at space, \t, \n or \r (\v and \f stay inside it);
 * - a quote inside an unquoted argument opens a quoted section (`a"b c"` is `ab c`);
 * - "...": escapes \n \r \t \b \a, \xHH with two hex digits, and \<any> for that character;
 * - '...': only \' is an escape;
 * - a closing quote must be followed by a blank or the end of the line, and a missing closing quote
 *   is an error: both return null ("unbalanced quotes").
 * Not supported: Redis stops at a NUL byte (C strings); we treat NUL as an ordinary byte.
 * Invariant: arguments without quotes are zero-copy views of `line`; quoted ones are fresh copies.
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

function isBlank(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

function endsUnquoted(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function escaped(c: number): number {
  switch (c) {
    case 0x6e:
      return LF;
    case 0x72:
      return CR;
    case 0x74:
      return TAB;
    case 0x62:
      return 0x08;
    case 0x61:
      return 0x07;
    default:
      return c;
  }
}

/**
 * Splits `line[start, end)` (without its newline). Returns the arguments (possibly none, for a blank
 * line) or null when the quotes are unbalanced.
 */
export function splitInlineArgs(line: Buffer, start: number, end: number): Buffer[] | null {
  const args: Buffer[] = [];
  let i = start;
  // Scratch for quoted arguments: never longer than the line itself.
  let scratch: Buffer | null = null;
  for (;;) {
    while (i < end && isBlank(line[i])) i++;
    if (i >= end) return args;
    const tokenStart = i;
    while (i < end && !endsUnquoted(line[i]) && line[i] !== DQUOTE && line[i] !== SQUOTE) i++;
    if (i >= end || endsUnquoted(line[i])) {
      args.push(line.subarray(tokenStart, i));
      continue;
    }
    // Slow path: the token contains quotes, so it is decoded into the scratch buffer.
    if (scratch === null) scratch = Buffer.allocUnsafe(end - start);
    let n = line.copy(scratch, 0, tokenStart, i);
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      if (i >= end) {
        if (inDouble || inSingle) return null;
        break;
      }
      const c = line[i];
      if (inDouble) {
        if (c === BACKSLASH && i + 3 < end && line[i + 1] === 0x78 && hexValue(line[i + 2]) >= 0 && hexValue(line[i + 3]) >= 0) {
          scratch[n++] = hexValue(line[i + 2]) * 16 + hexValue(line[i + 3]);
          i += 4;
        } else if (c === BACKSLASH && i + 1 < end) {
          scratch[n++] = escaped(line[i + 1]);
          i += 2;
        } else if (c === DQUOTE) {
          i++;
          // A closing quote ends the argument and must be followed by a blank or the end.
          if (i < end && !isBlank(line[i])) return null;
          break;
        } else {
          scratch[n++] = c;
          i++;
        }
      } else if (inSingle) {
        if (c === BACKSLASH && i + 1 < end && line[i + 1] === SQUOTE) {
          scratch[n++] = SQUOTE;
          i += 2;
        } else if (c === SQUOTE) {
          i++;
          // A closing quote ends the argument and must be followed by a blank or the end.
          if (i < end && !isBlank(line[i])) return null;
          break;
        } else {
          scratch[n++] = c;
          i++;
        }
      } else if (endsUnquoted(c)) {
        break;
      } else if (c === DQUOTE) {
        inDouble = true;
        i++;
      } else if (c === SQUOTE) {
        inSingle = true;
        i++;
      } else {
        scratch[n++] = c;
        i++;
      }
    }
    args.push(Buffer.from(scratch.subarray(0, n)));
  }
}
