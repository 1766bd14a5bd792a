/*
 * The comparators that relax one thing each (HELP wording, our command table, key-spec notes):
 * they must accept exactly that difference and still catch every other one.
 */
import { commandInfoOurSubcommands, commandInfoWithoutNotes, oursIs, subsetOf } from './command-info';
import { helpShape } from './compare';

const b = (s: string) => Buffer.from(s, 'latin1');
const HEADER = '+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n';

describe('helpShape', () => {
  it('accepts other wording under the same header', () => {
    expect(helpShape(b(`*2\r\n${HEADER}+ours\r\n`), b(`*3\r\n${HEADER}+theirs\r\n+more\r\n`))).toBeNull();
  });

  it('refuses another header, a non-array or a bulk line', () => {
    const other = '+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n';
    expect(helpShape(b(`*1\r\n${HEADER}`), b(`*1\r\n${other}`))).toMatch(/help header/);
    expect(helpShape(b('-ERR x\r\n'), b(`*1\r\n${HEADER}`))).toMatch(/ours is not/);
    expect(helpShape(b(`*2\r\n${HEADER}$1\r\nx\r\n`), b(`*1\r\n${HEADER}`))).toMatch(/ours is not/);
    expect(helpShape(b(`*1\r\n${HEADER}`), b('*0\r\n'))).toMatch(/reference is not/);
  });
});

describe('oursIs and subsetOf', () => {
  it('oursIs ignores the reference', () => {
    expect(oursIs(':81\r\n')(b(':81\r\n'), b(':240\r\n'))).toBeNull();
    expect(oursIs(':81\r\n')(b(':80\r\n'), b(':80\r\n'))).toMatch(/ours is not/);
  });

  it('subsetOf accepts fewer names, refuses unknown ones, and requires the declared extras', () => {
    const ref = b('*3\r\n$3\r\nget\r\n$3\r\nset\r\n$4\r\nincr\r\n');
    expect(subsetOf()(b('*2\r\n$3\r\nset\r\n$3\r\nget\r\n'), ref)).toBeNull();
    expect(subsetOf()(b('*2\r\n$3\r\nset\r\n$3\r\nfoo\r\n'), ref)).toMatch(/not in the reference: \$"foo"/);
    expect(subsetOf(['foo'])(b('*2\r\n$3\r\nset\r\n$3\r\nfoo\r\n'), ref)).toBeNull();
    expect(subsetOf(['foo'])(b('*1\r\n$3\r\nset\r\n'), ref)).toMatch(/does not list all/);
  });
});

/** A COMMAND INFO entry in RESP2 with the given key-spec body and subcommand entries. */
function entry(name: string, specs: string[], subs: string[] = []): string {
  return (
    `*10\r\n$${name.length}\r\n${name}\r\n:2\r\n*0\r\n:1\r\n:1\r\n:1\r\n*0\r\n*0\r\n` +
    `*${specs.length}\r\n${specs.join('')}*${subs.length}\r\n${subs.join('')}`
  );
}
const FLAGS = '$5\r\nflags\r\n*1\r\n+RW\r\n';
const NOTES = '$5\r\nnotes\r\n$5\r\nprose\r\n';

describe('commandInfoWithoutNotes', () => {
  it("drops only the reference's notes pair", () => {
    const ours = b(`*1\r\n${entry('set', [`*2\r\n${FLAGS}`])}`);
    expect(commandInfoWithoutNotes(ours, b(`*1\r\n${entry('set', [`*4\r\n${NOTES}${FLAGS}`])}`))).toBeNull();
    const otherFlags = '$5\r\nflags\r\n*1\r\n+RO\r\n';
    expect(commandInfoWithoutNotes(ours, b(`*1\r\n${entry('set', [`*4\r\n${NOTES}${otherFlags}`])}`))).toMatch(
      /without key-spec notes/,
    );
  });
});

describe('commandInfoOurSubcommands', () => {
  const sub = (name: string) => entry(name, []);
  const ref = b(`*1\r\n${entry('client', [], [sub('client|id'), sub('client|pause'), sub('client|list')])}`);

  it('narrows the reference to our subcommands, in any order', () => {
    const ours = b(`*1\r\n${entry('client', [], [sub('client|list'), sub('client|id')])}`);
    expect(commandInfoOurSubcommands()(ours, ref)).toBeNull();
  });

  it('still sees a subcommand the reference lacks unless declared, and a differing one', () => {
    const extra = b(`*1\r\n${entry('client', [], [sub('client|id'), sub('client|setinfo')])}`);
    expect(commandInfoOurSubcommands()(extra, ref)).toMatch(/narrowed/);
    expect(commandInfoOurSubcommands(['client|setinfo'])(extra, ref)).toBeNull();
    const differs = b(`*1\r\n${entry('client', [], [entry('client|id', [`*2\r\n${FLAGS}`])])}`);
    expect(commandInfoOurSubcommands()(differs, ref)).toMatch(/narrowed/);
  });
});
