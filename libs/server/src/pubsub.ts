/**
 * The pub/sub registry of one node: which clients listen to which channels and patterns, and the
 * fan-out of PUBLISH (and of keyspace notifications, which are publishes too).
 *
 * Channels and patterns are keyed by latin1 strings of their raw bytes: one char per byte, so any
 * binary name round-trips exactly (`Buffer.from(key, 'latin1')`) and Map lookups stay cheap.
 *
 * Invariant: the registry and each client's own `channels` / `patterns` sets always agree; every
 * change goes through this class, which updates both sides, and an empty subscriber set is deleted
 * at once so that the map sizes are the counts INFO and PUBSUB report.
 *
 * Delivery order is Redis's: first a `message` push to every subscriber of the channel, then for each
 * pattern that matches a `pmessage` push to each of its subscribers (a client that matches twice
 * receives twice, and is counted twice). Redis walks its hash tables in hash order; we walk in
 * subscription order, which no client can tell apart from "some order".
 */
import { stringMatch } from '@resplica/commands';
import type { ClientView } from './contracts';

/** A subscribed pattern: its bytes are kept so PUBLISH never re-encodes the key per match. */
interface PatternEntry {
  readonly bytes: Buffer;
  readonly clients: Set<ClientView>;
}

// Pre-encoded constant prefixes of the two message kinds, per protocol. RESP2 sends them as plain
// arrays, RESP3 as push frames; the kind name follows as a bulk string.
const MESSAGE_HEADER_RESP2 = '*3\r\n$7\r\nmessage\r\n';
const MESSAGE_HEADER_RESP3 = '>3\r\n$7\r\nmessage\r\n';
const MESSAGE_PREFIX_RESP2 = Buffer.from(MESSAGE_HEADER_RESP2, 'latin1');
const MESSAGE_PREFIX_RESP3 = Buffer.from(MESSAGE_HEADER_RESP3, 'latin1');
const PMESSAGE_PREFIX_RESP2 = Buffer.from('*4\r\n$8\r\npmessage\r\n', 'latin1');
const PMESSAGE_PREFIX_RESP3 = Buffer.from('>4\r\n$8\r\npmessage\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/** `$<len>\r\n<bytes>\r\n`, built once per publish and shared by every receiver. */
function encodeBulk(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF]);
}

export class PubSub {
  private readonly channelSubscribers: Map<string, Set<ClientView>>;
  private readonly patternSubscribers: Map<string, PatternEntry>;

  constructor() {
    this.channelSubscribers = new Map();
    this.patternSubscribers = new Map();
  }

