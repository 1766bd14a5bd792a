/*
 * Parsers for the parameters whose value is a small language of its own: save points, bind
 * addresses, client output buffer limits, OOM score values, keyspace event classes, latency
 * percentiles, replicaof, maxmemory-clients and the unix socket permission. Messages are Redis
 * 7.0's, checked against redis-server 7.0.15. Structured readers for the engine (`saveParams`,
 * `clientBufferLimits`, `replicaOf`) parse the canonical text a store holds.
 */
import type { ParseResult } from './types';
import { parseMemory, parseInt64, LLONG_MAX } from './values';

const SPACES = /\s+/;

function words(raw: string): string[] {
  const t = raw.trim();
  return t === '' ? [] : t.split(SPACES);
}

// ---------------------------------------------------------------------------------------------
// save: "<seconds> <changes> …" pairs, or "" for no snapshots. Single spaces only, as 7.0.

const ERR_SAVE = 'Invalid save parameters';

export function parseSave(raw: string): ParseResult {
  if (raw === '') return { text: '', num: 0 };
  const parts = raw.split(' ');
  if (parts.length % 2 !== 0) return ERR_SAVE;
  for (let i = 0; i < parts.length; i += 2) {
    const seconds = parseInt64(parts[i], 1n, LLONG_MAX);
    const changes = parseInt64(parts[i + 1], 0n, LLONG_MAX);
    if (typeof seconds === 'string' || typeof changes === 'string') return ERR_SAVE;
  }
  return { text: parts.join(' '), num: parts.length / 2 };
}

export interface SavePoint {
  seconds: number;
  changes: number;
}

/** The save points of a `save` value: snapshot after `seconds` if at least `changes` writes. */
export function saveParams(text: string): SavePoint[] {
  const parts = words(text);
  const out: SavePoint[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ seconds: +parts[i], changes: +parts[i + 1] });
  return out;
}

// ---------------------------------------------------------------------------------------------
// bind: up to 16 addresses; a leading '-' marks an optional one (`-::*`).

const MAX_BIND_ADDRESSES = 16;

export function parseBind(raw: string): ParseResult {
  const addrs = words(raw);
  if (addrs.length > MAX_BIND_ADDRESSES) return 'Too many bind addresses specified.';
  return { text: addrs.join(' '), num: addrs.length };
}

// ---------------------------------------------------------------------------------------------
// client-output-buffer-limit: "<class> <hard> <soft> <soft-seconds>" groups; a partial value only
// changes the classes it names. `replica` is a synonym of `slave`; CONFIG GET prints all three.

export type ClientClass = 'normal' | 'slave' | 'pubsub';
const CLASSES: readonly ClientClass[] = ['normal', 'slave', 'pubsub'];

export interface BufferLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

function limitsFromText(text: string): Map<ClientClass, string[]> {
  const parts = words(text);
  const out = new Map<ClientClass, string[]>();
  for (let i = 0; i + 3 < parts.length; i += 4) out.set(parts[i] as ClientClass, parts.slice(i + 1, i + 4));
  return out;
}

export function parseClientOutputBufferLimit(raw: string, current: string): ParseResult {
  const parts = words(raw);
  if (parts.length === 0 || parts.length % 4 !== 0) {
    return 'Wrong number of arguments in buffer limit configuration.';
  }
  const limits = limitsFromText(current);
  for (let i = 0; i < parts.length; i += 4) {
    let cls = parts[i].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!CLASSES.includes(cls as ClientClass)) {
      return 'Invalid client class specified in buffer limit configuration.';
    }
    const hard = parseMemory(parts[i + 1], 0n, LLONG_MAX);
    const soft = parseMemory(parts[i + 2], 0n, LLONG_MAX);
    const secs = parseInt64(parts[i + 3], 0n, LLONG_MAX);
    if (typeof hard === 'string' || typeof soft === 'string' || typeof secs === 'string') {
      return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
    }
    limits.set(cls as ClientClass, [hard.text, soft.text, secs.text]);
  }
  const text = CLASSES.map((c) => `${c} ${(limits.get(c) ?? ['0', '0', '0']).join(' ')}`).join(' ');
  return { text, num: 0 };
}

