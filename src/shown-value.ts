// What clawprint may echo of a value someone typed (docs/product.md §1: the raw token is never printed). A
// token pasted into the wrong flag must not come back in the error message, where a terminal
// recording or a CI log would keep it: a value that could be a token is shown as its first 4
// characters and its length.
import { isRandomBase64Url, isRandomHex } from './detectors/entropy.js';

// Gateway tokens are hex or base64url (`openssl rand -hex 24`, device tokens); `+/=` cover
// standard base64 (`openssl rand -base64 32`).
const TOKEN_RUN = /^[A-Za-z0-9_\-+/=]{32,}$/;
const HEX = /^[0-9a-fA-F]+$/;

/**
 * A raw token pasted into argv: 32 or more characters of a token alphabet that look random (the
 * scan's own tests: random hex, or base64 with both cases and a digit, not words). Paths
 * (`logs/gateway/2025`), zone names and variable names are not random enough to match.
 */
export function looksLikeRawToken(value: string): boolean {
  const v = value.trim();
  if (!TOKEN_RUN.test(v)) return false;
  // One alphabet per token: standard base64 (`+`, `/`) or base64url (`-`, `_`), never both. A
  // value that mixes them is a path (`/tmp/run-Ab12cd/out-x1Y2z3`, random-looking enough
  // otherwise); a token inside it is still found piece by piece (holdsRawToken).
  if (/[+/]/.test(v) && /[-_]/.test(v)) return false;
  return HEX.test(v) ? isRandomHex(v) : isRandomBase64Url(v.replace(/=+$/, ''));
}

// A weaker test for echoing only: 16+ characters of letters and digits without a separator that
// names, paths and times carry (`/`, `.`, `:`). Constant-case names (`OPENCLAW_TOKEN_2`) are
// variable names, not tokens (a gateway token is lowercase hex).
const MAYBE_TOKEN = /^[A-Za-z0-9_\-+=]{16,}$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

function couldBeToken(value: string): boolean {
  if (looksLikeRawToken(value)) return true;
  return MAYBE_TOKEN.test(value) && /[A-Za-z]/.test(value) && /[0-9]/.test(value) && !CONSTANT_NAME.test(value);
}

/**
 * A typed value as an error message may show it: `"value"` (`value` when `quote` is false), or
 * `e7ce… (48 characters, not shown)` when it could be a token.
 */
export function shownValue(value: string, quote = true): string {
  if (couldBeToken(value)) return hidden(value);
  // A token inside a longer value (`./<token>`, `logs/<token>.txt`, `--x=<token>`) is hidden too.
  const shown = value.replace(PIECE, (piece) => (looksLikeRawToken(piece) ? hidden(piece) : piece));
  return quote ? JSON.stringify(shown) : shown;
}

const hidden = (value: string): string => `${value.slice(0, 4)}… (${value.length} characters, not shown)`;

/** What a path or an option value is made of between separators (`/`, `\`, `.`, `:`, `=`, `,`, `@`). */
const PIECE = /[^/\\.:=,@\s]+/g;

/** True when some piece of `value` between separators looks like a raw token (`./<token>`, `<token>.txt`). */
export function holdsRawToken(value: string): boolean {
  return looksLikeRawToken(value) || (value.match(PIECE) ?? []).some(looksLikeRawToken);
}
