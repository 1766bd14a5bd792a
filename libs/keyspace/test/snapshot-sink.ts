/**
 * Test helpers for snapshots: a canonical text of a stored value (type, encoding, contents) read
 * through the real read commands, so it holds whatever the types' internals become; a sink that
 * records that text for every key it receives and fails on a key received twice; and the same
 * record taken straight from a keyspace (the reference a snapshot must reproduce).
 */
import type { Deadline } from '../src/deadline';
import type { Keyspace } from '../src/keyspace';
import type { SnapshotSink } from '../src/snapshot';
import { isString, type Value } from '../src/values';
import { FakeContext } from './fake-context';

/** One key as a snapshot must reproduce it. */
export interface KeyRecord {
  readonly value: string;
  readonly expireAt: string;
}

/** Records by `db:key`. */
export type DatasetRecord = Map<string, KeyRecord>;

/** The bulk strings and integers of a RESP2 reply, flattened (nested arrays are walked). */
function replyItems(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < text.length) {
    const end = text.indexOf('\r\n', i);
    const head = text.slice(i, end);
    i = end + 2;
    if (head[0] === '$') {
      const len = Number(head.slice(1));
      if (len < 0) {
        items.push('(nil)');
        continue;
      }
      items.push(text.slice(i, i + len));
      i += len + 2;
    } else if (head[0] !== '*') {
      items.push(head);
    }
  }
  return items;
}

/** A scratch context whose database 0 briefly holds the value being described. */
const scratch = new FakeContext();

/** `type encoding contents`: exact for strings (bytes), lists and sorted sets (order, scores). */
export function describeValue(value: Value): string {
  // A string's encoding marks do not travel through a snapshot (nor RDB): its bytes are its content.
  if (isString(value)) return `string ${JSON.stringify(value.toString('latin1'))}`;
  scratch.db.set('v', value);
  const encoding = replyItems(scratch.run('OBJECT', 'ENCODING', 'v'))[0];
  let contents: string[];
  if (value.type === 'list') {
    contents = replyItems(scratch.run('LRANGE', 'v', '0', '-1'));
  } else if (value.type === 'zset') {
    contents = replyItems(scratch.run('ZRANGE', 'v', '0', '-1', 'WITHSCORES'));
  } else if (value.type === 'set') {
    contents = replyItems(scratch.run('SMEMBERS', 'v')).sort();
  } else {
    const flat = replyItems(scratch.run('HGETALL', 'v'));
    const pairs: string[] = [];
    for (let j = 0; j < flat.length; j += 2) pairs.push(`${flat[j]}=${flat[j + 1]}`);
    contents = pairs.sort();
  }
  scratch.db.delete('v');
  return `${value.type} ${encoding} ${JSON.stringify(contents)}`;
}

/** Every key of every database as it is now (logically expired keys included, as a snapshot). */
export function recordKeyspace(keyspace: Keyspace): DatasetRecord {
  const out: DatasetRecord = new Map();
  for (const db of keyspace.databases) {
    for (const [key, value] of db.entries()) {
      out.set(`${db.index}:${key}`, { value: describeValue(value), expireAt: String(db.getExpire(key)) });
    }
  }
  return out;
}

/** A sink that describes each key on receipt (a deep copy) and refuses a key received twice. */
export class RecordingSink implements SnapshotSink {
  readonly received: DatasetRecord = new Map();
  /** Keys in the order received, as `db:key`. */
  readonly order: string[] = [];

  key(dbIndex: number, key: string, value: Value, expireAt: Deadline): void {
    const id = `${dbIndex}:${key}`;
    if (this.received.has(id)) throw new Error(`snapshot emitted ${id} twice`);
    this.received.set(id, { value: describeValue(value), expireAt: String(expireAt) });
    this.order.push(id);
  }
}
