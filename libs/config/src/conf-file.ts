/*
 * The redis.conf syntax: splitting one line into words (double quotes with escapes, single quotes,
 * as redis-server reads them), expanding `include` lines, and turning a redis-server argv
 * (`[file] --port 6380 --replicaof 127.0.0.1 6379`) into the same directives a file holds.
 *
 * Invariant: every directive carries `where` (file:line, `command line` or the env variable) so the
 * loader can list every error with its origin.
 */

export interface Directive {
  /** Words of the line; args[0] is the parameter name as written. */
  readonly args: string[];
  /** `path:line`, `command line`, `environment RESPLICA_X`. */
  readonly where: string;
}

const HEX = /^[0-9a-fA-F]{2}$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/**
 * Splits a line into words. Double-quoted words understand \n \r \t \b \a \xHH and \<char>;
 * single-quoted words only \'. A closing quote must be followed by a space or the end of the line.
 * Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (isSpace(line[i])) i++;
    if (i >= line.length) return out;
    let word = '';
    let quote: '"' | "'" | null = null;
    for (;;) {
      const ch = line[i];
      if (quote === '"') {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === 'x' && HEX.test(line.slice(i + 2, i + 4))) {
          word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (ch === '\\' && i + 1 < line.length) {
          const next = line[i + 1];
          word += ESCAPES[next] ?? next;
          i += 2;
        } else if (ch === '"') {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return null;
          i++;
          break;
        } else {
          word += ch;
          i++;
        }
      } else if (quote === "'") {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === "'") {
          word += "'";
          i += 2;
        } else if (ch === "'") {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return null;
          i++;
          break;
        } else {
          word += ch;
          i++;
        }
      } else if (ch === undefined || isSpace(ch)) {
        break;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        i++;
      } else {
        word += ch;
        i++;
      }
    }
    out.push(word);
  }
}

/** Quotes a word for a config file line when it is empty or holds spaces, quotes or controls. */
export function quoteArg(word: string): string {
  if (word !== '' && /^[\x21-\x7e]+$/.test(word) && !/["'\\]/.test(word)) return word;
  let out = '"';
  for (const ch of word) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Deepest include chain accepted; deeper means a loop. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Reads a config file and the files it includes, in order, into directives. Lines that are blank
 * or start with '#' are skipped; unbalanced quotes and unreadable files become errors.
 */
export function readConfigFile(
  path: string,
  readFile: (path: string) => string,
  errors: string[],
  depth = 0,
): Directive[] {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    errors.push(`Fatal error, can't open config file '${path}': ${(err as Error).message}`);
    return [];
  }
  const out: Directive[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${path}:${n + 1}`;
    const args = splitArgs(line);
    if (args === null) {
      errors.push(`${where}: >>> '${line}' - Unbalanced quotes in configuration line`);
      continue;
    }
    if (args.length === 0) continue;
    if (args[0].toLowerCase() === 'include' && args.length === 2) {
      if (depth >= MAX_INCLUDE_DEPTH) errors.push(`${where}: include nested too deeply ('${args[1]}')`);
      else out.push(...readConfigFile(args[1], readFile, errors, depth + 1));
      continue;
    }
    out.push({ args, where });
  }
  return out;
}

/**
 * Splits a redis-server argv into the config file (the first word, when it is not an option) and
 * the option directives. `--save` followed by nothing or by another option means `save ""`.
 */
export function parseArgv(argv: readonly string[], errors: string[]): { file: string | null; directives: Directive[] } {
  let k = 0;
  let file: string | null = null;
  if (argv.length > 0 && !argv[0].startsWith('--')) {
    file = argv[0];
    k = 1;
  }
  const directives: Directive[] = [];
  let current: string[] | null = null;
  for (; k < argv.length; k++) {
    const word = argv[k];
    if (word.startsWith('--') && word.length > 2) {
      if (current !== null) directives.push({ args: current, where: 'command line' });
      current = [word.slice(2)];
    } else if (current === null) {
      errors.push(`command line: >>> '${word}' - Invalid argument: options start with --`);
    } else {
      current.push(word);
    }
  }
  if (current !== null) directives.push({ args: current, where: 'command line' });
  for (const d of directives) {
    if (d.args.length === 1 && d.args[0].toLowerCase() === 'save') d.args.push('');
  }
  return { file, directives };
}
