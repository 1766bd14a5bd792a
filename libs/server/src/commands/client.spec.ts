/**
 * CLIENT subcommands against fake clients, asserting exact reply bytes. Error texts, argument rules
 * and field order were captured from redis-server 7.0.15 (SETINFO: Redis 7.2 semantics, see
 * client.ts).
 */
import { FakeNode, argv } from '../../test/pubsub-fakes';
import type { FakeClient } from '../../test/pubsub-fakes';
import { clientHandlers, isValidClientAttr } from './client';
import { formatClientLine } from './client-list';

function run(node: FakeNode, client: FakeClient, ...args: string[]): string {
  clientHandlers.get('client')!(node, client, argv('CLIENT', ...args));
  return client.reply.take();
}

const T0 = 1_700_000_000_000;

describe('CLIENT ID / SETNAME / GETNAME', () => {
  it('replies the id and the name, null until set or after an empty name', () => {
    const node = new FakeNode();
    const c = node.connect(10);
    expect(run(node, c, 'ID')).toBe(':10\r\n');
    expect(run(node, c, 'GETNAME')).toBe('$-1\r\n');
    expect(run(node, c, 'SETNAME', '~!@#$%^&*()_+{}:<>?')).toBe('+OK\r\n');
    expect(run(node, c, 'GETNAME')).toBe('$19\r\n~!@#$%^&*()_+{}:<>?\r\n');
    expect(run(node, c, 'SETNAME', '')).toBe('+OK\r\n');
    expect(run(node, c, 'GETNAME')).toBe('$-1\r\n');
    c.reply.protocol = 3;
    expect(run(node, c, 'GETNAME')).toBe('_\r\n');
  });

  it.each(['a b', 'a\nb', 'caf\xc3\xa9', 'a\x7f', '\x00'])('refuses the name %j', (name) => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'SETNAME', name)).toBe(
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n',
    );
    expect(c.name).toBeNull();
  });

  it('checks attribute bytes as Redis does: printable ASCII without space', () => {
    expect(isValidClientAttr(Buffer.from('!~'))).toBe(true);
    expect(isValidClientAttr(Buffer.from(' '))).toBe(false);
    expect(isValidClientAttr(Buffer.from([0x80]))).toBe(false);
  });

  it('replies Redis’s arity and unknown-subcommand errors', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'ID', 'x')).toBe("-ERR wrong number of arguments for 'client|id' command\r\n");
    expect(run(node, c, 'SETNAME')).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect(run(node, c, 'setname', 'x', 'y')).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect(run(node, c, 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
  });
});

