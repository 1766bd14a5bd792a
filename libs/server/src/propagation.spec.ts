/*
 * The replication stream bytes the Propagator emits (spec/replication.md §3.3, §3.7, §3.8): SELECT
 * only on a db change, bare single writes, MULTI/EXEC only around two or more, expiry as DEL.
 */
import { Propagator, type PropagationSink } from './propagation';

class Collect implements PropagationSink {
  readonly chunks: Buffer[] = [];
  feed(bytes: Buffer): void {
    this.chunks.push(bytes);
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

const SELECT0 = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n';
const SELECT3 = '*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n';
const SET_K1_V1 = '*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$2\r\nv1\r\n';

describe('Propagator', () => {
  it('emits SELECT before the first command and only when the db changes', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.begin();
    p.add(0, [Buffer.from('SET'), Buffer.from('k1'), Buffer.from('v1')]);
    p.end();
    p.begin();
    p.add(0, ['SET', 'k1', 'v1']);
    p.end();
    p.begin();
    p.add(3, ['SET', 'k1', 'v1']);
    p.end();
    p.begin();
    p.add(0, ['SET', 'k1', 'v1']);
    p.end();
    expect(sink.text()).toBe(SELECT0 + SET_K1_V1 + SET_K1_V1 + SELECT3 + SET_K1_V1 + SELECT0 + SET_K1_V1);
    expect(SELECT0.length).toBe(23);
    expect(SET_K1_V1.length).toBe(29);
  });

  it('sends nothing for a command that collected nothing', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.begin();
    p.end();
    expect(sink.chunks).toHaveLength(0);
  });

  it('wraps two or more commands of one top-level command in MULTI/EXEC, SELECT first', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.begin(); // EXEC
    p.begin(); // nested calls of queued commands do not flush on their own
    p.add(3, ['SET', 'a', '1']);
    p.end();
    p.add(3, ['INCR', 'a']);
    p.end();
    expect(sink.text()).toBe(
      SELECT3 +
        '*1\r\n$5\r\nMULTI\r\n' +
        '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n' +
        '*2\r\n$4\r\nINCR\r\n$1\r\na\r\n' +
        '*1\r\n$4\r\nEXEC\r\n',
    );
  });

  it('switches db inside a transaction with a SELECT after MULTI', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.begin();
    p.add(0, ['SET', 'a', '1']);
    p.add(1, ['SET', 'b', '2']);
    p.end();
    expect(sink.text()).toBe(
      SELECT0 +
        '*1\r\n$5\r\nMULTI\r\n' +
        '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n' +
        '*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n' +
        '*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n' +
        '*1\r\n$4\r\nEXEC\r\n',
    );
  });

  it('propagates a lazy expiry together with the command that hit it', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.begin();
    p.expired(0, Buffer.from('k'));
    p.add(0, ['SET', 'k', 'v']);
    p.end();
    expect(sink.text()).toBe(
      SELECT0 + '*1\r\n$5\r\nMULTI\r\n' + '*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n' + '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n' + '*1\r\n$4\r\nEXEC\r\n',
    );
  });

  it('emits active-expiry DELs at once and bare, binary-safe', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.expired(2, Buffer.from([0x00, 0x0d, 0x0a]));
    p.expired(2, Buffer.from('k4'));
    expect(sink.text()).toBe(
      '*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n' + '*2\r\n$3\r\nDEL\r\n$3\r\n\x00\r\n\r\n' + '*2\r\n$3\r\nDEL\r\n$2\r\nk4\r\n',
    );
  });

  it('re-sends SELECT after resetStreamDb (full resync)', () => {
    const sink = new Collect();
    const p = new Propagator(sink);
    p.add(0, ['SET', 'k1', 'v1']);
    p.resetStreamDb();
    p.add(0, ['SET', 'k1', 'v1']);
    expect(sink.text()).toBe(SELECT0 + SET_K1_V1 + SELECT0 + SET_K1_V1);
  });

  it('builds nothing while the sink is inactive, and re-sends SELECT once it is active again', () => {
    const sink = new Collect();
    let active = true;
    const switchable: PropagationSink = {
      get active() {
        return active;
      },
      feed: (bytes) => sink.feed(bytes),
    };
    const p = new Propagator(switchable);
    p.begin();
    p.add(0, ['SET', 'k1', 'v1']);
    p.end();
    active = false;
    p.begin();
    p.add(0, ['SET', 'k1', 'v1']);
    p.expired(0, Buffer.from('k'));
    p.end();
    p.add(0, ['SET', 'k1', 'v1']);
    expect(sink.text()).toBe(SELECT0 + SET_K1_V1);
    active = true;
    p.begin();
    p.add(0, ['SET', 'k1', 'v1']);
    p.end();
    expect(sink.text()).toBe(SELECT0 + SET_K1_V1 + SELECT0 + SET_K1_V1);
  });
});
