// How each credential context is recognised on one line: the finders the table in
// credential-contexts.ts names (one per context), and the names and shapes they share.
import { findCredentials, type CredentialKind } from '../parsers/credentials.js';
import { MIN_LITERAL_LENGTH, percentDecode, pushLiteral, readValue } from './literal-values.js';
import { addressOf, type Address } from './public-urls.js';
import type { Candidate, ContextFound, FileKind } from './types.js';

export const ALL_KINDS: readonly FileKind[] = ['yaml', 'json', 'code', 'text'];

// --- OPENCLAW_GATEWAY_TOKEN= and its siblings ----------------------------------------------------

const ENV_NAMES = ['OPENCLAW_GATEWAY_TOKEN', 'CLAWDBOT_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD'];
// Not after `$`/`{` (a reference: `"$OPENCLAW_GATEWAY_TOKEN" = …`) or inside a longer name.
// `:` as well as `=`: docker-compose `environment:` maps and CI `env:` blocks.
const ENV_RE = new RegExp(String.raw`(?<![\w\${])(${ENV_NAMES.join('|')})["']?[ \t]*[=:][ \t]*`, 'g');
// `: "${OPENCLAW_GATEWAY_TOKEN:=<token>}"` sets the variable to a hard-coded default (pushLiteral
// keeps only expansions with a default).
const ENV_EXPANSION_RE = new RegExp(String.raw`\$\{(${ENV_NAMES.join('|')}):?[-=]`, 'g');
const SYSTEMD_RE = /^\s*Environment=/;
const DOCKER_ENV_RE = /(?:^|\s)(?:-e|--env)[ \t]+["']?$/;

export function findEnv(text: string, kind: FileKind, found: ContextFound): void {
  ENV_RE.lastIndex = 0;
  let systemd: boolean | undefined;
  for (let m = ENV_RE.exec(text); m !== null; m = ENV_RE.exec(text)) {
    // Only the start of the line and the few characters before the name can say systemd or docker
    // -e: testing the whole text before every match was quadratic on a line of repeated names.
    const cut = Math.max(0, m.index - 32);
    const before = (cut > 0 ? 'x' : '') + text.slice(cut, m.index);
    const context = (systemd ??= SYSTEMD_RE.test(text)) ? `systemd Environment=${m[1]!}` : DOCKER_ENV_RE.test(before) ? `docker -e ${m[1]!}` : `${m[1]!} assignment`;
    found.candidates = pushLiteral(found.candidates, text, readValue(text, m.index + m[0].length), context, kind);
  }
  ENV_EXPANSION_RE.lastIndex = 0;
  for (let m = ENV_EXPANSION_RE.exec(text); m !== null; m = ENV_EXPANSION_RE.exec(text)) {
    found.candidates = pushLiteral(found.candidates, text, readValue(text, m.index), `\${${m[1]!}} expansion`, kind);
  }
}

// --- Names people give the gateway token ---------------------------------------------------------

/*
 * A key or variable whose name ends in the gateway's own words: `OPENCLAW_AUTH_TOKEN`,
 * `GATEWAY_TOKEN`, `openclaw_gateway_token`, `gatewayToken`, `secrets.openclawGatewayToken`,
 * `gateway.auth.token`, `gateway-password`. Read from the secret word back: the name's last words
 * must all be GATEWAY_WORDS, end in a SECRET_WORD and include an OWNER_WORD. `OPENCLAW_HOOKS_TOKEN`
 * (the hooks token) and `x-openclaw-token` (a request header, its own context) are not.
 */
const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd']);
const OWNER_WORDS = new Set(['openclaw', 'clawdbot', 'gateway']);
const GATEWAY_WORDS = new Set([...SECRET_WORDS, ...OWNER_WORDS, 'auth', 'remote']);
const SECRET_WORD_RE = /token|secret|passw(?:or)?d/gi;
/** `\w` (ASCII letters, digits, `_`): a secret word followed by one is inside a longer word. */
const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** `[\w.-]`, the characters of a name; char codes, not a regex test per character (docs/performance.md, the scan). */
const isNameCode = (c: number): boolean => isWordCode(c) || c === 46 || c === 45;
const WORD_SPLIT_RE = /[._-]+|(?<=[a-z0-9])(?=[A-Z])/;
// After the name: its closing quote (also JSON-escaped), then `=` (not `==`/`=>`) or `:` (not `::`).
const NAME_SEPARATOR_RE = /\\?["']?[ \t]*(?:=(?![=>])|:(?!:))[ \t]*/y;
// `openclaw config set gateway.auth.token <v>`: the value follows the key after a space.
const CONFIG_SET_RE = /\bconfig[ \t]+set[ \t]+$/;
const CONFIG_SET_VALUE_RE = /[ \t]+/y;
const MAX_NAME_LENGTH = 128;
/** Names the env context reads (with its systemd/docker labels and ${…} defaults). */
const ENV_NAME_SET = new Set(ENV_NAMES);

function isGatewayName(name: string): boolean {
  const words = name.split(WORD_SPLIT_RE).filter((w) => w !== '').map((w) => w.toLowerCase());
  if (words.length < 2 || !SECRET_WORDS.has(words[words.length - 1]!)) return false;
  let owner = false;
  for (let i = words.length - 1; i >= 0 && GATEWAY_WORDS.has(words[i]!); i--) owner ||= OWNER_WORDS.has(words[i]!);
  return owner;
}

// A name needs an owner word; most lines with `token:` (`token: string` in every TS file) have none.
const OWNER_RE = /openclaw|clawdbot|gateway/i;

export function findGatewayNames(text: string, kind: FileKind, found: ContextFound): void {
  if (!OWNER_RE.test(text)) return;
  SECRET_WORD_RE.lastIndex = 0;
  for (let m = SECRET_WORD_RE.exec(text); m !== null; m = SECRET_WORD_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (end < text.length && isWordCode(text.charCodeAt(end))) continue; // inside a longer word
    // Names are short; a bounded look back keeps a line of repeated names linear.
    let start = m.index;
    const floor = Math.max(0, m.index - MAX_NAME_LENGTH);
    while (start > floor && isNameCode(text.charCodeAt(start - 1))) start--;
    // `--gateway-token`, `.token`
    for (let c = text.charCodeAt(start); start < m.index && (c === 46 || c === 45); c = text.charCodeAt(start)) start++;
    const name = text.slice(start, end);
    const before = text.charCodeAt(start - 1);
    if (before === 36 || before === 123 || ENV_NAME_SET.has(name) || /^x-/i.test(name) || !isGatewayName(name)) continue;
    if (before === 45 && text.charCodeAt(start - 2) === 45 && GATEWAY_FLAG_NAME_RE.test(name)) continue;
    let re = NAME_SEPARATOR_RE;
    if (CONFIG_SET_RE.test(text.slice(Math.max(0, start - 32), start))) re = CONFIG_SET_VALUE_RE;
    re.lastIndex = end;
    const sep = re.exec(text);
    if (sep === null) continue;
    const span = readValue(text, end + sep[0].length);
    // In code an unquoted value is an expression (`cfg?.gateway?.auth?.token || ''`).
    if (span === undefined || (kind === 'code' && !span.quoted)) continue;
    found.candidates = pushLiteral(found.candidates, text, span, `${name} ${re === CONFIG_SET_VALUE_RE ? 'config set' : 'assignment'}`, kind);
  }
}

// --- --token <v> -----------------------------------------------------------------------------------

const TOKEN_FLAG_RE = /(?<![\w-])--token(?:=|[ \t]+)/g;
/*
 * A `--token` that belongs to another credential: `openclaw channels add --channel <x> --token …`
 * is a channel's bot token, `--token-provider <p> --token …` a model provider's key.
 */
const OTHER_COMMAND_RE = /\bchannels[ \t]+(?:add|login|update)\b|--channel[ \t=]|--token-provider\b|\bmodels[ \t]+auth\b/;

export function findTokenFlag(text: string, kind: FileKind, found: ContextFound): void {
  TOKEN_FLAG_RE.lastIndex = 0;
  // Searched once per line (not once per flag: a line of repeated flags stays linear).
  let other: number | undefined;
  for (let m = TOKEN_FLAG_RE.exec(text); m !== null; m = TOKEN_FLAG_RE.exec(text)) {
    other ??= text.search(OTHER_COMMAND_RE);
    if (other !== -1 && other < m.index) continue;
    found.candidates = pushLiteral(found.candidates, text, readValue(text, m.index + m[0].length), '--token argument', kind);
  }
}

// --- --gateway-token <v>, --remote-token <v> ------------------------------------------------------

/*
 * `openclaw onboard` / `openclaw setup` flags that set the gateway's credential: `--gateway-token`
 * and `--gateway-password` (gateway.auth), `--remote-token` and `--remote-password`
 * (gateway.remote). Their value is the gateway token or password whatever else the line says (a
 * continued command holds only the flag). `--gateway-token-ref-env <NAME>` names a variable.
 */
const GATEWAY_FLAG_RE = /(?<![\w-])--(gateway|remote)-(token|password)(?:=|[ \t]+)/g;

export function findGatewayFlag(text: string, kind: FileKind, found: ContextFound): void {
  GATEWAY_FLAG_RE.lastIndex = 0;
  for (let m = GATEWAY_FLAG_RE.exec(text); m !== null; m = GATEWAY_FLAG_RE.exec(text)) {
    found.candidates = pushLiteral(found.candidates, text, readValue(text, m.index + m[0].length), `--${m[1]!}-${m[2]!} argument`, kind);
  }
}

/** `--gateway-token=…`: the flag's context names it, not gateway-named-key's. */
const GATEWAY_FLAG_NAME_RE = /^(?:gateway|remote)-(?:token|password)$/;

// --- Request credentials (Authorization: Bearer, x-openclaw-token, ?token=) ------------------------

// A request credential on a line whose URLs all go to public hosts is that service's
// (public-urls.ts addressOf); LineAnalyzer remembers it for the file's later lines (sent-elsewhere.ts).
/*
 * An agent's session log holds a whole conversation on one physical line, its lines written `\n`
 * (`\\n` escaped twice): a request is judged by the line it was written on, not by a gateway named
 * anywhere in 60 KB of transcript (todoist and Convex calls beside `/hooks/agent` ones, 31 false
 * `high`s in one backup). A continued line (`\\\n`, three backslashes or more) does not end it.
 * A written line that names no host and no gateway says nothing: the physical line decides, as
 * for any other line (`MC_KEY="Bearer …"` below the line with its URL).
 */
const ESCAPED_BREAK_RE = /(?<!\\)\\{1,2}n/g;

/**
 * Where a request on each written line of `text` goes, asked per credential. The breaks are found
 * once and each written line judged once: a long line with many credentials stays linear.
 */
class WrittenLines {
  /** Start and end of each escaped break, in order. */
  private readonly breaks: number[] = [];
  private readonly judged = new Map<number, Address>();

  constructor(private readonly text: string) {
    ESCAPED_BREAK_RE.lastIndex = 0;
    for (let m = ESCAPED_BREAK_RE.exec(text); m !== null; m = ESCAPED_BREAK_RE.exec(text)) this.breaks.push(m.index, m.index + m[0].length);
  }

  addressAround(index: number): Address {
    // The first break at or after `index` (binary search over the break starts).
    let lo = 0;
    let hi = this.breaks.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.breaks[2 * mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    const start = lo === 0 ? 0 : this.breaks[2 * lo - 1]!;
    if (!this.judged.has(start)) {
      const end = lo < this.breaks.length / 2 ? this.breaks[2 * lo]! : this.text.length;
      this.judged.set(start, addressOf(this.text.slice(start, end)));
    }
    return this.judged.get(start);
  }
}

// HTTP Basic is not among them: a Basic password is only compared with the exposed token
// (TokenMatcher's base64 forms); no Basic context is listed for literals.
export function requestCredential(credential: Exclude<CredentialKind, 'basic'>, label: string) {
  const kinds: ReadonlySet<CredentialKind> = new Set([credential]);
  return (text: string, kind: FileKind, found: ContextFound): void => {
    const credentials = findCredentials(text, kinds);
    if (credentials.length === 0) return;
    // The physical line's address once: a minified bundle may hold many credentials.
    const written = credential !== 'header' && text.includes('\\n') ? new WrittenLines(text) : undefined;
    let whole: Address | null = null;
    for (const c of credentials) {
      // `x-openclaw-token` is the gateway's own header: only the gateway takes it, wherever the line goes.
      let address: Address = 'gateway';
      // The line the value is written on names no host (a session log's written line, else the
      // physical one): the file's memo of values sent elsewhere decides (sent-elsewhere.ts).
      let namesNoHost = false;
      if (credential !== 'header') {
        const around = written?.addressAround(c.index);
        if (around === undefined && whole === null) whole = addressOf(text);
        address = around ?? (whole as Address);
        namesNoHost = written === undefined ? address === undefined : around === undefined;
        if (address === 'elsewhere') {
          if (c.value.length >= MIN_LITERAL_LENGTH) (found.sentElsewhere ??= []).push(percentDecode(c.value));
          continue;
        }
      }
      const q = text.charCodeAt(c.index - 1);
      const span = { start: c.index, end: c.index + c.value.length, quoted: q === 34 || q === 39 };
      const before = found.candidates?.length ?? 0;
      // Prose says "Bearer authentication"; a generated bearer value has digits.
      found.candidates = pushLiteral(found.candidates, text, span, label, kind, { decode: percentDecode, needsDigit: credential === 'bearer' });
      if (namesNoHost && (found.candidates?.length ?? 0) > before) found.candidates![found.candidates!.length - 1]!.namesNoHost = true;
    }
  };
}

// --- Setup output ------------------------------------------------------------------------------------

// `openclaw onboard` / the Docker setup script print the generated token on its own line; notes
// copy it as a list item, often bold (`- **Token:** \`<v>\``), as `Gateway API token:` or
// `Gateway auth token:`, or in a Markdown table whose first cell is the label (`| Gateway token |
// \`<v>\` |`, a deployment checklist).
const SETUP_LABEL_RE =
  /(?<![\w-])[Gg]ateway (?:(?:API|[Aa]uth|[Aa]ccess) )?[Tt]oken:(?:\*\*)?[ \t]*|^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Token:(?:\*\*)?[ \t]*|^[ \t]*\|[ \t]*(?:\*\*)?[Gg]ateway (?:(?:API|[Aa]uth|[Aa]ccess) )?[Tt]oken(?:\*\*)?[ \t]*\|[ \t]*/g;
/** What the label says without its list marker, table pipes, bold and spaces (`- **Token:** ` → `Token:`). */
const SETUP_MARKUP_RE = /^[ \t]*(?:\|[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*)?|(?:\*\*)?[ \t]*(?:\|[ \t]*)?$/g;

export function findSetupOutput(text: string, kind: FileKind, found: ContextFound): void {
  SETUP_LABEL_RE.lastIndex = 0;
  for (let m = SETUP_LABEL_RE.exec(text); m !== null; m = SETUP_LABEL_RE.exec(text)) {
    const span = readValue(text, m.index + m[0].length);
    if (span === undefined) continue;
    // A printed token has digits and letters; `Token: required` is prose.
    const value = text.slice(span.start, span.end);
    if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) continue;
    found.candidates = pushLiteral(found.candidates, text, span, `setup output (${m[0].replace(SETUP_MARKUP_RE, '')})`, kind);
  }
}

// --- launchd plist ---------------------------------------------------------------------------------

const PLIST_KEY_RE = new RegExp(String.raw`<key>(${ENV_NAMES.join('|')})<\/key>`, 'g');
const PLIST_STRING_RE = /[ \t]*<string>([^<]*)<\/string>/y;

/** The `<string>` right after a plist key, or false when there is none on this line. */
export function plistString(text: string, from: number, context: string, kind: FileKind, out: Candidate[] | undefined): Candidate[] | undefined | false {
  PLIST_STRING_RE.lastIndex = from;
  const m = PLIST_STRING_RE.exec(text);
  if (m === null) return from < text.length && text.slice(from).trim() !== '' ? out : false;
  const start = m.index + m[0].length - m[1]!.length - '</string>'.length;
  return pushLiteral(out, text, { start, end: start + m[1]!.length, quoted: true }, context, kind);
}

export function findPlistKey(text: string, kind: FileKind, found: ContextFound): void {
  PLIST_KEY_RE.lastIndex = 0;
  for (let m = PLIST_KEY_RE.exec(text); m !== null; m = PLIST_KEY_RE.exec(text)) {
    const context = `launchd plist ${m[1]!} key`;
    const result = plistString(text, m.index + m[0].length, context, kind, found.candidates);
    if (result === false) found.plistKeyOpen = context;
    else found.candidates = result;
  }
}
