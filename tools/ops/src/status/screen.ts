/**
 * How successive frames reach stdout. On a terminal a frame overwrites the previous one: the
 * cursor goes home, every line clears what is left of the old line after it, and the rest of the
 * old frame is cleared below — never a full-screen clear, which blanks the screen between two
 * frames and flickers. Anywhere else (a pipe, a file) frames follow each other, a blank line apart,
 * and JSON frames are simply one per line.
 */

/** Cursor to the top-left corner. */
const CURSOR_HOME = '\x1b[H';
/** Clear from the cursor to the end of the line. */
const CLEAR_LINE_END = '\x1b[K';
/** Clear from the cursor to the end of the screen. */
const CLEAR_SCREEN_END = '\x1b[J';

export type FrameMode = 'tty' | 'stream' | 'json';

export class Screen {
  private framesWritten = 0;

  constructor(
    private readonly mode: FrameMode,
    private readonly write: (text: string) => void,
  ) {}

  /** Writes one frame (without a trailing newline) in this screen's mode. */
  show(frame: string): void {
    if (this.mode === 'tty') {
      this.write(CURSOR_HOME + frame.split('\n').join(CLEAR_LINE_END + '\n') + CLEAR_LINE_END + '\n' + CLEAR_SCREEN_END);
    } else if (this.mode === 'stream') {
      this.write((this.framesWritten > 0 ? '\n' : '') + frame + '\n');
    } else {
      this.write(frame + '\n');
    }
    this.framesWritten++;
  }
}
