/**
 * Pub/sub commands and the PubSub registry, asserting exact bytes. Every expected string below was
 * first captured from redis-server 7.0.15 over a raw socket (RESP2, and RESP3 after HELLO 3);
 * where Redis's order comes from its hash tables we use one subscription so the order is fixed.
 */
import { FakeNode, argv } from '../../test/pubsub-fakes';
import type { FakeClient } from '../../test/pubsub-fakes';
import { pubsubHandlers } from './pubsub';

function run(node: FakeNode, client: FakeClient, ...args: string[]): string {
  const name = args[0].toLowerCase();
  pubsubHandlers.get(name)!(node, client, argv(...args));
  return client.reply.take();
}

describe('SUBSCRIBE / UNSUBSCRIBE (RESP2)', () => {
  it('confirms each channel with the running count, repeats included', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'SUBSCRIBE', 'a', 'b', 'a')).toBe(
      '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n' +
        '*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n' +
        '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n',
    );
  });

  it('unsubscribes from everything without arguments, then replies a null channel', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    run(node, c, 'SUBSCRIBE', 'a');
    expect(run(node, c, 'UNSUBSCRIBE')).toBe('*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n');
    expect(run(node, c, 'UNSUBSCRIBE')).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    expect(run(node, c, 'PUNSUBSCRIBE')).toBe('*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n');
  });

  it('unsubscribes from several channels, one confirmation each', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    run(node, c, 'SUBSCRIBE', 'a', 'b');
    const out = run(node, c, 'UNSUBSCRIBE');
    expect(out).toContain('$1\r\na\r\n');
    expect(out).toContain('$1\r\nb\r\n');
    expect(out.endsWith(':0\r\n')).toBe(true);
    expect(c.channels.size).toBe(0);
    expect(node.pubsub.channelCount).toBe(0);
  });

  it('confirms a pattern it was not subscribed to with the unchanged count', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'PSUBSCRIBE', 'h*')).toBe('*3\r\n$10\r\npsubscribe\r\n$2\r\nh*\r\n:1\r\n');
    expect(run(node, c, 'PUNSUBSCRIBE', 'x', 'h*')).toBe(
      '*3\r\n$12\r\npunsubscribe\r\n$1\r\nx\r\n:1\r\n*3\r\n$12\r\npunsubscribe\r\n$2\r\nh*\r\n:0\r\n',
    );
  });
});

describe('pub/sub in RESP3', () => {
  it('replies pushes, counts channels plus patterns, and delivers message before pmessage', () => {
    const node = new FakeNode();
    const c = node.connect(1, { protocol: 3 });
    expect(run(node, c, 'SUBSCRIBE', 'a')).toBe('>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n');
    expect(run(node, c, 'PSUBSCRIBE', 'a*', 'b')).toBe(
      '>3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:2\r\n>3\r\n$10\r\npsubscribe\r\n$1\r\nb\r\n:3\r\n',
    );
    expect(run(node, c, 'UNSUBSCRIBE', 'nope')).toBe('>3\r\n$11\r\nunsubscribe\r\n$4\r\nnope\r\n:3\r\n');
    expect(run(node, c, 'PUNSUBSCRIBE')).toBe(
      '>3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:2\r\n>3\r\n$12\r\npunsubscribe\r\n$1\r\nb\r\n:1\r\n',
    );
    expect(run(node, c, 'UNSUBSCRIBE')).toBe('>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n');
    expect(run(node, c, 'UNSUBSCRIBE')).toBe('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    expect(run(node, c, 'PUNSUBSCRIBE')).toBe('>3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n');
    run(node, c, 'SUBSCRIBE', 'ab');
    run(node, c, 'PSUBSCRIBE', 'a*');
    expect(run(node, c, 'PUBLISH', 'ab', 'hi')).toBe(
      '>3\r\n$7\r\nmessage\r\n$2\r\nab\r\n$2\r\nhi\r\n' +
        '>4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$2\r\nab\r\n$2\r\nhi\r\n' +
        ':2\r\n',
    );
  });
});

describe('PUBLISH fan-out', () => {
  it('delivers to channel and pattern subscribers in each one’s protocol and counts every delivery', () => {
    const node = new FakeNode();
    const r2 = node.connect(1);
    const r3 = node.connect(2, { protocol: 3 });
    const both = node.connect(3);
    const other = node.connect(4);
    const publisher = node.connect(5);
    run(node, r2, 'SUBSCRIBE', 'news.it');
    run(node, r3, 'PSUBSCRIBE', 'news.*');
    run(node, both, 'SUBSCRIBE', 'news.it');
    run(node, both, 'PSUBSCRIBE', 'news.*', 'n?ws.it');
    run(node, other, 'SUBSCRIBE', 'sport');
    run(node, other, 'PSUBSCRIBE', 'x*');
    expect(run(node, publisher, 'PUBLISH', 'news.it', 'ciao')).toBe(':5\r\n');
    const message2 = '*3\r\n$7\r\nmessage\r\n$7\r\nnews.it\r\n$4\r\nciao\r\n';
    expect(r2.reply.take()).toBe(message2);
    expect(r3.reply.take()).toBe('>4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$7\r\nnews.it\r\n$4\r\nciao\r\n');
    expect(both.reply.take()).toBe(
      message2 +
        '*4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$7\r\nnews.it\r\n$4\r\nciao\r\n' +
        '*4\r\n$8\r\npmessage\r\n$7\r\nn?ws.it\r\n$7\r\nnews.it\r\n$4\r\nciao\r\n',
    );
    expect(other.reply.take()).toBe('');
    expect(run(node, publisher, 'PUBLISH', 'nobody', 'm')).toBe(':0\r\n');
  });

  it('keeps channel names and messages binary-safe', () => {
    const node = new FakeNode();
    const sub = node.connect(1);
    const psub = node.connect(2, { protocol: 3 });
    const pub = node.connect(3);
    const channel = 'b\x00in\xff\r\n';
    run(node, sub, 'SUBSCRIBE', channel);
    run(node, psub, 'PSUBSCRIBE', 'b\x00*');
    expect(run(node, pub, 'PUBLISH', channel, '\x00\xfe')).toBe(':2\r\n');
    expect(sub.reply.take()).toBe(`*3\r\n$7\r\nmessage\r\n$7\r\n${channel}\r\n$2\r\n\x00\xfe\r\n`);
    expect(psub.reply.take()).toBe(`>4\r\n$8\r\npmessage\r\n$3\r\nb\x00*\r\n$7\r\n${channel}\r\n$2\r\n\x00\xfe\r\n`);
    expect(run(node, pub, 'PUBSUB', 'CHANNELS')).toBe(`*1\r\n$7\r\n${channel}\r\n`);
    expect(run(node, pub, 'PUBSUB', 'NUMSUB', channel, 'b')).toBe(`*4\r\n$7\r\n${channel}\r\n:1\r\n$1\r\nb\r\n:0\r\n`);
  });

  it('forgets a disconnected client everywhere (unsubscribeAll)', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    run(node, c, 'SUBSCRIBE', 'a', 'b');
    run(node, c, 'PSUBSCRIBE', 'p*');
    expect(node.pubsub.unsubscribeAll(c)).toBe(3);
    expect(c.reply.take()).toBe('');
    expect(c.channels.size + c.patterns.size).toBe(0);
    expect([node.pubsub.channelCount, node.pubsub.patternCount]).toEqual([0, 0]);
    expect(node.publish(Buffer.from('a'), Buffer.from('m'))).toBe(0);
  });
});

