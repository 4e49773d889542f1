// Scan findings are redacted at birth (STYLE §4): the raw value is hashed and cut to a 4-character
// preview here, and nothing else about it leaves the detector.
import type { Severity } from '../severity.js';
import { fingerprintOf } from '../token.js';
import type { ScanLine } from './detector.js';
import { compareFindings, findingId, type LocatedFinding, type SecretInfo } from './finding.js';

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

/**
 * The finding for a hit on a line, at the file position where the value starts (through the
 * envelope's `locate` when the payload was decoded or re-joined). Its id ignores line numbers so
 * baselines and SARIF alerts survive edits; `numberOccurrences` tells repeated values apart.
 */
export function scanFinding(line: ScanLine, hit: ScanHit): LocatedFinding {
  const at = line.locate?.(hit.index);
  return {
    id: findingId(hit.rule, line.path, hit.secret.fingerprint),
    rule: hit.rule,
    severity: hit.severity,
    message: hit.message,
    location: at === undefined
      ? { path: line.path, line: line.line, column: line.column + hit.index + 1 }
      : { path: line.path, line: at.line, column: at.offset + 1 },
    secret: hit.secret,
    context: line.context,
    matchesExposedToken: hit.matchesExposedToken,
  };
}

/**
 * One file's scan findings in position order, each id made unique (docs/product.md §9): the n-th occurrence
 * (n ≥ 2) of the same secret under the same rule hashes its ordinal in too. Ordinals count
 * occurrences, not lines, so an edit elsewhere in the file keeps every id; the first occurrence
 * keeps the plain id, so files with one occurrence per secret keep the ids they always had.
 */
export function numberOccurrences(findings: readonly LocatedFinding[]): LocatedFinding[] {
  const seen = new Map<string, number>();
  return [...findings].sort(compareFindings).map((f) => {
    if (f.secret === undefined) return f;
    const key = `${f.rule}\u0000${f.secret.fingerprint}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? f : { ...f, id: findingId(f.rule, f.location.path, f.secret.fingerprint, n) };
  });
}
