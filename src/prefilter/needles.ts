// Finds the lines of a block that contain any of a set of needles, without decoding the block.
// Each needle is searched by a 3-byte ANCHOR inside it, chosen on the file's first block as the
// trigram that occurs least there, so `token=` is found by `en=` in a log where every line has a
// `token_fp` key. With WebAssembly SIMD one pass finds every anchor (teddy.ts); without it, each
// anchor is a Buffer.indexOf pass. Both verify the whole needle around each hit.
import { ESCAPE_CLASS, type LineFilter, MAX_GROUP, type OnLine, RUN_CLASS, SELECTED, TEDDY_BUDGET, TeddyTables, teddyAvailable } from './teddy.js';
import { forEachLineSpan } from '../pipeline/lines.js';
import { someRun } from './runs.js';
import { sampleCounts, trigramAt } from './sample-counts.js';

export type { LineFilter, LineShape, OnLine } from './teddy.js';
export { SELECTED } from './teddy.js';

/**
 * A needle with the group bits (1..255) its lines are reported with, so that one pass can look for
 * needles that mean different things (LineMarker: a keyword, an ellipsis, a gateway key).
 */
export interface GroupedNeedle {
  needle: string;
  group: number;
}

interface Anchored {
  needle: Buffer;
  /** Offset of the anchor inside the needle. */
  k: number;
  anchor: Buffer;
  group: number;
}

/**
 * Tuning counts bytes and needle trigrams on this much of the first block: enough to rank the
 * trigrams (256 KiB gave the same audit speed), and a scan tunes a few needle sets, each loop
 * running before the code is optimised (64 KiB instead of 256 KiB: the bench scan 4% faster).
 */
const SAMPLE_BYTES = 64 * 1024;
const ANCHOR = 3;
/**
 * The set tunes itself once it has seen this much text: real text to count trigrams on. Until
 * then blocks are searched with Buffer.indexOf, which costs less than building the SIMD tables
 * for one small file (a pre-commit run). Small blocks count together (their bytes are kept as the
 * sample): a tree of small files never searched one pass per needle per file (docs/performance.md).
 */
const TUNE_MIN_BYTES = 16 * 1024;

export class NeedleSet {
  private readonly needles: Buffer[];
  private readonly groups: number[];
  private anchored: Anchored[];
  private teddy: TeddyTables | undefined;
  private tuned = false;
  /** The small blocks searched before tuning, up to SAMPLE_BYTES: the sample once TUNE_MIN_BYTES are in. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /**
   * Tuned on small blocks: the first long block tunes again. Small files differ from the bulk (a
   * tree's small YAML files before its source code): anchors tuned on the bench tree's YAML ran
   * the SIMD pass over its source code at half the speed (870 against 1,670 MB/s).
   */
  private provisional = false;
  /** Lines of the last forEachLine that held a needle of `filter.count` (those were not reported). */
  counted = 0;
  /**
   * Needles given as strings are in group SELECTED; one given twice is in both groups. `useTeddy`:
   * the SIMD pass where the kernel is available, unless false. The kernel is compiled when the set
   * first tunes (or `fallback` is read), not here: a pre-commit run of a few small files never
   * tunes, and compiling and instantiating the kernel cost it 3 ms or more and ~40-80 fresh pages
   * (docs/performance.md, Start-up).
   */
  constructor(
    needles: ReadonlyArray<string | GroupedNeedle>,
    private readonly useTeddy?: boolean,
  ) {
    const byText = new Map<string, number>();
    for (const n of needles) {
      const { needle, group } = typeof n === 'string' ? { needle: n, group: SELECTED } : n;
      if (!Number.isInteger(group) || group < 1 || group > MAX_GROUP) throw new RangeError(`needle group ${group} is not in 1..${MAX_GROUP}`);
      if (needle.length > 0) byText.set(needle, (byText.get(needle) ?? 0) | group);
    }
    this.needles = [...byText.keys()].map((n) => Buffer.from(n, 'utf8'));
    this.groups = [...byText.values()];
    this.anchored = this.needles.map((needle, i) => ({ needle, k: 0, anchor: needle, group: this.groups[i]! }));
  }

  /**
   * Why this set is searched with Buffer.indexOf, a pass per needle, instead of the SIMD pass: no
   * WebAssembly SIMD here, or more needles than the kernel holds (TEDDY_BUDGET). Undefined: SIMD.
   */
  get fallback(): string | undefined {
    return fallbackReason(this.needles, teddyAvailable());
  }

