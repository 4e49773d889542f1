// Raw credentials inside any log line (docs/product.md §3.3): bearer values, the x-openclaw-token header,
// `token=` in a query or fragment (percent-encoded or not), HTTP Basic passwords.

export type CredentialKind = 'bearer' | 'header' | 'query' | 'basic';

export interface Credential {
  kind: CredentialKind;
  /** The value as written (may be percent-encoded); compare it, never print it. */
  value: string;
  /** Offset of the value in the text. */
  index: number;
  /** Length of the value as written (for Basic, of the whole base64 `user:password`). */
  length: number;
}

/** Strings a line must contain to hold any credential this module finds (prefilter). */
export const CREDENTIAL_NEEDLES = ['Bearer', 'bearer', 'BEARER', 'token=', 'enclaw-token', 'enClaw-Token', 'ENCLAW-TOKEN', 'Basic '];

// \u2026 (…): a regular expression source, and the bundle is ASCII (scripts/bundle.mjs).
const VALUE = String.raw`[A-Za-z0-9._~+/=%\-\u2026]{6,}`;
const PATTERNS: Array<{ kind: CredentialKind; re: RegExp }> = [
  { kind: 'bearer', re: new RegExp(String.raw`\bBearer\s+(${VALUE})`, 'gi') },
  { kind: 'header', re: new RegExp(String.raw`x-openclaw-token["']?\s*[:=]\s*\[?\s*["']?(${VALUE})`, 'gi') },
  // A query string logged as a column of its own (W3C `cs-uri-query`, nginx JSON `args`) has no `?`.
  { kind: 'query', re: new RegExp(String.raw`(?:[?&#;\t "]|\\u0026)token=(${VALUE})`, 'g') },
  { kind: 'basic', re: /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})/g },
];

/**
 * A line holds a credential only if it holds one of these (as case-insensitive as the patterns
 * above): one pass rules out the lines an audit decodes for other reasons (a connect, a 401),
 * before the four pattern passes.
 */
const MAYBE = /bearer|basic|openclaw-token/i;

/** What a text without any credential marker gets: one empty array, not one per call (the audit asks on most decoded lines; issue 8). */
const NO_CREDENTIALS: readonly Credential[] = Object.freeze([]);

/** The query pattern's place in PATTERNS: the only one that can match a text MAYBE does not. */
const QUERY = PATTERNS.findIndex((p) => p.kind === 'query');

/** `kinds` limits the search to those kinds (each kind is one pass over the text). */
export function findCredentials(text: string, kinds?: ReadonlySet<CredentialKind>): readonly Credential[] {
  const query = text.includes('token=');
  // A bearer value, the header and Basic each need what MAYBE matches: a `token=` line without it
  // (a query token, or a log of them: the `leak-30` bench log has 75,000 without a fingerprint)
  // takes the query pattern's pass alone, not four (issue 8).
  const others = MAYBE.test(text);
  if (!query && !others) return NO_CREDENTIALS;
  const out: Credential[] = [];
  for (let p = others ? 0 : QUERY; p < (others ? PATTERNS.length : QUERY + 1); p++) {
    const { kind, re } = PATTERNS[p]!;
    if (kinds !== undefined && !kinds.has(kind)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      let value = m[1]!;
      const length = value.length;
      const index = m.index + m[0].length - length;
      if (kind === 'basic') {
        // HTTP Basic: base64("user:password"); the password is the credential.
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon === -1) continue;
        value = decoded.slice(colon + 1);
        if (value.length === 0) continue;
      }
      out.push({ kind, value, index, length });
    }
  }
  return out;
}
