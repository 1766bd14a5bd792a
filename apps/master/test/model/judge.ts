/*
 * Judging one reply of ours against the reference's by a Check (see steps.ts). Works on parsed
 * reply trees so the same rules apply to a top-level reply and to an item of an EXEC array.
 *
 * Invariant: every rule is at least as strict as "same RESP types and counts"; only order, random
 * picks and TTL countdowns are ever forgiven.
 */
import { escapeBytes, parseReply, ReplyNode, shapeOf } from '@resplica/testing';
import type { Check } from './steps';

/** A canonical text for a whole tree: equal texts mean equal replies (attributes aside). */
export function render(node: ReplyNode): string {
  if (node.isNull) return `${node.type}null`;
  if (node.text !== null) return `${node.type}${escapeBytes(Buffer.from(node.text, 'latin1'))}`;
  return `${node.type}[${node.items.map(render).join(',')}]`;
}

/** Field/value pairs of a flat array, a RESP3 map, or an array of 2-item arrays. */
function pairsOf(node: ReplyNode): string[] {
  const nested = node.items.length > 0 && node.items.every((item) => item.text === null && item.items.length === 2);
  if (nested) return node.items.map((item) => `${item.type}(${render(item.items[0])}=${render(item.items[1])})`);
  const out: string[] = [];
  for (let i = 0; i + 1 < node.items.length; i += 2) out.push(`${render(node.items[i])}=${render(node.items[i + 1])}`);
  if (node.items.length % 2 === 1) out.push(`odd:${render(node.items[node.items.length - 1])}`);
  return out;
}

/** A canonical text for a tree under a check: equal texts mean the check passes (except approx). */
function canonical(node: ReplyNode, check: Check): string {
  const aggregate = node.text === null && !node.isNull;
  switch (check.kind) {
    case 'unordered':
      return aggregate ? `${node.type}{${node.items.map(render).sort().join(',')}}` : render(node);
    case 'pairs':
      return aggregate ? `${node.type}{${pairsOf(node).sort().join(',')}}` : render(node);
    case 'shape':
      // Error texts still count: a random pick never changes which error a command gives.
      return node.type === '-' || node.type === '!' ? render(node) : shapeOf(node);
    default:
      return render(node);
  }
}

/** Null when the two trees agree under `check`, else a reason. */
export function judgeNodes(ours: ReplyNode, reference: ReplyNode, check: Check): string | null {
  if (check.kind === 'approx' && ours.type === ':' && reference.type === ':') {
    const a = Number(ours.text);
    const b = Number(reference.text);
    if (a === b) return null;
    if (a >= 0 && b >= 0 && Math.abs(a - b) <= check.tolerance) return null;
    return `integers differ by more than ${check.tolerance}`;
  }
  const left = canonical(ours, check);
  const right = canonical(reference, check);
  return left === right ? null : `differ (${check.kind})`;
}

/** Null when two top-level replies agree under `check`, else a reason. */
export function judge(ours: Buffer, reference: Buffer, check: Check): string | null {
  if (check.kind === 'exact') return ours.equals(reference) ? null : 'bytes differ';
  let left: ReplyNode;
  let right: ReplyNode;
  try {
    left = parseReply(ours);
    right = parseReply(reference);
  } catch (err) {
    return `unparsable reply: ${(err as Error).message}`;
  }
  return judgeNodes(left, right, check);
}
