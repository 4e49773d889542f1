// The scan's prefilter (docs/product.md §10: search raw bytes before decoding lines). A line can only give a
// scan finding if it holds a trigger of some rule (triggers.ts): a keyword, a needle of the exposed
// token, a run of token characters as long as the shortest a rule reads, or a mask. One SIMD pass
// over a block (needles.ts, teddy.wat) finds those lines, the lines with an ellipsis before a token
// character (kept where a mask's head and tail sit around one), whether the block holds a mapping
// key (it is then given whole: a `token:` counts under a `gateway:` key lines above it), and, for
// Docker, whether every record ends its line. Only marked lines, and the line after a next-line key
// (a plist `<key>`: its `<string>` comes next), are decoded and given to the rules.
import type { Block } from '../sources/blocks.js';
import type { TokenMatcher } from '../token.js';
import { lineAt, lineEnd } from '../pipeline/lines.js';
import { COMPLETE, ELLIPSIS, MAPPING_KEY, MARK, maskEllipses, NAMED, NEXT_LINE, planNeedles, RUN } from './needle-plan.js';
import { maskLines } from './ellipsis-masks.js';
import { type LineFilter, NeedleSet } from './needles.js';
import type { MergedTriggers } from './triggers.js';

export interface LineMarkerOptions {
  /** Raw lines of a framed log: runs and keywords are read through colour codes and JSON escapes. */
  framed?: boolean;
  /** Count the lines holding these bytes (Skippable.completeLine). */
  completeLine?: string;
}

/** What one pass found in a block. */
export interface BlockMarks {
  buf: Buffer;
  /** Lines in the block (a last one without \n counts). */
  lines: number;
  /** A line opens a mapping a rule follows (ScanTriggers.mappingKeys): the block, and the one after it, are given (or read as if) whole. */
  mappingKey: boolean;
  /**
   * Marked lines: start offsets, 1-based line numbers (ascending), and which hold a next-line key.
   * With LineMarkerOptions.completeLine, lines without it (a Docker record split at 16 KiB, or a
   * line that is not a record) are marked too, so that the decoder sees them.
   */
  starts: number[];
  numbers: number[];
  nextLineKeys: boolean[];
  /**
   * Marked lines that hold a token run and no other needle (ScanTriggers.runMatters), nor, in an
   * unframed file, a mapping key's bare name (NAMED).
   */
  runOnly: boolean[];
  /** Lines with an ellipsis, and whether each is marked already. */
  ellipsisStarts: number[];
  ellipsisNumbers: number[];
  ellipsisMarked: boolean[];
  /**
   * Unframed files: the mapping keys whose bare names were searched (the marker's, NAMED; empty
   * for a framed log), and the lines holding one, marked or not: start offsets, 1-based numbers.
   */
  namedKeys: readonly string[];
  namedStarts: number[];
  namedNumbers: number[];
}

/** Takes a line marked for its run alone (bytes `buf[start, end)`) that is not to be given. */
export type QuietRun = (buf: Buffer, start: number, end: number) => boolean;

/**
 * One per scan run and kind of input, shared by its files (start each file with `startFile`): its
 * NeedleSet tunes once, on the first block of real text, however many small files come before it.
 */
export class LineMarker {
  private readonly needles: NeedleSet;
  private readonly ellipsisBytes: Buffer[];
  private readonly framed: boolean;
  private readonly countComplete: boolean;
  /** The last line of the previous block held a next-line key: this block's first line is given too. */
  private follow = false;

  private readonly minRun: number | undefined;
  private readonly maskHead: number;
  private readonly maskTail: number;
  private readonly namedKeys: readonly string[];

  /** `triggers`: every scan rule's, merged (mergeTriggers); `tokens` gives the exposed token's needles. */
  constructor(triggers: MergedTriggers, tokens: TokenMatcher, options: LineMarkerOptions = {}) {
    this.framed = options.framed === true;
    this.countComplete = options.completeLine !== undefined;
    const plan = { framed: this.framed, completeLine: options.completeLine };
    this.needles = new NeedleSet(planNeedles(triggers, triggers.exposedToken ? tokens.needles() : [], plan));
    this.ellipsisBytes = maskEllipses(triggers, plan).map((e) => Buffer.from(e, 'utf8'));
    this.minRun = triggers.minRun;
    this.maskHead = triggers.mask?.head ?? 0;
    this.maskTail = triggers.mask?.tail ?? 0;
    this.namedKeys = this.framed ? [] : triggers.mappingKeys;
  }

