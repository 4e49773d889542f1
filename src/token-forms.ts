// The forms of a token (docs/product.md §1): the one-way forms clawprint prints, and every form — reversible
// ones included — that it looks for in text. Only TokenMatcher (token.ts) holds the reversible ones.
// `hash` is read as a property of the lazily loaded module in the bundle, undefined before Node 20.12.
// SHA-256 comes from sha256.ts (WebAssembly), so an audit does not load node:crypto (issue 8).
import { createHash, hash } from 'node:crypto';
import { sha256 } from './sha256.js';

/** One-way forms of a raw token, safe to print (`clawprint fingerprint`). */
export interface OneWayForms {
  fingerprint: string;
  sha256: string;
  sha256Base64: string;
  sha256Base64Url: string;
  issuerGeneration: string;
  sha1: string;
  mask: string;
}

/** A form of a token to look for in free text, with its name (`raw`, `base64`, `sha256`, …). */
export interface TextForm {
  text: string;
  form: string;
}

/**
 * The hex digest of a string's UTF-8 bytes, one-shot: `crypto.hash` (Node 20.12+) makes no Hash
 * object, a fraction of createHash's cost for the short strings hashed per finding
 * (docs/performance.md, the scan); before 20.12, createHash. Asked at the first call, not at load:
 * node:crypto loads when first used (docs/performance.md, Start-up).
 */
export function hexDigest(algorithm: 'sha256' | 'sha1', text: string): string {
  if (algorithm === 'sha256') return sha256(text).toString('hex');
  return hexDigestBy(typeof hash === 'function' ? hash : undefined, algorithm, text);
}

/** hexDigest with the one-shot function given (undefined: Node before 20.12), so a test can take either way. */
export function hexDigestBy(oneShot: typeof hash | undefined, algorithm: 'sha256' | 'sha1', text: string): string {
  return oneShot !== undefined ? oneShot(algorithm, text, 'hex') : createHash(algorithm).update(text, 'utf8').digest('hex');
}


export function fingerprintOf(raw: string): string {
  return `sha256:${hexDigest('sha256', raw).slice(0, 12)}`;
}

/** OpenClaw's mask: first 6, `…`, last 4 — only for values of 18+ characters (docs/formats.md). */
export function openclawMask(raw: string, ellipsis = '…'): string | undefined {
  return raw.length >= 18 ? `${raw.slice(0, 6)}${ellipsis}${raw.slice(-4)}` : undefined;
}

export function oneWayForms(raw: string): OneWayForms {
  const { fingerprint, sha256: hex, sha256Base64, sha256Base64Url, issuerGeneration, mask } = digestForms(raw);
  return { fingerprint, sha256: hex, sha256Base64, sha256Base64Url, issuerGeneration, sha1: hexDigest('sha1', raw), mask };
}

/** The one-way forms but SHA-1 (`clawprint fingerprint` prints it; nothing looks for it), which needs node:crypto. */
export function digestForms(raw: string): Omit<OneWayForms, 'sha1'> {
  const digest = sha256(raw);
  const hex = digest.toString('hex');
  return {
    fingerprint: `sha256:${hex.slice(0, 12)}`,
    sha256: hex,
    sha256Base64: digest.toString('base64'),
    sha256Base64Url: digest.toString('base64url'),
    issuerGeneration: sha256(`token\u0000${raw}`).toString('base64url'),
    mask: openclawMask(raw) ?? '***',
  };
}

/**
 * Base64 of the token as it appears inside a longer base64 text at any byte alignment (e.g. in
 * `Basic base64(user:token)`): only the characters that depend on token bytes alone are kept.
 */
function base64Inner(raw: string): string[] {
  const bytes = Buffer.from(raw, 'utf8');
  const out: string[] = [];
  for (const pad of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const skip = [0, 2, 3][pad]!;
    const fullGroups = Math.floor((pad + bytes.length) / 3);
    out.push(b64.slice(skip, fullGroups * 4));
  }
  const whole = bytes.toString('base64');
  out.push(whole, whole.replace(/=+$/, ''));
  return out.filter((s) => s.length >= 16);
}

/*
 * The token inside a JSON string as common encoders write it: JSON.stringify (only `"`, `\` and
 * control characters escaped); PHP's json_encode, which also writes `/` as `\/`; Go's
 * encoding/json — and so Docker's json-file log driver — which writes `<`, `>`, `&` as
 * `\u003c`, `\u003e`, `\u0026`; and PHP with JSON_HEX_TAG/JSON_HEX_AMP, the same in capitals.
 * For a hex or base64url token all of them are the raw token (and deduplicated away).
 */
