import { FakeReplicaHost } from '../../test/replica/fake-host';
import { ReplicationState } from '@resplica/backlog';
import { Handshake, type HandshakeStep } from './handshake';
import { ackCommand, handshakeBatch, psyncCommand, PING } from './wire';

const latin1 = (b: Buffer): string => b.toString('latin1');

describe('handshake commands (spec §1.1)', () => {
  it('sends REPLCONF listening-port and capa only, without auth or announce ip', () => {
    const batch = handshakeBatch({ user: '', password: '', announcePort: 6390, announceIp: null });
    expect(latin1(batch.bytes)).toBe(
      '*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n6390\r\n' +
        '*5\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n',
    );
    expect(batch.commands).toEqual(['listening-port', 'capa']);
  });

  it('sends AUTH <pass> first when only masterauth is set', () => {
    const batch = handshakeBatch({ user: '', password: 's3cret', announcePort: 7000, announceIp: null });
    expect(latin1(batch.bytes)).toBe(
      '*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n' +
        '*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n7000\r\n' +
        '*5\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n',
    );
    expect(batch.commands).toEqual(['auth', 'listening-port', 'capa']);
  });

  it('matches the observed capture with masteruser, masterauth, announce ip and port', () => {
    const batch = handshakeBatch({ user: 'repluser', password: 's3cret', announcePort: 6390, announceIp: '10.0.0.9' });
    expect(latin1(batch.bytes)).toBe(
      '*3\r\n$4\r\nAUTH\r\n$8\r\nrepluser\r\n$6\r\ns3cret\r\n*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n' +
        '$4\r\n6390\r\n*3\r\n$8\r\nREPLCONF\r\n$10\r\nip-address\r\n$8\r\n10.0.0.9\r\n*5\r\n$8\r\nREPLCONF\r\n' +
        '$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n',
    );
    expect(batch.commands).toEqual(['auth', 'listening-port', 'ip-address', 'capa']);
  });

  it('encodes PING, PSYNC ? -1, a cached PSYNC and REPLCONF ACK exactly', () => {
    expect(latin1(PING)).toBe('*1\r\n$4\r\nPING\r\n');
    expect(latin1(psyncCommand(null))).toBe('*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n');
    expect(latin1(psyncCommand({ replid: '2d2814c0fa9730219f20f221741a5db8b28b9278', offset: 1 }))).toBe(
      '*3\r\n$5\r\nPSYNC\r\n$40\r\n2d2814c0fa9730219f20f221741a5db8b28b9278\r\n$1\r\n1\r\n',
    );
    expect(latin1(ackCommand(1227))).toBe('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$4\r\n1227\r\n');
    expect(latin1(ackCommand(0))).toBe('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$1\r\n0\r\n');
  });
});

