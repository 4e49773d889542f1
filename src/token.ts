// Token identity (SPEC §1). The raw token lives only inside a TokenMatcher; everything that leaves
// it is a fingerprint, a form name, or a position.
import { createHash } from 'node:crypto';
import { UsageError } from './errors.js';
import { shownValue } from './shown-value.js';

export interface TokenRef {
  /** `sha256:<12 hex>` — or the user's own prefix when only a shorter fingerprint was given. */
  fingerprint: string;
  /** What the user called this token: `exposed`, `old`, `new`. */
  label: string;
}

/** A token as the user handed it over: raw (from env/file/stdin) or as a fingerprint only. */
export type TokenSpec = { label: string; raw: string } | { label: string; fingerprint: string };

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

export interface TextMatch {
  index: number;
  length: number;
  /** Which §1 form matched: `raw`, `percent-encoded`, `base64`, `json-escaped`, `sha256`, `mask`, … */
  form: string;
  token: TokenRef;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function fingerprintOf(raw: string): string {
  return `sha256:${sha256(raw).toString('hex').slice(0, 12)}`;
}

/** OpenClaw's mask: first 6, `…`, last 4 — only for values of 18+ characters (FORMATS.md). */
export function openclawMask(raw: string, ellipsis = '…'): string | undefined {
  return raw.length >= 18 ? `${raw.slice(0, 6)}${ellipsis}${raw.slice(-4)}` : undefined;
}

export function oneWayForms(raw: string): OneWayForms {
  const digest = sha256(raw);
  return {
    fingerprint: fingerprintOf(raw),
    sha256: digest.toString('hex'),
    sha256Base64: digest.toString('base64'),
    sha256Base64Url: digest.toString('base64url'),
    issuerGeneration: sha256(`token\u0000${raw}`).toString('base64url'),
    sha1: createHash('sha1').update(raw, 'utf8').digest('hex'),
    mask: openclawMask(raw) ?? '***',
  };
}

/**
 * Rough entropy in bytes from the character classes a token uses: hex digits carry 4 bits,
 * base64url 6, anything wider ~6.5. Repeated-character runs count once.
 */
export function estimateEntropyBytes(token: string): number {
  const distinct = new Set(token).size;
  if (distinct <= 2) return distinct / 8;
  const bits = /^[0-9a-fA-F]+$/.test(token) ? 4 : /^[A-Za-z0-9_-]+=*$/.test(token) ? 6 : 6.5;
  return (token.replace(/=+$/, '').length * bits) / 8;
}

export function validateRawToken(raw: string, where: string): string {
  if (raw.length === 0) throw new UsageError(`the token from ${where} is empty`);
  if (/\s/.test(raw)) throw new UsageError(`the token from ${where} contains whitespace`);
  return raw;
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

interface KnownToken {
  ref: TokenRef;
  /** Lowercase hex of SHA-256(token): all 64 digits from a raw token, a prefix from a fingerprint. */
  hex: string;
  /** Only when the raw token is known: its masks' first 6 and last 4 characters. */
  head?: string;
  tail?: string;
  /** Strings to look for in free text, each with its form name. */
  textForms: Array<{ text: string; form: string }>;
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

function knownFromSpec(spec: TokenSpec): KnownToken {
  if ('raw' in spec) {
    const raw = spec.raw;
    const forms = oneWayForms(raw);
    const textForms: Array<{ text: string; form: string }> = [{ text: raw, form: 'raw' }];
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
    return {
      ref: { fingerprint: forms.fingerprint, label: spec.label },
      hex: forms.sha256,
      head: raw.slice(0, 6),
      tail: raw.slice(-4),
      textForms: dedupe(textForms),
    };
  }
  const hex = fingerprintHex(spec.fingerprint);
  if (hex === undefined) {
    throw new UsageError(
      `--fingerprint takes sha256:<8-64 hex>, a bare hex prefix of 8-64 digits, or a base64 SHA-256 digest: ${shownValue(spec.fingerprint.slice(0, 80))}`,
    );
  }
  const fingerprint = `sha256:${hex.slice(0, 12)}`;
  // A fingerprint in free text is not a leak (it is one-way); only full digests are §1 forms.
  const textForms: Array<{ text: string; form: string }> = [];
  if (hex.length === 64) {
    const digest = Buffer.from(hex, 'hex');
    textForms.push(
      { text: hex, form: 'sha256' },
      { text: digest.toString('base64').replace(/=+$/, ''), form: 'sha256-base64' },
      { text: digest.toString('base64url'), form: 'sha256-base64' },
    );
  }
  return { ref: { fingerprint, label: spec.label }, hex, textForms: dedupe(textForms) };
}

function dedupe<T extends { text: string }>(forms: T[]): T[] {
  const seen = new Set<string>();
  return forms.filter((f) => (seen.has(f.text) ? false : (seen.add(f.text), true)));
}

/** Hex prefix comparison: equal over the shorter one, which must have at least 8 digits. */
function hexMatches(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= 8 && a.slice(0, n) === b.slice(0, n);
}

/** `a` can match more of the same token than `b`: raw beats fingerprint-only, then the longer digest. */
function richer(a: KnownToken, b: KnownToken): boolean {
  if ((a.head !== undefined) !== (b.head !== undefined)) return a.head !== undefined;
  return a.hex.length > b.hex.length;
}

const MASK_RE = /^([^\s…]{6})(?:…|\.\.\.)([^\s…]{4})$/;

export class TokenMatcher {
  private readonly known: KnownToken[];

  constructor(specs: readonly TokenSpec[]) {
    this.known = [];
    for (const spec of specs) {
      const k = knownFromSpec(spec);
      // The same token given twice (raw and as its fingerprint, or as a short and a long prefix) is
      // one token: one entry in the report's `tokens`, one name on its findings. Keep the form that
      // matches more (raw beats fingerprint-only, a longer digest beats a shorter prefix).
      const same = this.known.findIndex((o) => o.ref.label === k.ref.label && hexMatches(o.hex, k.hex));
      if (same === -1) this.known.push(k);
      else if (richer(k, this.known[same]!)) this.known[same] = k;
    }
  }

  get tokens(): TokenRef[] {
    return this.known.map((k) => k.ref);
  }

  get isEmpty(): boolean {
    return this.known.length === 0;
  }

  /** True when at least one token was given raw (masks and raw forms can only be matched then). */
  get hasRaw(): boolean {
    return this.known.some((k) => k.head !== undefined);
  }

  /**
   * Byte strings a line must contain to possibly carry one of these tokens in a form the audit
   * can attribute: the first 8 hex digits of the SHA-256 (any fingerprint field), the digest's
   * base64 prefix, and every raw and mask form. Needles that extend another needle are dropped.
   */
  needles(): string[] {
    const out = new Set<string>();
    for (const k of this.known) {
      out.add(k.hex.slice(0, 8));
      if (k.hex.length >= 12) {
        const b64 = Buffer.from(k.hex.slice(0, 12), 'hex').toString('base64');
        out.add(b64);
        out.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
      }
      for (const f of k.textForms) {
        if (f.form !== 'sha256' && f.form !== 'sha256-base64') out.add(f.text);
      }
    }
    const sorted = [...out].sort((a, b) => a.length - b.length);
    return sorted.filter((n, i) => !sorted.slice(0, i).some((m) => n.includes(m)));
  }

  /** A value from a fingerprint-bearing field (`token_fp`, `auth.fingerprint`, …) in any §1 form. */
  matchFingerprintField(value: string): TokenRef | undefined {
    const hex = fingerprintHex(value);
    if (hex === undefined) return undefined;
    return this.known.find((k) => hexMatches(k.hex, hex))?.ref;
  }

  /**
   * A raw credential value from a log line (bearer, `x-openclaw-token`, `token=`), possibly
   * percent-encoded, or an OpenClaw mask. Returns the token it is, and whether only a mask matched.
   */
  matchCredential(value: string): { token: TokenRef; viaMask: boolean } | undefined {
    let v = value;
    if (v.includes('%')) {
      try {
        v = decodeURIComponent(v);
      } catch {
        // not valid percent-encoding: compare the value as written
      }
    }
    const mask = MASK_RE.exec(v);
    if (mask) {
      const k = this.known.find((t) => t.head === mask[1] && t.tail === mask[2]);
      return k ? { token: k.ref, viaMask: true } : undefined;
    }
    const hex = sha256(v).toString('hex');
    const k = this.known.find((t) => hexMatches(t.hex, hex));
    return k ? { token: k.ref, viaMask: false } : undefined;
  }

  /** Replaces every §1 form of every known token in `text` (the last safety net before output). */
  redact(text: string): string {
    let out = text;
    for (const k of this.known) {
      for (const f of k.textForms) {
        if (f.form === 'raw' || f.form === 'percent-encoded' || f.form === 'json-escaped' || f.form === 'base64') {
          out = out.split(f.text).join(`[clawprint ${k.ref.fingerprint}]`);
        }
      }
    }
    return out;
  }

  /** Every place a §1 form of a known token appears in free text, left to right, not overlapping. */
  findInText(text: string): TextMatch[] {
    const found: TextMatch[] = [];
    for (const k of this.known) {
      for (const f of k.textForms) {
        let i = text.indexOf(f.text);
        while (i !== -1) {
          found.push({ index: i, length: f.text.length, form: f.form, token: k.ref });
          i = text.indexOf(f.text, i + f.text.length);
        }
      }
    }
    found.sort((a, b) => a.index - b.index || b.length - a.length);
    const out: TextMatch[] = [];
    let end = -1;
    for (const m of found) {
      if (m.index >= end) {
        out.push(m);
        end = m.index + m.length;
      }
    }
    return out;
  }
}
