/*
 * Turns one complete reply's bytes into a small tree, so comparators can look at the type, the
 * count and individual values of a reply ("same shape", "integer within ±1", "same map keys").
 * Input must be exactly one reply as returned by RawClient.readReply.
 */
export interface ReplyNode {
  /** The RESP type byte as a character: '+', '-', ':', '$', '*', '%', '>', … */
  type: string;
  /** The scalar text (latin1) of a non-aggregate; null for aggregates and null replies. */
  text: string | null;
  /** True for a null bulk, null array or RESP3 null. */
  isNull: boolean;
  /** Children of an aggregate (a map's keys and values alternate). */
  items: ReplyNode[];
}

/** Parses one reply; throws on malformed input. */
export function parseReply(buf: Buffer): ReplyNode {
  const [node, end] = parseAt(buf, 0);
  if (end !== buf.length) throw new Error(`trailing bytes after reply: ${buf.length - end}`);
  return node;
}

function parseAt(buf: Buffer, pos: number): [ReplyNode, number] {
  const type = String.fromCharCode(buf[pos]);
  const lineStop = buf.indexOf('\r\n', pos, 'latin1');
  const header = buf.toString('latin1', pos + 1, lineStop);
  const next = lineStop + 2;
  switch (type) {
    case '$':
    case '!':
    case '=': {
      const len = Number(header);
      if (len < 0) return [{ type, text: null, isNull: true, items: [] }, next];
      return [{ type, text: buf.toString('latin1', next, next + len), isNull: false, items: [] }, next + len + 2];
    }
    case '*':
    case '>':
    case '~':
    case '%':
    case '|': {
      const count = Number(header) * (type === '%' || type === '|' ? 2 : 1);
      if (count < 0) return [{ type, text: null, isNull: true, items: [] }, next];
      const items: ReplyNode[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const [child, end] = parseAt(buf, at);
        items.push(child);
        at = end;
      }
      if (type === '|') {
        // An attribute is metadata for the value after it; keep only that value.
        return parseAt(buf, at);
      }
      return [{ type, text: null, isNull: false, items }, at];
    }
    default:
      return [{ type, text: header, isNull: type === '_', items: [] }, next];
  }
}

/** A one-line description of a tree's shape: types and counts, no values. */
export function shapeOf(node: ReplyNode): string {
  if (node.isNull) return `${node.type}null`;
  if (node.text !== null) return node.type;
  return `${node.type}[${node.items.map(shapeOf).join(',')}]`;
}
