// Shape checks for the timestamps envelopes put in front of each line. These only find where a
// time ends (charCode tests, no regex: they run on every line); `parseTimestamp` reads it.

/** An ASCII digit's code (undefined, past the end of a buffer, is none). */
export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** `YYYY-MM-DDTHH:MM:SS`: 0 where a digit goes, else the character's code. */
const DATE_TIME = Uint8Array.from('0000-00-00T00:00:00', (c) => (c === '0' ? 0 : c.charCodeAt(0)));

/** True when `YYYY-MM-DDTHH:MM:SS` starts at `start` (one loop, no call per character: every framed line). */
export function dateTimeAt(s: string, start: number): boolean {
  for (let k = 0; k < 19; k++) {
    const c = s.charCodeAt(start + k);
    const want = DATE_TIME[k]!;
    if (want === 0 ? !(c >= 0x30 && c <= 0x39) : c !== want) return false;
  }
  return true;
}

/** utcTimeEnd over bytes (a raw line before it is decoded): the same test, on the same table. */
export function utcTimeEndBytes(buf: Uint8Array, start: number, digits: number): number {
  for (let k = 0; k < 19; k++) {
    const c = buf[start + k];
    const want = DATE_TIME[k]!;
    if (c === undefined || (want === 0 ? !(c >= 0x30 && c <= 0x39) : c !== want)) return -1;
  }
  const dot = start + 19;
  if (buf[dot] !== 0x2e) return -1;
  for (let k = 1; k <= digits; k++) {
    const c = buf[dot + k];
    if (c === undefined || !(c >= 0x30 && c <= 0x39)) return -1;
  }
  const z = dot + digits + 1;
  return buf[z] === 0x5a ? z + 1 : -1;
}

/**
 * Index just past an RFC 3339 time at `start` — `YYYY-MM-DDTHH:MM:SS[.1–9 digits](Z|±hh:mm)` —
 * or -1. Docker trims trailing zeros (1–9 digits); CRI-O writes `+00:00` where containerd has `Z`.
 */
export function rfc3339End(s: string, start = 0): number {
  if (!dateTimeAt(s, start)) return -1;
  let i = start + 19;
  if (s.charCodeAt(i) === 0x2e) {
    let j = i + 1;
    while (isDigit(s.charCodeAt(j))) j++;
    if (j === i + 1 || j > i + 10) return -1;
    i = j;
  }
  const z = s.charCodeAt(i);
  if (z === 0x5a) return i + 1;
  if (
    (z === 0x2b || z === 0x2d) &&
    isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) && s.charCodeAt(i + 3) === 0x3a &&
    isDigit(s.charCodeAt(i + 4)) && isDigit(s.charCodeAt(i + 5))
  ) {
    return i + 6;
  }
  return -1;
}

/**
 * Index just past a UTC time with exactly `digits` fractional digits and `Z` at `start`, or -1.
 * The digit count tells the envelopes apart: `docker logs -t` 9, GitHub Actions 7, GitLab 6.
 */
export function utcTimeEnd(s: string, start: number, digits: number): number {
  if (!dateTimeAt(s, start)) return -1;
  const dot = start + 19;
  if (s.charCodeAt(dot) !== 0x2e) return -1;
  for (let k = 1; k <= digits; k++) {
    const c = s.charCodeAt(dot + k);
    if (!(c >= 0x30 && c <= 0x39)) return -1;
  }
  const z = dot + digits + 1;
  return s.charCodeAt(z) === 0x5a ? z + 1 : -1;
}
