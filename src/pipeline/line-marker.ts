// The scan's prefilter (SPEC §10: search raw bytes before decoding lines). A line can only give a
// scan finding if it holds a context keyword (LINE_GATE_NEEDLES), a needle of the exposed token,
// a run of token characters as long as the shortest token shape, or an OpenClaw mask — one SIMD
// pass over the block finds the first three (needles.ts, teddy.wat), a second finds ellipses and
// keeps the lines where one has a mask's 6 + 4 token characters around it. Only marked lines, and
// the line after a plist `<key>` (its `<string>` comes next), are decoded and given to the rules.
import { LINE_GATE_NEEDLES } from '../detectors/candidates.js';
import { MIN_SHAPE_LENGTH } from '../detectors/token-shapes.js';
import type { Block } from '../sources/blocks.js';
import type { TokenMatcher } from '../token.js';
import { lineAt } from './lines.js';
import { NeedleSet } from './needles.js';
import { RUN_CLASS } from './teddy.js';

const ELLIPSES = ['…', '...'];

/**
 * Raw framing can sit between a keyword and what follows it: a colour code (logrus writes
 * `ESC[36mtoken ESC[0m=…`), Docker's JSON escape of one, or of a quote (`\"token\":`).
 */
const FRAMED_NEEDLES = ['oken\x1b', 'oken\\'];
/** Docker's encoder writes `…` as itself; another JSON writer may escape it. */
const FRAMED_ELLIPSES = ['\\u2026'];

/** A plist key line: its `<string>` may follow on the next line. */
const PLIST_KEY = Buffer.from('<key>');

/** A mask is 6 token characters, an ellipsis, 4 token characters (masked-token.ts). */
const MASK_HEAD = 6;
const MASK_TAIL = 4;

export interface LineMarkerOptions {
  /** Raw lines of a framed log: runs and keywords are read through colour codes and JSON escapes. */
  framed?: boolean;
}

/**
 * One per scan run and kind of input, shared by its files (start each file with `startFile`): its
 * NeedleSets tune once, on the first block of real text, however many small files come before it.
 */
export class LineMarker {
  private readonly needles: NeedleSet;
  private readonly ellipses: NeedleSet;
  private readonly ellipsisBytes: Buffer[];
  private readonly framed: boolean;
  /** The last line of the previous block was marked: this block's first line is given too. */
  private follow = false;

  constructor(tokens: TokenMatcher, options: LineMarkerOptions = {}) {
    this.framed = options.framed === true;
    const keywords = LINE_GATE_NEEDLES.filter((n) => !ELLIPSES.includes(n));
    this.needles = new NeedleSet([...keywords, ...(this.framed ? FRAMED_NEEDLES : []), ...tokens.needles()]);
    const ellipses = [...ELLIPSES, ...(this.framed ? FRAMED_ELLIPSES : [])];
    this.ellipses = new NeedleSet(ellipses);
    this.ellipsisBytes = ellipses.map((e) => Buffer.from(e, 'utf8'));
  }

  startFile(): void {
    this.follow = false;
  }

  /**
   * Calls `onLine(start, line)` for each marked line of `buf` and the line after a plist key, ascending,
   * with its 1-based line number in the block (a marked last line makes the next block's first line
   * follow). Returns the number of lines in `buf`.
   */
  forEachMarked(buf: Buffer, onLine: (start: number, line: number) => void): number {
    const starts: number[] = [];
    const numbers: number[] = [];
    const lines = this.needles.forEachLine(buf, { minRun: MIN_SHAPE_LENGTH, escapes: this.framed }, (start, line) => {
      starts.push(start);
      numbers.push(line);
    });
    const { maskStarts, maskNumbers } = this.maskLines(buf);
    // The line after the last marked line, still to be given unless it is marked itself.
    let pendingLine = this.follow ? 1 : 0;
    let pendingStart = 0;
    this.follow = false;
    const give = (start: number, line: number): void => {
      if (pendingLine !== 0 && pendingLine < line) onLine(pendingStart, pendingLine);
      onLine(start, line);
      let end = buf.indexOf(10, start);
      if (end === -1) end = buf.length;
      pendingLine = holds(buf, start, end, PLIST_KEY) ? line + 1 : 0;
      pendingStart = end + 1;
    };
    let m = 0;
    for (let i = 0; i < starts.length; i++) {
      while (m < maskStarts.length && maskNumbers[m]! < numbers[i]!) give(maskStarts[m]!, maskNumbers[m++]!);
      if (m < maskStarts.length && maskNumbers[m] === numbers[i]) m++;
      give(starts[i]!, numbers[i]!);
    }
    while (m < maskStarts.length) give(maskStarts[m]!, maskNumbers[m++]!);
    if (pendingLine !== 0) {
      if (pendingStart < buf.length) onLine(pendingStart, pendingLine);
      else this.follow = true;
    }
    return lines;
  }

