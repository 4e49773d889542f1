// The scan's prefilter for unframed files (SPEC §10: search raw bytes before decoding lines). A
// line can only give a scan finding if it holds a context keyword (LINE_GATE_NEEDLES), a needle
// of the exposed token, or a run of token characters as long as the shortest token shape — one
// SIMD pass over the block finds those lines (needles.ts, teddy.wat). Only marked lines, and the
// line after each (a plist `<string>` under its `<key>`), are decoded and given to the rules.
import { LINE_GATE_NEEDLES } from '../detectors/candidates.js';
import { MIN_SHAPE_LENGTH } from '../detectors/token-shapes.js';
import type { Block } from '../sources/blocks.js';
import type { TokenMatcher } from '../token.js';
import { lineAt } from './lines.js';
import { NeedleSet } from './needles.js';

/**
 * One per scan run, shared by its files (start each file with `startFile`): its NeedleSet tunes
 * once, on the first block of real text, however many small files come before it.
 */
export class LineMarker {
  private readonly needles: NeedleSet;
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
    if (block.truncated) onLong(linesBefore + 1);
    /** Gives one line to the rules; returns where the next line starts. */
    const give = (start: number, line: number): number => {
      const text = lineAt(buf, start, linesBefore + line === 1);
      if (text !== '') onLine(text, linesBefore + line, 0);
      const nl = buf.indexOf(10, start);
      return nl === -1 ? buf.length : nl + 1;
    };
    // The line after a marked line, still to be given unless it is marked itself.
    let pending: { start: number; line: number } | undefined = this.follow ? { start: 0, line: 1 } : undefined;
    this.follow = false;
    const lines = this.needles.forEachLine(buf, { minRun: MIN_SHAPE_LENGTH }, (start, line) => {
      if (pending !== undefined && pending.line < line) give(pending.start, pending.line);
      pending = { start: give(start, line), line: line + 1 };
    });
    if (pending !== undefined) {
      if (pending.start < buf.length) give(pending.start, pending.line);
      else this.follow = true;
    }
    return linesBefore + lines;
  }
}
