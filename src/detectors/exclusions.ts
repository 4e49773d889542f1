// The "never a finding" list (SPEC §5), shared by every scan rule: values that are references,
// placeholders or CI masks, and contexts that hold digests or ids rather than secrets. Only
// candidates reach these checks (a few per file), so they may allocate.
import { isLowEntropy } from './entropy.js';

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
const REFERENCE_RE = /^\$|\$\{|\$\(|`|\{\{|^%[A-Za-z_]\w*%$/;
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
// ellipsis is a value shortened for display.
const PLACEHOLDER_RE =
  /your[-_ ]?(?:gateway[-_ ]?)?(?:token|password|secret|key)|<[^>]*>|change[-_]?me|replace[-_]?me|x{4,}|placeholder|example|dummy|(?:\.\.\.|…)$/i;
// CI masks: GitHub `***`, Jenkins `****`, GitLab `[MASKED]`, Buildkite `[REDACTED]`, Caddy
// `REDACTED`, OpenClaw's config sentinel `__OPENCLAW_REDACTED__`.
const CI_MASK_RE = /\*{3}|\[MASKED\]|REDACTED/i;
// SCREAMING_CASE without digits is a variable name in a doc (`--token TOKEN_VALUE`), not a token.
const CONSTANT_NAME_RE = /^[A-Z_]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Content digests written with their algorithm: `sha256:…`, SRI `sha512-…`.
const DIGEST_VALUE_RE = /^(?:sha(?:1|224|256|384|512)|md5)[-:_]/i;

/** A value that is never a secret, whatever context it was found in. */
export function isExcludedValue(value: string): boolean {
  return isExcludedForm(value) || isLowEntropy(value);
}

/**
 * isExcludedValue without the entropy test, for a value already found random (token-shapes.ts:
 * its entropy is above LITERAL_MIN_ENTROPY and it repeats no short unit, so it is not low).
 */
export function isExcludedForm(value: string): boolean {
  return (
    REFERENCE_RE.test(value) ||
    SECRET_REFERENCE_RE.test(value) ||
    PLACEHOLDER_RE.test(value) ||
    CI_MASK_RE.test(value) ||
    CONSTANT_NAME_RE.test(value) ||
    UUID_RE.test(value) ||
    DIGEST_VALUE_RE.test(value) ||
    isOpenclawMask(value)
  );
}

/*
 * What the text just before a value says it is. Digests: `sha256:`, `@sha256:`, `sha512-`,
 * `"integrity": "`, `checksum = "` (Cargo.lock), `hash = "` (poetry.lock), `shasum`. Git object
 * ids: `commit <40 hex>`, `tree`, `parent`, `blob`, `object`. OpenClaw device ids:
 * `device=<64 hex>`, `"deviceId": "…"` (FORMATS.md: a device id is SHA-256 of a public key).
 * `base64,` is a data URI.
 */
const DESCRIBED_BY_RE =
  /(?:sha(?:1|224|256|384|512)?(?:sum)?|md5|hash|digest|checksum|integrity|device_?id|device|container_?id|commit|tree|parent|blob|object|base64)["']?\s*[:=@,/\s_-]\s*["']?$/i;
/*
 * Container ids (64 hex, SHA-256 shaped but not secrets): Kubernetes `containerID:
 * containerd://<id>` (also `docker://`, `cri-o://`), Docker's data directory
 * `/var/lib/docker/containers/<id>/`, cgroup paths `/docker/<id>`, containerd's
 * `/moby/<id>`. Terraform lock files hash providers as `zh:<64 hex>` and `h1:<base64>`.
 */
const ID_PREFIX_RE = /(?:(?:containerd|docker|cri-o|crio):\/\/|\/(?:containers|docker|moby)\/|\b(?:zh|h1):)$/i;
// OpenClaw's `Config overwrite: <path> (sha256 <a> -> <b>)`: <b> follows `-> `, not `sha256`.
const DIGEST_CHANGE_RE = /\bsha256 [0-9a-f]+ -> $/i;
// `sha256sum`/`shasum` listings (`<hex>  <file>`, `<hex> *<file>`), BSD `SHA256 (file) = <hex>`,
// and the same column layout from `docker ps --no-trunc` / `docker images --no-trunc` (an id
// padded to the next column with 3+ spaces).
const CHECKSUM_LINE_RE = /^[0-9a-fA-F]{32,128}(?: \*|[ \t]{2,})\S|^(?:SHA\d+|MD5) \(.*\) = [0-9a-fA-F]+$/;
// `git diff` headers (`index abc1234..def5678 100644`) and `git ls-remote`/packed-refs lines, with
// SHA-1 (40 hex) or SHA-256 (64 hex, `git init --object-format=sha256`) object ids.
const GIT_LINE_RE = /^index [0-9a-f]{7,64}\.\.[0-9a-f]{7,64}\b|^(?:[0-9a-f]{40}|[0-9a-f]{64})\s+refs\//;
const LOOK_BEHIND = 48;

// `token=not-the-token-${suffix}`: the value continues in a template, so it is assembled at run
// time. The value may end just before the `$` or, when `$` was read as part of it, on it.
const TEMPLATE_START_RE = /^(?:\$\{|\$\(|\{\{)/;

function continuesAsTemplate(text: string, end: number): boolean {
  return TEMPLATE_START_RE.test(text.slice(end, end + 2)) || TEMPLATE_START_RE.test(text.slice(end - 1, end + 1));
}

/**
 * The candidate at text[start, end) sits where a digest or an id is written, or is only the
 * literal head of a templated value: not a secret.
 */
export function isExcludedContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - LOOK_BEHIND), start);
  return (
    DESCRIBED_BY_RE.test(before) ||
    ID_PREFIX_RE.test(before) ||
    DIGEST_CHANGE_RE.test(before) ||
    continuesAsTemplate(text, end) ||
    CHECKSUM_LINE_RE.test(text) ||
    GIT_LINE_RE.test(text)
  );
}

/** A secret manager's address (`op://…`, `vault:…`, SOPS `ENC[…]`): the value lives elsewhere (check-config). */
export function isSecretStoreReference(value: string): boolean {
  return SECRET_REFERENCE_RE.test(value);
}

/** A documentation stand-in or a CI mask (`your-token`, `changeme`, `<token>`, `***`) (check-config). */
export function isPlaceholderText(value: string): boolean {
  return PLACEHOLDER_RE.test(value) || CI_MASK_RE.test(value);
}
