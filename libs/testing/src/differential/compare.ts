/*
 * Comparators: how the reply of our server is judged against the reference's. The default is
 * byte equality; the others exist for the few replies that differ by nature (countdowns, ids,
 * timestamps, addresses) and must be asked for explicitly, step by step.
 *
 * A comparator returns null when the replies agree, else a short reason.
 */
import { parseReply, ReplyNode, shapeOf } from './reply-tree';

export type Comparator = (ours: Buffer, reference: Buffer) => string | null;

/** Shows reply bytes readably: printable ASCII as is, everything else escaped (\r \n \x00). */
export function escapeBytes(buf: Buffer): string {
  let out = '';
  for (const byte of buf) {
    if (byte === 13) out += '\\r';
    else if (byte === 10) out += '\\n';
    else if (byte === 92) out += '\\\\';
    else if (byte >= 32 && byte < 127) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The default: identical bytes. */
export const exact: Comparator = (ours, reference) => (ours.equals(reference) ? null : 'bytes differ');

/** The reply tree, or a reason when the bytes are not one well-formed reply. */
export function parsed(buf: Buffer): ReplyNode | string {
  try {
    return parseReply(buf);
  } catch (err) {
    return `unparsable reply: ${(err as Error).message}`;
  }
}

/** Both replies have the same RESP types and element counts, whatever the values. */
export const sameShape: Comparator = (ours, reference) => {
  const a = parsed(ours);
  const b = parsed(reference);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  return sa === sb ? null : `shape ${sa} vs ${sb}`;
};

/** Both are integer replies within `delta` of each other (TTL countdowns). */
export function integerWithin(delta: number): Comparator {
  return (ours, reference) => {
    const a = parsed(ours);
    const b = parsed(reference);
    if (typeof a === 'string' || typeof b === 'string' || a.type !== ':' || b.type !== ':') {
      return exact(ours, reference);
    }
    return Math.abs(Number(a.text) - Number(b.text)) <= delta ? null : `integers differ by more than ${delta}`;
  };
}

/** Both are integer replies (or bulk numbers) in [min, max]. */
export function integerBetween(min: number, max: number): Comparator {
  return (ours, reference) => {
    for (const [who, buf] of [['ours', ours], ['reference', reference]] as const) {
      const node = parsed(buf);
      if (typeof node === 'string') return node;
      const n = Number(node.text);
      if ((node.type !== ':' && node.type !== '$') || !(n >= min && n <= max)) {
        return `${who} is not an integer in [${min}, ${max}]`;
      }
    }
    return null;
  };
}

/** A tree as comparable text: types, values and structure (lengths follow from the tree). */
export function treeText(node: ReplyNode, mask: (text: string) => string = (t) => t): string {
  if (node.isNull) return `${node.type}null`;
  if (node.text !== null) return `${node.type}${JSON.stringify(mask(node.text))}`;
  return `${node.type}[${node.items.map((item) => treeText(item, mask)).join(',')}]`;
}

/**
 * Equal after replacing `pattern` with `replacement` in every scalar value on both sides (so a
 * masked value of another length still compares equal: lengths are recomputed from the tree).
 */
export function masking(pattern: RegExp, replacement: string): Comparator {
  const mask = (text: string): string => text.replace(pattern, replacement);
  return (ours, reference) => {
    const a = parsed(ours);
    const b = parsed(reference);
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    const ta = treeText(a, mask);
    const tb = treeText(b, mask);
    return ta === tb ? null : `after masking ${pattern}: ${ta} vs ${tb}`;
  };
}

/**
 * For map-like replies (RESP3 maps, or RESP2 flat key/value arrays such as HELLO's): the same
 * keys in the same order, and the same values except under the keys named in `ignore`.
 */
export function mapIgnoring(ignore: readonly string[]): Comparator {
  const skip = new Set(ignore);
  const flatten = (node: ReplyNode): string => {
    const parts: string[] = [];
    for (let i = 0; i + 1 < node.items.length; i += 2) {
      const key = node.items[i].text ?? '';
      const value = node.items[i + 1];
      parts.push(`${key}=${skip.has(key) ? shapeOf(value) : treeText(value, (t) => t)}`);
    }
    return `${node.type}{${parts.join(', ')}}`;
  };
  return (ours, reference) => {
    const a = parsed(ours);
    const b = parsed(reference);
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    const fa = flatten(a);
    const fb = flatten(b);
    return fa === fb ? null : `${fa} vs ${fb}`;
  };
}

/** As treeText, with every aggregate's children sorted (order-insensitive at every level). */
export function sortedText(node: ReplyNode): string {
  if (node.isNull) return `${node.type}null`;
  if (node.text !== null) return `${node.type}${JSON.stringify(node.text)}`;
  return `${node.type}[${node.items.map(sortedText).sort().join(',')}]`;
}

/** Equal as multisets at every level: for KEYS and SCAN, whose order follows the hash table. */
export const unordered: Comparator = (ours, reference) => {
  const a = parsed(ours);
  const b = parsed(reference);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const ta = sortedText(a);
  const tb = sortedText(b);
  return ta === tb ? null : `as sets: ${ta} vs ${tb}`;
};

function isStatusArray(node: ReplyNode): boolean {
  return node.type === '*' && !node.isNull && node.items.length > 0 && node.items.every((item) => item.type === '+');
}

/**
 * For `<CMD> HELP` replies, whose wording is ours on purpose (no prose copied from Redis): both are
 * non-empty arrays of simple strings, and when our first line is a usage header (`<CMD>
 * <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`) the reference's is the same line.
 */
export const helpShape: Comparator = (ours, reference) => {
  const a = parsed(ours);
  const b = parsed(reference);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  if (!isStatusArray(a)) return `ours is not an array of simple strings: ${shapeOf(a)}`;
  if (!isStatusArray(b)) return `reference is not an array of simple strings: ${shapeOf(b)}`;
  const header = a.items[0].text ?? '';
  if (header.includes('<subcommand>') && header !== b.items[0].text) {
    return `help header ${JSON.stringify(header)} vs ${JSON.stringify(b.items[0].text)}`;
  }
  return null;
};

/** Agrees only if every given comparator agrees. */
export function allOf(...comparators: Comparator[]): Comparator {
  return (ours, reference) => {
    for (const compare of comparators) {
      const reason = compare(ours, reference);
      if (reason !== null) return reason;
    }
    return null;
  };
}
