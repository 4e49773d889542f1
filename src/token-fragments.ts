// Fragments of a raw token: a run of FRAGMENT_CHARS or more of its characters, in its order, in a
// string from an input (a path or user agent holding its first 16, `echo ${TOKEN:0:16}` in a CI
// log). Redacted like the token itself (docs/product.md §9, redaction at entry) by TokenMatcher
// (token.ts), in findings, warnings, the evidence file and `mask`.

/**
 * The shortest run taken as a fragment. OpenClaw's own mask shows 6 and 4 characters
 * (`abcdef…wxyz`), kept: shorter than this. A random 8-character run equals one of a 48-character
 * token's 41 by chance about once in 10^8 strings; over-redacting then is the safe side.
 */
export const FRAGMENT_CHARS = 8;

/** A bit index (0–65535) for the four characters at `i` of `text`, or -1 when one is past latin1. */
function quadAt(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  const d = text.charCodeAt(i + 3);
  if ((a | b | c | d) > 255) return -1;
  return Math.imul((a << 24) | (b << 16) | (c << 8) | d, -1640531535) >>> 16;
}

/** One raw token's fragments: where each of its characters is, and the bits of its four-character runs. */
export class RawFragments {
  private readonly at = new Map<number, number[]>();
  /** Undefined when the token is not all latin1: every place is then tried. */
  private readonly quads: Uint8Array | undefined;

  /** `marker` replaces each fragment (redact). */
  constructor(
    private readonly raw: string,
    private readonly marker: string,
  ) {
    for (let j = 0; j < raw.length; j++) {
      const list = this.at.get(raw.charCodeAt(j));
      if (list === undefined) this.at.set(raw.charCodeAt(j), [j]);
      else list.push(j);
    }
    let bits: Uint8Array | undefined = new Uint8Array(8192);
    for (let j = 0; j + 4 <= raw.length && bits !== undefined; j++) {
      const q = quadAt(raw, j);
      if (q < 0) bits = undefined;
      else bits[q >>> 3]! |= 1 << (q & 7);
    }
    this.quads = bits;
  }

  /**
   * Where `text` holds a fragment (the whole token is one too): [start, end] pairs, the longest run
   * at each place, left to right, not overlapping.
   */
  spans(text: string): number[] {
    const spans: number[] = [];
    const { raw, at, quads } = this;
    for (let i = 0; i + FRAGMENT_CHARS <= text.length; ) {
      // A run starts with four characters that follow each other in the token: most places are
      // turned away by one bit (mask runs this on every line it copies).
      if (quads !== undefined) {
        const q = quadAt(text, i);
        if (q < 0 || (quads[q >>> 3]! & (1 << (q & 7))) === 0) {
          i++;
          continue;
        }
      }
      let longest = 0;
      for (const j of at.get(text.charCodeAt(i)) ?? []) {
        let n = 1;
        while (i + n < text.length && j + n < raw.length && text.charCodeAt(i + n) === raw.charCodeAt(j + n)) n++;
        if (n > longest) longest = n;
      }
      if (longest >= FRAGMENT_CHARS) {
        spans.push(i, i + longest);
        i += longest;
      } else i++;
    }
    return spans;
  }

  /** `text` with each fragment replaced by the marker. */
  redact(text: string): string {
    const spans = this.spans(text);
    if (spans.length === 0) return text;
    let out = '';
    let from = 0;
    for (let s = 0; s < spans.length; s += 2) {
      out += text.slice(from, spans[s]) + this.marker;
      from = spans[s + 1]!;
    }
    return out + text.slice(from);
  }
}
