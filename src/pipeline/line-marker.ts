// The scan's block-level prefilter (SPEC §10: search raw bytes before decoding lines). A line can
// only give a scan finding if it holds a context keyword (LINE_GATE_NEEDLES), a needle of the
// exposed token, or a run of token characters long enough to be a token — and every such run
// contains a 16-byte window of token characters (teddy.ts). Only marked lines, and the line after
// each (a plist `<string>` under its `<key>`), are decoded and given to the rules.
import { LINE_GATE_NEEDLES } from '../detectors/candidates.js';
import type { Block } from '../sources/blocks.js';
import type { TokenMatcher } from '../token.js';
import { NeedleSet } from './needles.js';
import { forEachTokenWindow } from './teddy.js';

/** Tuning costs about a millisecond; a scan of thousands of small files tunes once, on real text. */
const TUNE_MIN_BYTES = 16 * 1024;

/** One per scan run, shared by its files (start each file with `startFile`). */
export class LineMarker {
  private readonly needles: NeedleSet;
  private tuned = false;
  /** The previous line was marked: this one is given to the rules too. */
  private follow = false;

  constructor(tokens: TokenMatcher) {
    this.needles = new NeedleSet([...LINE_GATE_NEEDLES, ...tokens.needles()]);
  }

  startFile(): void {
    this.follow = false;
  }

  /** Like iterateLines, but calls `onLine` only for marked lines (and the line after each). */
  forEachMarkedLine(
    block: Block,
    linesBefore: number,
    onLine: (text: string, line: number, column: number) => void,
    onLong: (line: number) => void,
  ): number {
    const buf = block.buf;
    if (!this.tuned && buf.length >= TUNE_MIN_BYTES) {
      this.needles.tune(buf);
      this.tuned = true;
    }
    const marks = this.needles.lineStarts(buf);
    const windows: number[] = [];
    forEachTokenWindow(buf, (w) => windows.push(w));
    let lineNo = linesBefore;
    if (block.truncated) onLong(lineNo + 1);
    let mi = 0;
    let wi = 0;
    let s = 0;
    while (s < buf.length) {
      const nl = buf.indexOf(10, s);
      const next = nl === -1 ? buf.length : nl + 1;
      let e = nl === -1 ? buf.length : nl;
      lineNo++;
      while (mi < marks.length && marks[mi]! < s) mi++;
      while (wi < windows.length && windows[wi]! < s) wi++;
      // A window holds no \n, so one that starts inside this line lies inside it.
      const marked = (mi < marks.length && marks[mi] === s) || (wi < windows.length && windows[wi]! < e);
      if (marked || this.follow) {
        if (e > s && buf[e - 1] === 13) e--;
        const start = lineNo === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : s;
        if (e > start) onLine(buf.toString('utf8', start, e), lineNo, 0);
      }
      this.follow = marked;
      s = next;
    }
    return lineNo;
  }
}
