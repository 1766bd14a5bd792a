/**
 * The reply contract every command handler writes to.
 *
 * Handlers never see the wire protocol: the same calls produce RESP2 or RESP3 bytes depending on
 * what the client negotiated with HELLO. It lives beside the command table because every handler, in
 * keyspace and in server, is written against it; `ReplyWriter` in libs/resp implements it
 * structurally (resp depends on nothing, so it has no `implements` clause).
 *
 * Invariant: a handler writes exactly one top-level reply per command (an aggregate header counts as
 * one reply together with all of its elements).
 */
export interface Reply {
  /** 2 or 3, as negotiated by HELLO. */
  readonly protocol: 2 | 3;
  /** `+OK`. */
  ok(): void;
  /** A simple string, `+<text>`. The text must not contain CR or LF. */
  status(text: string): void;
  /**
   * An error, `-<message>`. The message carries its code prefix: `ERR syntax error`,
   * `WRONGTYPE Operation against a key holding the wrong kind of value`.
   */
  error(message: string): void;
  /** `:<n>`. */
  integer(n: number | bigint): void;
  /** A bulk string; null is the null reply (`$-1` in RESP2, `_` in RESP3). Strings are sent as UTF-8. */
  bulk(value: Buffer | string | null): void;
  /**
   * A bulk string of the bytes a latin1 string holds, one char per byte: keys, fields and members
   * as the keyspace stores them, written without a Buffer per reply.
   */
  bulkLatin1(value: string): void;
  /** The null reply of a missing aggregate: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void;
  /** `*<n>`; the caller then writes n replies. */
  arrayHeader(n: number): void;
  /** `%<n>` in RESP3, `*<2n>` in RESP2; the caller then writes n key/value pairs. */
  mapHeader(pairs: number): void;
  /** `~<n>` in RESP3, `*<n>` in RESP2. */
  setHeader(n: number): void;
  /** `><n>` in RESP3, `*<n>` in RESP2 (pub/sub messages, invalidations). */
  pushHeader(n: number): void;
  /** `,<x>` in RESP3; in RESP2 a bulk string formatted as Redis does (`inf`, `-inf`, 17 digits). */
  double(value: number): void;
  /** `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  bool(value: boolean): void;
  /** `=<len>\r\ntxt:<text>` in RESP3, a bulk string in RESP2 (INFO, CLIENT LIST, LOLWUT). */
  verbatim(text: string, format?: 'txt' | 'mkd'): void;
  /** An array whose length is known only after its elements are written (SCAN-like loops). */
  deferredArray(): DeferredLength;
  /** Bytes that are already valid RESP for this client's protocol (pre-encoded constants). */
  raw(bytes: Buffer): void;
}

/** Handle for an aggregate header written before its length was known. */
export interface DeferredLength {
  /** Patches the header with the final element count; call exactly once. */
  setLength(n: number): void;
}
