// Bare strings shaped like OpenClaw tokens (docs/formats.md "OpenClaw tokens and their look-alikes"):
// 48/64 lowercase hex from onboarding and `openssl rand -hex 32` (96/128 for longer secrets), and
// base64url of 32+ bytes (device tokens are 43 characters). Every line of every file passes
// through here, so the search skips ahead instead of looking at every character.
import { isRandomBase64Url, isRandomHex } from '../detectors/entropy.js';
import { describesDigest, isBase58Address, isExcludedContext, isExcludedForm, isGoogleFileId, LOOK_BEHIND } from '../detectors/exclusions.js';
import { latin1Key } from '../envelopes/envelope.js';
import { isWordIdentifier } from '../detectors/word-placeholders.js';
import { isInPublicUrl } from './public-urls.js';
import type { Candidate } from './types.js';

/** 32 bytes of base64url, the shortest shape reported. */
export const MIN_SHAPE_LENGTH = 43;
const HEX_LENGTHS = new Set([48, 64, 96, 128]);

const RUN = new Uint8Array(128); // [A-Za-z0-9_-]: the characters a token run is made of
const HEX = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') RUN[c.charCodeAt(0)] = 1;
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
/** A base64url/hex character: what tokens, and OpenClaw's masks of them, are made of. */
export const isTokenChar = (c: number): boolean => c < 128 && RUN[c] === 1;
/** RUN over every UTF-16 unit, for the hot loop below (no bounds test, no call). */
const RUN16 = new Uint8Array(65536);
RUN16.set(RUN);
/** RUN and HEX over every byte (an index past a table's end is slow to read). */
const RUN8 = RUN16.subarray(0, 256);
const HEX8 = new Uint8Array(256);
HEX8.set(HEX);

/*
 * A call that makes a digest (`.digest(`, Python's `hexdigest(`; `createHash` alone was left out,
 * as that needle halved the prefilter's speed on source code): hex printed a few lines below one (in documentation, `// Prints:`) is
 * its output. The needles are the scan's prefilter keywords too (candidates.ts), so the line
 * with the call is seen even where the lines between are skipped.
 */
export const HASH_CALL_NEEDLES: readonly string[] = ['digest('];
export const HASH_CALL_RE = /digest\(/;
/** SHA-256, -384 and -512 in hex: what a digest call prints (no common digest is 48 digits long). */
export const isDigestLength = (value: string): boolean => value.length === 64 || value.length === 96 || value.length === 128;

/**
 * `\n`, `\t`, `\r`, `\b`, `\f`, `\uXXXX` before a run: the escape's letters are not part of the
 * value. Also after two (or more) backslashes: `\\n` is a newline escaped twice (a JSON string
 * inside a JSON string, a log of an escaped payload), far more often than a backslash followed by
 * a value that starts with the letter.
 */
function escapeLength(text: string, start: number): number {
  if (start === 0 || text.charCodeAt(start - 1) !== 92) return 0;
  const c = text[start];
  if (c === 'n' || c === 't' || c === 'r' || c === 'b' || c === 'f') return 1;
  return c === 'u' && /^[0-9a-fA-F]{4}/.test(text.slice(start + 1, start + 5)) ? 5 : 0;
}

/*
 * One line of a multi-line base64 blob (an embedded image in a plist or a .graffle, a MIME part):
 * the whole line is the run, in the standard alphabet (no `-`/`_`), as long as a wrap width
 * encoders use. Lines holding `+` or `/` are already slices of a longer blob (isBase64UrlRun); the
 * ones without (one in ten for 76 characters) are caught here. OpenClaw's tokens are hex or 43
 * characters of base64url, neither of these lengths.
 */
const WRAP_WIDTHS = new Set([52, 60, 64, 72, 76]);

function isBlobLine(text: string, start: number, end: number): boolean {
  if (!WRAP_WIDTHS.has(end - start)) return false;
  // The same blob with its line breaks escaped (`<ds:X509Certificate>\\nMIIC…\\nbG…`): the run
  // sits between two `\n` escapes.
  if (text.charCodeAt(start - 1) === 110 && text.charCodeAt(start - 2) === 92 && ESCAPED_NEWLINE_AFTER.test(text.slice(end, end + 8))) return noUrlAlphabet(text, start, end);
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) return false;
  for (let i = end; i < text.length; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9 && text.charCodeAt(i) !== 13) return false;
  return noUrlAlphabet(text, start, end);
}

const ESCAPED_NEWLINE_AFTER = /^\\+n/;

function noUrlAlphabet(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 95) return false;
  return true;
}