describe('CLIENT LIST / INFO', () => {
  function listed(): { node: FakeNode; me: FakeClient; sub: FakeClient } {
    const node = new FakeNode();
    const sub = node.connect(7, { addr: '127.0.0.1:60528', fd: 8, lastInteractionMs: T0 + 2_000, nowMs: T0 + 12_500 });
    sub.channels.add('a').add('b').add('c');
    sub.lastCommand = 'subscribe';
    const me = node.connect(10, { addr: '127.0.0.1:59882', fd: 11, createdAtMs: T0 + 11_000, nowMs: T0 + 12_500 });
    me.name = 'foo';
    me.lastCommand = 'client|list';
    me.queryBytes = 26;
    return { node, me, sub };
  }
  const SUB_LINE =
    'id=7 addr=127.0.0.1:60528 laddr=127.0.0.1:6380 fd=8 name= age=12 idle=10 flags=P db=0 sub=3 psub=0 ssub=0' +
    ' multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r' +
    ' cmd=subscribe user=default redir=-1 resp=2';
  const ME_LINE =
    'id=10 addr=127.0.0.1:59882 laddr=127.0.0.1:6380 fd=11 name=foo age=1 idle=1 flags=N db=0 sub=0 psub=0 ssub=0' +
    ' multi=-1 qbuf=26 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=26 events=r' +
    ' cmd=client|list user=default redir=-1 resp=2';

  it('prints the fields in Redis 7.0.15’s order', () => {
    // A line captured from redis-server 7.0.15: only its keys are compared.
    const real =
      'id=10 addr=127.0.0.1:59882 laddr=127.0.0.1:17391 fd=11 name=x age=1 idle=0 flags=N db=0 sub=0 psub=0 ssub=0' +
      ' multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 rbp=74 obl=0 oll=0 omem=0 tot-mem=22298' +
      ' events=r cmd=client|list user=default redir=-1 resp=2';
    const keys = (line: string): string[] => line.split(' ').map((f) => f.slice(0, f.indexOf('=')));
    const { me } = listed();
    expect(keys(formatClientLine(me, T0 + 12_500))).toEqual(keys(real));
  });

  it('lists every client, one newline-terminated line each (bulk in RESP2, verbatim in RESP3)', () => {
    const { node, me } = listed();
    const text = `${SUB_LINE}\n${ME_LINE}\n`;
    expect(run(node, me, 'LIST')).toBe(`$${text.length}\r\n${text}\r\n`);
    me.reply.protocol = 3;
    const text3 = text.replace(/resp=2\n$/, 'resp=3\n');
    expect(run(node, me, 'LIST')).toBe(`=${text3.length + 4}\r\ntxt:${text3}\r\n`);
  });

  it('INFO prints the caller’s own line', () => {
    const { node, me } = listed();
    expect(run(node, me, 'INFO')).toBe(`$${ME_LINE.length + 1}\r\n${ME_LINE}\n\r\n`);
  });

  it('shows MULTI state, db, pending output and RESP version', () => {
    const { me } = listed();
    me.inMulti = true;
    me.queuedCount = 2;
    me.dbIndex = 3;
    me.outputBytes = 9;
    me.reply.protocol = 3;
    const line = formatClientLine(me, T0 + 12_500);
    expect(line).toContain(' flags=x db=3 ');
    expect(line).toContain(' multi=2 ');
    expect(line).toContain(' omem=9 tot-mem=35 events=rw ');
    expect(line.endsWith(' resp=3')).toBe(true);
  });

  it('filters by TYPE and by ID, ids in the order given', () => {
    const { node, me } = listed();
    expect(run(node, me, 'LIST', 'type', 'PUBSUB')).toBe(`$${SUB_LINE.length + 1}\r\n${SUB_LINE}\n\r\n`);
    expect(run(node, me, 'LIST', 'TYPE', 'master')).toBe('$0\r\n\r\n');
    expect(run(node, me, 'LIST', 'TYPE', 'slave')).toBe('$0\r\n\r\n');
    const text = `${ME_LINE}\n${SUB_LINE}\n${ME_LINE}\n`;
    expect(run(node, me, 'LIST', 'ID', '10', '999', '7', '10')).toBe(`$${text.length}\r\n${text}\r\n`);
    expect(run(node, me, 'LIST', 'ID', '0')).toBe('$0\r\n\r\n');
    expect(run(node, me, 'LIST', 'ID', '-1')).toBe('$0\r\n\r\n');
  });

  it.each([
    [['TYPE', 'foo'], "-ERR Unknown client type 'foo'"],
    [['TYPE'], '-ERR syntax error'],
    [['ID'], '-ERR syntax error'],
    [['foo'], '-ERR syntax error'],
    [['TYPE', 'normal', 'ID', '7'], '-ERR syntax error'],
    [['ID', '7', 'TYPE', 'normal'], '-ERR Invalid client ID'],
    [['ID', '7', 'abc'], '-ERR Invalid client ID'],
    [['ID', '+7'], '-ERR Invalid client ID'],
    [['ID', '08'], '-ERR Invalid client ID'],
    [['ID', '99999999999999999999'], '-ERR Invalid client ID'],
  ])('LIST %j replies %s', (args, error) => {
    const { node, me } = listed();
    expect(run(node, me, 'LIST', ...args)).toBe(`${error}\r\n`);
  });
});