  /**
   * Chooses each needle's anchor as its trigram that occurs least in `sample` (the data's first
   * block) and builds the SIMD tables. Without a call, the set tunes itself (TUNE_MIN_BYTES).
   */
  tune(sample: Buffer): void {
    this.tuned = true;
    this.provisional = false;
    const hay = sample.subarray(0, SAMPLE_BYTES);
    const { bytes: counts, trigrams: seen } = sampleCounts(hay, this.needles);
    this.anchored = this.needles.map((needle, i) => {
      const group = this.groups[i]!;
      if (needle.length < ANCHOR) return { needle, k: 0, anchor: needle, group };
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let k = 0; k + ANCHOR <= needle.length; k++) {
        // Measured trigram count first; the product of byte counts breaks ties.
        const score = seen.get(trigramAt(needle, k))! * 1e12 + counts[needle[k]!]! * counts[needle[k + 1]!]! * counts[needle[k + 2]!]!;
        if (score < bestScore) {
          bestScore = score;
          best = k;
        }
      }
      return { needle, k: best, anchor: needle.subarray(best), group };
    });
    const total = counts.reduce((sum, c) => sum + c, 0);
    this.teddy =
      (this.useTeddy ?? teddyAvailable()) && TeddyTables.fits(this.anchored) ? new TeddyTables(this.anchored, hay, counts.map((c) => c / total)) : undefined;
  }

  /**
   * Calls `onLine(start, line, groups)` for each line of `buf` to decode — every line holding a needle,
   * and every line `filter` selects — with its 1-based line number in the block, once, ascending.
   * Returns the number of lines in `buf` (a last line without \n counts).
   */
  forEachLine(buf: Buffer, filter: LineFilter, onLine: OnLine): number {
    if (!this.tuned || (this.provisional && buf.length >= TUNE_MIN_BYTES)) this.gather(buf);
    if (this.teddy === undefined) return this.forEachLineByIndexOf(buf, filter, onLine);
    const lines = this.teddy.forEachLine(buf, filter, onLine);
    this.counted = this.teddy.counted;
    return lines;
  }

  /** The SIMD pass searches the next block (tuned, with tables that fit). */
  get simd(): boolean {
    return this.teddy !== undefined;
  }

  /**
   * Tunes on `buf` when it is long enough, else on the small blocks seen so far once they add up
   * to TUNE_MIN_BYTES (copied: a block's buffer is reused by the reader).
   */
  private gather(buf: Buffer): void {
    if (buf.length >= TUNE_MIN_BYTES) {
      this.pending = [];
      this.tune(buf);
      return;
    }
    if (this.pendingBytes < SAMPLE_BYTES) {
      const part = Buffer.from(buf.subarray(0, SAMPLE_BYTES - this.pendingBytes));
      this.pending.push(part);
      this.pendingBytes += part.length;
    }
    if (this.pendingBytes < TUNE_MIN_BYTES) return;
    const sample = Buffer.concat(this.pending);
    this.pending = [];
    this.tune(sample);
    this.provisional = true;
  }

  /** Without WebAssembly SIMD: each anchor is a Buffer.indexOf pass, then one walk over the lines. */
  private forEachLineByIndexOf(buf: Buffer, { shape, minRun, escapes, count = 0 }: LineFilter, onLine: OnLine): number {
    const hits: Array<[number, number]> = [];
    this.counted = 0;
    for (const { needle, k, anchor, group } of this.anchored) this.indexOfPass(buf, needle, k, anchor, group, hits);
    hits.sort((a, b) => a[0] - b[0]);
    let hi = 0;
    return forEachLineSpan(buf, (s, e, line) => {
      while (hi < hits.length && hits[hi]![0] < s) hi++;
      // A needle holds no \n: one that starts on this line, before its end, is inside it.
      let groups = 0;
      for (; hi < hits.length && hits[hi]![0] <= e; hi++) groups |= hits[hi]![1];
      const misshapen = shape !== undefined && e > s && (buf[s] !== shape.first || buf[e - 1] !== shape.last);
      if ((groups & count) !== 0) {
        this.counted++;
        groups &= ~count;
      }
      if (misshapen || (minRun !== undefined && someRun(buf, s, e, minRun, escapes === true ? ESCAPE_CLASS : RUN_CLASS))) groups |= SELECTED;
      if (groups !== 0) onLine(s, line, groups);
    });
  }

  /**
   * Which of `texts` (payload lines of a framed log) hold a needle or pass `filter`, as 1s in the
   * result: the texts are joined into one buffer and filtered in one pass.
   */
  selectTexts(texts: readonly string[], filter: LineFilter): Uint8Array {
    const selected = new Uint8Array(texts.length);
    if (texts.length === 0) return selected;
    const offsets = new Array<number>(texts.length);
    let offset = 0;
    texts.forEach((t, i) => {
      offsets[i] = offset;
      offset += Buffer.byteLength(t, 'utf8') + 1;
    });
    let i = 0;
    // A text holding a \n of its own spans several lines: each line start maps back to its text.
    this.forEachLine(Buffer.from(texts.join('\n'), 'utf8'), filter, (start) => {
      while (i + 1 < offsets.length && offsets[i + 1]! <= start) i++;
      selected[i] = 1;
    });
    return selected;
  }

  /** Pushes [start, group] for every hit of `needle` (found by its anchor at offset k); verified. */
  private indexOfPass(buf: Buffer, needle: Buffer, k: number, anchor: Buffer, group: number, hits: Array<[number, number]>): void {
    for (let pos = buf.indexOf(anchor); pos !== -1; pos = buf.indexOf(anchor, pos + 1)) {
      const begin = pos - k;
      if (begin >= 0 && (k === 0 || buf.compare(needle, 0, k, begin, pos) === 0)) hits.push([begin, group]);
    }
  }
}

/** Why `needles` cannot be searched in the SIMD pass, or undefined when they can. */
function fallbackReason(needles: readonly Buffer[], simd: boolean): string | undefined {
  if (needles.length === 0) return undefined;
  if (!simd) return `this Node has no WebAssembly SIMD: ${needles.length} needles are searched one pass each (Buffer.indexOf)`;
  if (TeddyTables.fits(needles.map((needle) => ({ needle })))) return undefined;
  const bytes = needles.reduce((n, b) => n + b.length, 0);
  const short = needles.some((b) => b.length < 3) ? ', some shorter than 3 bytes' : '';
  return (
    `${needles.length} needles of ${bytes} bytes${short} do not fit the SIMD prefilter ` +
    `(${TEDDY_BUDGET.needles} needles, ${TEDDY_BUDGET.bytes} bytes): they are searched one pass each (Buffer.indexOf), slower`
  );
}
