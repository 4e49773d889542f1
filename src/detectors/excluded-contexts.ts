// Where a value is written as a digest, an id or a file name rather than a secret, told by the
// text just before it (part of the "never a finding" list, docs/product.md §5): a table, one entry
// per context, with examples that test/detectors/excluded-contexts.test.ts runs through the scan.
// exclusions.ts (isExcludedContext) reads it for every candidate value; the key-is-a-digest words
// that the prefilter's byte test also needs stay in exclusions.ts (describesDigest).
import { scanExamples } from './scan-examples.js';

export interface ExcludedContext {
  /** Short name, used in test names. */
  id: string;
  /** The end of the LOOK_BEHIND characters before the value. */
  before: RegExp;
  /** Only a 64-digit lowercase hex value (a SHA-256) there: a key that could also hold a token. */
  hex64?: true;
  /** Only a lowercase hex value as long as a digest (64, 96 or 128 digits: SHA-256, -384, -512). */
  digestHex?: true;
  /** Only a value this matches. */
  value?: RegExp;
  /** The line must also hold this. */
  line?: RegExp;
  /** Lines where a token-shaped value is excluded, and the same places where it is still reported. */
  examples: { excluded: readonly string[]; kept: readonly string[] };
}

const DIGEST_HEX_RE = /^(?:[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/;
/** Hex as long as a common digest: MD5, SHA-1, SHA-224, SHA-256, -384, -512 (never 48: the gateway's generated token). */
const ANY_DIGEST_HEX_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
/** Words that make a label or a path the gateway's: what it holds may be its token. */
const GATEWAY_WORDS = 'gateway|token|openclaw|clawdbot|moltbot';

export const EXCLUDED_CONTEXTS: readonly ExcludedContext[] = [
  {
    // Ids written as a label in notes (`- **Google Doc ID:** \``, `- Sheet ID: \``,
    // `**Previous Device ID:** \``).
    id: 'labelled-id',
    before: /(?<![A-Za-z])(?:doc|document|file|drive|sheet|spreadsheet|device)[ _]?id(?::(?:\*\*)?|(?:\*\*)?:)[ \t]*`?$/i,
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return { excluded: [`- **Google Doc ID:** \`${EXAMPLE_BASE64URL}\``], kept: [`- **Token:** \`${EXAMPLE_BASE64URL}\``] };
    },
  },
  {
    /*
     * Digests written as a label in notes and reports: `- **Certificate SHA:** \``, `Config hash
     * (secrets excluded): \``, `- Front-door nonce (sha256): \``, `- **HMAC signature:** \``, a
     * table row `| DB hash | \`…\` |` (an agent's delivery certificates and ledgers, 30 findings in the
     * fifth corpus). A hash of a token is not the token; a nonce is used once. Only hex as long as
     * a digest (32, 40, 56, 64, 96, 128 digits): 48 lowercase hex is OpenClaw's generated token, and a
     * note calls it a "hash" or a "nonce" too. Not when the label names the gateway or a token
     * (`- Gateway hash:`, `| gateway nonce |`, `nonce (gateway):`): what it holds may be the token.
     */
    id: 'labelled-digest',
    before: new RegExp(
      String.raw`(?<![A-Za-z])(?<!(?:${GATEWAY_WORDS})[^|:\x60]{0,40})(?:sha(?:1|224|256|384|512)?|md5|hash|digest|checksum|nonce|signature)` +
        String.raw`(?:[ \t]*\((?![^()]*(?:${GATEWAY_WORDS}))[^()]{0,40}\))?(?::(?:\*\*)?|(?:\*\*)?:|(?:\*\*)?[ \t]*\|)[ \t]*\x60?$`,
      'i',
    ),
    value: ANY_DIGEST_HEX_RE,
    get examples() {
      const { EXAMPLE_HEX64, EXAMPLE_HEX48 } = scanExamples();
      return {
        excluded: [`- **Certificate SHA:** \`${EXAMPLE_HEX64}\``, `- Front-door nonce (sha256): \`${EXAMPLE_HEX64}\``, `| DB hash | \`${EXAMPLE_HEX64}\` |`],
        kept: [
          `- **Certificate:** \`${EXAMPLE_HEX64}\``,
          `| DB password | \`${EXAMPLE_HEX64}\` |`,
          `- Deploy hash: \`${EXAMPLE_HEX48}\``,
          `- Gateway hash: \`${EXAMPLE_HEX64}\``,
          `| gateway nonce | \`${EXAMPLE_HEX64}\` |`,
          `- Front-door nonce (gateway): \`${EXAMPLE_HEX64}\``,
        ],
      };
    },
  },
  {
    // File names under their key, also JSON-escaped (a Confluence export's `ri:filename=\"…`,
    // `"source_file": "…"`: attachment names are long random runs).
    id: 'file-name',
    before: /(?:file_?name|source_?file)\\?["']?[ \t]*[:=][ \t]*\\?["']?$/i,
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return { excluded: [`{"source_file": "${EXAMPLE_BASE64URL}.pdf"}`], kept: [`{"source": "${EXAMPLE_BASE64URL}"}`] };
    },
  },
  {
    /*
     * A digest keyed by what it hashes, a file or a URL: manifests and ledgers (`"brief.json":
     * "<sha256>"`, `"scripts/aa_qc_cert.py": "…"`), `deno.lock` (`"https://deno.land/std/…":
     * "<sha256>"`) and per-file listings (`scripts/wire.sh:<sha256>`), 300 findings in the fifth
     * corpus. Only a digest-long lowercase hex value, and only under a name that names no credential,
     * no OpenClaw, gateway, Compose or `.env` file: `grep` prints `secrets/gateway.token:<hex>`,
     * `/root/.openclaw/openclaw.json:<hex>` and `docker-compose.yml:<hex>` the same way, and 64 hex
     * is `openssl rand -hex 32`, a token people set themselves: that is an exposure.
     */
    id: 'path-keyed-digest',
    before: /(?<![\w~/.:@+%-])(?![\w~/.:@+%-]*(?:token|secret|passw|auth|cred|key|\.env|openclaw|clawdbot|moltbot|gateway|compose))[\w~/.:@+%-]*(?:\.[A-Za-z][A-Za-z0-9]{0,7}|\/)(?:\\?["'][ \t]*:[ \t]*\\?["']|:)$/i,
    digestHex: true,
    get examples() {
      const { EXAMPLE_HEX64 } = scanExamples();
      return {
        excluded: [`  "scripts/aa_qc_cert.py": "${EXAMPLE_HEX64}",`, `  "https://deno.land/std@0.200.0/path/mod.ts": "${EXAMPLE_HEX64}",`, `scripts/wire.sh:${EXAMPLE_HEX64}`],
        kept: [
          `secrets/gateway.token:${EXAMPLE_HEX64}`,
          `  "openclaw/.env": "${EXAMPLE_HEX64}",`,
          `  "brief": "${EXAMPLE_HEX64}",`,
          `/root/.openclaw/openclaw.json:${EXAMPLE_HEX64}`,
          `docker-compose.yml:${EXAMPLE_HEX64}`,
        ],
      };
    },
  },
  {
    /*
     * Replicate's API takes a model version as `"version": "<64 hex>"` (its docs and every client's
     * examples). Only the quoted JSON key, and only 64 hex: `OPENCLAW_TOKEN_VERSION=<hex>` names no
     * digest. (TypeScript's build info holds the same key; its file is one rule, candidates.ts.)
     */
    id: 'json-version',
    before: /"version\\?"\s*:\s*\\?"$/,
    hex64: true,
    get examples() {
      const { EXAMPLE_HEX64, EXAMPLE_HEX48 } = scanExamples();
      return { excluded: [`{"version": "${EXAMPLE_HEX64}", "input": {"prompt": "a cat"}}`], kept: [`OPENCLAW_TOKEN_VERSION=${EXAMPLE_HEX64}`, `{"version": "${EXAMPLE_HEX48}"}`] };
    },
  },
  {
    // GitGuardian's HasMySecretLeaked answers and queries carry `"hint": "<64 hex>"`, a SHA-256
    // derived from a secret (ggshield's cassettes and tests, 110 findings).
    id: 'hint-key',
    before: /"hint\\?"\s*:\s*\\?"$/,
    hex64: true,
    get examples() {
      const { EXAMPLE_HEX64, EXAMPLE_BASE64URL } = scanExamples();
      return { excluded: [`{"hint": "${EXAMPLE_HEX64}", "m": 5}`], kept: [`{"hint": "${EXAMPLE_BASE64URL}"}`] };
    },
  },
  {
    // A JSON Web Key's coordinates and parameters on a line that says it is a JWK (`"kty"` or
    // `"crv"`): public key material, or another product's key.
    id: 'jwk-member',
    before: /"(?:x|y|n|e|d|k|p|q|dp|dq|qi)\\?"\s*:\s*\\?"$/,
    line: /kty\\?"|crv\\?"/,
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return { excluded: [`{"kty":"OKP","crv":"Ed25519","x":"${EXAMPLE_BASE64URL}"}`], kept: [`{"x":"${EXAMPLE_BASE64URL}"}`] };
    },
  },
  {
    // Password-hash framing: the hash part of `$6$salt$<hash>`, `$2b$12$<hash>`, `{SSHA}<hash>`.
    id: 'password-hash',
    before: /(?:\$(?:2[abxy]?|[1356y]|7|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*)\$|\{[A-Z0-9.-]*(?:CRYPT|SHA|MD5)[A-Z0-9.-]*\})\S*$/,
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return { excluded: [`root:$6$rounds=5000$saltsalt$${EXAMPLE_BASE64URL}:19000:0:99999:7:::`], kept: [`root:${EXAMPLE_BASE64URL}`] };
    },
  },
  {
    /*
     * Container ids: Kubernetes `containerID: containerd://<id>` (also `docker://`, `cri-o://`),
     * Docker's `/var/lib/docker/containers/<id>/`, cgroup paths `/docker/<id>`, containerd's
     * `/moby/<id>`. Terraform lock files hash providers as `zh:<64 hex>` and `h1:<base64>`; OpenShift
     * tokens start `sha256~`; GitHub's pull-request file anchors are `#diff-<SHA-256 of the path>`; a
     * MIME encoded word (RFC 2047, `Subject: =?utf-8?b?<base64>?=`) is text, base64-encoded.
     */
    id: 'id-prefix',
    before: /(?:(?:containerd|docker|cri-o|crio):\/\/|\/(?:containers|docker|moby)\/|\b(?:zh|h1):|sha256~|#diff-|=\?[\w.-]+\?b\?)$/i,
    get examples() {
      const { EXAMPLE_HEX64 } = scanExamples();
      return { excluded: [`    containerID: containerd://${EXAMPLE_HEX64}`, `https://github.com/o/r/pull/1/files#diff-${EXAMPLE_HEX64}`], kept: [`    containerToken: ${EXAMPLE_HEX64}`] };
    },
  },
  {
    /*
     * A Replicate model version is `owner/model:<64 hex>` (as an image is `repo/name@sha256:…`): only
     * 64 lowercase hex after a model name without a dot that names no credential — `grep` prints
     * `secrets/gateway_token:<hex>` the same way, and that is an exposure.
     */
    id: 'model-version',
    before: /(?<![\w/:.-])(?![\w/-]*(?:token|secret|passw|auth|key|openclaw|clawdbot|gateway))[\w-]+\/[\w-]+:$/i,
    hex64: true,
    get examples() {
      const { EXAMPLE_HEX64 } = scanExamples();
      return { excluded: [`replicate.run("stability-ai/sdxl:${EXAMPLE_HEX64}")`], kept: [`secrets/gateway_token:${EXAMPLE_HEX64}`] };
    },
  },
  {
    /*
     * SOPS ciphertext, `ENC[AES256_GCM,data:<base64>,iv:…,tag:…,type:str]` (a Nix configuration's
     * `secrets.yaml`): useless without the key; exclusions.ts leaves out a value that starts so, and
     * this the run read out of its base64 when no `+` or `/` comes before it.
     */
    id: 'sops-ciphertext',
    before: /ENC\[[A-Z0-9_]+,data:$/,
    get examples() {
      const { EXAMPLE_BASE64URL } = scanExamples();
      return {
        excluded: [`grafana-mail-password: ENC[AES256_GCM,data:${EXAMPLE_BASE64URL},iv:BifI9Hc5238ImZsN,tag:Bpj4Fkw,type:str]`],
        kept: [`grafana-mail-password: data:${EXAMPLE_BASE64URL},iv:BifI9Hc5238ImZsN`],
      };
    },
  },
  {
    // OpenClaw's `Config overwrite: <path> (sha256 <a> -> <b>)`: <b> follows `-> `, not `sha256`.
    id: 'digest-change',
    before: /\bsha256 [0-9a-f]+ -> $/i,
    get examples() {
      const { EXAMPLE_HEX64 } = scanExamples();
      return { excluded: [`Config overwrite: ~/.openclaw/openclaw.json (sha256 ${'ab'.repeat(8)} -> ${EXAMPLE_HEX64})`], kept: [`Config overwrite: ~/.openclaw/openclaw.json (token -> ${EXAMPLE_HEX64})`] };
    },
  },
];

/** `before` (the text before a value, `hex64`/`value` what the value is) is one of the table's contexts. */
export function isExcludedByTable(before: string, text: string, value: string, hex64: boolean): boolean {
  for (const c of EXCLUDED_CONTEXTS) {
    if (c.hex64 === true && !hex64) continue;
    if (c.digestHex === true && !(hex64 || DIGEST_HEX_RE.test(value))) continue;
    if (c.value !== undefined && !c.value.test(value)) continue;
    if (c.before.test(before) && (c.line === undefined || c.line.test(text))) return true;
  }
  return false;
}
