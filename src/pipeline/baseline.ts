// Scan baselines (docs/product.md §5): the findings a team has accepted, keyed by rule, path and the
// secret's fingerprint. No line numbers, so an edit elsewhere in a file does not churn the file.
import type { Finding } from '../detectors/finding.js';

export interface BaselineEntry {
  rule: string;
  path: string;
  fingerprint: string;
}

export interface BaselineFile {
  tool: 'clawprint';
  version: 1;
  findings: BaselineEntry[];
}

/** What identifies a finding across runs: its secret's fingerprint, else its token, else its stable id. */
function entryOf(f: Finding): BaselineEntry {
  return { rule: f.rule, path: f.location?.path ?? '', fingerprint: f.secret?.fingerprint ?? f.token ?? f.id };
}

const keyOf = (e: BaselineEntry): string => `${e.rule}\u0000${e.path}\u0000${e.fingerprint}`;

/** Distinct entries, sorted by path, rule, fingerprint so the file diffs cleanly. */
export function buildBaseline(findings: readonly Finding[]): BaselineFile {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const entry = entryOf(f);
    byKey.set(keyOf(entry), entry);
  }
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const entries = [...byKey.values()].sort(
    (a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.fingerprint, b.fingerprint),
  );
  return { tool: 'clawprint', version: 1, findings: entries };
}

export function renderBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Parses a baseline file's text; throws an Error with a one-line reason when it is not one. */
export function parseBaseline(text: string): BaselineFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  const v = value as Partial<BaselineFile> | null;
  if (typeof v !== 'object' || v === null || v.tool !== 'clawprint' || v.version !== 1 || !Array.isArray(v.findings)) {
    throw new Error('not a clawprint baseline (expected {"tool":"clawprint","version":1,"findings":[…]})');
  }
  v.findings.forEach((e: unknown, i) => {
    const entry = e as Partial<BaselineEntry> | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.rule !== 'string' || typeof entry.path !== 'string' || typeof entry.fingerprint !== 'string') {
      throw new Error(`entry ${i + 1} needs string "rule", "path" and "fingerprint"`);
    }
  });
  return v as BaselineFile;
}

/** Each finding marked `known` when the baseline holds it, else `new`. */
export function markBaseline(findings: readonly Finding[], baseline: BaselineFile): Finding[] {
  const known = new Set(baseline.findings.map(keyOf));
  return findings.map((f) => ({ ...f, baseline: known.has(keyOf(entryOf(f))) ? 'known' : 'new' }));
}
