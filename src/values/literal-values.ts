// Reading the value after a credential context (`NAME=`, `token:`, `--token `) and deciding
// whether it is a literal secret: long enough, not excluded, not a reference in code.
import { isExcludedContext, isExcludedValue } from '../detectors/exclusions.js';
import { isWordPlaceholder } from '../detectors/word-placeholders.js';
import type { Candidate, FileKind, ValueSpan } from './types.js';

export type { FileKind, ValueSpan } from './types.js';


const CODE_EXTENSIONS = new Set(
  'ts tsx mts cts js jsx mjs cjs vue svelte py go rb java kt kts scala groovy rs cs php swift c h cc cpp hpp m lua dart ex exs pl r'.split(' '),
);

/*
 * Copies keep the format of the file they copy: OpenClaw leaves `openclaw.json.bak` (and
 * numbered `.bak.1`…) next to the config it rewrites; editors and admins leave `~`, `.orig`,
 * `.old`; templates are `gateway.yaml.example`, `.j2`.
 */
const COPY_SUFFIX_RE = /(?:~|\.(?:bak|backup|orig|old|save|prev|tmp|dist|example|sample|template|tmpl|tpl|j2|\d+))$/;

// The rules of a file, and the scan itself, ask about the same path one after another.
let lastPath: string | undefined;
let lastKind: FileKind = 'text';

export function fileKindOf(path: string): FileKind {
  if (path !== lastPath) {
    lastKind = kindOf(path);
    lastPath = path;
  }
  return lastKind;
}

function kindOf(path: string): FileKind {
  let base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  // Most names end in an extension that tells: no copy suffix is one, so the suffix loop would
  // leave such a name as it is (a regular expression per file of a scan, ~2 µs before V8 warms up).
  const told = kindOfExtension(base);
  if (told !== undefined) return told;
  for (let m = COPY_SUFFIX_RE.exec(base); m !== null && m.index > 0; m = COPY_SUFFIX_RE.exec(base)) base = base.slice(0, m.index);
  return kindOfExtension(base) ?? 'text';
}

/** The kind a lowercase base name's extension says, or undefined (text, or a copy suffix). */
function kindOfExtension(base: string): FileKind | undefined {
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1) : '';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json' || ext === 'json5' || ext === 'jsonc') return 'json';
  return CODE_EXTENSIONS.has(ext) ? 'code' : undefined;
}


// Where an unquoted value ends: whitespace, quotes, shell and markup punctuation, flow-mapping
// separators, and `\` (an escaped quote in a JSON-encoded log line).
const STOP = new Uint8Array(128);
for (const c of ' \t\r\n"\'`;&|<>(){}[],\\') STOP[c.charCodeAt(0)] = 1;

/**
 * The longest value read after a credential context. Tokens are 32–128 characters; a line that
 * repeats `OPENCLAW_GATEWAY_TOKEN=` with no separator made every match read to the end of the line,
 * quadratic in its length (a 320 KB line took 21 s, issue 7). A longer value is no literal here
 * (token-shaped runs inside it are still found by token-shaped-string and exposed-token).
 */
export const MAX_VALUE_LENGTH = 1024;

/** Work done by readValue, in characters looked at: tests check that it stays linear. */
export const readValueWork = { chars: 0 };

/** The first `c` at or after `from` within MAX_VALUE_LENGTH characters, or -1. */
function boundedIndexOf(text: string, c: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_VALUE_LENGTH + 1);
  const i = text.indexOf(c, from);
  readValueWork.chars += (i === -1 || i >= limit ? limit : i) - from;
  return i === -1 || i >= limit ? -1 : i;
}

/** The value starting at `pos`: a quoted string (without its quotes), a `${…}` expansion, or an unquoted word. */
export function readValue(text: string, pos: number): ValueSpan | undefined {
  const q = text.charCodeAt(pos);
  // `${VAR:-default}` holds STOP characters; read it whole so pushLiteral can judge its default.
  if (q === 36 && text.charCodeAt(pos + 1) === 123) {
    const end = boundedIndexOf(text, '}', pos + 2);
    if (end !== -1) return { start: pos, end: end + 1, quoted: false };
  }
  if (q === 34 || q === 39 || q === 96) {
    const end = boundedIndexOf(text, text[pos]!, pos + 1);
    // An unterminated quote is code building a string (`"Token: " + t`), not a literal.
    return end === -1 ? undefined : { start: pos + 1, end, quoted: true };
  }
  const limit = Math.min(text.length, pos + MAX_VALUE_LENGTH + 1);
  let end = pos;
  while (end < limit) {
    const c = text.charCodeAt(end);
    if (c < 128 && STOP[c] === 1) break;
    end++;
  }
  readValueWork.chars += end - pos;
  if (end - pos > MAX_VALUE_LENGTH) return undefined;
  return end > pos ? { start: pos, end, quoted: false } : undefined;
}

/** Shorter values are settings (`true`, `none`, `token`), not secrets (docs/product.md §5). */
export const MIN_LITERAL_LENGTH = 8;

// `process.env.OPENCLAW_GATEWAY_TOKEN`, `cfg.gateway.token`, `gatewayToken`: an expression that
// reads the secret from elsewhere. Generated tokens have digits; identifiers usually do not.
const REFERENCE_RE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const DIGIT_RE = /\d/;