  /** Why the SIMD pass is not used for this marker (NeedleSet.fallback), or undefined. */
  get fallback(): string | undefined {
    return this.needles.fallback;
  }

  startFile(): void {
    this.follow = false;
  }

  /**
   * One SIMD pass over `buf`. With completeLine, complete lines are only counted; when some line
   * is not complete (a 16 KiB partial record: rare), a second pass reports them all, to find it.
   */
  mark(buf: Buffer): BlockMarks {
    if (!this.countComplete) return this.markPass(buf, false);
    const marks = this.markPass(buf, true);
    return this.needles.counted === marks.lines ? marks : this.markPass(buf, false);
  }

  /** `countOnly`: lines with a record end are counted (NeedleSet.counted), not reported. */
  private markPass(buf: Buffer, countOnly: boolean): BlockMarks {
    // Each list is made with its first line (NONE until then): most blocks, a small file each,
    // mark no line, and made nine empty arrays per file.
    const marks: BlockMarks = {
      buf,
      lines: 0,
      mappingKey: false,
      starts: NONE,
      numbers: NONE,
      nextLineKeys: NONE,
      runOnly: NONE,
      ellipsisStarts: NONE,
      ellipsisNumbers: NONE,
      ellipsisMarked: NONE,
      namedKeys: this.namedKeys,
      namedStarts: NONE,
      namedNumbers: NONE,
    };
    const makeMarked = (): void => {
      marks.starts = [];
      marks.numbers = [];
      marks.nextLineKeys = [];
      marks.runOnly = [];
    };
    // With completeLine, every complete line is reported (its COMPLETE bit): a gap in the line
    // numbers is a run of incomplete lines, found from the end of the line reported before it.
    let expected = 1;
    let lastStart = -1;
    const markIncomplete = (upTo: number): void => {
      if (marks.starts === NONE) makeMarked();
      let s = lastStart === -1 ? 0 : buf.indexOf(10, lastStart) + 1;
      for (; expected <= upTo; expected++) {
        marks.starts.push(s);
        marks.numbers.push(expected);
        marks.nextLineKeys.push(false);
        marks.runOnly.push(false);
        s = buf.indexOf(10, s) + 1;
      }
    };
    const findIncomplete = this.countComplete && !countOnly;
    const filter: LineFilter = { escapes: this.framed, count: countOnly ? COMPLETE : 0 };
    if (this.minRun !== undefined) filter.minRun = this.minRun;
    marks.lines = this.needles.forEachLine(buf, filter, (start, line, groups) => {
      if (findIncomplete) {
        if (line > expected) markIncomplete(line - 1);
        expected = line + 1;
        lastStart = start;
        if ((groups & COMPLETE) === 0) groups |= MARK;
      }
      if ((groups & MAPPING_KEY) !== 0) marks.mappingKey = true;
      if ((groups & NAMED) !== 0) {
        if (marks.namedStarts === NONE) {
          marks.namedStarts = [];
          marks.namedNumbers = [];
        }
        marks.namedStarts.push(start);
        marks.namedNumbers.push(line);
      }
      if ((groups & MARK) !== 0) {
        if (marks.starts === NONE) makeMarked();
        marks.starts.push(start);
        marks.numbers.push(line);
        marks.nextLineKeys.push((groups & NEXT_LINE) !== 0);
        // A line holding a mapping key's bare name is not one marked for its run alone: the
        // structure trackers may start there (run-only-lines.ts leaves it to the rules).
        marks.runOnly.push(groups === RUN);
      }
      if ((groups & ELLIPSIS) !== 0) {
        if (marks.ellipsisStarts === NONE) {
          marks.ellipsisStarts = [];
          marks.ellipsisNumbers = [];
          marks.ellipsisMarked = [];
        }
        marks.ellipsisStarts.push(start);
        marks.ellipsisNumbers.push(line);
        marks.ellipsisMarked.push((groups & MARK) !== 0);
      }
    });
    if (findIncomplete && expected <= marks.lines) markIncomplete(marks.lines);
    return marks;
  }

