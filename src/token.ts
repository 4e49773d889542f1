// Token identity (docs/product.md §1). The raw token lives only inside a TokenMatcher; everything that leaves
// it is a fingerprint, a form name, or a position.
import { UsageError } from './errors.js';
import { sha256 } from './sha256.js';
import { fingerprintHex } from './token-forms.js';
import { FRAGMENT_CHARS, RawFragments } from './token-fragments.js';
import { redactHashedRuns } from './token-runs.js';
import { hexMatches, type KnownToken, knownFromSpec, richer, type TokenTrace, traceNeedles } from './known-token.js';

export type { TokenTrace } from './known-token.js';
export { FRAGMENT_CHARS } from './token-fragments.js';
export { fingerprintHex, fingerprintOf, type OneWayForms, oneWayForms, openclawMask } from './token-forms.js';

export interface TokenRef {
  /** `sha256:<12 hex>` — or the user's own prefix when only a shorter fingerprint was given. */
  fingerprint: string;
  /** What the user called this token: `exposed`, `old`, `new`. */
  label: string;
}

/** A token as the user handed it over: raw (from env/file/stdin) or as a fingerprint only. */
export type TokenSpec = { label: string; raw: string } | { label: string; fingerprint: string };

export interface TextMatch {
  index: number;
  length: number;
  /** Which §1 form matched: `raw`, `percent-encoded`, `base64`, `json-escaped`, `sha256`, `mask`, … */
  form: string;
  token: TokenRef;
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

/** Answers kept per memo: a log's few repeated values, not every value it holds (short strings compared). */
const MEMO_SIZE = 4;

function remember<T>(memo: T[], entry: T): void {
  if (memo.length >= MEMO_SIZE) memo.pop();
  memo.unshift(entry);
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

  /** Built on first use: only lines that carry no attributed token are searched for a trace. */
  private traces: Array<{ text: string; reversible: boolean; token: TokenRef }> | undefined;
  private tracesHeld: boolean | undefined;

  /**
   * The first trace of a known token in `text` (reversible forms first): a line no parser could
   * attribute still says the token was there (never a silent clean).
   */
  findTrace(text: string): TokenTrace | undefined {
    for (const t of this.traceList()) if (text.includes(t.text)) return { token: t.token, reversible: t.reversible };
    return undefined;
  }

  private traceList(): Array<{ text: string; reversible: boolean; token: TokenRef }> {
    this.traces ??= this.known
      .flatMap((k) => traceNeedles(k).map((n) => ({ ...n, token: k.ref })))
      .sort((a, b) => Number(b.reversible) - Number(a.reversible));
    return this.traces;
  }

  /**
   * True when every trace findTrace looks for contains one of `needles()`: then a line that holds
   * none of the needles holds no trace, and the audit skips the search on the lines the prefilter
   * reports for other needles only (a connect, a 401: docs/product.md §10).
   */
  tracesHoldNeedles(): boolean {
    // Once per matcher: the audit asks at every input.
    if (this.tracesHeld === undefined) {
      const needles = this.needles();
      this.tracesHeld = this.traceList().every((t) => needles.some((n) => t.text.includes(n)));
    }
    return this.tracesHeld;
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
      // Fingerprint fields are compared case-insensitively; a log that writes them in capitals
      // must not be skipped by the prefilter.
      if (/[a-f]/.test(k.hex.slice(0, 8))) out.add(k.hex.slice(0, 8).toUpperCase());
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
    // A log repeats a few fingerprint values on most of its lines (the leaked token's, the
    // current one's): the last answers are kept, keyed by the value (docs/product.md §10).
    const memo = this.fpMemo;
    for (let i = 0; i < memo.length; i++) if (memo[i]!.value === value) return memo[i]!.ref;
    const hex = fingerprintHex(value);
    const ref = hex === undefined ? undefined : this.known.find((k) => hexMatches(k.hex, hex))?.ref;
    remember(memo, { value, ref });
    return ref;
  }

  /** Recent matchFingerprintField and matchCredential answers (the known tokens never change). */
  private readonly fpMemo: Array<{ value: string; ref: TokenRef | undefined }> = [];
  private readonly credentialMemo: Array<{ value: string; ref: { token: TokenRef; viaMask: boolean } | undefined }> = [];

  /**
   * A raw credential value from a log line (bearer, `x-openclaw-token`, `token=`), possibly
   * percent-encoded, or an OpenClaw mask. Returns the token it is, and whether only a mask matched.
   */
  matchCredential(value: string): { token: TokenRef; viaMask: boolean } | undefined {
    // A leaked token used in query strings repeats line after line: one SHA-256 for the run.
    const memo = this.credentialMemo;
    for (let i = 0; i < memo.length; i++) if (memo[i]!.value === value) return memo[i]!.ref;
    const ref = this.matchCredentialValue(value);
    remember(memo, { value, ref });
    return ref;
  }

  private matchCredentialValue(value: string): { token: TokenRef; viaMask: boolean } | undefined {
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

  /**
   * Replaces every reversible §1 form of every known raw token in `text`: raw, base64, JSON-escaped,
   * and percent-encoded in any mix (a byte as `%XX`, a punctuation character after a backslash).
   * Used when a string enters a finding, a warning or an issue, and again on the rendered output.
   */
  redact(text: string): string {
    let out = text;
    for (const k of this.known) {
      const marker = `[clawprint ${k.ref.fingerprint}]`;
      for (const f of k.textForms) {
        if ((f.form === 'json-escaped' || f.form === 'base64') && out.includes(f.text)) out = out.split(f.text).join(marker);
      }
      if (k.escaped !== undefined) {
        // Each of the pattern's groups is one character as written, its `%XX` bytes or (for
        // punctuation) a backslash and the character: in a text with no `%` and no backslash only
        // the first can match, so the pattern finds exactly the raw token's occurrences, which
        // split finds too (leftmost, not overlapping). Irregexp compiles the pattern (~50 groups)
        // at its first two uses, ~3 ms of every audit, for names and fields that hold neither.
        if (k.plain === undefined || out.includes('%') || out.includes('\\')) {
          k.escaped.lastIndex = 0;
          out = out.replace(k.escaped, marker);
        } else if (out.includes(k.plain)) {
          out = out.split(k.plain).join(marker);
        }
      }
    }
    return out;
  }

  /**
   * Replaces each run of token characters that hashes to a token known only by its fingerprint
   * (token-runs.ts); a no-op with only raw tokens. `inside`: also at every offset of a longer run.
   */
  redactRuns(text: string, inside = false): string {
    const hashed = this.known.filter((k) => k.head === undefined);
    return hashed.length === 0 ? text : redactHashedRuns(text, hashed, inside);
  }

  /** Each raw token's fragments (token-fragments.ts), built on first use. */
  private fragmentIndex: Array<{ fragments: RawFragments; token: TokenRef }> | undefined;

  private fragmentTokens(): Array<{ fragments: RawFragments; token: TokenRef }> {
    this.fragmentIndex ??= this.known.flatMap((k) =>
      k.plain === undefined || k.plain.length < FRAGMENT_CHARS ? [] : [{ fragments: new RawFragments(k.plain, `[clawprint ${k.ref.fingerprint} fragment]`), token: k.ref }],
    );
    return this.fragmentIndex;
  }

  /**
   * Every fragment of a known raw token in `text` (a whole raw token is one too), left to right per
   * token: for `mask`, beside findInText's forms.
   */
  findFragments(text: string): TextMatch[] {
    const found: TextMatch[] = [];
    for (const f of this.fragmentTokens()) {
      const spans = f.fragments.spans(text);
      for (let s = 0; s < spans.length; s += 2) found.push({ index: spans[s]!, length: spans[s + 1]! - spans[s]!, form: 'fragment', token: f.token });
    }
    return found;
  }

  /**
   * Replaces every fragment of a known raw token that redact() left with `[clawprint <fingerprint>
   * fragment]`: for the strings a finding, a warning or an issue takes from an input, after redact().
   */
  redactFragments(text: string): string {
    let out = text;
    for (const f of this.fragmentTokens()) out = f.fragments.redact(out);
    return out;
  }

  /** Every place a §1 form of a known token appears in free text, left to right, not overlapping. */
  findInText(text: string): TextMatch[] {
    const found: TextMatch[] = [];
    const percent = text.includes('%');
    for (const k of this.known) {
      for (const f of k.textForms) {
        let i = text.indexOf(f.text);
        while (i !== -1) {
          found.push({ index: i, length: f.text.length, form: f.form, token: k.ref });
          i = text.indexOf(f.text, i + f.text.length);
        }
      }
      // Encoders differ in which bytes they escape (quote() keeps `/`, some escape every byte):
      // the pattern takes any mix. Only lines with a `%` can hold one.
      if (percent && k.encoded !== undefined) {
        k.encoded.lastIndex = 0;
        for (let m = k.encoded.exec(text); m !== null; m = k.encoded.exec(text)) {
          if (m[0].includes('%')) found.push({ index: m.index, length: m[0].length, form: 'percent-encoded', token: k.ref });
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
