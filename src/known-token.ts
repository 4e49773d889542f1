// A token as the TokenMatcher holds it (docs/product.md §1): from a raw token, every text form and
// the encoded patterns; from a fingerprint, the digest's forms only. Nothing here leaves the
// matcher but fingerprints, form names and needles.
import { UsageError } from './errors.js';
import { shownValue } from './shown-value.js';
import { digestForms, digestTextForms, encodedPattern, fingerprintHex, rawTextForms, type TextForm } from './token-forms.js';
import type { TokenRef, TokenSpec } from './token.js';

export interface KnownToken {
  ref: TokenRef;
  /** Lowercase hex of SHA-256(token): all 64 digits from a raw token, a prefix from a fingerprint. */
  hex: string;
  /** Only when the raw token is known: its masks' first 6 and last 4 characters. */
  head?: string;
  tail?: string;
  /** Strings to look for in free text, each with its form name. */
  textForms: TextForm[];
  /**
   * Only when the raw token is known: the token with any of its bytes written as `%XX` (either
   * case) — encodeURIComponent, Python's quote() with or without `/` safe, every byte escaped, and
   * any mix; `escaped` also takes a backslash before each punctuation character (Markdown `\_`,
   * PHP's `\/`). Global regular expressions: reset lastIndex before each use.
   */
  encoded?: RegExp;
  escaped?: RegExp;
  /** Only when the raw token is known: what `escaped` matches in a text with no `%` and no backslash. */
  plain?: string;
}

export function knownFromSpec(spec: TokenSpec): KnownToken {
  if ('raw' in spec) {
    const raw = spec.raw;
    const forms = digestForms(raw);
    return {
      ref: { fingerprint: forms.fingerprint, label: spec.label },
      hex: forms.sha256,
      head: raw.slice(0, 6),
      tail: raw.slice(-4),
      textForms: dedupe(rawTextForms(raw, forms)),
      encoded: encodedPattern(raw, false),
      escaped: encodedPattern(raw, true),
      plain: raw,
    };
  }
  const hex = fingerprintHex(spec.fingerprint);
  if (hex === undefined) {
    throw new UsageError(
      `--fingerprint takes sha256:<8-64 hex>, a bare hex prefix of 8-64 digits, or a base64 SHA-256 digest: ${shownValue(spec.fingerprint.slice(0, 80))}`,
    );
  }
  const fingerprint = `sha256:${hex.slice(0, 12)}`;
  return { ref: { fingerprint, label: spec.label }, hex, textForms: dedupe(digestTextForms(hex)) };
}

function dedupe<T extends { text: string }>(forms: T[]): T[] {
  const seen = new Set<string>();
  return forms.filter((f) => (seen.has(f.text) ? false : (seen.add(f.text), true)));
}

/** Hex prefix comparison: equal over the shorter one, which must have at least 8 digits. */
export function hexMatches(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= 8 && a.slice(0, n) === b.slice(0, n);
}
/** `a` can match more of the same token than `b`: raw beats fingerprint-only, then the longer digest. */
export function richer(a: KnownToken, b: KnownToken): boolean {
  if ((a.head !== undefined) !== (b.head !== undefined)) return a.head !== undefined;
  return a.hex.length > b.hex.length;
}
/** A trace of a token in free text: which token, and whether the text holds a usable (reversible) form. */
export interface TokenTrace {
  token: TokenRef;
  /** The raw token in some encoding (raw, percent-encoded, JSON-escaped, base64): it was printed there. */
  reversible: boolean;
}

const REVERSIBLE_FORMS = new Set(['raw', 'percent-encoded', 'json-escaped', 'base64']);

/**
 * What counts as a trace: every §1 text form but the mask (a mask identifies 10 characters, it is
 * neither a use nor a leak), and the fingerprint itself — 12 hex digits (lower or upper case) or
 * the digest's base64 prefix; a shorter user prefix only after `sha256:`, as 8 hex digits occur
 * by chance in large logs.
 */
export function traceNeedles(k: KnownToken): Array<{ text: string; reversible: boolean }> {
  const out = k.textForms.filter((f) => f.form !== 'mask').map((f) => ({ text: f.text, reversible: REVERSIBLE_FORMS.has(f.form) }));
  if (k.hex.length >= 12) {
    const hex = k.hex.slice(0, 12);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    for (const text of new Set([hex, hex.toUpperCase(), b64, b64.replace(/\+/g, '-').replace(/\//g, '_')])) out.push({ text, reversible: false });
  } else {
    out.push({ text: `sha256:${k.hex}`, reversible: false });
  }
  return out;
}
