// Findings are redacted at birth (STYLE.md 4), and so are warnings and issues (Redactor below).
// Given only the token's fingerprint, nothing can recognise the raw value, yet a log field copied
// into a finding (an agent name, a user agent, a request path, a reason) can hold it. So in every
// field that comes from log text, a value in a credential position (Bearer, x-openclaw-token,
// token=, Basic) and a token-shaped string (48/64 hex, 43+ base64url: the scan's shapes) become
// `[clawprint sha256:<fingerprint>]`, the marker `clawprint mask` writes: the fingerprint still
// tells a reader whether it was the exposed token. OpenClaw masks (`abcdef…wxyz`) are not secrets
// and stay, as do device ids (64 hex by design) in the `device` field.
import { findCredentials } from '../parsers/credentials.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import type { Input, InputIssue } from '../sources/input.js';
import { fingerprintOf, type TokenMatcher } from '../token.js';
import { isOpenclawMask } from './exclusions.js';
import type { Finding } from './finding.js';
import { findTokenShapes } from '../values/token-shapes.js';

interface Span {
  start: number;
  end: number;
  value: string;
}

function decoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not valid percent-encoding: the value as written
  }
}

/** `text` with every credential value and token-shaped string replaced by its marker. */
export function redactSecrets(text: string): string {
  const spans: Span[] = [];
  for (const c of findCredentials(text)) {
    const value = c.kind === 'basic' ? c.value : decoded(c.value);
    // A marker put there by an earlier pass (`Bearer [clawprint sha256:…]`) is not a value.
    if (!isOpenclawMask(value) && !text.startsWith('[clawprint ', c.index) && !text.startsWith('[clawprint ', c.index - 1)) spans.push({ start: c.index, end: c.index + c.length, value });
  }
  // `/` cuts paths into segments here: the scan does not take a run next to `/` for base64url (it
  // is more often a slice of standard base64), but `/hooks/<token>/run` is a token in a path.
  for (const s of findTokenShapes(text.replace(/\//g, ' ')) ?? []) spans.push({ start: s.index, end: s.index + s.written.length, value: s.value });
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // inside a span already replaced (a shape inside a Bearer value)
    out += `${text.slice(at, s.start)}[clawprint ${fingerprintOf(s.value)}]`;
    at = s.end;
  }
  return out + text.slice(at);
}

/** As many as the rows of a rule (MAX_SOURCE_ROWS): a state's strings are met again in its findings. */
const CACHED = 50_000;

/** Finding fields clawprint writes itself: ids, rule names, severities, fingerprints, its own marks. */
const KEPT = new Set(['id', 'rule', 'severity', 'token', 'fingerprint', 'baseline', 'preview']);
/** In a state file (`--emit-state`) also: digests of keys, and a Bloom filter's bits. */
const KEPT_IN_STATE = new Set([...KEPT, 'h', 'identityH', 'sourceH', 'sources', 'exact', 'bloom']);
/**
 * An address (`203.0.113.7`, `2001:db8::1`, `[::1]:443`): hex runs under 16 digits and no letter of a
 * credential keyword, so neither a token shape (32+), a run the fingerprint is looked for in (16+),
 * nor a `Bearer`/`token=` value fits; only the known token's own forms are looked for. A state of
 * 50,000 sources redacts each of them (audit-run.ts), and the long path took a second.
 */
const ADDRESS_LIKE = /^[:.[\]]*(?:[0-9A-Fa-f]{1,15}[:.[\]]+)*[0-9A-Fa-f]{0,15}$/;
/** Names, not text: only a known token is taken out of them (device ids are 64 hex by design). */
const NAMES = new Set(['device', 'context']);

function cached(cache: Map<string, string>, value: string, redact: (v: string) => string): string {
  let out = cache.get(value);
  if (out === undefined) {
    out = redact(value);
    if (cache.size >= CACHED) cache.clear();
    cache.set(value, out);
  }
  return out;
}

/**
 * The one gate every string from an input passes when it enters a finding, a warning or an issue
 * (before any escaping, wrapping or cutting, which could otherwise split a secret into pieces no
 * later pass recognises). Given a raw token, every reversible form of it is replaced, whatever
 * surrounds it (`bot.<token>`, `ua-x<token>-y`), also percent-encoded in any mix; given only a
 * fingerprint, a run of token characters that hashes to it is. Text from a log line also loses
 * credential values and token-shaped strings (redactSecrets), whichever token they are.
 */
export class Redactor {
  // Paths, agents and user agents repeat across findings and a fingerprint-only token is looked for
  // by hashing: each distinct string is redacted once (up to CACHED strings of each kind).
  private readonly texts = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly tokens: TokenMatcher) {}

  /** Text from a log line or a message built from one. */
  text(value: string): string {
    return cached(this.texts, value, (v) => {
      const t = this.tokens.redactFragments(this.tokens.redact(v));
      return ADDRESS_LIKE.test(v) ? t : redactSecrets(this.tokens.redactRuns(t, true));
    });
  }

  /**
   * A name: a path, a device id, a label. Only the known tokens are replaced: names are full of
   * digests and ids that look random (`/var/lib/docker/containers/<64 hex>/…`) and must stay.
   */
  name(value: string): string {
    // Without a token nothing is taken out of a name: no lookup per file path (a scan lists thousands).
    if (this.tokens.isEmpty) return value;
    return cached(this.names, value, (v) => this.tokens.redactRuns(this.tokens.redactFragments(this.tokens.redact(v)), true));
  }

  /** The second net over rendered output (a report, a baseline, a line for stderr). */
  output(value: string): string {
    return this.tokens.redactRuns(this.tokens.redact(value));
  }

  /** The input as shown to the user (its display path redacted; the path opened is untouched). */
  input<T extends Input>(input: T): T {
    const path = this.name(input.path);
    return path === input.path ? input : { ...input, path };
  }

  issue(i: InputIssue): InputIssue {
    return { ...i, path: this.name(i.path), message: this.text(i.message) };
  }

  /**
   * The finding with every string in it redacted, at any depth, so that a field added later (a list
   * of uses, a forwarded address) is covered without being named here: file paths and device ids
   * as names, everything else as log text. Only what clawprint itself wrote is kept as it is.
   * `asNames`: a scan finding, which copies no log text (its message names the rule's context,
   * `Authorization: Bearer header`, which the credential heuristics of log text would mangle).
   */
  finding(f: Finding, asNames = false): Finding {
    return this.walk(f, '', asNames, KEPT) as Finding;
  }

  /**
   * A rule's state for a state file (`--emit-state`), as a finding: every string from an input
   * redacted (file paths under `location` as names), digests and clawprint's own marks kept.
   */
  state<T>(state: T): T {
    return this.inPlace(state, '') as T;
  }

  /**
   * As walk, but in place, for a state just built for this purpose (AuditRun.state): a state holds
   * thousands of rows, and copying each object cost an audit of 1 GB a tenth of its time. Objects a
   * state shares with others (an event's location) may be redacted twice: redaction is idempotent.
   */
  private inPlace(value: unknown, key: string): unknown {
    if (typeof value === 'string') return KEPT_IN_STATE.has(key) ? value : NAMES.has(key) ? this.name(value) : this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      if (!KEPT_IN_STATE.has(key)) for (let i = 0; i < value.length; i++) value[i] = this.inPlace(value[i], key);
      return value;
    }
    const record = value as Record<string, unknown>;
    // A location's `path` is a file; any other `path` (a request's) is log text.
    const location = key === 'location' || key === 'lastLocation';
    for (const k in record) {
      const v = record[k];
      if (typeof v === 'number' || v === undefined) continue;
      record[k] = location && k === 'path' ? this.name(v as string) : this.inPlace(v, k);
    }
    return record;
  }

  private walk(value: unknown, key: string, asNames: boolean, kept: ReadonlySet<string>): unknown {
    if (typeof value === 'string') return kept.has(key) ? value : asNames || NAMES.has(key) ? this.name(value) : this.text(value);
    if (Array.isArray(value)) return value.map((v: unknown) => this.walk(v, key, asNames, kept));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    // A location's `path` is a file; any other `path` (a request's) is log text.
    const location = key === 'location' || key === 'lastLocation';
    for (const [k, v] of Object.entries(value)) out[k] = location && k === 'path' ? this.name(v as string) : this.walk(v, k, asNames, kept);
    return out;
  }

  /** A coverage row: its path and every issue on it. */
  coverage(c: InputCoverage): InputCoverage {
    // Nothing to redact (a row per file of a tree): the row itself, not a copy.
    if (c.issues.length === 0 && this.tokens.isEmpty) return c;
    return { ...c, path: this.name(c.path), issues: c.issues.map((i) => this.issue(i)) };
  }
}
