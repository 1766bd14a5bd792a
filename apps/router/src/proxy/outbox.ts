/**
 * Outbox: the bytes queued for one socket during an event-loop turn, written at the turn's end
 * (flush-turn.ts). Parts are views (request frames from a client's input, reply frames from a
 * backend's input, pre-encoded replies), pushed without copying.
 *
 * At write time small parts are joined into one buffer, one copy that replaces a syscall, or a
 * WriteReq, per part; parts of BIG_PART bytes or more are handed to the socket as they are, under
 * one cork. A pipeline of N small frames therefore costs one allocation and one write.
 *
 * Invariant: the bytes of a pushed view must not change until writeTo has handed them to the
 * socket (the input buffers never rewrite bytes they have exposed).
 */
import type { Socket } from 'node:net';

/** Parts at least this large are written by reference instead of being copied into a join. */
const BIG_PART = 16 * 1024;

export class Outbox {
  /** Bytes queued and not yet written. */
  bytes = 0;
  private parts: Buffer[] = [];
  private bigParts = 0;

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  push(bytes: Buffer): void {
    this.parts.push(bytes);
    this.bytes += bytes.length;
    if (bytes.length >= BIG_PART) this.bigParts++;
  }

  /** Drops everything queued (the socket is closing). */
  clear(): void {
    this.parts.length = 0;
    this.bytes = 0;
    this.bigParts = 0;
  }

  /** Writes everything queued; returns false when the socket's buffer is over its high-water mark. */
  writeTo(socket: Socket): boolean {
    const parts = this.parts;
    const n = parts.length;
    if (n === 0) return true;
    let accepted: boolean;
    if (n === 1) accepted = socket.write(parts[0]);
    else if (this.bigParts === 0) accepted = socket.write(Buffer.concat(parts, this.bytes));
    else accepted = writeMixed(socket, parts);
    this.clear();
    return accepted;
  }
}

/** Small runs joined, big parts by reference, all under one cork so the kernel sees one writev. */
function writeMixed(socket: Socket, parts: Buffer[]): boolean {
  socket.cork();
  let accepted = true;
  let runStart = 0;
  let runBytes = 0;
  for (let i = 0; i <= parts.length; i++) {
    const part = i < parts.length ? parts[i] : null;
    if (part !== null && part.length < BIG_PART) {
      runBytes += part.length;
      continue;
    }
    if (i - runStart === 1) accepted = socket.write(parts[runStart]);
    else if (i - runStart > 1) accepted = socket.write(Buffer.concat(parts.slice(runStart, i), runBytes));
    if (part !== null) accepted = socket.write(part);
    runStart = i + 1;
    runBytes = 0;
  }
  socket.uncork();
  return accepted;
}
