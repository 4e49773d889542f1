// `clawprint mask` as a pure byte transform (docs/product.md §5): every §1 form of the exposed token, every
// value the scan rules attribute to it (exposed-token: with --fingerprint that is the only way to
// see it) and every gateway-token-literal value becomes `[clawprint sha256:<12 hex>]`; every other byte —
// invalid UTF-8, `\r`, a last line without `\n` — passes through unchanged.
import { isUtf8 } from 'node:buffer';
import type { ScanDetector, ScanRun } from '../detectors/detector.js';
import type { TokenMatcher } from '../token.js';

/** A line longer than this is masked and written in pieces, so memory stays bounded. */
export const MAX_MASK_LINE = 1 << 20;
/** A piece is cut at a delimiter in its last part when there is one, so no value is split. */
const CUT_WINDOW = 64 * 1024;

interface Span {
  start: number;
  end: number;
  fingerprint: string;
  /** A run of the raw token's characters that is not a whole form (docs/product.md §9): marked so. */
  fragment?: boolean;
}

export class LineMasker {
  private readonly runs: ScanRun[];
  private line = 0;

  /** `detectors`: the scan rules whose findings' spans are masked (gateway-token-literal, exposed-token). */
  constructor(private readonly tokens: TokenMatcher, detectors: readonly ScanDetector[]) {
    this.runs = detectors.map((d) => d.create({ tokens, path: '-' }));
  }

  /**
   * Where to cut an over-long line so that no secret is split between two pieces (each piece is
   * masked on its own, and half a token matches no form): at a delimiter near the limit when there
   * is one; else before the run of value characters the limit falls in; else, inside a run longer
   * than any token form, before any form of a known token that crosses the limit.
   */
  cutFor(buf: Buffer, limit: number): number {
    let cut = safeCut(buf, limit);
    if (cut === limit) {
      for (let i = limit - 1; i >= Math.max(1, limit - MAX_FORM); i--) {
        if (VALUE_BYTE[buf[i]!] !== 1) {
          cut = i + 1;
          break;
        }
      }
    }
    // A token with other characters in it (`&`, `<`, a quote) can cross any of those cuts.
    const from = Math.max(0, cut - MAX_FORM);
    const window = buf.subarray(from, Math.min(buf.length, cut + MAX_FORM)).toString('latin1');
    const crossing = this.tokens.findInText(window).find((m) => from + m.index < cut && from + m.index + m.length > cut);
    return crossing === undefined || from + crossing.index === 0 ? cut : from + crossing.index;
  }

  /** `buf` is one line without its `\n`; returns it with every secret replaced (the same Buffer when none). */
  mask(buf: Buffer): Buffer {
    this.line++;
    if (isUtf8(buf)) return this.maskText(buf);
    // Secrets are text: mask each valid run, copy the invalid bytes between runs as they are.
    const parts: Buffer[] = [];
    let changed = false;
    for (const [start, end, valid] of utf8Runs(buf)) {
      const piece = buf.subarray(start, end);
      const out = valid ? this.maskText(piece) : piece;
      changed ||= out !== piece;
      parts.push(out);
    }
    return changed ? Buffer.concat(parts) : buf;
  }

  private maskText(buf: Buffer): Buffer {
    const text = buf.toString('utf8');
    const spans: Span[] = this.tokens.findInText(text).map((m) => ({ start: m.index, end: m.index + m.length, fingerprint: m.token.fingerprint }));
    // A piece of the raw token (`echo ${TOKEN:0:16}`) too; a whole raw token is also a run of its
    // characters, and the whole form wins the tie below.
    for (const m of this.tokens.findFragments(text)) spans.push({ start: m.index, end: m.index + m.length, fingerprint: m.token.fingerprint, fragment: true });
    // The rules see the line as a scan does, without the `\r` of a CRLF line ending (a YAML key
    // ends the line there); spans start at the same offsets, and the `\r` is copied through.
    const ruleText = text.endsWith('\r') ? text.slice(0, -1) : text;
    for (const run of this.runs) {
      for (const f of run.onLine({ text: ruleText, path: '-', line: this.line, column: 0, context: 'none' })) {
        if (f.secret === undefined || f.location.column === undefined) continue;
        const start = f.location.column - 1;
        spans.push({ start, end: start + f.secret.length, fingerprint: f.secret.fingerprint });
      }
    }
    if (spans.length === 0) return buf;
    spans.sort((a, b) => a.start - b.start || b.end - a.end || Number(a.fragment === true) - Number(b.fragment === true));
    let out = '';
    let at = 0;
    for (const s of spans) {
      if (s.start < at) continue; // overlaps a span already replaced
      out += `${text.slice(at, s.start)}[clawprint ${s.fingerprint}${s.fragment === true ? ' fragment' : ''}]`;
      at = s.end;
    }
    return Buffer.from(out + text.slice(at), 'utf8');
  }
}

/** Splits `buf` into alternating runs of valid UTF-8 and invalid bytes: [start, end, valid]. */
export function utf8Runs(buf: Buffer): Array<[number, number, boolean]> {
  const runs: Array<[number, number, boolean]> = [];
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) runs.push([runStart, i, true]);
    runs.push([i, i + 1, false]);
    i++;
    runStart = i;
  }
  if (runStart < buf.length) runs.push([runStart, buf.length, true]);
  return runs;
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = buf[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Masks a byte stream line by line. Each input chunk yields one output chunk holding every line
 * it completed, so a CI log shows lines as they arrive; a line still open waits for its `\n`.
 */
export async function* maskChunks(chunks: AsyncIterable<Buffer>, masker: LineMasker): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const out: Buffer[] = [];
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      out.push(masker.mask(data.subarray(start, nl)), NEWLINE);
      start = nl + 1;
    }
    carry = data.subarray(start);
    while (carry.length > MAX_MASK_LINE) {
      const cut = masker.cutFor(carry, MAX_MASK_LINE);
      out.push(masker.mask(carry.subarray(0, cut)));
      carry = carry.subarray(cut);
    }
    // A copy, so the carried tail does not pin the whole chunk it came from.
    carry = Buffer.from(carry);
    if (out.length > 0) yield Buffer.concat(out);
  }
  if (carry.length > 0) yield masker.mask(carry);
}

const NEWLINE = Buffer.from('\n');

/** Longer than any form of a token (a 48-character token percent-encoded byte by byte is 144). */
const MAX_FORM = 4096;
/** Bytes a token form can be made of: base64 and base64url, `%XX` escapes, JSON's `\/` and `\u0026`. */
const VALUE_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-%\\.~') VALUE_BYTE[c.charCodeAt(0)] = 1;
for (let b = 0x80; b < 0x100; b++) VALUE_BYTE[b] = 1;

/** Where to cut an over-long line: after the last space, tab, quote or CR near the limit, else at it. */
function safeCut(buf: Buffer, limit: number): number {
  for (let i = limit - 1; i >= limit - CUT_WINDOW; i--) {
    const c = buf[i];
    if (c === 0x20 || c === 0x09 || c === 0x22 || c === 0x27 || c === 0x0d) return i + 1;
  }
  return limit;
}
