// The credential contexts of gateway-token-literal that one line shows, as a table: one entry per
// context, with the keywords a line must hold for it (the prefilter's needles and the per-line
// hints are derived from them), the file kinds it applies to, and match/noMatch examples that
// test/detectors/credential-contexts.test.ts runs. Adding a context = one entry here, its fixtures
// and a README line. Contexts that need the lines before (YAML `gateway:` blocks, JSON
// `gateway.auth`, a plist `<string>` on the next line) are followed by LiteralScanner.
import { findCredentials, type CredentialKind } from '../parsers/credentials.js';
import { EXAMPLE_BASE64URL, EXAMPLE_HEX48, EXAMPLE_HEX64 } from '../detectors/scan-examples.js';
import { percentDecode, pushLiteral, readValue } from './literal-values.js';
import type { Candidate, ContextFound, FileKind } from './types.js';

export type { ContextFound } from './types.js';


export interface CredentialContext {
  /** Short name, used in the README and test names. */
  id: string;
  /** How it is recognised (the README line says the same). */
  recognised: string;
  /** The file kinds whose lines it reads. */
  kinds: readonly FileKind[];
  /**
   * A line holds one of these wherever the context can give a literal (case-sensitive). They are
   * the scan's prefilter needles (prefilter/line-marker.ts) and this table's per-line hints.
   */
  needles: readonly string[];
  /** The value may stand on the line after a needle's (a plist `<string>` after its `<key>`). */
  nextLine?: boolean;
  /** Appends what it finds on `text` to `found`. */
  find(text: string, kind: FileKind, found: ContextFound): void;
  /** Lines (`path:<file> ` prefix for the file name, else `example.txt`) with and without a literal of this context. */
  examples: { match: readonly string[]; noMatch: readonly string[] };
}

const ALL_KINDS: readonly FileKind[] = ['yaml', 'json', 'code', 'text'];

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

