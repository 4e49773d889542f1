// Credential contexts of gateway-token-literal (SPEC §5) that a single line shows: env
// assignments (shell, .env, export, docker -e, systemd Environment=), `--token`, request
// credentials (§3.3), setup output, launchd plist keys. YAML and JSON contexts need the lines
// before; LiteralScanner adds them from config-trackers.ts.
import { findCredentials, type CredentialKind } from '../parsers/credentials.js';
import type { Candidate } from './candidates.js';
import { JsonGatewayTracker, YamlGatewayTracker } from './config-trackers.js';
import { type FileKind, percentDecode, pushLiteral, readValue } from './literal-values.js';

// Not after `$`/`{` (a reference: `"$OPENCLAW_GATEWAY_TOKEN" = …`) or inside a longer name.
// `:` as well as `=`: docker-compose `environment:` maps and CI `env:` blocks.
const ENV_RE = /(?<![\w${])(OPENCLAW_GATEWAY_TOKEN|CLAWDBOT_GATEWAY_TOKEN|OPENCLAW_GATEWAY_PASSWORD)["']?[ \t]*[=:][ \t]*/g;
// `: "${OPENCLAW_GATEWAY_TOKEN:=<token>}"` sets the variable to a hard-coded default (pushLiteral
// keeps only expansions with a default).
const ENV_EXPANSION_RE = /\$\{(OPENCLAW_GATEWAY_TOKEN|CLAWDBOT_GATEWAY_TOKEN|OPENCLAW_GATEWAY_PASSWORD):?[-=]/g;
const SYSTEMD_RE = /^\s*Environment=/;
const DOCKER_ENV_RE = /(?:^|\s)(?:-e|--env)[ \t]+["']?$/;
const TOKEN_FLAG_RE = /(?<![\w-])--token(?:=|[ \t]+)/g;
// `openclaw onboard` / the Docker setup script print the generated token on its own line.
const SETUP_LABEL_RE = /(?<![\w-])[Gg]ateway [Tt]oken:[ \t]*|^[ \t]*Token:[ \t]*/g;
const PLIST_KEY_RE = /<key>(OPENCLAW_GATEWAY_TOKEN|CLAWDBOT_GATEWAY_TOKEN|OPENCLAW_GATEWAY_PASSWORD)<\/key>/g;
const PLIST_STRING_RE = /[ \t]*<string>([^<]*)<\/string>/y;
const LETTER_RE = /[A-Za-z]/;
const DIGIT_RE = /\d/;

/**
 * `gateway:`, `"gateway":`, `'gateway' :`, `gateway_token:`: where a YAML or JSON gateway context
 * starts. Plain logs say `[gateway]` on most lines, so this runs on many: indexOf and a few
 * character tests, once per line for all rules (a regex per rule cost about a tenth of the scan
 * of an OpenClaw console log).
 */
function hasGatewayKey(text: string): boolean {
  for (let i = text.indexOf('gateway'); i !== -1; i = text.indexOf('gateway', i + 7)) {
    let j = i + 7;
    if (text.startsWith('_token', j)) j += 6;
    const q = text.charCodeAt(j);
    if (q === 34 || q === 39) j++;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    if (text.charCodeAt(j) === 58) return true;
  }
  return false;
}

// The rules of a file see each line one after another: the answer is kept for the next caller.
let keyText: string | undefined;
let keyFound = false;

function hasGatewayKeyCached(text: string): boolean {
  if (text !== keyText) {
    keyText = text;
    keyFound = hasGatewayKey(text);
  }
  return keyFound;
}

/** A regex that finds any of `needles` (one test instead of one indexOf per needle). */
export function anyOf(needles: readonly string[]): RegExp {
  return new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/*
 * One pass over the line finds the keyword of every context it can hold; only those contexts
 * then run their own regex. Gated lines are few, but minified bundles and source maps make them
 * long (a quarter of the bytes of a node_modules tree), so passes over them count. The last three
 * groups are CREDENTIAL_NEEDLES (parsers/credentials.ts) without `Basic `.
 */
const HINT_RE = /(_GATEWAY_)|(--token)|(oken:)|(<key>)|([Bb]earer|BEARER)|(enclaw-token|enClaw-Token|ENCLAW-TOKEN)|(token=)/g;
const ALL_HINTS = 15;
const HINT_ENV = 1;
const HINT_FLAG = 2;
const HINT_SETUP = 4;
const HINT_PLIST = 8;
const HINT_KIND: ReadonlyArray<CredentialKind | undefined> = [undefined, undefined, undefined, undefined, undefined, 'bearer', 'header', 'query'];

function contextHints(text: string): { bits: number; credentials: Set<CredentialKind> | undefined } {
  let bits = 0;
  let credentials: Set<CredentialKind> | undefined;
  HINT_RE.lastIndex = 0;
  for (let m = HINT_RE.exec(text); m !== null; m = HINT_RE.exec(text)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const kind = HINT_KIND[group];
    if (kind !== undefined) (credentials ??= new Set()).add(kind);
    else bits |= 1 << (group - 1);
    if (bits === ALL_HINTS && credentials?.size === 3) break;
  }
  return { bits, credentials };
}

// HTTP Basic is not among them: a Basic password is only compared with the exposed token
// (TokenMatcher's base64 forms), as SPEC §5 lists no Basic context for literals.
const CREDENTIAL_CONTEXT: Record<Exclude<CredentialKind, 'basic'>, string> = {
  bearer: 'Authorization: Bearer header',
  header: 'x-openclaw-token header',
  query: 'token= URL parameter',
};

export interface ContextLiterals {
  candidates: Candidate[] | undefined;
  /** A plist key whose `<string>` comes on the next line: the context to report it under. */
  plistKeyOpen: string | undefined;
}

/** Literals in single-line contexts. Call only for lines that pass the gate in candidates.ts. */
export function findContextLiterals(text: string, kind: FileKind): ContextLiterals | undefined {
  const { bits, credentials } = contextHints(text);
  if (bits === 0 && credentials === undefined) return undefined;
  let out: Candidate[] | undefined;
  if ((bits & HINT_ENV) !== 0) out = envLiterals(text, kind, out);
  if ((bits & HINT_FLAG) !== 0) {
    TOKEN_FLAG_RE.lastIndex = 0;
    for (let m = TOKEN_FLAG_RE.exec(text); m !== null; m = TOKEN_FLAG_RE.exec(text)) {
      out = pushLiteral(out, text, readValue(text, m.index + m[0].length), '--token argument', kind);
    }
  }
  if (credentials !== undefined) out = credentialLiterals(text, kind, credentials, out);
  // Only in output and notes: in code or config `Token:` is a type or a key.
  if (kind === 'text' && (bits & HINT_SETUP) !== 0) out = setupLiterals(text, kind, out);
  let plistKeyOpen: string | undefined;
  if ((bits & HINT_PLIST) !== 0) {
    PLIST_KEY_RE.lastIndex = 0;
    for (let m = PLIST_KEY_RE.exec(text); m !== null; m = PLIST_KEY_RE.exec(text)) {
      const context = `launchd plist ${m[1]!} key`;
      const found = plistString(text, m.index + m[0].length, context, kind, out);
      if (found === false) plistKeyOpen = context;
      else out = found;
    }
  }
  if (out === undefined && plistKeyOpen === undefined) return undefined;
  return { candidates: out?.sort((a, b) => a.index - b.index), plistKeyOpen };
}

function envLiterals(text: string, kind: FileKind, out: Candidate[] | undefined): Candidate[] | undefined {
  ENV_RE.lastIndex = 0;
  let systemd: boolean | undefined;
  for (let m = ENV_RE.exec(text); m !== null; m = ENV_RE.exec(text)) {
    // Only the start of the line and the few characters before the name can say systemd or docker
    // -e: testing the whole text before every match was quadratic on a line of repeated names.
    const cut = Math.max(0, m.index - 32);
    const before = (cut > 0 ? 'x' : '') + text.slice(cut, m.index);
    const context = (systemd ??= SYSTEMD_RE.test(text)) ? `systemd Environment=${m[1]!}` : DOCKER_ENV_RE.test(before) ? `docker -e ${m[1]!}` : `${m[1]!} assignment`;
    out = pushLiteral(out, text, readValue(text, m.index + m[0].length), context, kind);
  }
  ENV_EXPANSION_RE.lastIndex = 0;
  for (let m = ENV_EXPANSION_RE.exec(text); m !== null; m = ENV_EXPANSION_RE.exec(text)) {
    out = pushLiteral(out, text, readValue(text, m.index), `\${${m[1]!}} expansion`, kind);
  }
  return out;
}

function credentialLiterals(text: string, kind: FileKind, kinds: ReadonlySet<CredentialKind>, out: Candidate[] | undefined): Candidate[] | undefined {
  for (const credential of findCredentials(text, kinds)) {
    if (credential.kind === 'basic') continue; // never requested (HINT_KIND)
    const context = CREDENTIAL_CONTEXT[credential.kind];
    const q = text.charCodeAt(credential.index - 1);
    const span = { start: credential.index, end: credential.index + credential.value.length, quoted: q === 34 || q === 39 };
    // Prose says "Bearer authentication"; a generated bearer value has digits.
    out = pushLiteral(out, text, span, context, kind, { decode: percentDecode, needsDigit: credential.kind === 'bearer' });
  }
  return out;
}

function setupLiterals(text: string, kind: FileKind, out: Candidate[] | undefined): Candidate[] | undefined {
  SETUP_LABEL_RE.lastIndex = 0;
  for (let m = SETUP_LABEL_RE.exec(text); m !== null; m = SETUP_LABEL_RE.exec(text)) {
    const span = readValue(text, m.index + m[0].length);
    if (span === undefined) continue;
    // A printed token has digits and letters; `Token: required` is prose.
    const value = text.slice(span.start, span.end);
    if (!DIGIT_RE.test(value) || !LETTER_RE.test(value)) continue;
    out = pushLiteral(out, text, span, `setup output (${m[0].trim()})`, kind);
  }
  return out;
}

/** The `<string>` right after a plist key, or false when there is none on this line. */
function plistString(text: string, from: number, context: string, kind: FileKind, out: Candidate[] | undefined): Candidate[] | undefined | false {
  PLIST_STRING_RE.lastIndex = from;
  const m = PLIST_STRING_RE.exec(text);
  if (m === null) return from < text.length && text.slice(from).trim() !== '' ? out : false;
  const start = m.index + m[0].length - m[1]!.length - '</string>'.length;
  return pushLiteral(out, text, { start, end: start + m[1]!.length, quoted: true }, context, kind);
}

/**
 * Per file: the structured contexts (YAML, JSON, a plist key on the line before) plus the
 * single-line ones. A `.yaml`/`.json` file gets its own tracker. Any other file is a line stream
 * that may print a config (a CI step that `cat`s gateway.yaml, a container that logs its
 * openclaw.json, `clawprint mask` on stdin), so it gets both trackers, which start only at a
 * `gateway` key and forget what they followed when the prefilter skipped lines (ScanLine.sparse).
 */
export class LiteralScanner {
  private readonly yaml: YamlGatewayTracker | undefined;
  private readonly json: JsonGatewayTracker | undefined;
  private readonly stream: boolean;
  private plistContext: string | undefined;

  constructor(readonly kind: FileKind) {
    this.stream = kind !== 'yaml' && kind !== 'json';
    this.yaml = kind === 'yaml' || this.stream ? new YamlGatewayTracker(kind) : undefined;
    this.json = kind === 'json' || this.stream ? new JsonGatewayTracker(kind) : undefined;
  }

  /**
   * Advances the per-file state over `text`; `single` is findContextLiterals(text) (shared, not
   * modified); `sparse`: lines before this one may have been skipped; `gated`: LINE_GATE_RE matched.
   */
  scan(text: string, single: ContextLiterals | undefined, sparse = false, gated = true): Candidate[] | undefined {
    let out = single?.candidates;
    if (this.plistContext !== undefined) {
      const found = plistString(text, 0, this.plistContext, this.kind, undefined);
      if (found !== false && found !== undefined) out = merge(out, found);
    }
    this.plistContext = single?.plistKeyOpen;
    if (this.stream) {
      if (sparse) {
        this.yaml!.reset();
        this.json!.reset();
      }
      // Idle trackers start only at a gateway key; plain logs mention `[gateway]` on most lines.
      // A sparse line starts from nothing, so only one that names its own context can give a
      // literal: `gateway_token:`, `{"gateway":{"auth":{"token":…}}}` (a password key without a
      // token keyword sits in a block that is given whole, LineMarker).
      if (!this.yaml!.busy && !this.json!.busy && !((gated || !sparse) && hasGatewayKeyCached(text))) return out;
    }
    const fromYaml = this.yaml?.scan(text);
    const fromJson = this.json?.scan(text);
    const structured = fromYaml === undefined ? fromJson : fromJson === undefined ? fromYaml : merge(fromYaml, fromJson);
    // Structured first: for one value, `gateway.token in YAML` says more than `${…} expansion`.
    return structured === undefined ? out : out === undefined ? structured : merge(structured, out);
  }
}

function merge(a: Candidate[] | undefined, b: Candidate[]): Candidate[] {
  return a === undefined ? b : [...a, ...b].sort((x, y) => x.index - y.index);
}
