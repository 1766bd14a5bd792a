/*
 * Exact reply bytes of COMMAND and its subcommands. Every expected byte string below was read from
 * redis-server 7.0.15 (the same commands, RESP2 unless noted), except where the reply depends on our
 * own table (COUNT, LIST, DOCS and HELP texts), which is derived here from the table itself.
 */
import { EncodingReply, decodeReply, itemsOf, typeOf } from '../test/encoding-reply';
import { commandCommand } from './command-command';
import { allCommands } from './lookup';

/** The decoded reply of one COMMAND call. */
function tree(protocol: 2 | 3, ...args: string[]) {
  return decodeReply(Buffer.from(run(protocol, ...args), 'latin1'));
}

function run(protocol: 2 | 3, ...args: string[]): string {
  const reply = new EncodingReply(protocol);
  commandCommand(reply, args.map((a) => Buffer.from(a)));
  return reply.text();
}
const resp2 = (...args: string[]): string => run(2, ...args);

const GET_INFO =
  '*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n' +
  '*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n' +
  '$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n' +
  '$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n';

describe('COMMAND INFO', () => {
  it('describes GET exactly as redis-server does', () => {
    expect(resp2('COMMAND', 'INFO', 'get')).toBe(`*1\r\n${GET_INFO}`);
  });

  it('answers null for an unknown name, in place', () => {
    expect(resp2('command', 'info', 'nosuch', 'GET')).toBe(`*2\r\n$-1\r\n${GET_INFO}`);
  });

  it('describes a subcommand by full name, in any case', () => {
    expect(resp2('COMMAND', 'INFO', 'CLIENT|LIST')).toBe(
      '*1\r\n*10\r\n$11\r\nclient|list\r\n:-2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n' +
        '*4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n+@connection\r\n*1\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n',
    );
  });

  it('uses sets, maps and the RESP3 null with protocol 3', () => {
    expect(run(3, 'COMMAND', 'INFO', 'ttl', 'nosuch')).toBe(
      '*2\r\n*10\r\n$3\r\nttl\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@keyspace\r\n+@read\r\n' +
        '+@fast\r\n~1\r\n$23\r\nnondeterministic_output\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n' +
        '$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n' +
        '$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n_\r\n',
    );
  });

  it('nests subcommands as an array, and sends an empty set when there are none', () => {
    const object = itemsOf(itemsOf(tree(3, 'COMMAND', 'INFO', 'object'))[0]);
    expect(object.slice(0, 9)).toEqual([
      'object', -2, { type: '~', items: [] }, 0, 0, 0, { type: '~', items: ['@slow'] },
      { type: '~', items: [] }, { type: '~', items: [] },
    ]);
    expect(typeOf(object[9])).toBe('*');
    expect(itemsOf(object[9]).map((sub) => itemsOf(sub)[0])).toEqual([
      'object|encoding', 'object|refcount', 'object|idletime', 'object|freq', 'object|help',
    ]);
  });

  it('describes every command when no name is given, as bare COMMAND does', () => {
    const all = resp2('COMMAND', 'INFO');
    expect(all.startsWith(`*${allCommands().length}\r\n`)).toBe(true);
    expect(resp2('COMMAND')).toBe(all);
  });
});