/** The three classes' limits from the canonical client-output-buffer-limit text. */
export function clientBufferLimits(text: string): Record<ClientClass, BufferLimit> {
  const limits = limitsFromText(text);
  const out = {} as Record<ClientClass, BufferLimit>;
  for (const c of CLASSES) {
    const [h, s, sec] = limits.get(c) ?? ['0', '0', '0'];
    out[c] = { hardBytes: +h, softBytes: +s, softSeconds: +sec };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// oom-score-adj-values: exactly three integers in [-2000, 2000].

export function parseOomScoreAdjValues(raw: string): ParseResult {
  const parts = words(raw);
  if (parts.length !== 3) return 'wrong number of arguments';
  for (const p of parts) {
    if (typeof parseInt64(p, -2000n, 2000n) === 'string') {
      return 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.';
    }
  }
  return { text: parts.map((p) => String(+p)).join(' '), num: 0 };
}

// ---------------------------------------------------------------------------------------------
// notify-keyspace-events: class letters. `A` stands for every data class but `n` (g$lshzxetd); the
// canonical form prints `A` when all of them are set, then K, E and m (key-miss, never in A). As
// Redis 7.0 prints it, `n` is not shown after `A` although it stays enabled: `num` keeps the truth.

const EVENT_ORDER = 'g$lshzxetdnKEm';
const NEW_KEY_BIT = 1 << EVENT_ORDER.indexOf('n');
const ALL_CLASSES_MASK = (1 << EVENT_ORDER.indexOf('n')) - 1;

export function parseNotifyKeyspaceEvents(raw: string): ParseResult {
  let mask = 0;
  for (const ch of raw) {
    if (ch === 'A') {
      mask |= ALL_CLASSES_MASK;
      continue;
    }
    const bit = EVENT_ORDER.indexOf(ch);
    if (bit < 0) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
    mask |= 1 << bit;
  }
  const all = (mask & ALL_CLASSES_MASK) === ALL_CLASSES_MASK;
  let text = all ? 'A' : '';
  for (let bit = 0; bit < EVENT_ORDER.length; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    if (all && ((1 << bit) & (ALL_CLASSES_MASK | NEW_KEY_BIT)) !== 0) continue;
    text += EVENT_ORDER[bit];
  }
  return { text, num: mask };
}

/**
 * Every flag letter enabled by a notify-keyspace-events value's `num` (ConfigStore.num), `A`
 * expanded and `n` included: what the server turns into its notification mask.
 */
export function keyspaceEventLetters(num: number): string {
  let out = '';
  for (let bit = 0; bit < EVENT_ORDER.length; bit++) if ((num & (1 << bit)) !== 0) out += EVENT_ORDER[bit];
  return out;
}

// ---------------------------------------------------------------------------------------------
// latency-tracking-info-percentiles: decimal numbers in [0, 100], printed without trailing zeros.

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

export function parseLatencyPercentiles(raw: string): ParseResult {
  const parts = words(raw);
  const out: string[] = [];
  for (const p of parts) {
    if (!DECIMAL.test(p)) return 'Invalid latency-tracking-info-percentiles parameters';
    const v = Number(p);
    if (!(v >= 0 && v <= 100)) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
    out.push(String(v));
  }
  return { text: out.join(' '), num: out.length };
}

// ---------------------------------------------------------------------------------------------
// replicaof: "<host> <port>", or "" / "no one" for none. Only files, env and flags set it; at
// run time the REPLICAOF command does (the parameter is immutable for CONFIG SET, as in 7.0).

export function parseReplicaOf(raw: string): ParseResult {
  const parts = words(raw);
  if (parts.length === 0 || (parts.length === 2 && parts[0].toLowerCase() === 'no' && parts[1].toLowerCase() === 'one')) {
    return { text: '', num: 0 };
  }
  if (parts.length !== 2) return 'wrong number of arguments';
  const port = parseInt64(parts[1], 0n, 65535n);
  if (typeof port === 'string') return 'Invalid master port';
  return { text: `${parts[0]} ${port.text}`, num: port.num };
}

/**
 * `host:port` addresses separated by spaces (the router's `master` and repeatable `replica`); the
 * empty string is none. IPv6 hosts go in brackets: `[::1]:6381`.
 */
export function parseHostPortList(raw: string): ParseResult {
  const parts = words(raw);
  for (const part of parts) {
    const colon = part.lastIndexOf(':');
    const host = colon <= 0 ? '' : part.slice(0, colon);
    const port = colon < 0 ? '' : part.slice(colon + 1);
    if (host === '' || !/^\d+$/.test(port) || +port < 1 || +port > 65535) return `invalid address '${part}', expected host:port`;
  }
  return { text: parts.join(' '), num: parts.length };
}

/** The addresses of a canonical parseHostPortList text. */
export function hostPorts(text: string): { host: string; port: number }[] {
  return words(text).map((part) => {
    const colon = part.lastIndexOf(':');
    const host = part.slice(0, colon);
    return { host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port: +part.slice(colon + 1) };
  });
}

/** Host and port from the canonical replicaof text; null when the node is a master. */
export function replicaOf(text: string): { host: string; port: number } | null {
  const parts = words(text);
  return parts.length === 2 ? { host: parts[0], port: +parts[1] } : null;
}

// ---------------------------------------------------------------------------------------------
// maxmemory-clients: a memory value or a percentage of maxmemory (`10%`). `num` is the byte count,
// or minus the percentage for the percent form.

export function parseMaxmemoryClients(raw: string): ParseResult {
  if (raw.endsWith('%')) {
    const pct = parseInt64(raw.slice(0, -1), 0n, 100n);
    if (typeof pct === 'string') return 'argument must be a memory or percent value';
    return { text: `${pct.text}%`, num: -pct.num };
  }
  const bytes = parseMemory(raw, 0n, LLONG_MAX);
  return typeof bytes === 'string' ? 'argument must be a memory or percent value' : bytes;
}

// ---------------------------------------------------------------------------------------------
// unixsocketperm: an octal permission, printed in octal.

export function parseOctalPerm(raw: string): ParseResult {
  if (!/^[0-7]{1,11}$/.test(raw)) return "argument couldn't be parsed as an octal number";
  const v = parseInt(raw, 8);
  if (v > 0o777) return 'argument must be between 0 and 777 inclusive';
  return { text: v.toString(8), num: v };
}
