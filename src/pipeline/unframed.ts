// The fast path of readEvents (read-events.ts) for unframed inputs (envelope `none`): lines are
// found in the raw block and only lines that hit a needle, break the format's line shape, or come
// first are decoded (docs/product.md §10); the input's last time is read back from its end.
import { bytesRead } from '../parsers/gateway-bytes.js';
import type { ParseContext, ParsedLine, Parser } from '../parsers/parser.js';
import type { Block } from '../sources/blocks.js';
import type { TimeContext } from '../time.js';
import type { InputCoverage } from './coverage.js';
import { LineBytes } from './line-bytes.js';
import { iterateLines, lineAt } from './lines.js';
import type { LineFilter, NeedleSet } from '../prefilter/needles.js';

/** A line decoded for no needle (the input's first, a framed payload): every search runs. */
export const ANY_NEEDLE = 0xff;

/**
 * Handles one decoded line: its text, 1-based number, envelope time, the needle groups it hit, and
 * what the parser's parseBytes read from its bytes (else the handler parses the text). A line read
 * from its bytes comes without its text (undefined) and with `bytes`, which make it when asked.
 */
export type HandleLine = (text: string | undefined, line: number, envelopeTime: number | undefined, groups: number, parsed?: ParsedLine, bytes?: LineBytes) => void;

/** The fast path: decode only lines that hit a needle, break the line shape, or come first/last. */
export async function readUnframed(
  blocks: AsyncIterable<Block>,
  parser: Parser,
  needleSet: NeedleSet,
  cov: InputCoverage,
  handle: HandleLine,
  onLong: (line: number) => void,
  countBytes: (block: Block) => void,
  time: TimeContext,
): Promise<void> {
  const filter = lineFilterOf(parser);
  const everyLine = parser.needles.length === 0 && parser.id !== 'plain';
  let linesBefore = 0;
  let sawFirst = false;
  // The last two blocks bound the input's coverage at the end.
  let tail: Buffer[] = [];
  // Lines read from their bytes while most are (a log whose lines all nest objects or escape
  // strings takes the text path after its first BYTES_TRIAL tried: each would be scanned twice).
  let parseBytes = parser.parseBytes;
  let tried = 0;
  let leftToParse = 0;
  const ctx: ParseContext = { time };
  const lineBytes = new LineBytes();
  for await (const block of blocks) {
    countBytes(block);
    const buf = block.buf;
    tail = [...tail.slice(-1), buf];
    if (block.truncated) onLong(linesBefore + 1);
    if (parseBytes !== undefined) parser.parseBlock?.(buf);
    const examine = (start: number, line: number, groups: number): void => {
      const text = lineAt(buf, start, linesBefore + line === 1);
      if (text !== '') handle(text, linesBefore + line, undefined, groups);
    };
    let lines: number;
    if (everyLine) {
      lines = iterateLines(block, linesBefore, (text, line) => handle(text, line, undefined, ANY_NEEDLE)) - linesBefore;
    } else {
      // The input's first non-empty line is always decoded: coverage starts at its time. A header
      // the format reads as no request and no time (W3C's `#Version:`/`#Fields:`; CloudFront writes
      // no `#Date:`) does not start it: the lines after it are decoded until one is dated, is
      // unparsed or undated, or FIRST_LINES have been. They are merged into the filter's ascending
      // lines so each line is handled once, in order.
      let firsts = sawFirst ? [] : firstNonEmptyLines(buf, FIRST_LINES);
      if (firsts.length > 0) sawFirst = true;
      let stillHeader = (): boolean => true;
      const examineFirst = (upTo: number): void => {
        while (firsts.length > 0 && firsts[0]!.line <= upTo) {
          const f = firsts.shift()!;
          if (!stillHeader()) {
            firsts = [];
            return;
          }
          const { unparsed, undated = 0 } = cov;
          stillHeader = () => cov.first === undefined && cov.unparsed === unparsed && (cov.undated ?? 0) === undated;
          if (f.line < upTo) examine(f.start, f.line, ANY_NEEDLE);
        }
      };
      lines = needleSet.forEachLine(buf, filter, (start, line, groups) => {
        if (firsts.length > 0) examineFirst(line);
        // A line the parser reads from its bytes (gateway-jsonl: gateway-bytes.ts) is not decoded
        // first, nor after unless asked (line-bytes.ts); being ASCII, its text is its bytes as
        // latin1 (issue 8). The input's first line (a BOM) takes the usual path.
        if (parseBytes !== undefined && linesBefore + line !== 1) {
          const parsed = parseBytes(buf, start, ctx);
          tried++;
          if (parsed !== undefined) {
            // lineBytes.set() written out: once per decoded line (issue 8).
            lineBytes.buf = buf;
            lineBytes.start = start;
            lineBytes.end = bytesRead.end;
            lineBytes.made = lineBytes.owner = undefined;
            handle(undefined, linesBefore + line, undefined, groups, parsed, lineBytes);
            // Handled: a kept event asks in vain from now on, even if no line is read from bytes
            // before the read buffer is reused (a long run of lines no needle picks).
            lineBytes.owner = undefined;
            return;
          }
          if (tried <= BYTES_TRIAL && ++leftToParse > BYTES_TRIAL / 4) parseBytes = undefined;
        }
        // examine() written out: once per decoded line, and the CLI does not inline calls (issue 8).
        const text = lineAt(buf, start, linesBefore + line === 1);
        if (text !== '') handle(text, linesBefore + line, undefined, groups);
      });
      examineFirst(Infinity);
    }
    linesBefore += lines;
  }
  lineBytes.close();
  cov.lines = linesBefore;
  const t = lastTimeIn(tail, parser, time);
  if (t !== undefined && (cov.last === undefined || t > cov.last)) cov.last = t;
  if (t !== undefined && (cov.first === undefined || t < cov.first)) cov.first = t;
}