describe('COMMAND COUNT, LIST, DOCS, HELP', () => {
  it('counts the top-level commands', () => {
    expect(resp2('COMMAND', 'COUNT')).toBe(`:${allCommands().length}\r\n`);
  });

  it('lists commands then subcommands, and filters them', () => {
    const list = itemsOf(tree(2, 'COMMAND', 'LIST'));
    expect(list).toContain('client|list');
    expect(list.indexOf('client')).toBeLessThan(list.indexOf('client|list'));
    expect(resp2('COMMAND', 'LIST', 'FILTERBY', 'pattern', 'GETR*')).toBe('*1\r\n$8\r\ngetrange\r\n');
    expect(resp2('COMMAND', 'LIST', 'filterby', 'ACLCAT', 'TRANSACTION')).toBe(
      '*5\r\n$5\r\nmulti\r\n$4\r\nexec\r\n$7\r\ndiscard\r\n$5\r\nwatch\r\n$7\r\nunwatch\r\n',
    );
    expect(resp2('COMMAND', 'LIST', 'FILTERBY', 'aclcat', '@string')).toBe('*0\r\n');
    expect(resp2('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toBe('*0\r\n');
  });

  it.each([
    [['FILTERBY', 'foo', 'x']],
    [['FILTERBY']],
    [['FILTERBY', 'module']],
    [['x']],
    [['a', 'b', 'c', 'd']],
  ])('refuses COMMAND LIST %j with a syntax error', (args) => {
    expect(resp2('COMMAND', 'LIST', ...args)).toBe('-ERR syntax error\r\n');
  });

  it('documents commands as a map keyed by canonical name, skipping unknown ones', () => {
    expect(resp2('COMMAND', 'DOCS', 'nosuch')).toBe('*0\r\n');
    expect(run(3, 'COMMAND', 'DOCS', 'nosuch')).toBe('%0\r\n');
    expect(run(3, 'COMMAND', 'DOCS', 'GET')).toBe(
      '%1\r\n$3\r\nget\r\n%3\r\n$7\r\nsummary\r\n$41\r\nReturns the string value stored at a key.\r\n' +
        '$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n',
    );
    const all = tree(3, 'COMMAND', 'DOCS');
    expect(typeOf(all)).toBe('%');
    expect(itemsOf(all).length).toBe(2 * allCommands().length);
  });

  it('documents subcommands inside their container', () => {
    const fields = itemsOf(itemsOf(tree(3, 'COMMAND', 'DOCS', 'pubsub'))[1]);
    expect(fields[6]).toBe('subcommands');
    expect(typeOf(fields[7])).toBe('%');
    expect(itemsOf(fields[7]).filter((_, i) => i % 2 === 0)).toEqual([
      'pubsub|channels', 'pubsub|numsub', 'pubsub|numpat', 'pubsub|help',
    ]);
  });

  it('prints help as status lines starting with the usage line and ending with HELP', () => {
    const help = itemsOf(tree(2, 'COMMAND', 'HELP'));
    expect(help[0]).toBe('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help.slice(-2)).toEqual(['HELP', '    Print this help.']);
    expect(resp2('COMMAND', 'HELP').split('\r\n')[1]).toBe('+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  });
});

describe('COMMAND GETKEYS and errors', () => {
  it.each<[string[], string]>([
    [['mset', 'a', '1', 'b', '2'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n'],
    [['mset', 'a', '1', 'b'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n'],
    [['GET', 'k'], '*1\r\n$1\r\nk\r\n'],
    [['OBJECT', 'ENCODING', 'a'], '*1\r\n$1\r\na\r\n'],
    [['memory', 'usage', 'k'], '*1\r\n$1\r\nk\r\n'],
    [['bitop', 'and', 'd', 's1', 's2'], '*3\r\n$1\r\nd\r\n$2\r\ns1\r\n$2\r\ns2\r\n'],
    [['lcs', 'a', 'b'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n'],
    [['set', 'k', 'v', 'get'], '*1\r\n$1\r\nk\r\n'],
    [['watch', 'a', 'b'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n'],
    [['nosuch', 'a'], '-ERR Invalid command specified\r\n'],
    [['client', 'nosuch'], '-ERR Invalid command specified\r\n'],
    [['object', 'nosuch', 'k'], '-ERR Invalid command specified\r\n'],
    [['get', 'a', 'b'], '-ERR Invalid number of arguments specified for command\r\n'],
    [['object', 'encoding', 'a', 'b'], '-ERR Invalid number of arguments specified for command\r\n'],
    [['ping', 'x'], '-ERR The command has no key arguments\r\n'],
    [['echo', 'a', 'b'], '-ERR The command has no key arguments\r\n'],
    [['CLIENT', 'LIST'], '-ERR The command has no key arguments\r\n'],
    [['config', 'get'], '-ERR The command has no key arguments\r\n'],
  ])('GETKEYS %j', (line, expected) => {
    expect(resp2('COMMAND', 'GETKEYS', ...line)).toBe(expected);
  });

  it.each<[string[], string]>([
    [['GETKEYS'], "-ERR wrong number of arguments for 'command|getkeys' command\r\n"],
    [['GETKEYS', 'get'], "-ERR wrong number of arguments for 'command|getkeys' command\r\n"],
    [['COUNT', 'x'], "-ERR wrong number of arguments for 'command|count' command\r\n"],
    [['HELP', 'x'], "-ERR wrong number of arguments for 'command|help' command\r\n"],
    [['FOO'], "-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n"],
    [['x'.repeat(200)], `-ERR unknown subcommand '${'x'.repeat(128)}'. Try COMMAND HELP.\r\n`],
  ])('COMMAND %j', (args, expected) => {
    expect(resp2('COMMAND', ...args)).toBe(expected);
  });
});