function jsonEscapedForms(raw: string): string[] {
  const plain = JSON.stringify(raw).slice(1, -1);
  const slashed = plain.replace(/\//g, '\\/');
  const goStyle = (s: string, hex: (c: string) => string): string => s.replace(/[<>&]/g, (c) => `\\u00${hex(c)}`);
  const lower = (c: string): string => c.charCodeAt(0).toString(16);
  const upper = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase();
  return [plain, slashed, goStyle(plain, lower), goStyle(slashed, lower), goStyle(slashed, upper)];
}

/** Every §1 form of a raw token that can appear in text, reversible ones included. */
export function rawTextForms(raw: string, forms: Omit<OneWayForms, 'sha1'>): TextForm[] {
  const textForms: TextForm[] = [{ text: raw, form: 'raw' }];
  const pct = encodeURIComponent(raw);
  if (pct !== raw) textForms.push({ text: pct, form: 'percent-encoded' }, { text: pct.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()), form: 'percent-encoded' });
  for (const json of jsonEscapedForms(raw)) if (json !== raw) textForms.push({ text: json, form: 'json-escaped' });
  for (const b of base64Inner(raw)) {
    textForms.push({ text: b, form: 'base64' });
    const url = b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    if (url !== b) textForms.push({ text: url, form: 'base64' });
  }
  textForms.push(
    { text: forms.sha256, form: 'sha256' },
    { text: forms.sha256Base64.replace(/=+$/, ''), form: 'sha256-base64' },
    { text: forms.sha256Base64Url, form: 'sha256-base64' },
    { text: forms.issuerGeneration, form: 'issuer-generation' },
  );
  const mask = openclawMask(raw);
  if (mask !== undefined) textForms.push({ text: mask, form: 'mask' }, { text: openclawMask(raw, '...')!, form: 'mask' });
  return textForms;
}

/**
 * The forms of a token known only by its fingerprint: a fingerprint in free text is not a leak (it
 * is one-way); only full digests are §1 forms.
 */
export function digestTextForms(hex: string): TextForm[] {
  if (hex.length !== 64) return [];
  const digest = Buffer.from(hex, 'hex');
  return [
    { text: hex, form: 'sha256' },
    { text: digest.toString('base64').replace(/=+$/, ''), form: 'sha256-base64' },
    { text: digest.toString('base64url'), form: 'sha256-base64' },
  ];
}

const HEX_RE = /^[0-9a-f]{8,64}$/;
const B64_DIGEST_RE = /^[A-Za-z0-9+/_-]{43}=?$/;

/** Normalises any fingerprint form to lowercase hex, or undefined when it is none. */
export function fingerprintHex(value: string): string | undefined {
  let v = value.trim();
  if (v.toLowerCase().startsWith('sha256:')) v = v.slice(7);
  const lower = v.toLowerCase();
  if (HEX_RE.test(lower)) return lower;
  if (B64_DIGEST_RE.test(v)) {
    const digest = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (digest.length === 32) return digest.toString('hex');
  }
  return undefined;
}

/** Characters a regular expression needs escaped: `\\^$.*+?()[]{}|/-`. */
const SPECIAL = new Set('\\^$.*+?()[]{}|/-');
/** `%XX` with the hex letters in either case (`%2[fF]`), by byte, made when first needed. */
const percentOf: string[] = [];

function percent(byte: number): string {
  let text = percentOf[byte];
  if (text === undefined) {
    text = '%';
    for (const d of byte.toString(16).padStart(2, '0')) text += d >= 'a' ? `[${d}${d.toUpperCase()}]` : d;
    percentOf[byte] = text;
  }
  return text;
}

/** ASCII punctuation, which a backslash may escape: 0x21-0x2f, 0x3a-0x40, 0x5b-0x60, 0x7b-0x7e. */
const isPunctuation = (code: number): boolean => (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);

/**
 * A pattern matching `raw` with any byte percent-encoded (and, with `backslashes`, any punctuation
 * escaped). Built once per token at every audit's start: character codes and a table of the `%XX`
 * forms instead of a Buffer, a map and two regular expressions per character (~1.2 ms for a
 * token's two patterns; the same source, test/token.test.ts; issue 8).
 */
export function encodedPattern(raw: string, backslashes: boolean): RegExp {
  let source = '';
  for (const c of raw) {
    const code = c.codePointAt(0)!;
    let pct = '';
    if (code < 0x80) pct = percent(code);
    else for (const b of Buffer.from(c, 'utf8')) pct += percent(b);
    const literal = SPECIAL.has(c) ? `\\${c}` : c;
    source += `(?:${backslashes && isPunctuation(code) ? `\\\\?${literal}` : literal}|${pct})`;
  }
  return new RegExp(source, 'g');
}

/** A run of text with its `%XX` escapes decoded, or as written when they are not valid UTF-8. */
export function decodeRun(run: string): string {
  if (!run.includes('%')) return run;
  try {
    return decodeURIComponent(run);
  } catch {
    return run; // not valid percent-encoding: the run as written
  }
}