/**
 * Token-shaped candidates on a line, or undefined (the common case, without allocating). A run of
 * at least MIN_SHAPE_LENGTH characters must cover one of the positions k·MIN_SHAPE_LENGTH - 1, so
 * only those are probed; a probe that lands in a run measures the whole run.
 */
export function findTokenShapes(text: string): Candidate[] | undefined {
  const n = text.length;
  let out: Candidate[] | undefined;
  let i = MIN_SHAPE_LENGTH - 1;
  while (i < n) {
    if (RUN16[text.charCodeAt(i)] !== 1) {
      i += MIN_SHAPE_LENGTH;
      continue;
    }
    let start = i;
    while (start > 0 && RUN16[text.charCodeAt(start - 1)] === 1) start--;
    let end = i + 1;
    while (end < n && RUN16[text.charCodeAt(end)] === 1) end++;
    if (end - start >= MIN_SHAPE_LENGTH) out = classifyRun(text, start, end, out);
    i = end + MIN_SHAPE_LENGTH;
  }
  return out;
}

/*
 * The longest run that can be a token: 128 hex digits is the longest shape reported, and a
 * base64url secret of 384 bytes is 512 characters. A longer run is an encoded body (a Next.js fetch
 * cache holds 24,432-character ones), whose entropy says nothing about a token inside it.
 */
const MAX_SHAPE_LENGTH = 512;

function classifyRun(text: string, start: number, end: number, out: Candidate[] | undefined): Candidate[] | undefined {
  // `"…\nsk-…"`: the run starts after the escape (else the value is one too long, and misses).
  start += escapeLength(text, start);
  if (end - start < MIN_SHAPE_LENGTH || end - start > MAX_SHAPE_LENGTH) return out;
  // `x.eyJ…` (a JWT), `a.b.c` host names, `<hash>.json`: a dotted compound, not a token.
  if (isDotted(text, start, end)) return out;
  if (hexCase(text, start, end) !== 0) {
    return HEX_LENGTHS.has(end - start) ? add(out, text, start, end, `${end - start}-digit hex string`, isRandomHex) : out;
  }
  // A hex segment of 16+ digits never occurs in random base64url (16^-16): the run is a name
  // with a hex id (`NODE_SEA_FUSE_<32 hex>`, `gw_<48 hex>`), and only its hex parts can be tokens.
  let from = start;
  let hexParts = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 45;
    if (c !== 45 && c !== 95) continue; // split on - and _
    hexParts ||= i - from >= 16 && hexCase(text, from, i) !== 0;
    from = i + 1;
  }
  if (!hexParts) {
    return isBase64UrlRun(text, start, end) && !isBlobLine(text, start, end) ? add(out, text, start, end, `${end - start}-character base64url string`, isRandomBase64Url) : out;
  }
  from = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 45;
    if (c !== 45 && c !== 95) continue;
    if (HEX_LENGTHS.has(i - from) && hexCase(text, from, i) !== 0) out = add(out, text, from, i, `${i - from}-digit hex string`, isRandomHex);
    from = i + 1;
  }
  return out;
}

/**
 * False only where findTokenShapes of the line `buf[start, end)`, UTF-8 decoded, finds nothing,
 * told from its bytes (the scan leaves such a line undecoded, ScanTriggers.runMatters): every run
 * of MIN_SHAPE_LENGTH token characters is a slice of standard base64 — `+` or `/` before it, `+`,
 * `/` or `=` after it (isBase64UrlRun) — with no segment of 16 hex digits between its `-` and `_`
 * (hex parts are read whatever bounds the run), and no backslash before it (an escape moves its
 * start) — or, with no `-` or `_` in it (every candidate of the run starts where it starts), the
 * text before it names a digest (describedAsDigest). A lockfile's `"integrity": "sha512-…"` is such
 * a line, and so is `image: …@sha256:<hex>` or `digest: sha256:<hex>`. Runs are ASCII, and so are
 * the bytes around them that count: they sit alike in the bytes and in the decoded text.
 */
export function mayHoldTokenShape(buf: Uint8Array, start: number, end: number): boolean {
  // someRun's loop with its test written in: a closure per line was a tenth of the YAML/JSON
  // tree's garbage (190,000 lockfile lines; docs/performance.md, the scan).
  for (let i = start + MIN_SHAPE_LENGTH - 1; i < end; ) {
    if (RUN8[buf[i]!] !== 1) {
      i += MIN_SHAPE_LENGTH;
      continue;
    }
    let s = i;
    while (s > start && RUN8[buf[s - 1]!] === 1) s--;
    let e = i + 1;
    while (e < end && RUN8[buf[e]!] === 1) e++;
    if (e - s >= MIN_SHAPE_LENGTH && !isBase64Slice(buf, s, e, start, end) && !describedAsDigest(buf, s, e, start)) return true;
    i = e + MIN_SHAPE_LENGTH;
  }
  return false;
}