describe('PUBSUB', () => {
  function populated(): { node: FakeNode; c: FakeClient } {
    const node = new FakeNode();
    run(node, node.connect(1), 'SUBSCRIBE', 'ch1', 'ch2', 'zz');
    run(node, node.connect(2), 'PSUBSCRIBE', 'c*', 'x?');
    run(node, node.connect(3), 'PSUBSCRIBE', 'c*');
    return { node, c: node.connect(9) };
  }

  it('lists channels, all or by pattern', () => {
    const { node, c } = populated();
    expect(run(node, c, 'PUBSUB', 'CHANNELS')).toBe('*3\r\n$3\r\nch1\r\n$3\r\nch2\r\n$2\r\nzz\r\n');
    expect(run(node, c, 'PUBSUB', 'channels', 'ch*')).toBe('*2\r\n$3\r\nch1\r\n$3\r\nch2\r\n');
    expect(run(node, c, 'PUBSUB', 'CHANNELS', 'nomatch')).toBe('*0\r\n');
    expect(run(node, c, 'PUBSUB', 'CHANNELS', 'a', 'b')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
    );
  });

  it('counts subscribers per channel and distinct patterns, the same in RESP3', () => {
    const { node, c } = populated();
    expect(run(node, c, 'PUBSUB', 'NUMSUB')).toBe('*0\r\n');
    expect(run(node, c, 'PUBSUB', 'NUMSUB', 'ch1', 'zzz', 'ch1')).toBe(
      '*6\r\n$3\r\nch1\r\n:1\r\n$3\r\nzzz\r\n:0\r\n$3\r\nch1\r\n:1\r\n',
    );
    expect(run(node, c, 'PUBSUB', 'NUMPAT')).toBe(':2\r\n');
    c.reply.protocol = 3;
    expect(run(node, c, 'PUBSUB', 'NUMSUB', 'ch1', 'zz')).toBe('*4\r\n$3\r\nch1\r\n:1\r\n$2\r\nzz\r\n:1\r\n');
  });

  it('answers the shard subcommands as a node without shard channels', () => {
    const { node, c } = populated();
    expect(run(node, c, 'PUBSUB', 'SHARDCHANNELS')).toBe('*0\r\n');
    expect(run(node, c, 'PUBSUB', 'SHARDNUMSUB', 'a')).toBe('*2\r\n$1\r\na\r\n:0\r\n');
  });

  it('replies Redis’s errors for unknown subcommands and wrong arity', () => {
    const { node, c } = populated();
    expect(run(node, c, 'PUBSUB', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n");
    expect(run(node, c, 'PUBSUB', 'NUMPAT', 'x')).toBe("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
    expect(run(node, c, 'PUBSUB', 'HELP', 'x')).toBe("-ERR wrong number of arguments for 'pubsub|help' command\r\n");
  });

  it('HELP is an array of simple strings framed as Redis frames it', () => {
    const { node, c } = populated();
    const lines = run(node, c, 'PUBSUB', 'HELP').split('\r\n');
    expect(lines[0]).toBe('*14');
    expect(lines[1]).toBe('+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(lines.slice(1, 15).every((l) => l.startsWith('+'))).toBe(true);
    expect(lines[13]).toBe('+HELP');
  });
});