  /** Like iterateLines, but calls `onLine` only for marked lines (and the line after a plist key). */
  forEachMarkedLine(
    block: Block,
    linesBefore: number,
    onLine: (text: string, line: number, column: number) => void,
    onLong: (line: number) => void,
  ): number {
    const buf = block.buf;
    if (block.truncated) onLong(linesBefore + 1);
    return (
      linesBefore +
      this.forEachMarked(buf, (start, line) => {
        const text = lineAt(buf, start, linesBefore + line === 1);
        if (text !== '') onLine(text, linesBefore + line, 0);
      })
    );
  }

  /**
   * The lines of `buf` holding a mask: the SIMD pass finds the lines with an ellipsis, then each
   * ellipsis is looked at where it is (Buffer.indexOf, forward only): an ellipsis between the start
   * of one such line and the next is on that line. A mask's characters never include \n, so its
   * shape is checked without finding the line's end.
   */
  private maskLines(buf: Buffer): { maskStarts: number[]; maskNumbers: number[] } {
    const starts: number[] = [];
    const numbers: number[] = [];
    this.ellipses.forEachLine(buf, {}, (start, line) => {
      starts.push(start);
      numbers.push(line);
    });
    const maskStarts: number[] = [];
    const maskNumbers: number[] = [];
    if (starts.length === 0) return { maskStarts, maskNumbers };
    const masked = new Uint8Array(starts.length);
    for (const e of this.ellipsisBytes) {
      let l = 0;
      for (let at = buf.indexOf(e, starts[0]); at !== -1; at = buf.indexOf(e, at + 1)) {
        while (l + 1 < starts.length && starts[l + 1]! <= at) l++;
        if (masked[l] === 0 && runBefore(buf, at) >= MASK_HEAD && runAfter(buf, at + e.length) >= MASK_TAIL) masked[l] = 1;
      }
    }
    for (let l = 0; l < starts.length; l++) {
      if (masked[l] === 0) continue;
      maskStarts.push(starts[l]!);
      maskNumbers.push(numbers[l]!);
    }
    return { maskStarts, maskNumbers };
  }
}

/** buf holds `needle` at `at` (a byte loop: short needles, where a native compare costs more than it saves). */
function startsWith(buf: Buffer, at: number, needle: Buffer): boolean {
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

/** buf[start, end) holds `needle`. */
function holds(buf: Buffer, start: number, end: number, needle: Buffer): boolean {
  for (let at = start; at + needle.length <= end; at++) if (startsWith(buf, at, needle)) return true;
  return false;
}

/** Token characters right before `at`, counted up to MASK_HEAD. */
function runBefore(buf: Buffer, at: number): number {
  let i = at;
  while (i > 0 && at - i < MASK_HEAD && RUN_CLASS[buf[i - 1]!] === 1) i--;
  return at - i;
}

/** Token characters from `at`, counted up to MASK_TAIL. */
function runAfter(buf: Buffer, at: number): number {
  let i = at;
  while (i < buf.length && i - at < MASK_TAIL && RUN_CLASS[buf[i]!] === 1) i++;
  return i - at;
}
