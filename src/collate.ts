// localeCompare's order without loading ICU for the strings reports sort by: file paths and rule
// ids, nearly always printable ASCII. The first localeCompare call in a process loads ICU's
// collation data, 14–24 ms of CPU (measured here, one core) that every scan with findings paid
// sorting them (docs/performance.md, "2026-12-06, per call").
//
// localeCompare (no locale) is ICU's root collation. In it each printable ASCII character has a
// primary weight of its own, in PRIMARY_ORDER (a letter's two cases share one and differ at the
// third level); none is ignorable and none joins a neighbour, so two printable ASCII strings are
// ordered by the first position where their characters' primary weights differ, and, when one is
// a prefix of the other, the shorter comes first. A first difference in case alone, or any other
// character, is left to localeCompare. A test checks this order against localeCompare.

/** Printable ASCII in the root collation's primary order; a letter's two cases, lower first, share a weight. */
const PRIMARY_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Primary weight by char code (0x20–0x7e); -1 elsewhere. */
const WEIGHT = new Int8Array(128).fill(-1);
for (let i = 0; i < PRIMARY_ORDER.length; i++) WEIGHT[PRIMARY_ORDER.charCodeAt(i)] = i;
for (let i = 0; i < LETTERS.length; i++) {
  WEIGHT[LETTERS.charCodeAt(i)] = PRIMARY_ORDER.length + i;
  WEIGHT[LETTERS.toUpperCase().charCodeAt(i)] = PRIMARY_ORDER.length + i;
}

/** True when every character of `s` is printable ASCII. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** `a.localeCompare(b)`'s sign (-1, 0, 1), without ICU when both strings are printable ASCII and differ first in more than case. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (printableAscii(a) && printableAscii(b)) {
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length < b.length ? -1 : 1;
    const d = WEIGHT[a.charCodeAt(i)]! - WEIGHT[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.localeCompare(b);
}
