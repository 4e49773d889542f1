// Scan findings are redacted at birth (STYLE §4): the raw value is hashed and cut to a 4-character
// preview here, and nothing else about it leaves the detector.
import type { Severity } from '../severity.js';
import { fingerprintOf } from '../token.js';
import type { ScanLine } from './detector.js';
import { findingId, type LocatedFinding, type SecretInfo } from './finding.js';

/**
 * `written` is the value as it appears on the line: its length is what `clawprint mask` replaces
 * (column - 1 … + length). `fingerprint` identifies the secret: a known token's, or that of the
 * decoded value, so a percent-encoded literal has the same fingerprint as `clawprint fingerprint`.
 */
export function secretInfo(written: string, fingerprint: string): SecretInfo {
  return { fingerprint, length: written.length, preview: `${written.slice(0, 4)}…` };
}

/** The secret of a candidate that is not a known token. */
export function candidateSecret(c: { written: string; value: string }): SecretInfo {
  return secretInfo(c.written, fingerprintOf(c.value));
}

export interface ScanHit {
  rule: string;
  severity: Severity;
  message: string;
  /** Offset of the value in `line.text`. */
  index: number;
  secret: SecretInfo;
  matchesExposedToken: boolean;
}

/** The finding for a hit on a line; its id ignores the line number, so baselines survive edits. */
export function scanFinding(line: ScanLine, hit: ScanHit): LocatedFinding {
  return {
    id: findingId(hit.rule, line.path, hit.secret.fingerprint),
    rule: hit.rule,
    severity: hit.severity,
    message: hit.message,
    location: { path: line.path, line: line.line, column: line.column + hit.index + 1 },
    secret: hit.secret,
    context: line.context,
    matchesExposedToken: hit.matchesExposedToken,
  };
}
