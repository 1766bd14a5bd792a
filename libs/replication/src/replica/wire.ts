/**
 * The bytes the replica writes on the master link (spec §1.1, §3.5, §2.3): the handshake commands,
 * the `SYNC` fallback, `REPLCONF ACK <offset>` and the load-time newline. After the handshake these
 * ACKs and newlines are the only bytes a replica may send (§3.6).
 */
import { encodeCommand } from '@resplica/resp';

export const PING = Buffer.from('*1\r\n$4\r\nPING\r\n', 'latin1');

/** The inline command of a master that refused PSYNC with an error it does not explain (§1.2). */
export const SYNC = Buffer.from('SYNC\r\n', 'latin1');

/** Keepalive while a full sync is loaded (§2.3); a master only refreshes the replica's ACK time. */
export const NEWLINE = Buffer.from('\n', 'latin1');

export interface HandshakeSettings {
  /** masteruser ('' = none) and masterauth ('' = no AUTH at all). */
  readonly user: string;
  readonly password: string;
  readonly announcePort: number;
  readonly announceIp: string | null;
}

/** The second handshake write: what it holds, and how many reply lines it asks for. */
export interface HandshakeBatch {
  readonly bytes: Buffer;
  /** One per command, in order: 'auth', 'listening-port', 'ip-address', 'capa'. */
  readonly commands: readonly string[];
}

/** AUTH (when a password is set), REPLCONF listening-port, ip-address (if announced) and capa. */
export function handshakeBatch(s: HandshakeSettings): HandshakeBatch {
  const parts: Buffer[] = [];
  const commands: string[] = [];
  if (s.password !== '') {
    parts.push(encodeCommand(s.user !== '' ? ['AUTH', s.user, s.password] : ['AUTH', s.password]));
    commands.push('auth');
  }
  parts.push(encodeCommand(['REPLCONF', 'listening-port', String(s.announcePort)]));
  commands.push('listening-port');
  if (s.announceIp !== null) {
    parts.push(encodeCommand(['REPLCONF', 'ip-address', s.announceIp]));
    commands.push('ip-address');
  }
  parts.push(encodeCommand(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']));
  commands.push('capa');
  return { bytes: Buffer.concat(parts), commands };
}

/** What a PSYNC asks for: the history's id and the next offset wanted (processed offset + 1). */
export interface PsyncArgs {
  readonly replid: string;
  readonly offset: number;
}

/** `PSYNC <replid> <offset>`, or `PSYNC ? -1` without a cached master. */
export function psyncCommand(cached: PsyncArgs | null): Buffer {
  return cached === null ? encodeCommand(['PSYNC', '?', '-1']) : encodeCommand(['PSYNC', cached.replid, String(cached.offset)]);
}

const ACK_PREFIX = '*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$';

/** `REPLCONF ACK <offset>` as a real replica writes it. */
export function ackCommand(offset: number): Buffer {
  const digits = String(offset);
  return Buffer.from(ACK_PREFIX + digits.length + '\r\n' + digits + '\r\n', 'latin1');
}
