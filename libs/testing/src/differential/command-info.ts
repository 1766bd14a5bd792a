/*
 * Comparators for COMMAND's replies, where our table is deliberately a subset of Redis's and our
 * key specs carry no `notes` prose (we copy none). Each one relaxes exactly one thing and compares
 * everything else as strictly as `exact` / `unordered` would:
 * - oursIs: the reference is not the contract (COMMAND COUNT must equal our own table's size);
 * - subsetOf: every name we list is one the reference lists (COMMAND LIST);
 * - commandInfoOurSubcommands: a container's subcommands are compared only for those we implement;
 * - commandInfoWithoutNotes: the reference's key-spec `notes` entries are dropped.
 * subsetOf and commandInfoOurSubcommands also take the names we serve on purpose beyond Redis 7.0
 * (CLIENT SETINFO, Redis 7.2 behaviour), listed by the spec that uses them and required to be there.
 *
 * A COMMAND INFO entry is a 10-element array: name, arity, flags, first key, last key, step, ACL
 * categories, tips, key specs (maps: RESP3 `%`, RESP2 flat arrays), subcommands (entries again).
 */
import { Comparator, escapeBytes, parsed, sortedText, treeText } from './compare';
import type { ReplyNode } from './reply-tree';

const KEY_SPECS = 8;
const SUBCOMMANDS = 9;

/** Ours must be exactly `expected`, whatever the reference answers. */
export function oursIs(expected: Buffer | string): Comparator {
  const want = typeof expected === 'string' ? Buffer.from(expected, 'latin1') : expected;
  return (ours) => (ours.equals(want) ? null : `ours is not ${escapeBytes(want)}`);
}

/**
 * Both are flat arrays and every element of ours appears in the reference, except the scalar
 * values named in `extras`, which must then appear in ours.
 */
export function subsetOf(extras: readonly string[] = []): Comparator {
  const allowed = new Set(extras);
  return (ours, reference) => {
    const a = parsed(ours);
    const b = parsed(reference);
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    if (a.type !== b.type || a.isNull || b.isNull) return `types ${a.type} vs ${b.type}`;
    const known = new Set(b.items.map((item) => treeText(item)));
    const mine = a.items.filter((item) => item.text === null || !allowed.has(item.text));
    if (a.items.length - mine.length !== allowed.size) return `ours does not list all of ${extras.join(', ')}`;
    const extra = mine.map((item) => treeText(item)).filter((text) => !known.has(text));
    return extra.length === 0 ? null : `not in the reference: ${extra.join(', ')}`;
  };
}

function entryName(entry: ReplyNode): string | null {
  return entry.isNull || entry.items.length <= SUBCOMMANDS ? null : entry.items[0].text;
}

function withItem(node: ReplyNode, index: number, item: ReplyNode): ReplyNode {
  const items = node.items.slice();
  items[index] = item;
  return { ...node, items };
}

/**
 * The reference's COMMAND INFO reply with each container's subcommands narrowed to those our
 * entry of the same name lists. Entries we do not have are left as they are (and will differ).
 */
function narrowSubcommands(ours: ReplyNode, reference: ReplyNode): ReplyNode {
  const ourSubs = new Map<string, Set<string>>();
  for (const entry of ours.items) {
    const name = entryName(entry);
    if (name === null) continue;
    ourSubs.set(name, new Set(entry.items[SUBCOMMANDS].items.map((sub) => entryName(sub) ?? '')));
  }
  const items = reference.items.map((entry) => {
    const name = entryName(entry);
    const keep = name === null ? undefined : ourSubs.get(name);
    if (keep === undefined) return entry;
    const subs = entry.items[SUBCOMMANDS];
    const narrowed = subs.items.filter((sub) => keep.has(entryName(sub) ?? ''));
    return withItem(entry, SUBCOMMANDS, { ...subs, items: narrowed });
  });
  return { ...reference, items };
}

/** Our reply without the subcommand entries named in `extras` (which must be there). */
function withoutExtras(ours: ReplyNode, extras: ReadonlySet<string>): ReplyNode | string {
  let removed = 0;
  const items = ours.items.map((entry) => {
    if (entryName(entry) === null) return entry;
    const subs = entry.items[SUBCOMMANDS];
    const kept = subs.items.filter((sub) => !extras.has(entryName(sub) ?? ''));
    removed += subs.items.length - kept.length;
    return withItem(entry, SUBCOMMANDS, { ...subs, items: kept });
  });
  return removed === extras.size ? { ...ours, items } : `ours does not list all of ${[...extras].join(', ')}`;
}

/**
 * COMMAND INFO of containers: equal as sets once the reference lists only our subcommands, and
 * ours leaves out the subcommands named in `extras` (full names such as `client|setinfo`).
 */
export function commandInfoOurSubcommands(extras: readonly string[] = []): Comparator {
  const allowed = new Set(extras);
  return (ours, reference) => {
    const parsedOurs = parsed(ours);
    const b = parsed(reference);
    if (typeof parsedOurs === 'string') return parsedOurs;
    if (typeof b === 'string') return b;
    const a = withoutExtras(parsedOurs, allowed);
    if (typeof a === 'string') return a;
    const ta = sortedText(a);
    const tb = sortedText(narrowSubcommands(a, b));
    return ta === tb ? null : `as sets, reference narrowed to our subcommands: ${ta} vs ${tb}`;
  };
}

/** A key-spec map (RESP3 map or RESP2 flat array) without its `notes` pair. */
function withoutNotes(spec: ReplyNode): ReplyNode {
  const items: ReplyNode[] = [];
  for (let i = 0; i + 1 < spec.items.length; i += 2) {
    if (spec.items[i].text === 'notes') continue;
    items.push(spec.items[i], spec.items[i + 1]);
  }
  return { ...spec, items };
}

function entryWithoutNotes(entry: ReplyNode): ReplyNode {
  if (entryName(entry) === null) return entry;
  const specs = entry.items[KEY_SPECS];
  const subs = entry.items[SUBCOMMANDS];
  const stripped = withItem(entry, KEY_SPECS, { ...specs, items: specs.items.map(withoutNotes) });
  return withItem(stripped, SUBCOMMANDS, { ...subs, items: subs.items.map(entryWithoutNotes) });
}

/** COMMAND INFO compared exactly (order included) after dropping the reference's key-spec notes. */
export const commandInfoWithoutNotes: Comparator = (ours, reference) => {
  const a = parsed(ours);
  const b = parsed(reference);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const ta = treeText(a);
  const tb = treeText({ ...b, items: b.items.map(entryWithoutNotes) });
  return ta === tb ? null : `reference without key-spec notes: ${ta} vs ${tb}`;
};
