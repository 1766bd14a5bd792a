/**
 * Cheap Buffer views of a read chunk, for the request parser's arguments.
 *
 * `chunk.subarray(start, end)` reads `chunk.buffer` (a C++ builtin call) and normalises its indexes
 * on every call: about half of the parser's time in a profile of pipelined SADDs. An ArgView is
 * constructed straight from the chunk's ArrayBuffer, read once per chunk, at about a third of the
 * cost.
 *
 * ArgView inherits from Buffer.prototype, so it is a Buffer to every caller: `Buffer.isBuffer`,
 * `instanceof Buffer`, toString('latin1'), equals, copy and the socket write path all accept it.
 */
class ArgView extends Uint8Array {}
Object.setPrototypeOf(ArgView.prototype, Buffer.prototype);

/** A Buffer viewing `length` bytes of `memory` from `byteOffset`: an argument of a read chunk. */
export function argView(memory: ArrayBufferLike, byteOffset: number, length: number): Buffer {
  // A SharedArrayBuffer views the same way; the constructor's typings only list ArrayBuffer.
  return new ArgView(memory as ArrayBuffer, byteOffset, length) as Buffer;
}
