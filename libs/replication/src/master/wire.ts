/**
 * The bytes the master side puts on a replica's socket (spec/replication.md §1.3, §2.2, §3.4,
 * §3.5). Stream commands (PING, GETACK) count toward the replication offset and go through
 * ReplicationMaster.feed; everything else here (reply lines, payload headers, keepalive newlines)
 * is written to one socket and is never counted.
 *
 * Invariant: the shared Buffers below are never mutated; sockets may hold them as long as they like.
 */
import { randomBytes } from 'node:crypto';

/** The master's periodic `PING` in the stream (§3.4): 14 bytes, lower case as 7.0 sends it. */
export const PING_COMMAND = Buffer.from('*1\r\n$4\r\nping\r\n', 'latin1');

/** `REPLCONF GETACK *` (§3.5): 37 bytes, fed once per event-loop turn when WAIT asks for acks. */
export const GETACK_COMMAND = Buffer.from('*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n', 'latin1');

/** The keepalive a replica waiting for its snapshot gets once a second (§2.1, P5). */
export const NEWLINE = Buffer.from('\n', 'latin1');

/** Length of the EOF mark of a diskless payload (§2.2). */
export const EOF_MARK_LENGTH = 40;

/** `+CONTINUE <replid>\r\n`, or the bare form for a replica without `capa psync2` (§1.3). */
export function continueLine(replid: string, psync2: boolean): Buffer {
  return Buffer.from(psync2 ? `+CONTINUE ${replid}\r\n` : '+CONTINUE\r\n', 'latin1');
}

/** `+FULLRESYNC <replid> <offset>\r\n`: written when the snapshot actually starts (§1.5 step 9). */
export function fullResyncLine(replid: string, offset: number): Buffer {
  return Buffer.from(`+FULLRESYNC ${replid} ${offset}\r\n`, 'latin1');
}

/** An error reply line: `-<line>\r\n` (`line` carries its own code, e.g. `NOMASTERLINK …`). */
export function errorLine(line: string): Buffer {
  return Buffer.from(`-${line}\r\n`, 'latin1');
}

/** A fresh EOF mark: 40 random chars of 0-9a-f, as 7.0 makes it. */
export function randomEofMark(): Buffer {
  return Buffer.from(randomBytes(EOF_MARK_LENGTH / 2).toString('hex'), 'latin1');
}

/** `$EOF:<mark>\r\n`: the header of a diskless payload. */
export function eofHeader(mark: Buffer): Buffer {
  return Buffer.concat([Buffer.from('$EOF:', 'latin1'), mark, Buffer.from('\r\n', 'latin1')]);
}

/** `$<length>\r\n`: the header of a payload sent from a file. No CRLF follows the RDB bytes. */
export function bulkHeader(length: number): Buffer {
  return Buffer.from(`$${length}\r\n`, 'latin1');
}
