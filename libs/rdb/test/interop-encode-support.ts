/**
 * Helpers for the encoder's interop tests: read a key back from a real redis-server in a form that
 * can be compared with the RdbValue it was written from (latin1 text for bytes, sorted where the
 * server's order is its own, scores as numbers).
 */
import { RawClient, parseReply, type ReplyNode } from '@resplica/testing';
import { existsSync } from 'node:fs';
import type { RdbBytes, RdbValue } from '../src/model';

export const HAVE_REDIS = existsSync('/usr/bin/redis-server') && existsSync('/usr/bin/redis-check-rdb');

/** Sends one command and parses its reply. */
export async function ask(client: RawClient, ...argv: (string | Buffer)[]): Promise<ReplyNode> {
  return parseReply(await client.call(...argv));
}

/** Bytes as latin1 text (one char per byte), the form replies are parsed into. */
export function latin1(bytes: RdbBytes): string {
  return typeof bytes === 'string' ? bytes : bytes.toString('latin1');
}

/** A score as ZRANGE WITHSCORES prints it, read back into a double. */
function scoreOf(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type Comparable =
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'set'; members: string[] }
  | { kind: 'hash'; entries: [string, string][] }
  | { kind: 'zset'; entries: [string, number][] };

/**
 * What the server should hold for `value`: sets sorted, hashes sorted by field, sorted sets in
 * Redis's order (score, then member bytes), -0 scores as 0 where a listpack stored them.
 */
export function comparableOf(value: RdbValue): Comparable {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: latin1(value.value) };
    case 'list':
      return { kind: 'list', items: [...value.items].map(latin1) };
    case 'set':
      return { kind: 'set', members: [...value.members].map(latin1).sort(byText) };
    case 'hash':
      return {
        kind: 'hash',
        entries: [...value.entries].map(([f, v]): [string, string] => [latin1(f), latin1(v)]).sort((a, b) => byText(a[0], b[0])),
      };
    case 'zset':
      return {
        kind: 'zset',
        entries: [...value.entries]
          .map(([m, s]): [string, number] => [latin1(m), s === 0 ? 0 : s])
          .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : byText(a[0], b[0]))),
      };
  }
}

/** Reads `key` (of the given kind) back from the server in the same comparable form. */
export async function readBack(client: RawClient, key: RdbBytes, kind: RdbValue['kind']): Promise<Comparable> {
  const k = typeof key === 'string' ? Buffer.from(key, 'latin1') : key;
  switch (kind) {
    case 'string':
      return { kind, value: (await ask(client, 'GET', k)).text! };
    case 'list':
      return { kind, items: (await ask(client, 'LRANGE', k, '0', '-1')).items.map((n) => n.text!) };
    case 'set':
      return { kind, members: (await ask(client, 'SMEMBERS', k)).items.map((n) => n.text!).sort(byText) };
    case 'hash': {
      const flat = (await ask(client, 'HGETALL', k)).items.map((n) => n.text!);
      const entries: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) entries.push([flat[i], flat[i + 1]]);
      return { kind, entries: entries.sort((a, b) => byText(a[0], b[0])) };
    }
    case 'zset': {
      const flat = (await ask(client, 'ZRANGE', k, '0', '-1', 'WITHSCORES')).items.map((n) => n.text!);
      const entries: [string, number][] = [];
      for (let i = 0; i < flat.length; i += 2) entries.push([flat[i], scoreOf(flat[i + 1])]);
      return { kind, entries };
    }
  }
}

/** A small seeded xorshift generator, so every run writes the same data. */
export class Random {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }

  /** 32 random bits. */
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }

  /** `length` chars drawn from `alphabet`. */
  text(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.below(alphabet.length)];
    return out;
  }

  /** `length` random bytes (they do not compress). */
  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