describe('Handshake state machine (spec §1.2, §1.3)', () => {
  const PSYNC = psyncCommand(null);
  const ID = 'a'.repeat(40);

  function machine(withAuth = false): { hs: Handshake; host: FakeReplicaHost; batch: Buffer } {
    const host = new FakeReplicaHost(new ReplicationState({ backlogSize: 1 << 20 }));
    const batch = handshakeBatch({ user: '', password: withAuth ? 'pw' : '', announcePort: 1, announceIp: null });
    return { hs: new Handshake(batch, null, host.log), host, batch: batch.bytes };
  }

  /** Runs the lines up to the PSYNC reply and returns the step for `reply`. */
  function psyncReply(reply: string): HandshakeStep {
    const { hs } = machine();
    expect(hs.start()).toBe(PING);
    hs.onLine('+PONG');
    expect(hs.onLine('+OK')).toEqual({ kind: 'wait' });
    expect(hs.onLine('+OK')).toEqual({ kind: 'send', bytes: PSYNC });
    return hs.onLine(reply);
  }

  it.each(['+PONG', '-NOAUTH Authentication required.', '-NOPERM this user has no permissions', '-ERR operation not permitted'])(
    'goes on after the PING reply %j',
    (reply) => {
      const { hs, batch } = machine();
      expect(hs.onLine(reply)).toEqual({ kind: 'send', bytes: batch });
    },
  );

  it.each(['-ERR unknown command', '', ':1'])('fails on the PING reply %j', (reply) => {
    const { hs } = machine();
    expect(hs.onLine(reply)).toEqual({ kind: 'fail', reason: `error reply to PING from master: '${reply}'` });
  });

  it('fails with "Unable to AUTH to MASTER" on an AUTH error', () => {
    const { hs } = machine(true);
    hs.onLine('+PONG');
    expect(hs.onLine('-WRONGPASS invalid username-password pair or user is disabled.')).toEqual({
      kind: 'fail',
      reason: 'Unable to AUTH to MASTER: -WRONGPASS invalid username-password pair or user is disabled.',
    });
  });

  it('only logs REPLCONF errors and then sends PSYNC', () => {
    const { hs, host } = machine(true);
    hs.onLine('+PONG');
    expect(hs.onLine('+OK')).toEqual({ kind: 'wait' });
    expect(hs.onLine('-ERR Unrecognized REPLCONF option: listening-port')).toEqual({ kind: 'wait' });
    expect(hs.onLine('-ERR syntax error')).toEqual({ kind: 'send', bytes: PSYNC });
    expect(host.lines.filter((l) => l.level === 'warn').map((l) => l.fields)).toEqual([
      { command: 'REPLCONF listening-port', reply: '-ERR Unrecognized REPLCONF option: listening-port' },
      { command: 'REPLCONF capa', reply: '-ERR syntax error' },
    ]);
  });

  it('sends the cached PSYNC and logs the end of the handshake', () => {
    const host = new FakeReplicaHost(new ReplicationState({ backlogSize: 1 << 20 }));
    const batch = handshakeBatch({ user: '', password: '', announcePort: 1, announceIp: null });
    const hs = new Handshake(batch, { replid: ID, offset: 1265 }, host.log);
    hs.onLine('+PONG');
    hs.onLine('+OK');
    const step = hs.onLine('+OK');
    expect(step.kind === 'send' && latin1(step.bytes)).toBe(`*3\r\n$5\r\nPSYNC\r\n$40\r\n${ID}\r\n$4\r\n1265\r\n`);
    expect(host.lines).toEqual([
      { level: 'info', fields: { replid: ID, offset: 1265 }, message: 'handshake done: sending PSYNC' },
    ]);
  });

  it('skips empty lines before the PSYNC reply', () => {
    const { hs } = machine();
    hs.onLine('+PONG');
    hs.onLine('+OK');
    hs.onLine('+OK');
    expect(hs.onLine('')).toEqual({ kind: 'wait' });
    expect(hs.onLine('')).toEqual({ kind: 'wait' });
    expect(hs.onLine(`+FULLRESYNC ${ID} 1000`)).toEqual({ kind: 'full', replid: ID, offset: 1000 });
  });

  it('reads +FULLRESYNC id and offset', () => {
    expect(psyncReply(`+FULLRESYNC ${ID} 0`)).toEqual({ kind: 'full', replid: ID, offset: 0 });
    expect(psyncReply(`+FULLRESYNC ${ID} 9007199254740991`)).toEqual({ kind: 'full', replid: ID, offset: 9007199254740991 });
  });

  it.each([`+FULLRESYNC ${'a'.repeat(39)} 10`, `+FULLRESYNC ${'a'.repeat(41)} 10`, '+FULLRESYNC', `+FULLRESYNC ${ID}`])(
    'keeps no master id for the malformed %j',
    (reply) => {
      expect(psyncReply(reply)).toEqual({ kind: 'full', replid: null, offset: 0 });
    },
  );

  it('reads +CONTINUE with and without a replid', () => {
    expect(psyncReply(`+CONTINUE ${ID}`)).toEqual({ kind: 'continue', replid: ID });
    expect(psyncReply('+CONTINUE')).toEqual({ kind: 'continue', replid: null });
    expect(psyncReply(`+CONTINUE ${ID}x`)).toEqual({ kind: 'continue', replid: null });
  });

  it.each([
    "-NOMASTERLINK Can't SYNC while not connected with my master",
    '-LOADING Redis is loading the dataset in memory',
  ])('retries later on %j', (reply) => {
    expect(psyncReply(reply)).toEqual({ kind: 'fail', reason: `master is not ready for PSYNC: ${reply}` });
  });

  it.each(["-ERR unknown command 'PSYNC'", '-ERR BGSAVE failed, replication can\'t continue', '+OK'])(
    'falls back to SYNC on %j',
    (reply) => {
      expect(psyncReply(reply)).toEqual({ kind: 'sync', reply });
    },
  );
});