function findEnv(text: string, kind: FileKind, found: ContextFound): void {
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
const NAME_CHAR_RE = /[\w.-]/;
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

function findGatewayNames(text: string, kind: FileKind, found: ContextFound): void {
  if (!OWNER_RE.test(text)) return;
  SECRET_WORD_RE.lastIndex = 0;
  for (let m = SECRET_WORD_RE.exec(text); m !== null; m = SECRET_WORD_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) continue; // inside a longer word
    // Names are short; a bounded look back keeps a line of repeated names linear.
    let start = m.index;
    const floor = Math.max(0, m.index - MAX_NAME_LENGTH);
    while (start > floor && NAME_CHAR_RE.test(text[start - 1]!)) start--;
    while (start < m.index && /[.-]/.test(text[start]!)) start++; // `--gateway-token`, `.token`
    const name = text.slice(start, end);
    const before = text.charCodeAt(start - 1);
    if (before === 36 || before === 123 || ENV_NAME_SET.has(name) || /^x-/i.test(name) || !isGatewayName(name)) continue;
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

function findTokenFlag(text: string, kind: FileKind, found: ContextFound): void {
  TOKEN_FLAG_RE.lastIndex = 0;
  // Searched once per line (not once per flag: a line of repeated flags stays linear).
  let other: number | undefined;
  for (let m = TOKEN_FLAG_RE.exec(text); m !== null; m = TOKEN_FLAG_RE.exec(text)) {
    other ??= text.search(OTHER_COMMAND_RE);
    if (other !== -1 && other < m.index) continue;
    found.candidates = pushLiteral(found.candidates, text, readValue(text, m.index + m[0].length), '--token argument', kind);
  }
}

// --- Request credentials (Authorization: Bearer, x-openclaw-token, ?token=) ------------------------

// HTTP Basic is not among them: a Basic password is only compared with the exposed token
// (TokenMatcher's base64 forms); no Basic context is listed for literals.
function requestCredential(credential: Exclude<CredentialKind, 'basic'>, label: string) {
  const kinds: ReadonlySet<CredentialKind> = new Set([credential]);
  return (text: string, kind: FileKind, found: ContextFound): void => {
    for (const c of findCredentials(text, kinds)) {
      const q = text.charCodeAt(c.index - 1);
      const span = { start: c.index, end: c.index + c.value.length, quoted: q === 34 || q === 39 };
      // Prose says "Bearer authentication"; a generated bearer value has digits.
      found.candidates = pushLiteral(found.candidates, text, span, label, kind, { decode: percentDecode, needsDigit: credential === 'bearer' });
    }
  };
}

// --- Setup output ------------------------------------------------------------------------------------

// `openclaw onboard` / the Docker setup script print the generated token on its own line.
const SETUP_LABEL_RE = /(?<![\w-])[Gg]ateway [Tt]oken:[ \t]*|^[ \t]*Token:[ \t]*/g;

function findSetupOutput(text: string, kind: FileKind, found: ContextFound): void {
  SETUP_LABEL_RE.lastIndex = 0;
  for (let m = SETUP_LABEL_RE.exec(text); m !== null; m = SETUP_LABEL_RE.exec(text)) {
    const span = readValue(text, m.index + m[0].length);
    if (span === undefined) continue;
    // A printed token has digits and letters; `Token: required` is prose.
    const value = text.slice(span.start, span.end);
    if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) continue;
    found.candidates = pushLiteral(found.candidates, text, span, `setup output (${m[0].trim()})`, kind);
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

function findPlistKey(text: string, kind: FileKind, found: ContextFound): void {
  PLIST_KEY_RE.lastIndex = 0;
  for (let m = PLIST_KEY_RE.exec(text); m !== null; m = PLIST_KEY_RE.exec(text)) {
    const context = `launchd plist ${m[1]!} key`;
    const result = plistString(text, m.index + m[0].length, context, kind, found.candidates);
    if (result === false) found.plistKeyOpen = context;
    else found.candidates = result;
  }
}

// --- The table -------------------------------------------------------------------------------------

export const CREDENTIAL_CONTEXTS: readonly CredentialContext[] = [
  {
    id: 'env-assignment',
    recognised: '`OPENCLAW_GATEWAY_TOKEN=`, `CLAWDBOT_GATEWAY_TOKEN=`, `OPENCLAW_GATEWAY_PASSWORD=` (shell, `.env`, `export`, `docker -e`, systemd `Environment=`, compose `NAME: v`), and `${NAME:-default}` with a literal default',
    kinds: ALL_KINDS,
    needles: ['_GATEWAY_'],
    find: findEnv,
    examples: {
      match: [`path:.env OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX48}`, `Environment="OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX64}"`, `token="\${OPENCLAW_GATEWAY_TOKEN:-${EXAMPLE_HEX48}}"`],
      noMatch: ['path:.env OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}', `MY_OPENCLAW_GATEWAY_TOKEN_FILE=${EXAMPLE_HEX48}x`, 'OPENCLAW_GATEWAY_TOKEN: ***'],
    },
  },
  {
    id: 'gateway-named-key',
    recognised:
      'a key or variable named for the gateway token in any case style — its last words are `openclaw`/`clawdbot`/`gateway`/`auth`/`remote` with at least one of the first three, ending in `token`/`secret`/`password`: `OPENCLAW_AUTH_TOKEN=`, `GATEWAY_TOKEN=`, Ansible `openclaw_gateway_token:`, plugin `gatewayToken:`, Helm `--set secrets.openclawGatewayToken=`, TOML `gateway.auth.token = "…"`, `openclaw config set gateway.auth.token <v>` (in code only a quoted value counts)',
    kinds: ALL_KINDS,
    // Few needles: each one costs the prefilter's SIMD pass, and some crowd its buckets (on the
    // bench tree, `secret`/`password` halved the pass over source code, `config set` and `TOKEN`
    // cost CI logs a fifth; this set is as fast as none). Lowercase `token` counts only before a
    // separator, as before; `_TOKEN` for environment names; `.token ` for dotted keys (TOML
    // `gateway.auth.token = "…"`, `config set gateway.auth.token <v>`). A name whose line holds
    // none of them (`GATEWAY_PASSWORD=`, `gatewayToken = "…"`) is still read where its line is:
    // YAML and JSON files whole, and any line with a token-shaped value (every generated token
    // is one).
    needles: ['oken:', 'oken=', 'oken"', "oken'", 'oken\\', '_TOKEN', '.token '],
    find: findGatewayNames,
    examples: {
      match: [
        `path:.env OPENCLAW_AUTH_TOKEN=${EXAMPLE_HEX48}`,
        `path:group_vars/all.yml openclaw_gateway_token: "${EXAMPLE_HEX48}"`,
        `path:plugin.json { "gatewayToken": "${EXAMPLE_BASE64URL}" }`,
        `helm upgrade oc ./chart --set secrets.openclawGatewayToken=${EXAMPLE_HEX48}`,
        `openclaw config set gateway.auth.token ${EXAMPLE_HEX64}`,
        `path:config.toml gateway.auth.token = "${EXAMPLE_HEX48}"`,
        `path:deploy.ts const env = { GATEWAY_TOKEN: "${EXAMPLE_HEX48}" };`,
      ],
      noMatch: [
        `path:.env OPENCLAW_HOOKS_TOKEN=${EXAMPLE_HEX48}`,
        'path:server.js const gatewayToken = cfg?.gateway?.auth?.token || generateToken();',
        'path:gateway-init.ts gatewayToken: pulumi.Input<string>;',
        'path:values.yaml openclaw_gateway_token: "{{ vault_openclaw_gateway_token }}"',
        `path:.env GITHUB_TOKEN=${EXAMPLE_HEX48}`,
        'path:components.test.ts gatewayToken: "test-token",',
      ],
    },
  },
  {
    id: 'token-flag',
    recognised: '`--token <v>` / `--token=<v>`, unless the command is another credential\'s (`openclaw channels add --channel <x> --token …`, `--token-provider <p> --token …`)',
    kinds: ALL_KINDS,
    needles: ['--token'],
    find: findTokenFlag,
    examples: {
      match: [`path:deploy.sh openclaw agent --token ${EXAMPLE_BASE64URL} --message hi`, `openclaw gateway --token=${EXAMPLE_HEX48}`],
      noMatch: ['openclaw channels add --channel qqbot --token "AppID:AppSecret"', `openclaw channels add --channel telegram --token ${EXAMPLE_HEX48}`, 'complete -W "--token --password --url" openclaw'],
    },
  },
  {
    id: 'bearer',
    recognised: '`Authorization: Bearer <v>` (a value with a digit; not another product\'s prefixed token or a JWT)',
    kinds: ALL_KINDS,
    needles: ['Bearer', 'bearer', 'BEARER'],
    find: requestCredential('bearer', 'Authorization: Bearer header'),
    examples: {
      match: [`curl -H "Authorization: Bearer ${EXAMPLE_BASE64URL}" https://gw.internal/api/v1/health`],
      noMatch: ['curl -H "Authorization: Bearer [MASKED]" https://gw.internal/', 'Bearer authentication is required', 'Authorization: Bearer ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    },
  },
  {
    id: 'openclaw-header',
    recognised: '`x-openclaw-token: <v>`',
    kinds: ALL_KINDS,
    needles: ['enclaw-token', 'enClaw-Token', 'ENCLAW-TOKEN'],
    find: requestCredential('header', 'x-openclaw-token header'),
    examples: {
      match: [`x-openclaw-token: ${EXAMPLE_HEX48}`],
      noMatch: ['path:client.ts const headers = { "x-openclaw-token": process.env.OPENCLAW_GATEWAY_TOKEN };'],
    },
  },
  {
    id: 'query-token',
    recognised: '`?token=` / `&token=` / `#token=` in a URL (percent-encoded or not)',
    kinds: ALL_KINDS,
    needles: ['token='],
    find: requestCredential('query', 'token= URL parameter'),
    examples: {
      match: [`GET /hooks/wake?token=${EXAMPLE_HEX48} HTTP/1.1`],
      noMatch: ['GET /hooks/wake?token=${TOKEN} HTTP/1.1'],
    },
  },
  {
    id: 'setup-output',
    recognised: 'setup output `Gateway token: <v>` / a line `Token: <v>`, in logs and notes (not code or config, where `Token:` is a key)',
    kinds: ['text'],
    needles: ['oken:'],
    find: findSetupOutput,
    examples: {
      match: [`Gateway token: ${EXAMPLE_HEX48}`, `  Token: ${EXAMPLE_HEX64}`],
      noMatch: ['Token: required', `path:types.ts Token: ${EXAMPLE_HEX48}`],
    },
  },
  {
    id: 'launchd-plist',
    recognised: 'launchd plist `<key>OPENCLAW_GATEWAY_TOKEN</key>` with its `<string>` on the same or the next line',
    kinds: ALL_KINDS,
    needles: ['<key>'],
    nextLine: true,
    find: findPlistKey,
    examples: {
      match: [`<key>OPENCLAW_GATEWAY_TOKEN</key><string>${EXAMPLE_HEX48}</string>`],
      noMatch: ['<key>OPENCLAW_GATEWAY_TOKEN</key><string>$TOKEN</string>'],
    },
  },
];

/** Every needle of the table, once: what a line must hold to give a single-line literal. */
export const CONTEXT_NEEDLES: readonly string[] = [...new Set(CREDENTIAL_CONTEXTS.flatMap((c) => c.needles))];
/** Needles of the contexts whose value may be on the next line. */
export const NEXT_LINE_NEEDLES: readonly string[] = [...new Set(CREDENTIAL_CONTEXTS.flatMap((c) => (c.nextLine === true ? c.needles : [])))];

// One pass over the line finds the needles it holds; only the contexts they belong to then run.
// Gated lines are few, but minified bundles and source maps make them long (a quarter of the bytes
// of a node_modules tree), so passes over them count.
const NEEDLE_RE = new RegExp(CONTEXT_NEEDLES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
const CONTEXTS_OF = new Map<string, number>();
CREDENTIAL_CONTEXTS.forEach((c, i) => {
  for (const n of c.needles) CONTEXTS_OF.set(n, (CONTEXTS_OF.get(n) ?? 0) | (1 << i));
});
const ALL_CONTEXTS = (1 << CREDENTIAL_CONTEXTS.length) - 1;

/** Literals in single-line contexts. Call only for lines that pass the scan's line gate. */
export function findContextLiterals(text: string, kind: FileKind): ContextFound | undefined {
  let bits = 0;
  NEEDLE_RE.lastIndex = 0;
  for (let m = NEEDLE_RE.exec(text); m !== null && bits !== ALL_CONTEXTS; m = NEEDLE_RE.exec(text)) {
    bits |= CONTEXTS_OF.get(m[0])!;
    // Needles overlap (`oken:` ends where `oken: ` would): look again one character on.
    NEEDLE_RE.lastIndex = m.index + 1;
  }
  if (bits === 0) return undefined;
  const found: ContextFound = { candidates: undefined, plistKeyOpen: undefined };
  CREDENTIAL_CONTEXTS.forEach((c, i) => {
    if ((bits & (1 << i)) !== 0 && c.kinds.includes(kind)) c.find(text, kind, found);
  });
  if (found.candidates === undefined && found.plistKeyOpen === undefined) return undefined;
  found.candidates?.sort((a, b) => a.index - b.index);
  return found;
}
