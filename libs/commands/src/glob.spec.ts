/**
 * stringMatch against a table of verdicts taken from redis-server 7.0.15 (KEYS with one key per run;
 * KEYS's own shortcut for the pattern `*` is left out), plus the nesting limit and pathological
 * patterns that must stay fast.
 */
import { stringMatch } from './glob';

const SUBJECTS = ["hello","hallo","hxllo","h*llo","hllo","h\\","\\","x","ax","a","b","]","-","c","abc","aXbYc","","?","x?y","xay","z","e","!","[","abcd"];

// pattern → the subjects it matched on redis-server 7.0.15 (KEYS with one key per run)
const VERIFIED: [string, string[]][] = [
  ["*", SUBJECTS.filter((s) => s !== "")],
  ["?", ["\\","x","a","b","]","-","c","?","z","e","!","["]],
  ["h?llo", ["hello","hallo","hxllo","h*llo"]],
  ["h*llo", ["hello","hallo","hxllo","h*llo","hllo"]],
  ["h[ae]llo", ["hello","hallo"]],
  ["h[^e]llo", ["hallo","hxllo","h*llo"]],
  ["h[a-b]llo", ["hallo"]],
  ["h[b-a]llo", ["hallo"]],
  ["h\\*llo", ["h*llo"]],
  ["h\\", ["h\\"]],
  ["\\", ["\\"]],
  ["[]", []],
  ["[^]x", ["ax"]],
  ["[^]", ["\\","x","a","b","]","-","c","?","z","e","!","["]],
  ["[abc", ["a","b","c"]],
  ["[a-]x", ["x","a","]"]],
  ["[a-]", ["a","]"]],
  ["[\\]]", ["]"]],
  ["[\\", ["\\"]],
  ["a*b*c", ["abc","aXbYc"]],
  ["*a*", ["hallo","ax","a","abc","aXbYc","xay","abcd"]],
  ["**", ["hello","hallo","hxllo","h*llo","hllo","h\\","\\","x","ax","a","b","]","-","c","abc","aXbYc","?","x?y","xay","z","e","!","[","abcd"]],
  ["a**", ["ax","a","abc","aXbYc","abcd"]],
  ["*?", ["hello","hallo","hxllo","h*llo","hllo","h\\","\\","x","ax","a","b","]","-","c","abc","aXbYc","?","x?y","xay","z","e","!","[","abcd"]],
  ["?*", ["hello","hallo","hxllo","h*llo","hllo","h\\","\\","x","ax","a","b","]","-","c","abc","aXbYc","?","x?y","xay","z","e","!","[","abcd"]],
  ["a[", []],
  ["a[^", ["ax"]],
  ["[z-a]", ["x","a","b","c","z","e"]],
  ["x\\?y", ["x?y"]],
  ["[a\\-z]", ["a","-","z"]],
  ["[!a]", ["a","!"]],
  ["*\\", ["h\\","\\"]],
  ["abc", ["abc"]],
  ["", [""]],
  ["[-a]", ["a","-"]],
  ["[a-c-e]", ["a","b","-","c","e"]],
];

describe('stringMatch', () => {
  it.each(VERIFIED)('pattern %j matches exactly the subjects redis matched', (pattern, expected) => {
    const got = SUBJECTS.filter((s) => stringMatch(pattern, s));
    expect(got).toEqual(expected);
    expect(SUBJECTS.filter((s) => stringMatch(Buffer.from(pattern, 'latin1'), Buffer.from(s, 'latin1')))).toEqual(
      expected,
    );
  });

  it('matches an empty subject only with an empty pattern', () => {
    expect(stringMatch('', '')).toBe(true);
    expect(stringMatch('*', '')).toBe(false);
    expect(stringMatch('**', '')).toBe(false);
  });

  // Verified with CONFIG GET on redis-server 7.0.15, which matches names with nocase.
  it('folds ASCII case with nocase, in literals and ranges but not in escapes inside a class', () => {
    expect(stringMatch('HeLLo', 'hello', true)).toBe(true);
    expect(stringMatch('HeLLo', 'hello')).toBe(false);
    expect(stringMatch('h[A-F]llo', 'hello', true)).toBe(true);
    expect(stringMatch('h[A-F]llo', 'hello')).toBe(false);
    expect(stringMatch('h[E]llo', 'hello', true)).toBe(true);
    expect(stringMatch('\\E', 'e', true)).toBe(true);
    expect(stringMatch('[\\E]', 'e', true)).toBe(false);
  });

  it('is binary-safe', () => {
    const subject = Buffer.from([0x00, 0xff, 0x2a, 0x0a]);
    expect(stringMatch(Buffer.from([0x00, 0x3f, 0x5c, 0x2a, 0x0a]), subject)).toBe(true);
    expect(stringMatch(Buffer.from([0x5b, 0xf0, 0x2d, 0xff, 0x5d, 0x2a]), Buffer.from([0xfe, 0x01]))).toBe(true);
  });

  // Verified on redis-server 7.0.15 with a key of 1100 `a`s.
  it('refuses more than 1000 nested stars as redis does', () => {
    const subject = 'a'.repeat(1100);
    expect(stringMatch('*a'.repeat(1000), subject)).toBe(true);
    expect(stringMatch('*a'.repeat(1001), subject)).toBe(false);
    expect(stringMatch('*a'.repeat(1000) + '*', subject)).toBe(true);
    expect(stringMatch('*a'.repeat(1001) + '*', subject)).toBe(false);
    expect(stringMatch('**' + '*a'.repeat(1000), subject)).toBe(true);
  });

  it('stays polynomial on pathological patterns', () => {
    const subject = 'a'.repeat(20000);
    const started = Date.now();
    expect(stringMatch('*a'.repeat(30) + 'b', subject)).toBe(false);
    expect(stringMatch('a*'.repeat(500) + 'b', subject)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
