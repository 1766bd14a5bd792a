/**
 * The handshake of a replica with its master (spec §1.1–1.3, P1), as a state machine over reply
 * lines: it never touches the socket, the link feeds it each line and carries out the step it
 * returns.
 *
 *   PING ─► one reply line ─► AUTH? + REPLCONF listening-port + ip-address? + capa (one write)
 *        ─► one reply line per command ─► PSYNC ─► the PSYNC reply (empty lines skipped)
 *
 * PSYNC goes out only after every earlier reply was read: a master refuses a PSYNC that arrives
 * while it still has replies pending (P1). Judging replies follows 7.0 (§1.2): PING may also be
 * answered with an auth error (auth comes next), an AUTH error ends the attempt, REPLCONF errors
 * are only logged, `-NOMASTERLINK`/`-LOADING` mean "try again later", and any other PSYNC reply
 * makes the replica fall back to the inline `SYNC` (a full sync announced by no +FULLRESYNC).
 */
import type { Logger } from '../types';
import { PING, psyncCommand, type HandshakeBatch, type PsyncArgs } from './wire';

/** What the link does after a line. */
export type HandshakeStep =
  /** Keep reading lines. */
  | { readonly kind: 'wait' }
  /** Write these bytes, then keep reading lines. */
  | { readonly kind: 'send'; readonly bytes: Buffer }
  /** Close and retry later. */
  | { readonly kind: 'fail'; readonly reason: string }
  /**
   * `+FULLRESYNC`: the payload header follows. `replid` null when the line was malformed (7.0 then
   * keeps no usable master id either).
   */
  | { readonly kind: 'full'; readonly replid: string | null; readonly offset: number }
  /** `+CONTINUE`, with the master's replid when it sent one; stream bytes follow at once. */
  | { readonly kind: 'continue'; readonly replid: string | null }
  /** PSYNC refused in a way that asks for the old protocol: send SYNC, a full sync follows. */
  | { readonly kind: 'sync'; readonly reply: string };

const WAIT: HandshakeStep = { kind: 'wait' };

const REPLID_CHARS = 40;
const CONTINUE = '+CONTINUE';
const FULLRESYNC = /^\+FULLRESYNC ([^ ]*) (\d+)/;

/** PING answers that still let the handshake go on: the AUTH that follows will settle them. */
function pingAccepted(line: string): boolean {
  return (
    line.startsWith('+') ||
    line.startsWith('-NOAUTH') ||
    line.startsWith('-NOPERM') ||
    line.startsWith('-ERR operation not permitted')
  );
}

const PHASE = { ping: 0, replies: 1, psync: 2, done: 3 } as const;
type Phase = (typeof PHASE)[keyof typeof PHASE];

export class Handshake {
  private phase: Phase = PHASE.ping;
  private replies = 0;
  private readonly psync: Buffer;

  /** `psync`: our replid and the next offset we want, or null for `PSYNC ? -1`. */
  constructor(
    private readonly batch: HandshakeBatch,
    private readonly psyncArgs: PsyncArgs | null,
    private readonly log: Logger,
  ) {
    this.psync = psyncCommand(psyncArgs);
  }

  /** The first write of the handshake. */
  start(): Buffer {
    return PING;
  }

  /** Judges one reply line (terminator removed). */
  onLine(line: string): HandshakeStep {
    switch (this.phase) {
      case PHASE.ping:
        if (!pingAccepted(line)) return this.fail(`error reply to PING from master: '${line}'`);
        this.phase = PHASE.replies;
        return { kind: 'send', bytes: this.batch.bytes };
      case PHASE.replies:
        return this.onBatchReply(line);
      case PHASE.psync:
        return this.onPsyncReply(line);
      default:
        return this.fail('reply line after the handshake ended');
    }
  }

  private onBatchReply(line: string): HandshakeStep {
    const command = this.batch.commands[this.replies++];
    if (line.startsWith('-')) {
      if (command === 'auth') return this.fail(`Unable to AUTH to MASTER: ${line}`);
      this.log.warn({ command: `REPLCONF ${command}`, reply: line }, 'master refused a REPLCONF (non critical)');
    }
    if (this.replies < this.batch.commands.length) return WAIT;
    this.phase = PHASE.psync;
    const args = this.psyncArgs;
    this.log.info({ replid: args?.replid ?? '?', offset: args?.offset ?? -1 }, 'handshake done: sending PSYNC');
    return { kind: 'send', bytes: this.psync };
  }

  private onPsyncReply(line: string): HandshakeStep {
    // A master preparing the snapshot sends newlines as keepalives (§2.1).
    if (line === '') return WAIT;
    this.phase = PHASE.done;
    if (line.startsWith('+FULLRESYNC')) {
      const m = FULLRESYNC.exec(line);
      if (m === null || m[1].length !== REPLID_CHARS) {
        this.log.warn({ reply: line }, 'master replied with wrong +FULLRESYNC syntax');
        return { kind: 'full', replid: null, offset: 0 };
      }
      return { kind: 'full', replid: m[1], offset: Number(m[2]) };
    }
    if (line.startsWith(CONTINUE)) {
      // `+CONTINUE <replid>` to a psync2 replica, a bare `+CONTINUE` otherwise (§1.3).
      const id = line.length === CONTINUE.length + 1 + REPLID_CHARS ? line.slice(CONTINUE.length + 1) : null;
      return { kind: 'continue', replid: id };
    }
    if (line.startsWith('-NOMASTERLINK') || line.startsWith('-LOADING')) {
      return this.fail(`master is not ready for PSYNC: ${line}`);
    }
    return { kind: 'sync', reply: line };
  }

  private fail(reason: string): HandshakeStep {
    this.phase = PHASE.done;
    return { kind: 'fail', reason };
  }
}
