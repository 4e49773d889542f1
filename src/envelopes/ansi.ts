// Terminal escape sequences in CI and container output. Colour codes can sit right next to a
// token (`ESC[36;1m--token abc…ESC[0m`), so payloads are matched with them removed.

import { sourceAfterCuts, type TextStep } from './text-steps.js';

const ESC = '\x1b';

/** `text` without ANSI/VT escape sequences (CSI, OSC/APC/DCS strings, two-byte escapes). */
export function stripAnsi(text: string): string {
  let esc = text.indexOf(ESC);
  if (esc === -1) return text;
  let out = '';
  let from = 0;
  while (esc !== -1) {
    out += text.slice(from, esc);
    from = escapeEnd(text, esc);
    esc = text.indexOf(ESC, from);
  }
  return out + text.slice(from);
}

const nextEscape = (text: string, from: number): number => text.indexOf(ESC, from);

/** ANSI removal as a TextStep, for envelopes that report positions in the original line. */
export const ANSI_STEP: TextStep = {
  apply: stripAnsi,
  sourceOf: (text, index) => sourceAfterCuts(text, index, nextEscape, escapeEnd),
};

/** Index just past the escape sequence that starts at `i` (text[i] is ESC). */
function escapeEnd(text: string, i: number): number {
  const kind = text.charCodeAt(i + 1);
  if (kind === 0x5b) {
    // CSI `ESC [ params intermediates final`, e.g. ESC[0K, ESC[36;1m, ESC[0;m.
    let j = i + 2;
    while (inRange(text.charCodeAt(j), 0x30, 0x3f)) j++;
    while (inRange(text.charCodeAt(j), 0x20, 0x2f)) j++;
    return inRange(text.charCodeAt(j), 0x40, 0x7e) ? j + 1 : j;
  }
  if (kind === 0x5d || kind === 0x5f || kind === 0x50 || kind === 0x5e) {
    // OSC / APC / DCS / PM strings end at BEL or ESC \ — Buildkite's `ESC_bk;t=…BEL` is one.
    // Unterminated: drop only the introducer so no payload text disappears.
    for (let j = i + 2; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x07) return j + 1;
      if (c === 0x1b) return text.charCodeAt(j + 1) === 0x5c ? j + 2 : i + 2;
    }
    return i + 2;
  }
  // nF / Fp / Fe / Fs escapes: intermediates then one final byte (ESC ( B, ESC 7, ESC M).
  let j = i + 1;
  while (inRange(text.charCodeAt(j), 0x20, 0x2f)) j++;
  return inRange(text.charCodeAt(j), 0x30, 0x7e) ? j + 1 : j;
}

function inRange(c: number, lo: number, hi: number): boolean {
  return c >= lo && c <= hi;
}