describe('CLIENT KILL', () => {
  function three(): { node: FakeNode; me: FakeClient; a: FakeClient; b: FakeClient } {
    const node = new FakeNode();
    const me = node.connect(1, { addr: '127.0.0.1:40001' });
    const a = node.connect(2, { addr: '127.0.0.1:40002', laddr: '127.0.0.1:6381' });
    const b = node.connect(3, { addr: '127.0.0.1:40003' });
    b.patterns.add('x*');
    return { node, me, a, b };
  }

  it('old form: closes the client at that address, or replies No such client', () => {
    const { node, me, a } = three();
    expect(run(node, me, 'KILL', '1.2.3.4:5')).toBe('-ERR No such client\r\n');
    expect(run(node, me, 'KILL', 'ID')).toBe('-ERR No such client\r\n');
    expect(run(node, me, 'KILL', '127.0.0.1:40002')).toBe('+OK\r\n');
    expect(a.closed).toBe('now');
    expect(run(node, me, 'KILL', '127.0.0.1:40001')).toBe('+OK\r\n');
    expect(me.closed).toBe('after-reply');
  });

  it('new form: every filter must match; the caller is skipped unless SKIPME no', () => {
    const { node, me, a, b } = three();
    expect(run(node, me, 'KILL', 'ID', '999')).toBe(':0\r\n');
    expect(run(node, me, 'KILL', 'ADDR', '127.0.0.1:40001')).toBe(':0\r\n');
    expect(run(node, me, 'KILL', 'LADDR', '127.0.0.1:6381', 'TYPE', 'pubsub')).toBe(':0\r\n');
    expect(run(node, me, 'KILL', 'type', 'PubSub')).toBe(':1\r\n');
    expect([me.closed, a.closed, b.closed]).toEqual(['no', 'no', 'now']);
    expect(run(node, me, 'KILL', 'LADDR', '127.0.0.1:6381', 'ID', '2')).toBe(':1\r\n');
    expect(a.closed).toBe('now');
    expect(run(node, me, 'KILL', 'ID', '1')).toBe(':0\r\n');
    expect(run(node, me, 'KILL', 'USER', 'default', 'skipme', 'NO')).toBe(':3\r\n');
    expect(me.closed).toBe('after-reply');
  });

  it.each([
    [['ID', 'abc'], '-ERR client-id should be greater than 0'],
    [['ID', '0'], '-ERR client-id should be greater than 0'],
    [['ID', '-5'], '-ERR client-id should be greater than 0'],
    [['ID', '+5'], '-ERR client-id should be greater than 0'],
    [['TYPE', 'foo'], "-ERR Unknown client type 'foo'"],
    [['USER', 'nobody'], "-ERR No such user 'nobody'"],
    [['USER', 'Default'], "-ERR No such user 'Default'"],
    [['SKIPME', 'maybe'], '-ERR syntax error'],
    [['FOO', 'bar'], '-ERR syntax error'],
    [['MAXAGE', '0'], '-ERR syntax error'],
    [['ID', '1', 'TYPE'], '-ERR syntax error'],
    [['a', 'b', 'c'], '-ERR syntax error'],
    [[], "-ERR wrong number of arguments for 'client|kill' command"],
  ])('KILL %j replies %s and closes nobody', (args, error) => {
    const { node, me, a, b } = three();
    expect(run(node, me, 'KILL', ...args)).toBe(`${error}\r\n`);
    expect([me.closed, a.closed, b.closed]).toEqual(['no', 'no', 'no']);
  });
});

describe('CLIENT SETINFO (Redis 7.2 semantics)', () => {
  it('stores lib-name and lib-ver, case-insensitive attribute', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'SETINFO', 'LIB-NAME', 'ioredis')).toBe('+OK\r\n');
    expect(run(node, c, 'setinfo', 'lib-ver', '6.0.0')).toBe('+OK\r\n');
    expect([c.libName, c.libVersion]).toEqual(['ioredis', '6.0.0']);
  });

  it('refuses unknown attributes and values with spaces', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'SETINFO', 'foo', 'x')).toBe("-ERR Unrecognized option 'foo'\r\n");
    expect(run(node, c, 'SETINFO', 'lib-name', 'a b')).toBe(
      '-ERR lib-name cannot contain spaces, newlines or special characters.\r\n',
    );
    expect(run(node, c, 'SETINFO', 'lib-name')).toBe("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    expect(c.libName).toBe('');
  });
});

describe('CLIENT REPLY / HELP', () => {
  it('ON replies +OK, OFF and SKIP reply nothing, SKIP while OFF stays OFF', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    expect(run(node, c, 'REPLY', 'SKIP')).toBe('');
    expect(c.replyMode).toBe('skip');
    expect(run(node, c, 'REPLY', 'off')).toBe('');
    expect(c.replyMode).toBe('off');
    expect(run(node, c, 'REPLY', 'SKIP')).toBe('');
    expect(c.replyMode).toBe('off');
    expect(run(node, c, 'REPLY', 'On')).toBe('+OK\r\n');
    expect(c.replyMode).toBe('on');
    expect(run(node, c, 'REPLY', 'foo')).toBe('-ERR syntax error\r\n');
    expect(run(node, c, 'REPLY')).toBe("-ERR wrong number of arguments for 'client|reply' command\r\n");
  });

  it('HELP is an array of simple strings ending with HELP', () => {
    const node = new FakeNode();
    const c = node.connect(1);
    const lines = run(node, c, 'HELP').split('\r\n');
    const count = Number(lines[0].slice(1));
    expect(lines[0].startsWith('*')).toBe(true);
    expect(lines[1]).toBe('+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(lines.slice(1, count + 1).every((l) => l.startsWith('+'))).toBe(true);
    expect(lines[count - 1]).toBe('+HELP');
    expect(lines.length).toBe(count + 2);
  });
});
