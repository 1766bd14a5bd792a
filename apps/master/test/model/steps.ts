/*
 * What a generated sequence is made of, and the helpers that build command arbitraries.
 *
 * A Step is one command, one MULTI…EXEC block, or one full SCAN-family iteration. Each command
 * carries the Check its reply is judged by: byte equality unless the reply is unordered or random
 * by nature. Invariant: a command that is random by nature never changes the data (or changes it
 * the same way whatever it picks, e.g. SPOP of the whole set), so both servers stay in step.
 */
import fc from 'fast-check';
import { Arg, escapeBytes } from '@resplica/testing';

/**
 * How a reply is compared:
 * - exact: identical bytes;
 * - unordered: same aggregate type and the same items in any order (SMEMBERS, KEYS, SUNION …);
 * - pairs: same field/value (or member/score) pairs in any order (HGETALL, HRANDFIELD … WITHVALUES);
 * - shape: same types and counts, and the same error text (random picks: SRANDMEMBER -5 …);
 * - approx: integers within `tolerance` when both are ≥ 0, else identical (TTL family).
 */
export type Check =
  | { kind: 'exact' }
  | { kind: 'unordered' }
  | { kind: 'pairs' }
  | { kind: 'shape' }
  | { kind: 'approx'; tolerance: number };

export const EXACT: Check = { kind: 'exact' };
export const UNORDERED: Check = { kind: 'unordered' };
export const PAIRS: Check = { kind: 'pairs' };
export const SHAPE: Check = { kind: 'shape' };
/** Seconds-resolution TTL readings taken a few milliseconds apart on the two servers. */
export const APPROX_S: Check = { kind: 'approx', tolerance: 1 };
export const APPROX_MS: Check = { kind: 'approx', tolerance: 1000 };

export interface Command {
  argv: Arg[];
  check: Check;
}

/** A full HSCAN/SSCAN/ZSCAN/SCAN iteration; compared as the set of everything it returned. */
export interface ScanStep {
  kind: 'scan';
  /** The command and its key (none for SCAN). */
  head: Arg[];
  /** MATCH/COUNT/TYPE options appended to every call. */
  options: Arg[];
}

export type Step = { kind: 'command'; command: Command } | { kind: 'multi'; commands: Command[] } | ScanStep;

/** A part of a command: a fixed argument, or an arbitrary giving one argument or several. */
export type Part = Arg | fc.Arbitrary<Arg> | fc.Arbitrary<readonly Arg[]>;

function partArbitrary(part: Part): fc.Arbitrary<Arg | readonly Arg[]> {
  return typeof part === 'string' || Buffer.isBuffer(part) ? fc.constant(part) : part;
}

/** A command whose reply is compared with `check`. */
export function checked(check: Check, ...parts: Part[]): fc.Arbitrary<Command> {
  return fc.tuple(...parts.map(partArbitrary)).map((values) => ({ argv: values.flat(), check }));
}

/** A command whose reply must be byte-identical. */
export function cmd(...parts: Part[]): fc.Arbitrary<Command> {
  return checked(EXACT, ...parts);
}

/** Zero or one occurrence of a group of arguments. */
export function optional(...parts: Part[]): fc.Arbitrary<Arg[]> {
  const group = fc.tuple(...parts.map(partArbitrary)).map((values) => values.flat());
  return fc.option(group, { nil: undefined, freq: 2 }).map((g) => g ?? []);
}

/** Any subset of option groups, in a random order (clients may write options in any order). */
export function options(...groups: fc.Arbitrary<readonly Arg[]>[]): fc.Arbitrary<Arg[]> {
  const order = fc.shuffledSubarray(groups.map((_, i) => i));
  return fc.tuple(order, ...groups).map(([picked, ...values]) => picked.flatMap((i) => values[i]));
}

/**
 * Gives a step the text fast-check prints in a counterexample (the command line, not the object),
 * so a failure report reads like a redis-cli session.
 */
export function printable<T extends Step>(step: T): T {
  return Object.defineProperty(step, fc.toStringMethod, { value: () => showStep(step), enumerable: false });
}

/** A command wrapped as a step. */
export function single(command: fc.Arbitrary<Command>): fc.Arbitrary<Step> {
  return command.map((c) => printable({ kind: 'command' as const, command: c }));
}

/** A MULTI…EXEC block of 0–6 commands drawn from `commands`. */
export function multi(commands: fc.Arbitrary<Command>): fc.Arbitrary<Step> {
  return fc.array(commands, { maxLength: 6 }).map((cs) => printable({ kind: 'multi' as const, commands: cs }));
}

/** Arguments shown in full; longer commands (the grow steps) are abbreviated. */
const SHOWN_ARGS = 24;

/** Renders a command for failure messages: printable words as is, anything else quoted and escaped. */
export function showArgv(argv: readonly Arg[]): string {
  const words = argv.slice(0, SHOWN_ARGS).map((a) => {
    const text = escapeBytes(typeof a === 'string' ? Buffer.from(a, 'latin1') : a);
    return /^[\x21-\x7e]+$/.test(text) && !text.includes('"') ? text : `"${text}"`;
  });
  if (argv.length > SHOWN_ARGS) words.push(`…(${argv.length - SHOWN_ARGS} more)`);
  return words.join(' ');
}

/** Renders a step for failure messages. */
export function showStep(step: Step): string {
  switch (step.kind) {
    case 'command':
      return showArgv(step.command.argv);
    case 'multi':
      return `MULTI; ${step.commands.map((c) => showArgv(c.argv)).join('; ')}; EXEC`;
    case 'scan':
      return `${showArgv([...step.head, '<cursor>', ...step.options])} (full iteration)`;
  }
}
