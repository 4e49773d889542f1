// Line-level helpers shared by every reader: the format sample and per-line iteration.
import { isAscii } from 'node:buffer';
import type { Block } from '../sources/blocks.js';

const SAMPLE_BYTES = 256 * 1024;

/**
 * Reads just enough blocks for format detection (the first `lines` non-empty lines) and returns
 * them with an iterable that replays those blocks before the rest — the input is read once.
 */
export async function takeSample(
  source: AsyncIterable<Block>,
  lines: number,
): Promise<{ sample: string[]; blocks: AsyncIterable<Block> }> {
  const it = source[Symbol.asyncIterator]();
  const taken: Block[] = [];
  const sample: string[] = [];
  let bytes = 0;
  let done = false;
  while (sample.length < lines && bytes < SAMPLE_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    bytes += next.value.buf.length;
    collectLines(next.value.buf, lines, sample);
  }
  return { sample, blocks: new Replay(taken, done ? undefined : it) };
}

/**
 * The taken blocks, then the rest of the source (not closed when the reader stops early). A plain
 * async iterator, not an async generator: resumed once per block of the input, an async generator
 * cost TurboFan ~10 ms of the core to compile (docs/performance.md).
 */
class Replay implements AsyncIterableIterator<Block> {
  private at = 0;

  constructor(private readonly taken: readonly Block[], private readonly rest: AsyncIterator<Block> | undefined) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Block>> {
    if (this.at < this.taken.length) return Promise.resolve({ value: this.taken[this.at++]!, done: false });
    return this.rest === undefined ? Promise.resolve({ value: undefined, done: true }) : this.rest.next();
  }
}

/** takeSample for an input read whole (sources/bytes.ts readSmallFile): one block, or none when empty. */
export function wholeInput(buf: Buffer, lines: number): { sample: string[]; blocks: Block[] } {
  const sample: string[] = [];
  collectLines(buf, lines, sample);
  return { sample, blocks: buf.length === 0 ? [] : [{ buf, truncated: false }] };
}

/** Adds non-empty lines of `buf` to `sample` until it holds `max` (decodes no more than that). */
function collectLines(buf: Buffer, max: number, sample: string[]): void {
  let s = 0;
  while (s < buf.length && sample.length < max) {
    const nl = buf.indexOf(10, s);
    let e = nl === -1 ? buf.length : nl;
    if (e > s && buf[e - 1] === 13) e--;
    let start = s;
    if (s === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start += 3;
    const text = buf.toString('utf8', start, Math.max(start, e));
    if (text.trim() !== '') sample.push(text);
    s = nl === -1 ? buf.length : nl + 1;
  }
}

/** Where the line of `buf` that starts at `start` ends: at its \n, or a \r before it, or the end of `buf`. */
export function lineEnd(buf: Buffer, start: number): number {
  let e = buf.indexOf(10, start);
  if (e === -1) e = buf.length;
  if (e > start && buf[e - 1] === 13) e--;
  return e;
}

/**
 * The line of `buf` that starts at `start` (and ends at `e`, when known), UTF-8 decoded, without its \n and a \r before it, and
 * without the UTF-8 BOM when it is the input's first line. For readers that decode only the lines
 * a filter picked (NeedleSet.forEachLine).
 */
export function lineAt(buf: Buffer, start: number, firstOfInput: boolean, end?: number): string {
  // lineEnd written out, and the line decoded by Node's Buffer method behind toString('utf8', …)
  // without the three calls of its dispatch (toString, getEncodingOps, the encoding's slice), as
  // envelopes/envelope.ts latin1Key does for latin1: this runs once per decoded line, and the
  // CLI's V8 flags keep calls from being inlined (issue 8).
  let e = end;
  if (e === undefined) {
    e = buf.indexOf(10, start);
    if (e === -1) e = buf.length;
    if (e > start && buf[e - 1] === 13) e--;
  }
  const from = firstOfInput && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf ? start + 3 : start;
  return from < e ? (buf as unknown as Utf8Slicing).utf8Slice(from, e) : '';
}

/** `utf8Slice(start, end)`: `buf[start, end)` UTF-8 decoded, for 0 <= start < end <= buf.length. */
interface Utf8Slicing {
  utf8Slice(start: number, end: number): string;
}

/**
 * Calls `onSpan(start, end, line)` for every line of `buf`: `end` excludes the \n and a \r
 * before it; `line` counts from 1. Returns the number of lines.
 */
export function forEachLineSpan(buf: Buffer, onSpan: (start: number, end: number, line: number) => void): number {
  let line = 0;
  let s = 0;
  while (s < buf.length) {
    const nl = buf.indexOf(10, s);
    const next = nl === -1 ? buf.length : nl + 1;
    let e = nl === -1 ? buf.length : nl;
    if (e > s && buf[e - 1] === 13) e--;
    onSpan(s, e, ++line);
    s = next;
  }
  return line;
}

/**
 * How many lines of `buf` decode to a non-empty string (iterateLines, forEachBlockLine): the
 * lines a scan that read every line would count as examined. A line of only \r is empty, and so
 * is the input's first line when it holds only a BOM.
 */
export function nonEmptyLines(buf: Buffer, firstOfInput: boolean): number {
  let n = 0;
  for (let s = 0; s < buf.length; ) {
    const nl = buf.indexOf(10, s);
    let e = nl === -1 ? buf.length : nl;
    if (e > s && buf[e - 1] === 13) e--;
    const from = firstOfInput && s === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : s;
    if (e > from) n++;
    if (nl === -1) break;
    s = nl + 1;
  }
  return n;
}

/**
 * Calls `onLine` for every line of a block (UTF-8 decoded, trailing \r removed, a BOM on line 1
 * removed) with its 1-based line number; returns the line count after the block.
 */
export function iterateLines(
  block: Block,
  linesBefore: number,
  onLine: (text: string, line: number) => void,
  onLong?: (line: number) => void,
): number {
  const buf = block.buf;
  if (block.truncated) onLong?.(linesBefore + 1);
  return linesBefore + forEachLineSpan(buf, (s, e, line) => {
    const start = linesBefore + line === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? s + 3 : s;
    onLine(buf.toString('utf8', start, Math.max(start, e)), linesBefore + line);
  });
}

/**
 * `iterateLines` for the scan's hot path: the block is decoded once and lines are cut from the
 * string, where a UTF-8 decode per line cost about a third of a scan of source files (many short
 * lines). Same contract: trailing \r and a BOM on line 1 removed, 1-based line numbers.
 */
export function forEachBlockLine(
  block: Block,
  linesBefore: number,
  onLine: (text: string, line: number, column: number) => void,
  onLong: (line: number) => void,
): number {
  // Pure ASCII decodes as latin1 with the same result, several times faster than UTF-8.
  const text = block.buf.toString(isAscii(block.buf) ? 'latin1' : 'utf8');
  let lineNo = linesBefore;
  if (block.truncated) onLong(lineNo + 1);
  let s = lineNo === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (s < text.length) {
    const nl = text.indexOf('\n', s);
    const next = nl === -1 ? text.length : nl + 1;
    let e = nl === -1 ? text.length : nl;
    if (e > s && text.charCodeAt(e - 1) === 13) e--;
    onLine(text.slice(s, e), ++lineNo, 0);
    s = next;
  }
  return lineNo;
}
