// The "never a finding" list (docs/product.md §5), shared by every scan rule: values that are references,
// placeholders or CI masks, and contexts that hold digests or ids rather than secrets. Only
// candidates reach these checks (a few per file), so they may allocate.
import { isLowEntropy } from './entropy.js';
import { ANYWHERE_WORDS_SOURCE, isAlphabetRun, isMostlyAlphabetRuns, isRunsAndWords } from './word-placeholders.js';
import { isExcludedByTable } from './excluded-contexts.js';
import { isVendorTail, isVendorToken } from './vendor-tokens.js';

/**
 * `clawprint:allow` anywhere on a line suppresses every finding on it. A shared check rather than
 * a rule of its own: a suppression rule would need the other rules' findings, and scan rules see
 * lines, not each other.
 */
export function hasAllowComment(text: string): boolean {
  return text.includes('clawprint:allow');
}

/** OpenClaw's redaction mask: first 6, `…` or `...`, last 4 (same shape token.ts matches). */
const MASK_RE = /^[^\s…]{6}(?:…|\.\.\.)[^\s…]{4}$/;

export function isOpenclawMask(value: string): boolean {
  return MASK_RE.test(value);
}

// `${VAR}`, `$VAR`, `$(cmd)`, `` `cmd` ``, `${{ secrets.X }}`, `%VAR%`, `{{ .Values.x }}`: the secret
// lives elsewhere. A value that merely contains one is assembled at run time, so it is no literal
// either (a backtick inside a double-quoted shell value is command substitution).
// `\$NAME` is a reference escaped for a heredoc or a Markdown code span.
// `s/^NAME=.*/NAME=$NEW_TOKEN/` (sed rewriting a .env) holds `=$NEW_TOKEN`: set from a variable.
const REFERENCE_RE = /^\\?\$|\$\{|\$\(|`|\{\{|^%[A-Za-z_]\w*%$|=\$[A-Za-z_]/;
/*
 * Secret-manager references: the value names where the secret is kept, a CLI or operator resolves
 * it at run time. 1Password `op://vault/item/field`; HashiCorp Vault as Bank-Vaults/vault-env
 * write it (`vault:secret/data/x#key`) or `vault://…`; AWS `arn:aws:secretsmanager:…` and SSM
 * `arn:aws:ssm:…:parameter/…`, `aws-sm://…`; Google `projects/<p>/secrets/<s>[/versions/<v>]`,
 * berglas `sm://…`, `gcp-sm://…`, secrets-init `gcp:secretmanager:…`; Azure App Service
 * `@Microsoft.KeyVault(…)`, `https://<vault>.vault.azure.net/secrets/…`, `azurekeyvault://…`;
 * a SOPS-encrypted value `ENC[AES256_GCM,data:…]` (ciphertext, useless without the key).
 */
const SECRET_REFERENCE_RE =
  /^(?:op|aws-sm|gcp-sm|sm|azurekeyvault):\/\/|^vault:|^arn:aws[\w-]*:(?:secretsmanager|ssm):|^gcp:secretmanager:|^projects\/[^/\s]+\/secrets\/[^/\s]+|^@Microsoft\.KeyVault\b|^https:\/\/[\w-]+\.vault\.azure\.net\/secrets\/|^ENC\[[A-Z0-9_]+,data:/;
// Documentation and template stand-ins. `x{4,}` also covers CircleCI's `XXXXXX` mask; a trailing
// ellipsis is a value shortened for display, also written with two dots (ntfy's docs: `Bearer
// zAzsx1sk..`; no token ends in dots, hex and base64url have none), and so is one in the middle
// (`Bearer 9f3a61c2...e4b7` in an agent's notes). `deadbeef` and `cafebabe` are the hex words
// examples are made of (FastAPI's docstring: `Authorization: Bearer deadbeef12346`). `your-…-key`
// with up to four words between (`Bearer YOUR_CONTEXT7_API_KEY`, an agent's API notes). The stand-in
// words are word-placeholders.ts's list (ANYWHERE_WORDS).
const PLACEHOLDER_RE = new RegExp(
  String.raw`your[-_ ]?(?:[A-Za-z0-9]+[-_ ]){0,4}?(?:gateway[-_ ]?)?(?:token|password|secret|key)|<[^>]*>|change[-_]?me|replace[-_]?me|x{4,}|${ANYWHERE_WORDS_SOURCE}|deadbeef|cafebabe|(?:\.\.|\u2026)$|[^\s.\u2026](?:\.{3}|\u2026)[^\s.\u2026]`,
  'i',
);
// CI masks: GitHub `***`, Jenkins `****`, GitLab `[MASKED]`, Buildkite `[REDACTED]`, Caddy
// `REDACTED`, OpenClaw's config sentinel `__OPENCLAW_REDACTED__`.
const CI_MASK_RE = /\*{3}|\[MASKED\]|REDACTED/i;
// SCREAMING_CASE without digits is a variable name in a doc (`--token TOKEN_VALUE`), not a token.
const CONSTANT_NAME_RE = /^[A-Z_]+$/;
// Also behind a short product prefix: HighLevel's private integration tokens are `pit-<uuid>`; an
// OpenClaw token is hex or base64url, never UUID-shaped.
const UUID_RE = /^(?:[a-z]{2,8}[-_])?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Content digests written with their algorithm: `sha256:…`, SRI `sha512-…`.
const DIGEST_VALUE_RE = /^(?:sha(?:1|224|256|384|512)|md5)[-:_]/i;

/*
 * Example values of the OAuth RFCs, copied into documentation, tests and other scanners' rule
 * examples: RFC 6750's bearer token `mF_9.B5f-4.1JqM`, RFC 6749's access and refresh tokens,
 * authorization code and client secret. Nobody's secret.
 */
const RFC_EXAMPLE_VALUES = new Set(['mF_9.B5f-4.1JqM', '2YotnFZFEjr1zCsicMWpAA', 'tGzv3JOkF0XG5Qx2TlKWIA', 'SplxlOBeZQQYbYS6WxSbIA', '7Fjfp0ZBr1KtDRbnfVdmIw']);
/*
 * Password hashes (crypt formats, LDAP `{SCHEME}`): `$6$salt$…`, `$2b$12$…`, `$argon2id$v=19$…`,
 * `{SHA512-CRYPT}$6$…`, `{SSHA}…`. Public: a hash, not the password.
 */
const PASSWORD_HASH_RE = /^(?:\{[A-Z0-9.-]+\})|^\$(?:2[abxy]?|[1356y]|7|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*|sha\d+)\$/;
/** `--password`, `-p`: the next option of a command line (shell completion lists them), not a value. */
const OPTION_RE = /^--?[a-z][a-z0-9-]*$/;

/**
 * A value that is never a secret, whatever context it was found in; `gatewayNamed`: its key names
 * the gateway (`OPENCLAW_GATEWAY_TOKEN=`), where a value shaped like an id of Google's is still one.
 */
export function isExcludedValue(value: string, gatewayNamed = false): boolean {
  return isExcludedForm(value, gatewayNamed) || isLowEntropy(value);
}

/**
 * isExcludedValue without the entropy test, for a value already found random (token-shapes.ts:
 * its entropy is above LITERAL_MIN_ENTROPY and it repeats no short unit, so it is not low).
 */
export function isExcludedForm(value: string, gatewayNamed = false): boolean {
  return (
    REFERENCE_RE.test(value) ||
    SECRET_REFERENCE_RE.test(value) ||
    PLACEHOLDER_RE.test(value) ||
    CI_MASK_RE.test(value) ||
    CONSTANT_NAME_RE.test(value) ||
    UUID_RE.test(value) ||
    DIGEST_VALUE_RE.test(value) ||
    isVendorToken(value, gatewayNamed) ||
    RFC_EXAMPLE_VALUES.has(value) ||
    PASSWORD_HASH_RE.test(value) ||
    OPTION_RE.test(value) ||
    isOpenclawMask(value) ||
    isAlphabetRun(value) ||
    isMostlyAlphabetRuns(value) ||
    isRunsAndWords(value)
  );
}

/*
 * What the text just before a value says it is. Digests: `sha256:`, `@sha256:`, `sha512-`,
 * `"integrity": "`, `checksum = "` (Cargo.lock), `hash = "` (poetry.lock), `shasum`. Git object
 * ids: `commit <40 hex>`, `tree`, `parent`, `blob`, `object`. OpenClaw device ids:
 * `device=<64 hex>`, `"deviceId": "…"` (docs/formats.md: a device id is SHA-256 of a public key).
 * `base64,` is a data URI. Keys JSON-escaped once or twice (`\\\"hash\\\": \\\"…`, an agent's
 * session log quoting `openclaw config get` output) name a digest just the same. A `signature` is
 * what a key computed, public once sent (`"thinkingSignature": "<64 hex>"` on every reasoning
 * step of an agent's session log, S3's `X-Amz-Signature=`, TypeScript build info's `"signature"`);
 * an OpenClaw `nodeId` is a device id (`"nodeId": "<64 hex>"` in `nodes` tool results).
 */
const DESCRIBED_BY_RE =
  /(?:sha(?:1|224|256|384|512)?(?:sum)?|md5|hash|digest|checksum|integrity|device_?id|device|node_?id|signature|container_?id|commit|tree|parent|blob|object|base64|cache_?key|e_?tag|public_?key|pub_?key|(?:doc|document|file|drive|sheet|spreadsheet)_?id|ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+)\\*["']?\s*[:=@,/\s_-]\s*\\*["']?$/i;
/*
 * A key that names a digest before a qualifier: Helm's pod annotations in rendered manifests
 * (`checksum/config: <sha256>`, `checksum/secrets`, truecharts' `checksum/persistence`),
 * `hash-of-values:`, `sha256sum/values:`. A qualifier naming a credential (`hash_token`) is not
 * excused: that key could hold the token itself.
 */
const DIGEST_KEY_RE = /(?:checksum|hash|digest|sha(?:1|224|256|384|512)?(?:sum)?|md5)[/._-](?![\w./-]*(?:token|passw|auth))[\w./-]*["']?\s*[:=]\s*["']?$/i;
/** `"<64 hex>": {`: a device id as a JSON object key (paired.json, device maps). */
const JSON_KEY_AFTER_RE = /^\\?"\s*:/;
/** 64 lowercase hex: a device id (SHA-256 of a public key), a model version, a digest. */
const HEX64_RE = /^[0-9a-f]{64}$/;
// `sha256sum`/`shasum` listings (`<hex>  <file>`, `<hex> *<file>`), BSD `SHA256 (file) = <hex>`,
// and the same column layout from `docker ps --no-trunc` / `docker images --no-trunc` (an id
// padded to the next column with 3+ spaces).
const CHECKSUM_LINE_RE = /^[0-9a-fA-F]{32,128}(?: \*|[ \t]{2,})\S|^(?:SHA\d+|MD5) \(.*\) = [0-9a-fA-F]+$/;
// `git diff` headers (`index abc1234..def5678 100644`) and `git ls-remote`/packed-refs lines, with
// SHA-1 (40 hex) or SHA-256 (64 hex, `git init --object-format=sha256`) object ids.
const GIT_LINE_RE = /^index [0-9a-f]{7,64}\.\.[0-9a-f]{7,64}\b|^(?:[0-9a-f]{40}|[0-9a-f]{64})\s+refs\//;
/** How much of the text before a value isExcludedContext reads. */
export const LOOK_BEHIND = 48;
/*
 * Amazon S3 server access logs: the bucket owner's and the requester's canonical user ids are 64
 * hex digits, the first field (`<owner> <bucket> [06/Feb/2019:00:00:38 +0000] …`) and the one after
 * the remote IP (`… +0000] 192.0.2.3 <requester> …`). Public ids; the request itself is still read.
 */
const S3_OWNER_AFTER_RE = /^ [a-z0-9][a-z0-9.-]{1,62} \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] /;
const S3_REQUESTER_BEFORE_RE = /\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] [\d.:a-fA-F]+ $/;

// `token=not-the-token-${suffix}`: the value continues in a template, so it is assembled at run
// time. The value may end just before the `$` or, when `$` was read as part of it, on it.
const TEMPLATE_START_RE = /^(?:\$\{|\$\(|\{\{)/;

function continuesAsTemplate(text: string, end: number): boolean {
  return TEMPLATE_START_RE.test(text.slice(end, end + 2)) || TEMPLATE_START_RE.test(text.slice(end - 1, end + 1));
}

/*
 * `Authorization: Basic <base64>` is base64 of `user:password` (ntfy's docs encode `:tk_…`, an API
 * guide `apps/<id>:<secret>`): the run is not a token, its password may be. Only a run that decodes
 * to printable text with a colon is one; it stays a candidate when the password is token-shaped itself (48/64 hex, 43+ base64url characters), as a gateway
 * token sent through a proxy's Basic auth would be; the exposed token is found in it either way
 * (TokenMatcher's base64 forms).
 */
const BASIC_BEFORE_RE = /\bBasic[ \t]+$/i;
const TOKEN_PASSWORD_RE = /^(?:[0-9a-fA-F]{48}|[0-9a-fA-F]{64}|[A-Za-z0-9_-]{43,})$/;
const BASIC_TEXT_RE = /^[\x20-\x7e]+\r?\n?$/;

function isBasicCredential(before: string, text: string, start: number, end: number): boolean {
  if (!BASIC_BEFORE_RE.test(before)) return false;
  const decoded = Buffer.from(text.slice(start, end), 'base64').toString('latin1');
  // Only what decodes to printable `user:password` is one: a raw token after `Basic` (hex or
  // base64url decodes to bytes, not text) stays a candidate. `echo … | base64` adds a newline.
  const colon = decoded.indexOf(':');
  if (colon < 0 || !BASIC_TEXT_RE.test(decoded)) return false;
  return !TOKEN_PASSWORD_RE.test(decoded.slice(colon + 1).replace(/\r?\n$/, ''));
}

/**
 * The candidate at text[start, end) sits where a digest or an id is written, is the tail of a
 * vendor-prefixed token, or is only the literal head of a templated value: not a secret.
 */
export function isExcludedContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - LOOK_BEHIND), start);
  // A 64-hex value, asked by several of the tests below: its length first, then its digits, once.
  const hex64 = end - start === 64 && HEX64_RE.test(text.slice(start, end));
  return (
    describesDigest(before) ||
    isExcludedByTable(before, text, text.slice(start, end), hex64) ||
    (hex64 && text.charCodeAt(start - 1) === 34 && JSON_KEY_AFTER_RE.test(text.slice(end, end + 8))) ||
    (end - start === 64 && (S3_OWNER_AFTER_RE.test(text.slice(end, end + 72)) || S3_REQUESTER_BEFORE_RE.test(before))) ||
    continuesAsTemplate(text, end) ||
    isVendorTail(text, start) ||
    isBasicCredential(before, text, start, end) ||
    CHECKSUM_LINE_RE.test(text) ||
    GIT_LINE_RE.test(text)
  );
}

/**
 * `before` (the LOOK_BEHIND characters before a value) names a digest, an id or a key's checksum:
 * isExcludedContext excludes the value whatever else holds. The scan's byte test asks it of a
 * long run alone on a line (values/token-shapes.ts mayHoldTokenShape: `image: …@sha256:<hex>`).
 */
export function describesDigest(before: string): boolean {
  return DESCRIBED_BY_RE.test(before) || DIGEST_KEY_RE.test(before);
}

/*
 * Google Docs, Sheets and Drive file ids are 44 base64url characters starting with `1`
 * (`1PunpaDAFBPBL_I76AiRYGXKaXDZvMl1c262SEtxRk6Q`); agent workspaces name them in scripts, notes
 * and `gog sheets get <id>` lines, most without a label (86 findings in three corpora). Only for a
 * bare value: OpenClaw's base64url tokens are 43 characters, and in a credential context the same
 * shape is still a literal.
 */
const GOOGLE_FILE_ID_RE = /^1[A-Za-z0-9_-]{43}$/;

export function isGoogleFileId(value: string): boolean {
  return GOOGLE_FILE_ID_RE.test(value);
}

/*
 * Solana addresses (and other 32-byte public keys written in base58) are 44 characters of the
 * base58 alphabet, which has no `0`, `O`, `I`, `l`, `-` or `_` (a trading agent's wallet in its
 * notes, 20 findings in one workspace). Public; also for bare values only: OpenClaw's base64url
 * tokens are 43 characters, and a random 44-character base64url run avoids those six with odds of
 * about 1 in 75.
 */
const BASE58_ADDRESS_RE = /^[1-9A-HJ-NP-Za-km-z]{44}$/;

export function isBase58Address(value: string): boolean {
  return BASE58_ADDRESS_RE.test(value);
}

/** A secret manager's address (`op://…`, `vault:…`, SOPS `ENC[…]`): the value lives elsewhere (check-config). */
export function isSecretStoreReference(value: string): boolean {
  return SECRET_REFERENCE_RE.test(value);
}

/** A documentation stand-in or a CI mask (`your-token`, `changeme`, `<token>`, `***`) (check-config). */
export function isPlaceholderText(value: string): boolean {
  return PLACEHOLDER_RE.test(value) || CI_MASK_RE.test(value);
}
