// The scan's prefilter for unframed files (SPEC §10: search raw bytes before decoding lines). A
// line can only give a scan finding if it holds a context keyword (LINE_GATE_NEEDLES), a needle
// of the exposed token, or a run of token characters as long as the shortest token shape — one
// SIMD pass over the block finds those lines (needles.ts, teddy.wat). Only marked lines, and the
// line after each (a plist `<string>` under its `<key>`), are decoded and given to the rules.
import { LINE_GATE_NEEDLES } from '../detectors/candidates.js';
import { MIN_SHAPE_LENGTH } from '../detectors/token-shapes.js';
import type { Block } from '../sources/blocks.js';
import type { TokenMatcher } from '../token.js';
import { NeedleSet } from './needles.js';

/** Tuning costs a few milliseconds; a scan of thousands of small files tunes once, on real text. */
const TUNE_MIN_BYTES = 16 * 1024;

/** One per scan run, shared by its files (start each file with `startFile`). */
export class LineMarker {
  private readonly needles: NeedleSet;
  private tuned = false;
  /** The last line of the previous block was marked: this block's first line is given too. */
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
    if (block.truncated) onLong(linesBefore + 1);
    /** Gives one line to the rules; returns where the next line starts. */
    const give = (start: number, line: number): number => {
      let e = buf.indexOf(10, start);
      const after = e === -1 ? buf.length : e + 1;
      if (e === -1) e = buf.length;
      if (e > start && buf[e - 1] === 13) e--;
      const from = linesBefore + line === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : start;
      if (e > from) onLine(buf.toString('utf8', from, e), linesBefore + line, 0);
      return after;
    };
    // The line after a marked line, still to be given unless it is marked itself.
    let pending: { start: number; line: number } | undefined = this.follow ? { start: 0, line: 1 } : undefined;
    this.follow = false;
    const newlines = this.needles.forEachLine(buf, { minRun: MIN_SHAPE_LENGTH }, (start, line) => {
      if (pending !== undefined && pending.line < line) give(pending.start, pending.line);
      pending = { start: give(start, line), line: line + 1 };
    });
    if (pending !== undefined) {
      if (pending.start < buf.length) give(pending.start, pending.line);
      else this.follow = true;
    }
    return linesBefore + (buf.length > 0 && buf[buf.length - 1] !== 10 ? newlines + 1 : newlines);
  }
}