  /**
   * Like iterateLines over the block `marks` came from, but calls `onLine` only for marked lines,
   * lines with a mask, and the line after a next-line key (one last in the block makes the
   * next block's first line follow) — and, after a line, every next line while `busy` says the
   * decoder waits for the rest of a split line. A line `skip` takes (its bytes `buf[start, end)`,
   * without \n and a \r before it, and its line number in the input) is not decoded: the caller
   * accounts for it. The input's first line is never offered (its BOM is cut when decoded). Nor
   * is a line marked for its run alone that `quietRun` takes (the caller accounts for it too).
   */
  forEachMarkedLine(
    block: Block,
    marks: BlockMarks,
    linesBefore: number,
    onLine: (text: string, line: number, column: number) => void,
    onLong: (line: number) => void,
    busy?: () => boolean,
    skip?: (buf: Buffer, start: number, end: number, line: number) => boolean,
    quietRun?: QuietRun,
  ): number {
    const buf = block.buf;
    if (block.truncated) onLong(linesBefore + 1);
    /** The last line given: lines are given once, in order. */
    let lastGiven = 0;
    const give = (start: number, line: number, runOnly = false): void => {
      for (let s = start, n = line; n > lastGiven; n++) {
        const quiet = runOnly && n === line ? quietRun : undefined;
        let e: number | undefined;
        if ((skip !== undefined || quiet !== undefined) && linesBefore + n > 1) {
          e = lineEnd(buf, s);
          if ((quiet !== undefined && quiet(buf, s, e)) || (skip !== undefined && skip(buf, s, e, linesBefore + n))) {
            lastGiven = n;
            return;
          }
        }
        const text = lineAt(buf, s, linesBefore + n === 1, e);
        if (text !== '') onLine(text, linesBefore + n, 0);
        lastGiven = n;
        if (busy === undefined || !busy()) return;
        const nl = buf.indexOf(10, s);
        if (nl === -1 || nl + 1 >= buf.length) return;
        s = nl + 1;
      }
    };
    const { starts, numbers, nextLineKeys, runOnly } = marks;
    const { maskStarts, maskNumbers } = maskLines(marks, this.ellipsisBytes, this.maskHead, this.maskTail);
    // The line after a next-line key, still to be given unless it is marked itself.
    let pendingLine = this.follow ? 1 : 0;
    let pendingStart = 0;
    this.follow = false;
    const giveMarked = (start: number, line: number, nextLineKey: boolean, alone = false): void => {
      if (pendingLine !== 0 && pendingLine < line) give(pendingStart, pendingLine);
      // The line after a next-line key is given whatever it holds.
      give(start, line, alone && pendingLine !== line);
      pendingLine = 0;
      if (!nextLineKey) return;
      const end = buf.indexOf(10, start);
      pendingLine = line + 1;
      pendingStart = end === -1 ? buf.length : end + 1;
    };
    let m = 0;
    for (let i = 0; i < starts.length; i++) {
      while (m < maskStarts.length && maskNumbers[m]! < numbers[i]!) giveMarked(maskStarts[m]!, maskNumbers[m++]!, false);
      giveMarked(starts[i]!, numbers[i]!, nextLineKeys[i]!, runOnly[i]!);
    }
    while (m < maskStarts.length) giveMarked(maskStarts[m]!, maskNumbers[m++]!, false);
    if (pendingLine !== 0) {
      if (pendingStart < buf.length) give(pendingStart, pendingLine);
      else this.follow = true;
    }
    return linesBefore + marks.lines;
  }
}

/** A block's empty list until a line is added (markPass): frozen, so that a push to it throws. */
const NONE = Object.freeze([]) as unknown as never[];