function isCodeReference(value: string, kind: FileKind): boolean {
  if (DIGIT_RE.test(value) || !REFERENCE_RE.test(value)) return false;
  return kind === 'code' || value.includes('.') || /[a-z][A-Z]/.test(value);
}

/*
 * `` OPENCLAW_GATEWAY_TOKEN=`openssl rand -hex 32` ``: in a shell, .env sourced by one, Dockerfile
 * or Makefile, backticks are command substitution, like `$(…)`. A command has arguments or is a
 * path; a token never holds whitespace (docs/product.md §1 refuses one that does). A single word in
 * backticks stays a value: dotenv reads backticks as quotes, and so do JS template literals and
 * Go raw strings.
 */
const COMMAND_RE = /\s|^[/.~]/;

function isCommandInBackticks(text: string, span: ValueSpan, value: string): boolean {
  return span.quoted && text.charCodeAt(span.start - 1) === 96 && COMMAND_RE.test(value);
}

/*
 * `"--token="+inputs["token"].Value` (trufflehog's TUI): the quote after the context closes the
 * string it is in, so what reads as a quoted value is the code between two strings. A token never
 * starts with `+` and an expression (quoted in docs too; a password outside code may start with `+`).
 */
const CONCATENATION_RE = /^[ \t]*\+[ \t]*[A-Za-z_$(]/;

const PASSWORD_CONTEXT_RE = /passw/i;

/*
 * `"gateway.auth.token": "Recommended for all gateways; required for non-loopback binds."` (a
 * config schema's help text): a token holds no whitespace (docs/product.md §1 refuses one that
 * does), so a value with spaces inside is prose. A password may hold spaces; it is still judged.
 */
const INNER_SPACE_RE = /\S\s+\S/;
const isProse = (value: string): boolean => INNER_SPACE_RE.test(value);

export interface LiteralOptions {
  /** Decodes the written value (percent- or JSON-escaped) before it is hashed and judged. */
  decode?: (written: string) => string;
  /** Contexts that prose can imitate (`Bearer authentication`) want a digit in the value. */
  needsDigit?: boolean;
}

/** A context whose name says the value is the gateway's (`OPENCLAW_GATEWAY_TOKEN assignment`, `gateway.auth.token`). */
const GATEWAY_NAMED_RE = /openclaw|clawdbot|moltbot|gateway/i;

/** Appends the value at `span` as a literal candidate when it passes every check. */
export function pushLiteral(
  out: Candidate[] | undefined,
  text: string,
  span: ValueSpan | undefined,
  context: string,
  kind: FileKind,
  options: LiteralOptions = {},
): Candidate[] | undefined {
  if (span === undefined) return out;
  const fallback = expansionDefault(text, span);
  if (fallback !== undefined) {
    span = fallback;
    context = `${context} (\${VAR:-default})`;
  }
  if (span.end - span.start < MIN_LITERAL_LENGTH) return out;
  const written = text.slice(span.start, span.end);
  const value = options.decode === undefined ? written : options.decode(written);
  // Judged trimmed: OpenClaw trims the token it reads, and a token holds no spaces (`" secret "` in
  // a test is the word `secret`).
  if (value.trim().length < MIN_LITERAL_LENGTH || isExcludedValue(value, GATEWAY_NAMED_RE.test(context)) || isExcludedContext(text, span.start, span.end)) return out;
  const password = PASSWORD_CONTEXT_RE.test(context);
  if (isCommandInBackticks(text, span, value) || isWordPlaceholder(value, password) || (!password && isProse(value))) return out;
  if (!span.quoted && isCodeReference(value, kind)) return out;
  if (span.quoted && (kind === 'code' || !password) && CONCATENATION_RE.test(value)) return out;
  if (options.needsDigit === true && !DIGIT_RE.test(value)) return out;
  const candidate: Candidate = { index: span.start, written, value, context };
  if (out === undefined) return [candidate];
  out.push(candidate);
  return out;
}

/*
 * `${OPENCLAW_GATEWAY_TOKEN:-<48 hex>}` (docker-compose, shell, OpenClaw's ${ENV} config
 * substitution): the default is used whenever the variable is unset, so a literal default is a
 * hard-coded token in the file. Same for `${VAR-d}`, `${VAR:=d}`, `${VAR=d}`. `${VAR:?message}`
 * and `${VAR:+alternative}` stay references.
 */
const EXPANSION_DEFAULT_RE = /^\$\{[A-Za-z_]\w*:?[-=]([^}]*)\}$/;

function expansionDefault(text: string, span: ValueSpan): ValueSpan | undefined {
  const m = EXPANSION_DEFAULT_RE.exec(text.slice(span.start, span.end));
  if (m === null || m[1]!.length === 0) return undefined;
  let start = span.end - 1 - m[1]!.length;
  let end = span.end - 1;
  const q = text.charCodeAt(start);
  const quoted = (q === 34 || q === 39) && end - start >= 2 && text.charCodeAt(end - 1) === q;
  if (quoted) {
    start++;
    end--;
  }
  return { start, end, quoted };
}

export function percentDecode(written: string): string {
  if (!written.includes('%')) return written;
  try {
    return decodeURIComponent(written);
  } catch {
    return written; // not valid percent-encoding: the value is what is written
  }
}

export function jsonDecode(written: string): string {
  if (!written.includes('\\')) return written;
  try {
    return JSON.parse(`"${written.replace(/\\'/g, "'")}"`) as string;
  } catch {
    return written;
  }
}