/** The bytes that may end the text before a value isExcludedContext calls a digest (describesDigest): `:=@,/`, quotes, spaces. */
const DIGEST_TAIL = new Uint8Array(256);
for (const c of ':=@,/"\' \t\v\f\r') DIGEST_TAIL[c.charCodeAt(0)] = 1;

/**
 * The run `buf[s, e)` holds no `-` or `_`, so every candidate classifyRun takes from it starts at
 * `s` (no escape: its byte before is no backslash), and the LOOK_BEHIND bytes before it (from the
 * line's start `start`) are ASCII, so they are the characters isExcludedContext reads before a
 * candidate there: when they name a digest, findTokenShapes takes nothing from the run.
 */
function describedAsDigest(buf: Uint8Array, s: number, e: number, start: number): boolean {
  if (s === start || DIGEST_TAIL[buf[s - 1]!] !== 1) return false;
  for (let i = s; i < e; i++) if (buf[i] === 45 || buf[i] === 95) return false;
  const from = Math.max(start, s - LOOK_BEHIND);
  for (let i = from; i < s; i++) if (buf[i]! >= 128) return false;
  // ASCII, so latin1 reads the characters; a Buffer (the scan's blocks) without a view per call.
  return describesDigest(buf instanceof Buffer ? latin1Key(buf, from, s) : String.fromCharCode.apply(null, buf.subarray(from, s) as unknown as number[]));
}

function isBase64Slice(buf: Uint8Array, s: number, e: number, start: number, end: number): boolean {
  const before = s > start ? buf[s - 1]! : 32;
  const after = e < end ? buf[e]! : 32;
  if (before === 92 || !(before === 43 || before === 47 || after === 43 || after === 47 || after === 61)) return false;
  // 16 hex digits in a row cover one of the positions s + 16k + 15: only those are probed.
  for (let i = s + 15; i < e; ) {
    if (HEX8[buf[i]!] !== 1) {
      i += 16;
      continue;
    }
    let from = i;
    while (from > s && HEX8[buf[from - 1]!] === 1) from--;
    let to = i + 1;
    while (to < e && HEX8[buf[to]!] === 1) to++;
    if (to - from >= 16) return false;
    i = to + 16;
  }
  return true;
}

/**
 * 1 = lowercase hex, 2 = uppercase hex, 0 = not hex, mixed case, or digits only (a long number:
 * 48 random hex digits without a letter happen once in 10^10).
 */
function hexCase(text: string, start: number, end: number): number {
  let lower = false;
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || HEX[c] !== 1) return 0;
    if (c >= 97) lower = true;
    else if (c >= 65) upper = true;
  }
  return lower === upper ? 0 : lower ? 1 : 2;
}

/**
 * Standard base64 (`+`, `/`, `=` padding) around the run means it is a slice of a longer base64
 * blob (a certificate, a data URI, an SRI hash), not a base64url token — also when percent-encoded
 * in a URL (`%2B`, `%2F`, `%3D`; the run then starts with the escape's two hex digits).
 */
function isBase64UrlRun(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  if (before === 43 || before === 47 || after === 43 || after === 47 || after === 61) return false;
  return !(before === 37 && ENCODED_BASE64.has(text.slice(start, start + 2).toUpperCase())) && !(after === 37 && ENCODED_BASE64.has(text.slice(end + 1, end + 3).toUpperCase()));
}
const ENCODED_BASE64 = new Set(['2B', '2F', '3D']);

function isDotted(text: string, start: number, end: number): boolean {
  return (start >= 2 && text.charCodeAt(start - 1) === 46 && isTokenChar(text.charCodeAt(start - 2))) || (text.charCodeAt(end) === 46 && isTokenChar(text.charCodeAt(end + 1)));
}

function add(out: Candidate[] | undefined, text: string, start: number, end: number, context: string, random: (s: string) => boolean): Candidate[] | undefined {
  const value = text.slice(start, end);
  // The context first: most long runs in logs are digests and ids that it names (`sha256:`,
  // `device=`). random() passed: the value's entropy is above isLowEntropy's
  // (HEX_MIN_ENTROPY, BASE64URL_MIN_ENTROPY), so isExcludedForm leaves that test out.
  if (isExcludedContext(text, start, end) || !random(value) || isExcludedForm(value) || isGoogleFileId(value) || isBase58Address(value) || isWordIdentifier(value) || isInPublicUrl(text, start, end)) return out;
  const candidate: Candidate = { index: start, written: value, value, context };
  if (out === undefined) return [candidate];
  out.push(candidate);
  return out;
}
