// The credential contexts of gateway-token-literal that one line shows, as a table: one entry per
// context, with the keywords a line must hold for it (the prefilter's needles and the per-line
// hints are derived from them), the file kinds it applies to, and match/noMatch examples that
// test/detectors/credential-contexts.test.ts runs. Adding a context = one entry here, its fixtures
// and a README line (a new way of recognising one is a finder in context-finders.ts). Contexts that need the lines before (YAML `gateway:` blocks, JSON
// `gateway.auth`, a plist `<string>` on the next line) are followed by LiteralScanner.
import { scanExamples } from '../detectors/scan-examples.js';
import type { ContextFound, FileKind } from './types.js';
import { ALL_KINDS, findEnv, findGatewayFlag, findGatewayNames, findPlistKey, findSetupOutput, findTokenFlag, requestCredential } from './context-finders.js';

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

// --- The table -------------------------------------------------------------------------------------

export const CREDENTIAL_CONTEXTS: readonly CredentialContext[] = [
  {
    id: 'env-assignment',
    recognised: '`OPENCLAW_GATEWAY_TOKEN=`, `CLAWDBOT_GATEWAY_TOKEN=`, `OPENCLAW_GATEWAY_PASSWORD=` (shell, `.env`, `export`, `docker -e`, systemd `Environment=`, compose `NAME: v`), and `${NAME:-default}` with a literal default',
    kinds: ALL_KINDS,
    needles: ['_GATEWAY_'],
    find: findEnv,
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_HEX64 } = scanExamples();
      return {
        match: [`path:.env OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX48}`, `Environment="OPENCLAW_GATEWAY_TOKEN=${EXAMPLE_HEX64}"`, `token="\${OPENCLAW_GATEWAY_TOKEN:-${EXAMPLE_HEX48}}"`],
        noMatch: ['path:.env OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}', `MY_OPENCLAW_GATEWAY_TOKEN_FILE=${EXAMPLE_HEX48}x`, 'OPENCLAW_GATEWAY_TOKEN: ***'],
      };
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
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_HEX64, EXAMPLE_BASE64URL } = scanExamples();
      return {
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
      };
    },
  },
  {
    id: 'token-flag',
    recognised: '`--token <v>` / `--token=<v>`, unless the command is another credential\'s (`openclaw channels add --channel <x> --token …`, `--token-provider <p> --token …`)',
    kinds: ALL_KINDS,
    needles: ['--token'],
    find: findTokenFlag,
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_BASE64URL } = scanExamples();
      return {
        match: [`path:deploy.sh openclaw agent --token ${EXAMPLE_BASE64URL} --message hi`, `openclaw gateway --token=${EXAMPLE_HEX48}`],
        noMatch: ['openclaw channels add --channel qqbot --token "AppID:AppSecret"', `openclaw channels add --channel telegram --token ${EXAMPLE_HEX48}`, 'complete -W "--token --password --url" openclaw'],
      };
    },
  },
  {
    id: 'gateway-flag',
    recognised:
      '`openclaw onboard`/`setup` flags that set the gateway credential: `--gateway-token <v>`, `--remote-token <v>`, `--gateway-password <v>`, `--remote-password <v>` (also `=<v>`; on a continued command line too, where nothing else names the gateway)',
    kinds: ALL_KINDS,
    // `oken=` already finds `--remote-token=<v>`; the value after a space needs the flag itself.
    needles: ['--gateway-token', '--gateway-password', '--remote-token', '--remote-password'],
    find: findGatewayFlag,
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_HEX64, EXAMPLE_BASE64URL } = scanExamples();
      return {
        match: [
          `  --remote-token ${EXAMPLE_BASE64URL} \\`,
          `openclaw onboard --non-interactive --gateway-auth token --gateway-token ${EXAMPLE_HEX48}`,
          `path:setup.sh openclaw setup --mode remote --remote-url wss://gw.internal:18789 --remote-token=${EXAMPLE_HEX64}`,
          `openclaw onboard --gateway-auth password --gateway-password '${EXAMPLE_BASE64URL}'`,
        ],
        noMatch: [
          'openclaw setup --non-interactive --mode remote --remote-url wss://gateway-host:18789 --remote-token <token>',
          '  --remote-token remote-token \\',
          '  --gateway-token-ref-env OPENCLAW_GATEWAY_TOKEN \\',
          'openclaw onboard --gateway-token "$OPENCLAW_GATEWAY_TOKEN"',
          `path:lookup.ts throw new Error(\`unknown counterpart; pass --remote-token <address>\`);`,
        ],
      };
    },
  },
  {
    id: 'bearer',
    recognised: '`Authorization: Bearer <v>` (a value with a digit; not another product\'s prefixed token or a JWT, nor on a line whose URLs all go to public hosts and none names the gateway, nor a value the same file sent to such a host)',
    kinds: ALL_KINDS,
    needles: ['Bearer', 'bearer', 'BEARER'],
    find: requestCredential('bearer', 'Authorization: Bearer header'),
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return {
        match: [
          `curl -H "Authorization: Bearer ${EXAMPLE_BASE64URL}" https://gw.internal/api/v1/health`,
          `path:session.jsonl {"text":"curl https://api.todoist.com/api/v1/tasks\\ncurl http://127.0.0.1:18789/v1/chat/completions -H 'Authorization: Bearer ${EXAMPLE_BASE64URL}'"}`,
        ],
        noMatch: [
          'curl -H "Authorization: Bearer [MASKED]" https://gw.internal/',
          'Bearer authentication is required',
          'Authorization: Bearer ghp_0123456789abcdefghijABCDEFGHIJ012345',
          `curl https://api.particle.io/v1/devices -H "Authorization: Bearer ${EXAMPLE_BASE64URL}"`,
          `path:rules.json "curl -H \\"Authorization: Bearer ${EXAMPLE_BASE64URL}\\" \\\\\\nhttps://api.particle.io/v1/devices\\n"`,
          'Authorization: Bearer mF_9.B5f-4.1JqM',
          `path:session.jsonl {"text":"curl http://127.0.0.1:18789/hooks/agent -H 'Authorization: Bearer $HOOK_TOKEN'\\ncurl https://api.todoist.com/api/v1/tasks -H 'Authorization: Bearer ${EXAMPLE_BASE64URL}'"}`,
        ],
      };
    },
  },
  {
    id: 'openclaw-header',
    recognised: '`x-openclaw-token: <v>`',
    kinds: ALL_KINDS,
    needles: ['enclaw-token', 'enClaw-Token', 'ENCLAW-TOKEN'],
    find: requestCredential('header', 'x-openclaw-token header'),
    get examples() {
      const { EXAMPLE_HEX48 } = scanExamples();
      return {
        match: [`x-openclaw-token: ${EXAMPLE_HEX48}`],
        noMatch: ['path:client.ts const headers = { "x-openclaw-token": process.env.OPENCLAW_GATEWAY_TOKEN };'],
      };
    },
  },
  {
    id: 'query-token',
    recognised: '`?token=` / `&token=` / `#token=` in a URL (percent-encoded or not), unless the line\'s URLs all go to public hosts and none names the gateway, or the same file sent the value to such a host',
    kinds: ALL_KINDS,
    needles: ['token='],
    find: requestCredential('query', 'token= URL parameter'),
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_BASE64URL } = scanExamples();
      return {
        match: [`GET /hooks/wake?token=${EXAMPLE_HEX48} HTTP/1.1`, `open http://127.0.0.1:18789/?token=${EXAMPLE_BASE64URL}`, `https://claw.tail1234.ts.net/#token=${EXAMPLE_BASE64URL}`],
        noMatch: ['GET /hooks/wake?token=${TOKEN} HTTP/1.1', `curl "https://blynk.cloud/external/api/get?token=${EXAMPLE_BASE64URL}&V1"`],
      };
    },
  },
  {
    id: 'setup-output',
    recognised:
      'setup output `Gateway token: <v>` (also `Gateway API token:`, `Gateway auth token:`) / a line `Token: <v>` (also a list item, bold: `- **Token:** <v>`), and a Markdown table row `| Gateway token | <v> |`, in logs and notes (not code or config, where `Token:` is a key)',
    kinds: ['text'],
    // `oken |`, `oken** |`: the table row, whose label has no colon (+2 needles, +14 bytes).
    needles: ['oken:', 'oken |', 'oken** |'],
    find: findSetupOutput,
    get examples() {
      const { EXAMPLE_HEX48, EXAMPLE_HEX64 } = scanExamples();
      return {
        match: [
          `Gateway token: ${EXAMPLE_HEX48}`,
          `  Token: ${EXAMPLE_HEX64}`,
          `- **Token:** \`${EXAMPLE_HEX64}\``,
          `- Gateway API token: \`${EXAMPLE_HEX48}\` (in openclaw.json gateway.auth.token)`,
          `| Gateway token | \`${EXAMPLE_HEX64}\` |`,
        ],
        noMatch: ['Token: required', `path:types.ts Token: ${EXAMPLE_HEX48}`, `| Hooks token | \`${EXAMPLE_HEX64}\` |`, '| Gateway token | `<from openclaw.json>` |'],
      };
    },
  },
  {
    id: 'launchd-plist',
    recognised: 'launchd plist `<key>OPENCLAW_GATEWAY_TOKEN</key>` with its `<string>` on the same or the next line',
    kinds: ALL_KINDS,
    needles: ['<key>'],
    nextLine: true,
    find: findPlistKey,
    get examples() {
      const { EXAMPLE_HEX48 } = scanExamples();
      return {
        match: [`<key>OPENCLAW_GATEWAY_TOKEN</key><string>${EXAMPLE_HEX48}</string>`],
        noMatch: ['<key>OPENCLAW_GATEWAY_TOKEN</key><string>$TOKEN</string>'],
      };
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
  if (found.candidates === undefined && found.plistKeyOpen === undefined && found.sentElsewhere === undefined) return undefined;
  found.candidates?.sort((a, b) => a.index - b.index);
  return found;
}
