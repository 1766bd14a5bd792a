/**
 * PubSub.publishLatin1, the keyspace notifications' path: it must deliver exactly the bytes and
 * the count publish() delivers for the same channel and message, in RESP2 and RESP3, with binary
 * bytes, with and without pattern subscribers, and deliver nothing to nobody.
 */
import { FakeNode } from '../test/pubsub-fakes';

const BINARY_KEY = 'k\u00ff\u0000\r\n\u00e9';

function setUp(withPattern: boolean): { node: FakeNode; take: () => string[] } {
  const node = new FakeNode();
  const resp2 = node.connect(1);
  const resp3 = node.connect(2, { protocol: 3 });
  const other = node.connect(3);
  const channel = Buffer.from('__keyevent@0__:set', 'latin1');
  node.pubsub.subscribe(resp2, channel);
  node.pubsub.subscribe(resp3, channel);
  node.pubsub.subscribe(other, Buffer.from('elsewhere', 'latin1'));
  if (withPattern) node.pubsub.psubscribe(resp2, Buffer.from('__keyevent@*', 'latin1'));
  return { node, take: () => [resp2, resp3, other].map((c) => c.reply.take()) };
}

describe.each([false, true])('publishLatin1 (pattern subscriber: %s)', (withPattern) => {
  it('delivers what publish() delivers, byte for byte, and counts the same', () => {
    const viaBuffers = setUp(withPattern);
    const counted = viaBuffers.node.pubsub.publish(Buffer.from('__keyevent@0__:set', 'latin1'), Buffer.from(BINARY_KEY, 'latin1'));
    const viaStrings = setUp(withPattern);
    expect(viaStrings.node.pubsub.publishLatin1('__keyevent@0__:set', BINARY_KEY)).toBe(counted);
    expect(viaStrings.take()).toEqual(viaBuffers.take());
  });

  it('delivers nothing, and counts 0, on a channel nobody listens to', () => {
    const { node, take } = setUp(withPattern);
    expect(node.pubsub.publishLatin1('__keyspace@0__:k', 'set')).toBe(0);
    expect(take()).toEqual(['', '', '']);
  });
});

it('frames the message exactly, with the byte length of binary content', () => {
  const { node, take } = setUp(false);
  expect(node.pubsub.publishLatin1('__keyevent@0__:set', BINARY_KEY)).toBe(2);
  const tail = '$18\r\n__keyevent@0__:set\r\n$6\r\n' + BINARY_KEY + '\r\n';
  expect(take()).toEqual(['*3\r\n$7\r\nmessage\r\n' + tail, '>3\r\n$7\r\nmessage\r\n' + tail, '']);
});
