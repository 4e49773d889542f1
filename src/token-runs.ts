// Tokens known only by their fingerprint, found in names and log text by hashing runs of token
// characters (docs/product.md §1): TokenMatcher.redactRuns (token.ts).
import { sha256 } from './sha256.js';
import { decodeRun } from './token-forms.js';
import { hexMatches, type KnownToken } from './known-token.js';

/** Lengths of gateway tokens: 32/48/64 hex (16, 24, 32 bytes), 43/44 base64(url) of 32 bytes. */
const TOKEN_LENGTHS = [48, 64, 43, 44, 32];

/**
 * Replaces each run of token characters (base64 and base64url, percent-encoded or not) that
 * hashes to a token known only by its fingerprint: without the raw token this is the only way to
 * recognise it in a name (`<token>.txt`, `bot.<token>`). Runs of 16 or more characters; `hashed`: the tokens
 * known only by their fingerprint.
 * With `inside`, a longer run (`ua-x<token>-y`) is also tried at every offset for the lengths
 * gateway tokens have: for the short fields of a finding, not for a whole report.
 */
export function redactHashedRuns(text: string, hashed: readonly KnownToken[], inside: boolean): string {
  const match = (value: string): KnownToken | undefined => {
    const hex = sha256(value).toString('hex');
    return hashed.find((t) => hexMatches(t.hex, hex));
  };
  return text.replace(/[A-Za-z0-9_\-+/=%]{16,}/g, (run) => {
    const whole = match(decodeRun(run));
    if (whole !== undefined) return `[clawprint ${whole.ref.fingerprint}]`;
    if (!inside) return run;
    if (run.includes('%')) {
      // Path segments first (`logs/<token>.log`); a token with `/` in it is only whole in the run.
      if (run.includes('/')) {
        const segments = run.split('/').map((segment) => (segment.length >= 16 ? redactHashedRuns(segment, hashed, true) : segment));
        if (segments.some((segment) => segment.includes('[clawprint '))) return segments.join('/');
      }
      // Offsets in the decoded run are not offsets in the text: the whole run goes.
      const decoded = decodeRun(run);
      const marker = decoded === run ? null : /\[clawprint sha256:[0-9a-f]+\]/.exec(redactHashedRuns(decoded, hashed, true));
      return marker === null ? run : marker[0];
    }
    for (const length of TOKEN_LENGTHS) {
      for (let at = 0; at + length <= run.length && length < run.length; at++) {
        const k = match(run.slice(at, at + length));
        if (k !== undefined) return `${run.slice(0, at)}[clawprint ${k.ref.fingerprint}]${redactHashedRuns(run.slice(at + length), hashed, true)}`;
      }
    }
    return run;
  });
}
