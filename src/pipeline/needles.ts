// Finds the lines of a block that contain any of a set of needles, without decoding the block.
// Each needle is searched by a 3-byte ANCHOR inside it, chosen on the file's first block as the
// trigram that occurs least there, so `token=` is found by `en=` in a log where every line has a
// `token_fp` key. With WebAssembly SIMD one pass finds every anchor (teddy.ts); without it, each
// anchor is a Buffer.indexOf pass. Both verify the whole needle around each hit.
import { TeddyTables, teddyAvailable } from './teddy.js';

interface Anchored {
  needle: Buffer;
  /** Offset of the anchor inside the needle. */
  k: number;
  anchor: Buffer;
}

const SAMPLE_BYTES = 256 * 1024;
const ANCHOR = 3;

const keyOf = (b: Buffer, at: number): number => (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;

export class NeedleSet {
  private readonly needles: Buffer[];
  private anchored: Anchored[] = [];
  private byKey = new Map<number, Anchored[]>();
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
    this.byKey = new Map();
    for (const a of this.anchored) {
      if (a.needle.length < ANCHOR) continue;
      const key = keyOf(a.anchor, 0);
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), a]);
    }
    const total = counts.reduce((sum, c) => sum + c, 0);
    this.teddy = this.useTeddy && this.byKey.size > 0 ? new TeddyTables([...this.byKey.keys()], counts.map((c) => c / total)) : undefined;
  }

  /** Sorted start offsets of the lines in `buf` that contain any needle (each line once). */
  lineStarts(buf: Buffer): number[] {
    const starts: number[] = [];
    let lineEnd = -1;
    const teddy = this.teddy;
    if (teddy !== undefined) {
      teddy.forEachCandidate(buf, (p) => {
        if (p < lineEnd) return;
        const list = this.byKey.get(keyOf(buf, p));
        if (list === undefined) return;
        for (const { needle, k } of list) {
          const begin = p - k;
          if (begin >= 0 && begin + needle.length <= buf.length && buf.compare(needle, 0, needle.length, begin, begin + needle.length) === 0) {
            starts.push(begin === 0 ? 0 : buf.lastIndexOf(10, begin - 1) + 1);
            const nl = buf.indexOf(10, p);
            lineEnd = nl === -1 ? buf.length : nl;
            return;
          }
        }
      });
    }
    const rest = teddy !== undefined ? this.anchored.filter((a) => a.needle.length < ANCHOR) : this.anchored;
    for (const { needle, k, anchor } of rest) this.indexOfPass(buf, needle, k, anchor, starts);
    if (rest.length > 0 && starts.length > 1) starts.sort((a, b) => a - b);
    return starts;
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

  private indexOfPass(buf: Buffer, needle: Buffer, k: number, anchor: Buffer, starts: number[]): void {
    let pos = buf.indexOf(anchor);
    while (pos !== -1) {
      const begin = pos - k;
      if (begin >= 0 && (k === 0 || buf.compare(needle, 0, k, begin, pos) === 0)) {
        starts.push(begin === 0 ? 0 : buf.lastIndexOf(10, begin - 1) + 1);
        const nl = buf.indexOf(10, pos + anchor.length);
        if (nl === -1) return;
        pos = buf.indexOf(anchor, nl + 1 + k);
      } else {
        pos = buf.indexOf(anchor, pos + 1);
      }
    }
  }
}