  /** Subscribes `client` to `channel`; false when it already was (Redis then replies the same). */
  subscribe(client: ClientView, channel: Buffer): boolean {
    const key = channel.toString('latin1');
    if (client.channels.has(key)) return false;
    client.channels.add(key);
    let subscribers = this.channelSubscribers.get(key);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.channelSubscribers.set(key, subscribers);
    }
    subscribers.add(client);
    return true;
  }

  /** Removes one channel subscription; false when the client was not subscribed to it. */
  unsubscribe(client: ClientView, channel: Buffer | string): boolean {
    const key = typeof channel === 'string' ? channel : channel.toString('latin1');
    if (!client.channels.delete(key)) return false;
    const subscribers = this.channelSubscribers.get(key);
    if (subscribers !== undefined) {
      subscribers.delete(client);
      if (subscribers.size === 0) this.channelSubscribers.delete(key);
    }
    return true;
  }

  /** Subscribes `client` to `pattern`; false when it already was. */
  psubscribe(client: ClientView, pattern: Buffer): boolean {
    const key = pattern.toString('latin1');
    if (client.patterns.has(key)) return false;
    client.patterns.add(key);
    let entry = this.patternSubscribers.get(key);
    if (entry === undefined) {
      // Own copy: the argument may be a view into the connection's read buffer.
      entry = { bytes: Buffer.from(pattern), clients: new Set() };
      this.patternSubscribers.set(key, entry);
    }
    entry.clients.add(client);
    return true;
  }

  /** Removes one pattern subscription; false when the client was not subscribed to it. */
  punsubscribe(client: ClientView, pattern: Buffer | string): boolean {
    const key = typeof pattern === 'string' ? pattern : pattern.toString('latin1');
    if (!client.patterns.delete(key)) return false;
    const entry = this.patternSubscribers.get(key);
    if (entry !== undefined) {
      entry.clients.delete(client);
      if (entry.clients.size === 0) this.patternSubscribers.delete(key);
    }
    return true;
  }

  /**
   * Drops every subscription of `client` without replying: the engine calls it when a client
   * disconnects or sends RESET. Returns how many subscriptions were removed.
   */
  unsubscribeAll(client: ClientView): number {
    let removed = 0;
    for (const key of [...client.channels]) if (this.unsubscribe(client, key)) removed++;
    for (const key of [...client.patterns]) if (this.punsubscribe(client, key)) removed++;
    return removed;
  }

  /**
   * Delivers `message` on `channel` and returns the number of receivers (PUBLISH's reply).
   *
   * Hot path: the frame for each protocol is encoded at most once per channel and once per matching
   * pattern, then the same Buffer is handed to every receiver's `reply.raw`; nothing is allocated
   * per receiver.
   */
  publish(channel: Buffer, message: Buffer): number {
    let receivers = 0;
    let channelBulk: Buffer | null = null;
    let messageBulk: Buffer | null = null;
    const subscribers = this.channelSubscribers.get(channel.toString('latin1'));
    if (subscribers !== undefined) {
      channelBulk = encodeBulk(channel);
      messageBulk = encodeBulk(message);
      let frame2: Buffer | null = null;
      let frame3: Buffer | null = null;
      for (const client of subscribers) {
        if (client.reply.protocol === 3) {
          frame3 ??= Buffer.concat([MESSAGE_PREFIX_RESP3, channelBulk, messageBulk]);
          client.reply.raw(frame3);
        } else {
          frame2 ??= Buffer.concat([MESSAGE_PREFIX_RESP2, channelBulk, messageBulk]);
          client.reply.raw(frame2);
        }
        receivers++;
      }
    }
    if (this.patternSubscribers.size === 0) return receivers;
    for (const entry of this.patternSubscribers.values()) {
      if (!stringMatch(entry.bytes, channel)) continue;
      channelBulk ??= encodeBulk(channel);
      messageBulk ??= encodeBulk(message);
      const patternBulk = encodeBulk(entry.bytes);
      let frame2: Buffer | null = null;
      let frame3: Buffer | null = null;
      for (const client of entry.clients) {
        if (client.reply.protocol === 3) {
          frame3 ??= Buffer.concat([PMESSAGE_PREFIX_RESP3, patternBulk, channelBulk, messageBulk]);
          client.reply.raw(frame3);
        } else {
          frame2 ??= Buffer.concat([PMESSAGE_PREFIX_RESP2, patternBulk, channelBulk, messageBulk]);
          client.reply.raw(frame2);
        }
        receivers++;
      }
    }
    return receivers;
  }

  /**
   * publish() for a channel and a message held as latin1 strings (one char per byte), as keyspace
   * notifications have them: a channel nobody listens to costs one Map lookup and no allocation,
   * and a listened one one buffer per protocol, which matters on a replica applying 50k writes a
   * second with a notification listener. With pattern subscribers it takes publish()'s path.
   */
  publishLatin1(channel: string, message: string): number {
    if (this.patternSubscribers.size !== 0) return this.publish(Buffer.from(channel, 'latin1'), Buffer.from(message, 'latin1'));
    const subscribers = this.channelSubscribers.get(channel);
    if (subscribers === undefined) return 0;
    const tail = `$${channel.length}\r\n${channel}\r\n$${message.length}\r\n${message}\r\n`;
    let frame2: Buffer | null = null;
    let frame3: Buffer | null = null;
    for (const client of subscribers) {
      if (client.reply.protocol === 3) {
        frame3 ??= Buffer.from(MESSAGE_HEADER_RESP3 + tail, 'latin1');
        client.reply.raw(frame3);
      } else {
        frame2 ??= Buffer.from(MESSAGE_HEADER_RESP2 + tail, 'latin1');
        client.reply.raw(frame2);
      }
    }
    return subscribers.size;
  }

  /** INFO `pubsub_channels` and the size of PUBSUB CHANNELS without a pattern. */
  get channelCount(): number {
    return this.channelSubscribers.size;
  }

  /** INFO `pubsub_patterns` and PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
  get patternCount(): number {
    return this.patternSubscribers.size;
  }

  /** PUBSUB NUMSUB: subscribers of one channel, pattern subscriptions not counted. */
  subscriberCount(channel: Buffer): number {
    return this.channelSubscribers.get(channel.toString('latin1'))?.size ?? 0;
  }

  /** PUBSUB CHANNELS [pattern]: active channel names (raw bytes), filtered by a glob when given. */
  channelNames(pattern: Buffer | null): Buffer[] {
    const names: Buffer[] = [];
    for (const key of this.channelSubscribers.keys()) {
      const name = Buffer.from(key, 'latin1');
      if (pattern === null || stringMatch(pattern, name)) names.push(name);
    }
    return names;
  }
}
