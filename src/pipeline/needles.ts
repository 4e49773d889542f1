// Finds the lines of a block that contain any of a set of needles, without decoding the block.
// Each needle is searched by a 3-byte ANCHOR inside it, chosen on the file's first block as the
// trigram that occurs least there, so `token=` is found by `en=` in a log where every line has a
// `token_fp` key. With WebAssembly SIMD one pass finds every anchor (teddy.ts); without it, each
// anchor is a Buffer.indexOf pass. Both verify the whole needle around each hit.
import { type OnLine, TeddyTables, teddyAvailable } from './teddy.js';

interface Anchored {
  needle: Buffer;
  /** Offset of the anchor inside the needle. */
  k: number;
  anchor: Buffer;
}

/** Well-formed lines of a format start and end with these bytes (`{` and `}` for JSON lines). */
export interface LineShape {
  first: number;
  last: number;
}

const SAMPLE_BYTES = 256 * 1024;
const ANCHOR = 3;

export class NeedleSet {
  private readonly needles: Buffer[];
  private anchored: Anchored[] = [];
  private teddy: TeddyTables | undefined;

  constructor(needles: readonly string[], private readonly useTeddy = teddyAvailable()) {
    this.needles = [...new Set(needles)].filter((n) => n.length > 0).map((n) => Buffer.from(n, 'utf8'));
    this.tune(Buffer.alloc(0));
  }

  get size(): number {
    return this.needles.length;
  }

  /** Chooses each needle's anchor from what occurs least in `sample` (the first block). */
  tune(sample: Buffer): void {
    const hay = sample.subarray(0, SAMPLE_BYTES);
    const counts = new Float64Array(256).fill(1);
    for (let i = 0; i < hay.length; i++) counts[hay[i]!]!++;
    this.anchored = this.needles.map((needle) => {
      if (needle.length < ANCHOR) return { needle, k: 0, anchor: needle };
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let k = 0; k + ANCHOR <= needle.length; k++) {
        const tri = needle.subarray(k, k + ANCHOR);
        let seen = 0;
        for (let q = hay.indexOf(tri); q !== -1 && seen < 10_000; q = hay.indexOf(tri, q + 1)) seen++;
        // Measured trigram count first; the product of byte counts breaks ties.
        const score = seen * 1e12 + counts[tri[0]!]! * counts[tri[1]!]! * counts[tri[2]!]!;
        if (score < bestScore) {
          bestScore = score;
          best = k;
        }
      }
      return { needle, k: best, anchor: needle.subarray(best) };
    });
    const total = counts.reduce((sum, c) => sum + c, 0);
    this.teddy =
      this.useTeddy && TeddyTables.fits(this.anchored) ? new TeddyTables(this.anchored, counts.map((c) => c / total)) : undefined;
  }

  /** Sorted start offsets of the lines in `buf` that contain any needle (each line once). */
  lineStarts(buf: Buffer): number[] {
    const starts: number[] = [];
    this.forEachLine(buf, undefined, (start) => starts.push(start));
    return starts;
  }

  /**
   * Calls `onLine(start, line)` for each line of `buf` to decode — every line holding a needle,
   * and with `shape` every non-empty line of another shape — with its 1-based line number in the
   * block, once, ascending. Returns the number of newlines in `buf`.
   */
  forEachLine(buf: Buffer, shape: LineShape | undefined, onLine: OnLine): number {
    if (this.teddy !== undefined) return this.teddy.forEachLine(buf, shape, onLine);
    return this.forEachLineByIndexOf(buf, shape, onLine);
  }

  /** Without WebAssembly SIMD: each anchor is a Buffer.indexOf pass, then one walk over the lines. */
  private forEachLineByIndexOf(buf: Buffer, shape: LineShape | undefined, onLine: OnLine): number {
    const hits: number[] = [];
    for (const { needle, k, anchor } of this.anchored) this.indexOfPass(buf, needle, k, anchor, hits);
    hits.sort((a, b) => a - b);
    let hi = 0;
    let line = 0;
    let s = 0;
    while (s < buf.length) {
      const nl = buf.indexOf(10, s);
      const next = nl === -1 ? buf.length : nl + 1;
      let e = nl === -1 ? buf.length : nl;
      if (e > s && buf[e - 1] === 13) e--;
      line++;
      while (hi < hits.length && hits[hi]! < s) hi++;
      const hit = hi < hits.length && hits[hi]! < next;
      const misshapen = shape !== undefined && e > s && (buf[s] !== shape.first || buf[e - 1] !== shape.last);
      if (hit || misshapen) onLine(s, line);
      s = next;
    }
    return nl(buf, line);
  }

  /**
   * Which of `texts` contain any needle: the texts are joined into one buffer and searched in one
   * pass, instead of every needle tested against every text (framed logs decode line by line).
   */
  textsWithNeedles(texts: readonly string[]): Uint8Array {
    const hit = new Uint8Array(texts.length);
    if (texts.length === 0) return hit;
    const offsets = new Array<number>(texts.length);
    let offset = 0;
    texts.forEach((t, i) => {
      offsets[i] = offset;
      offset += Buffer.byteLength(t, 'utf8') + 1;
    });
    const joined = Buffer.from(texts.join('\n'), 'utf8');
    let i = 0;
    // A text holding a \n of its own spans several lines: each line start maps back to its text.
    for (const start of this.lineStarts(joined)) {
      while (i + 1 < offsets.length && offsets[i + 1]! <= start) i++;
      hit[i] = 1;
    }
    return hit;
  }

  /** Pushes the start of every hit of `needle` (found by its anchor at offset k); verified. */
  private indexOfPass(buf: Buffer, needle: Buffer, k: number, anchor: Buffer, hits: number[]): void {
    for (let pos = buf.indexOf(anchor); pos !== -1; pos = buf.indexOf(anchor, pos + 1)) {
      const begin = pos - k;
      if (begin >= 0 && (k === 0 || buf.compare(needle, 0, k, begin, pos) === 0)) hits.push(begin);
    }
  }
}

/** Newlines in `buf`, given that it has `lines` lines (the last one may lack its \n). */
function nl(buf: Buffer, lines: number): number {
  return buf.length > 0 && buf[buf.length - 1] !== 10 ? lines - 1 : lines;
}
