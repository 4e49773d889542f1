// What a configured value is: a reference resolved elsewhere, OpenClaw's redaction sentinel, or a
// literal secret — which is hashed here, at the reader, so no setting ever holds the value.
import { createHash } from 'node:crypto';
import { repeatsWithPeriod, wordiness } from '../detectors/entropy.js';
import { isPlaceholderText, isSecretStoreReference } from '../detectors/exclusions.js';
import { estimateEntropyBytes, fingerprintOf } from '../token.js';
import type { SecretValue } from './config-file.js';

export const REDACTED_SENTINEL = '__OPENCLAW_REDACTED__';
/** OpenClaw's `gateway.token_too_short`: fewer characters than this. */
export const MIN_TOKEN_LENGTH = 24;
/** Below this many bytes of estimated entropy a token can be guessed offline in reasonable time. */
export const MIN_ENTROPY_BYTES = 32;

// `${VAR}`, `${VAR:?message}`, `$VAR`, `%VAR%`, GitHub Actions `${{ secrets.X }}`, Helm/Jinja/Go
// templates `{{ … }}`, command substitution, systemd credential specifiers `%d/…`, Ansible Vault.
const REFERENCE_RE = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?]?[-=?+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\$?\{\{.*\}\}|\$\(.*\)|%[dD]\/.*|\$ANSIBLE_VAULT;.*|!vault\b.*)$/;
const BRACKETED_RE = /^(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\})$/;
/** Only letters, digits and separators, mostly words: `replace-with-a-long-random-token`. */
const WORDS_RE = /^[A-Za-z]+(?:[-_. ][A-Za-z0-9]+)+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /(?:19|20)\d\d[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:0[1-9]|[12]\d|3[01])/;

/** The value of a secret-named setting, or undefined when there is none (empty, `null`). */
export function classifyValue(raw: string): SecretValue | undefined {
  const value = raw.trim();
  if (value === '' || value === 'null' || value === '~') return undefined;
  if (value === REDACTED_SENTINEL) return { kind: 'redacted' };
  // `${VAR:-fallback}`: when VAR is unset the fallback is the token, so a literal fallback is one.
  const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.+)\}$/.exec(value);
  if (fallback !== null) return classifyValue(fallback[1]!) ?? { kind: 'reference', text: value };
  if (REFERENCE_RE.test(value) || isSecretStoreReference(value)) return { kind: 'reference', text: referenceName(value) };
  const digest = createHash('sha256').update(value, 'utf8').digest('hex');
  const literal: SecretValue = { kind: 'literal', fingerprint: fingerprintOf(value), digest, length: value.length, weakness: weaknessOf(value) };
  if (BRACKETED_RE.test(value) || /^\*+$|^\[MASKED\]$/.test(value)) literal.placeholder = 'always';
  else if (isPlaceholderText(value) || WORDS_RE.test(value)) literal.placeholder = 'in-template';
  return literal;
}

/** What a reference names, for messages: the variable, or the kind of indirection. */
function referenceName(value: string): string {
  if (value.includes('{{')) return 'template';
  if (/ANSIBLE_VAULT|^!vault/.test(value)) return 'ansible-vault';
  if (isSecretStoreReference(value)) return 'secret-store';
  return value.replace(/^\$\{?|[}%]$|^%/g, '').split(/[:?]/)[0]!;
}

/** Why a literal is weak (empty when it is not): each reason is one a reader can act on. */
export function weaknessOf(value: string): string[] {
  const reasons: string[] = [];
  if (value.length < MIN_TOKEN_LENGTH) reasons.push(`${value.length} characters, under OpenClaw's minimum of ${MIN_TOKEN_LENGTH} (gateway.token_too_short)`);
  if (UUID_RE.test(value)) reasons.push('a UUID (122 random bits at most, often fewer)');
  else if (repeatsWithPeriod(value)) reasons.push('a repeated pattern');
  if (DATE_RE.test(value)) reasons.push('contains a date');
  if (wordiness(value) >= 0.5 || /^[a-z]+(?:[-_. ][a-z]+)+\d*$/i.test(value)) reasons.push('made of dictionary words');
  const bytes = estimateEntropyBytes(value);
  if (bytes < MIN_ENTROPY_BYTES) reasons.push(`about ${Math.floor(bytes)} bytes of entropy, under ${MIN_ENTROPY_BYTES}`);
  return reasons;
}
