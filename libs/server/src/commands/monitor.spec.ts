/**
 * MONITOR: the line format (escaping, time, redaction) and the feeding of monitor clients. Expected
 * lines are ones redis-server 7.0.15 printed for the same commands (addresses and times replaced by
 * the inputs given here).
 */
import { FakeNode, argv } from '../../test/pubsub-fakes';
import { formatMonitorLine, monitorHandlers } from './monitor';

const ADDR = '127.0.0.1:38652';

describe('formatMonitorLine', () => {
  it('quotes every argument and escapes bytes as Redis does', () => {
    const value = 'a"b\\\\c\n\r\t\x07\b\x00\xff \xe9 x y';
    expect(formatMonitorLine(1795554617286.908, 0, ADDR, argv('SET', 'k', value))).toBe(
      '1795554617.286908 [0 127.0.0.1:38652] "SET" "k" "a\\"b\\\\\\\\c\\n\\r\\t\\a\\b\\x00\\xff \\xe9 x y"',
    );
  });

  it('escapes all 256 byte values exactly as redis-server 7.0.15 printed ECHO <bytes 0..255>', () => {
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    const real =
      "\"ECHO\" \"\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\a\\b\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff\"";
    expect(formatMonitorLine(0, 0, 'x', [Buffer.from('ECHO'), all])).toBe(`0.000000 [0 x] ${real}`);
  });

  it('prints seconds and zero-padded microseconds, the db and the origin', () => {
    expect(formatMonitorLine(1700000000000.5, 5, 'lua', argv('set', 'z', '1'))).toBe(
      '1700000000.000500 [5 lua] "set" "z" "1"',
    );
    expect(formatMonitorLine(1700000000999.999, 15, 'unix:/tmp/r.sock', argv('PING'))).toBe(
      '1700000000.999999 [15 unix:/tmp/r.sock] "PING"',
    );
  });

  it.each([
    [['AUTH', 'foo'], '"AUTH" "(redacted)"'],
    [['auth', 'u', 'p'], '"auth" "(redacted)" "(redacted)"'],
    [['HELLO', '3', 'AUTH', 'default', 'pw'], '"HELLO" "3" "AUTH" "(redacted)" "(redacted)"'],
    [['HELLO', '3', 'SETNAME', 'n', 'auth', 'u', 'p'], '"HELLO" "3" "SETNAME" "n" "auth" "(redacted)" "(redacted)"'],
    [['HELLO', '2'], '"HELLO" "2"'],
    [['MIGRATE', 'h', '1', 'k', '0', '1', 'AUTH', 'pw'], '"MIGRATE" "h" "1" "k" "0" "1" "AUTH" "(redacted)"'],
    [
      ['MIGRATE', 'h', '1', '', '0', '1', 'AUTH2', 'u', 'p', 'KEYS', 'auth', 'k'],
      '"MIGRATE" "h" "1" "" "0" "1" "AUTH2" "(redacted)" "(redacted)" "KEYS" "auth" "k"',
    ],
  ])('redacts secrets in %j', (args, expected) => {
    expect(formatMonitorLine(1795554617773.432, 5, ADDR, argv(...args))).toBe(
      `1795554617.773432 [5 127.0.0.1:38652] ${expected}`,
    );
  });
});

describe('MONITOR', () => {
  it('replies +OK, then receives every fed command as a status line in RESP2 and RESP3', () => {
    const node = new FakeNode();
    const m2 = node.connect(1);
    const m3 = node.connect(2, { protocol: 3 });
    const sender = node.connect(3, { addr: ADDR, nowMs: 1795554617368.718 });
    sender.dbIndex = 5;
    for (const m of [m2, m3]) {
      monitorHandlers.get('monitor')!(node, m, argv('MONITOR'));
      expect(m.reply.take()).toBe('+OK\r\n');
      expect(m.monitor).toBe(true);
    }
    node.feedMonitors(sender, argv('SELECT', '5'));
    const line = '+1795554617.368718 [5 127.0.0.1:38652] "SELECT" "5"\r\n';
    expect(m2.reply.take()).toBe(line);
    expect(m3.reply.take()).toBe(line);
    expect(sender.reply.take()).toBe('');
  });

  it('feeds the monitor its own commands too, and stops after remove', () => {
    const node = new FakeNode();
    const m = node.connect(1, { addr: '127.0.0.1:41800', nowMs: 1795554670330.887 });
    monitorHandlers.get('monitor')!(node, m, argv('MONITOR'));
    m.reply.take();
    node.feedMonitors(m, argv('CLIENT', 'ID'));
    expect(m.reply.take()).toBe('+1795554670.330887 [0 127.0.0.1:41800] "CLIENT" "ID"\r\n');
    expect(node.monitors.remove(m)).toBe(true);
    expect(node.monitors.size).toBe(0);
    node.feedMonitors(m, argv('PING'));
    expect(m.reply.take()).toBe('');
  });

  it('ignores a second MONITOR silently and refuses it inside MULTI', () => {
    const node = new FakeNode();
    const m = node.connect(1);
    monitorHandlers.get('monitor')!(node, m, argv('MONITOR'));
    m.reply.take();
    monitorHandlers.get('monitor')!(node, m, argv('MONITOR'));
    expect(m.reply.take()).toBe('');
    const t = node.connect(2);
    t.inMulti = true;
    monitorHandlers.get('monitor')!(node, t, argv('MONITOR'));
    expect(t.reply.take()).toBe("-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
    expect(node.monitors.size).toBe(1);
  });
});
