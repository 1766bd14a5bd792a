/*
 * Frames on stdout: overwritten in place on a terminal (cursor home, clear each line's end and
 * the rest of the screen — never a full clear), one after another elsewhere, one line each as JSON.
 */
import { Screen } from '../../src/status/screen';

function written(mode: 'tty' | 'stream' | 'json', frames: string[]): string {
  let out = '';
  const screen = new Screen(mode, (text) => (out += text));
  for (const f of frames) screen.show(f);
  return out;
}

describe('Screen', () => {
  it('overwrites the previous frame on a terminal', () => {
    expect(written('tty', ['a\n\nbb', 'c'])).toBe('\x1b[Ha\x1b[K\n\x1b[K\nbb\x1b[K\n\x1b[J' + '\x1b[Hc\x1b[K\n\x1b[J');
    expect(written('tty', ['a', 'b'])).not.toContain('\x1b[2J');
  });

  it('separates frames by a blank line on a pipe', () => {
    expect(written('stream', ['a\nb', 'c'])).toBe('a\nb\n\nc\n');
  });

  it('writes one JSON frame per line', () => {
    expect(written('json', ['{"a":1}', '{"a":2}'])).toBe('{"a":1}\n{"a":2}\n');
  });
});