/** Lines tried by the parser's parseBytes before it is given up on an input whose quarter of them it left to parse. */
const BYTES_TRIAL = 32;

/** Lines of another shape than the format's are decoded too: they are counted as unparsed. */
export function lineFilterOf(parser: Parser): LineFilter {
  const shape = parser.lineShape;
  return shape === undefined ? {} : { shape: { first: shape.first.charCodeAt(0), last: shape.last.charCodeAt(0) } };
}

/** Non-empty lines decoded at most at the input's start while they date nothing (a W3C header). */
const FIRST_LINES = 16;

/** The first `max` lines of `buf` that are not empty (after \r removal): offsets and 1-based numbers. */
function firstNonEmptyLines(buf: Buffer, max: number): Array<{ start: number; line: number }> {
  const found: Array<{ start: number; line: number }> = [];
  let s = 0;
  for (let line = 1; s < buf.length && found.length < max; line++) {
    const nl = buf.indexOf(10, s);
    const e = nl === -1 ? buf.length : nl;
    if (e - s > 1 || (e - s === 1 && buf[s] !== 13)) found.push({ start: s, line });
    s = e + 1;
  }
  return found;
}

const TAIL_LINES = 1000;

/**
 * The time of the last line that has one, looking back from the end through the last blocks: the
 * input covers up to there even when its last lines held nothing of interest, and a truncated
 * input (a gzip cut mid-line) still covers what was read before the cut.
 */
function lastTimeIn(tail: readonly Buffer[], parser: Parser, time: TimeContext): number | undefined {
  let tried = 0;
  for (let b = tail.length - 1; b >= 0 && tried < TAIL_LINES; b--) {
    const buf = tail[b]!;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 10) end--;
    while (end >= 0 && tried < TAIL_LINES) {
      const start = end === 0 ? 0 : buf.lastIndexOf(10, end - 1) + 1;
      let e = end;
      if (e > start && buf[e - 1] === 13) e--;
      if (e > start) {
        tried++;
        const t = parser.parse(buf.toString('utf8', start, e), { time })?.time;
        if (t !== undefined) return t;
      }
      if (start === 0) break;
      end = start - 1;
    }
  }
  return undefined;
}

