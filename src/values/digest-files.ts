// Which token shapes are digests by where they stand: in a file named for its digests or nonces,
// or a few lines below a call that makes a digest (docs/product.md §5, "never a finding").
import { isDigestLength } from './token-shapes.js';
import type { Candidate } from './types.js';

/*
 * Files named for the digests they hold: TypeScript's build info (`tsconfig.tsbuildinfo`, a SHA-256
 * of every source file as `"version"`, `"signature"` or bare in `fileInfos`: 4,562 findings in one
 * OpenClaw fork, 432 in one agent workspace), checksum lists (`SHA256SUMS`, `ENGINE-PIN.sha256`),
 * manifests of hashes (`PROMPT-HASHES.json`, `skill35-per-file-hashes-main.txt`), a build's
 * `.bundle.hash`: their digest-long shapes (64, 96, 128 hex) are those digests; a 48-hex value is
 * no common digest, so it is still reported. A file named for a nonce it has used
 * (`.entry-nonce.consumed`, 48 hex alone: `secrets.token_hex(24)`, generated as a token is) holds
 * nothing else: no shape in it is reported. Only with `.consumed` at the end: a 48-hex value in
 * `nonce.txt` or `deploy-nonce.txt` cannot be told from the gateway's generated token and stays
 * `high`. 250 findings in the fifth corpus. A name that also names a credential
 * (`gateway-token.sha256`) is neither; a literal in a credential context is reported in any file.
 */
export type DigestFileKind = 'digests' | 'nonces';
const DIGEST_FILE_RE = /\.tsbuildinfo$|(?:^|[._-])(?:hash(?:es)?|checksums?|digests?|sha(?:1|224|256|384|512)(?:sums?)?|md5(?:sums?)?)(?:[._-]|$)/i;
const NONCE_FILE_RE = /(?:^|[._-])nonces?[._-](?:.*[._-])?consumed$/i;
const CREDENTIAL_NAME_RE = /token|secret|passw|auth|cred|key/i;

export function digestFileKind(path: string): DigestFileKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (CREDENTIAL_NAME_RE.test(base)) return undefined;
  return NONCE_FILE_RE.test(base) ? 'nonces' : DIGEST_FILE_RE.test(base) ? 'digests' : undefined;
}

/** How many lines below a digest call its printed output may stand. */
export const HASH_CALL_REACH = 12;

export function withoutDigests(shapes: Candidate[]): Candidate[] | undefined {
  const kept = shapes.filter((c) => !isDigestLength(c.value));
  return kept.length === 0 ? undefined : kept;
}

