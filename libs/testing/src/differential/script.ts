/*
 * The differential script format: sessions of commands played, unchanged, against a reference
 * redis-server and against our server, each in a fresh database, comparing reply bytes.
 *
 * A session is the unit of state: its steps run in order on the same connections, and every
 * session starts after FLUSHALL. Keep sessions small and named after what they prove.
 */
import type { Arg } from '../resp-frame';
import type { Comparator } from './compare';

/** A step given in full; a bare argv array means `{ cmd: argv }`. */
export interface StepSpec {
  /** The command to send as a multibulk. Exactly one of cmd / raw. */
  cmd?: Arg[];
  /** Bytes to send as they are (inline commands, malformed input). */
  raw?: string | Buffer;
  /** Which of the session's connections sends it. @default 0 */
  client?: number;
  /** How many replies to read after sending (SUBSCRIBE a b gives 2; CLIENT REPLY OFF gives 0). @default 1 */
  replies?: number;
  /** How to compare the replies. @default exact bytes */
  compare?: Comparator;
  /** The server closes the connection after replying (QUIT, protocol errors). @default false */
  closes?: boolean;
}

export type Step = Arg[] | StepSpec;

export interface Session {
  /** What the session proves; it becomes the test name. */
  name: string;
  steps: Step[];
  /** Which protocols to run it in; RESP3 sessions first send HELLO 3. @default [2, 3] */
  protocols?: (2 | 3)[];
  /** How many connections the session opens. @default the highest `client` + 1 */
  clients?: number;
}

/** Normalises a bare argv to a StepSpec. */
export function stepSpec(step: Step): StepSpec {
  return Array.isArray(step) ? { cmd: step } : step;
}
