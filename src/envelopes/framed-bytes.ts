// A byte test run before a file's sample is decoded for envelope detection (index.ts order):
// most files of a real tree (Markdown, text) frame nothing, and decoding 20 lines of each to
// learn so cost the scan of a documentation repository ~6%. Every detect() accepts a sample only
// when some line passes its line test (mostLines) or holds a marker; each of those tests implies
// the bytes below, so a sample where no line shows them is `none` without being decoded.

import { LOG_KEY_BYTES as DOCKER_HEAD } from './docker-json.js';
import { JOURNALD_ENTRY_KEYS } from './journald-json.js';
import { isDigit } from './rfc3339.js';
import { SHIPPER_MARKERS } from './shipper-json.js';

const ESC = 0x1b;
/** gitlab.ts: header-less traces carry the runner banner near the top. */
const GITLAB_BANNER = Buffer.from('Running with gitlab-runner ', 'latin1');
/** journald-json.ts isEntry: both keys somewhere in the object. */
const JOURNALD_KEYS = JOURNALD_ENTRY_KEYS.map((k) => Buffer.from(k, 'latin1'));
/** shipper-json.ts: a record holds one of its marks. */
const SHIPPER_KEYS = SHIPPER_MARKERS.map((k) => Buffer.from(k, 'latin1'));
/** shipper-json.ts FLUENT_HEAD: `: [` then the epoch, after an out_file tag. */
const FLUENT_TAG_END = Buffer.from(': [', 'latin1');
/**
 * FLUENT_HEAD's tag is 1–512 UTF-16 units other than whitespace, `[`, `{` and `"`: a unit is at
 * most 3 UTF-8 bytes (a 4-byte character is two units), so its `: [` lies within 1536 bytes.
 */
const FLUENT_TAG_MAX_BYTES = 512 * 3;
/** The epoch FLUENT_HEAD needs after `: [`: nine digits at least (epochAt). */
const EPOCH_DIGITS = 9;

/** `YYYY-` at `at`: the start of every time a framed line opens with (rfc3339.ts dateTimeAt). */
function yearAt(buf: Buffer, at: number): boolean {
  return isDigit(buf[at]) && isDigit(buf[at + 1]) && isDigit(buf[at + 2]) && isDigit(buf[at + 3]) && buf[at + 4] === 0x2d;
}

/** Nine digits at `at`: an epoch in seconds (shipper-json.ts FLUENT_HEAD), not a footnote `[1]`. */
function epochAt(buf: Buffer, at: number): boolean {
  for (let i = at; i < at + 9; i++) if (!isDigit(buf[i])) return false;
  return true;
}

/** An ASCII byte `\s` matches (space, \t, \n, \v, \f, \r), or `"`: no Fluent tag opens with one. */
function isTagStop(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x22;
}

function isNameStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A space then `|` in `buf[start, end)`: compose.ts PREFIX pads the service name before the bar. */
function hasPaddedBar(buf: Buffer, start: number, end: number): boolean {
  for (let bar = buf.indexOf(0x7c, start + 1); bar !== -1 && bar < end; bar = buf.indexOf(0x7c, bar + 1)) {
    if (buf[bar - 1] === 0x20) return true;
  }
  return false;
}

/**
 * False only when no envelope's line test can accept the raw line `buf[start, end)` (no \n):
 * docker-json opens with `{"log":"`, journald-json with `{` and holds both of its keys, shipper-json
 * with `{` and one of its marks, or `[` and an epoch (Fluent's array), or a tag, `: [` and an
 * epoch; cri, timestamped, github-actions and gitlab headers with a time (`YYYY-`, github-actions
 * also after a BOM); jenkins with `[YYYY-`; compose with an ASCII name character (and ` |` later),
 * or a colour code; a Fluent tag with any byte but whitespace or `"`. UTF-8 decoding keeps every ASCII byte
 * and makes no ASCII character of other bytes, so these tests read the bytes as the text.
 */
export function lineMayBeFramed(buf: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  const c = buf[start]!;
  if (c === ESC) return true;
  // A JSON object that is no record (a source map, a minified config) is one line of MBs: decoding
  // it for the sample cost the scan of node_modules ~10%.
  if (c === 0x7b) {
    const line = buf.subarray(start, end);
    return (
      (line.length >= DOCKER_HEAD.length && line.compare(DOCKER_HEAD, 0, DOCKER_HEAD.length, 0, DOCKER_HEAD.length) === 0) ||
      JOURNALD_KEYS.every((k) => line.includes(k)) ||
      SHIPPER_KEYS.some((k) => line.includes(k))
    );
  }
  if (c === 0xef) return buf[start + 1] === 0xbb && buf[start + 2] === 0xbf && yearAt(buf, start + 3);
  if (c === 0x5b) return yearAt(buf, start + 1) || epochAt(buf, start + 1);
  if (isDigit(c) && yearAt(buf, start)) return true;
  if (isNameStart(c) && hasPaddedBar(buf, start, end)) return true;
  // A Fluent out_file tag may open with any character FLUENT_HEAD allows (`_`, `.`, non-ASCII):
  // only the bytes it never starts with are refused here. Searched in the tag's longest reach
  // (then `: [` and the epoch) only: indexOf on buf would read on past the line.
  if (isTagStop(c)) return false;
  const head = buf.subarray(start, Math.min(end, start + FLUENT_TAG_MAX_BYTES + FLUENT_TAG_END.length + EPOCH_DIGITS));
  const tagEnd = head.indexOf(FLUENT_TAG_END);
  return tagEnd !== -1 && epochAt(head, tagEnd + FLUENT_TAG_END.length);
}

/** Not space, tab, \v, \f or \r: a line holding one is never blank to String.prototype.trim. */
function isVisibleAscii(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/**
 * False only when the envelope sample of `buf` (lines.ts collectLines: its first `lines`
 * non-blank lines, the BOM at its start removed) cannot be framed, so detection would choose
 * `none`. Lines are counted only when surely non-blank (a visible ASCII byte): a line blank to
 * trim() is never counted, so every line the sample holds is tested here.
 */
export function sampleMayBeFramed(buf: Buffer, lines: number): boolean {
  let s = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let counted = 0;
  while (s < buf.length && counted < lines) {
    const nl = buf.indexOf(10, s);
    const e = nl === -1 ? buf.length : nl;
    if (lineMayBeFramed(buf, s, e)) return true;
    for (let i = s; i < e; i++) {
      if (isVisibleAscii(buf[i]!)) {
        counted++;
        break;
      }
    }
    s = e + 1;
  }
  // jenkins' console notes and gitlab's section markers open with ESC; gitlab's banner may sit anywhere.
  const head = buf.subarray(0, Math.min(s, buf.length));
  return head.includes(ESC) || head.includes(GITLAB_BANNER);
}
