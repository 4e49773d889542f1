// A scheduled report against the previous night's: each finding is `new`, `known` (in the
// baseline) or `gone` (in the baseline, absent now). Matching is by producer + stable finding id
// (scan: secret fingerprint + path; config: rule + file + key; audit: rule + source + token), so a
// line that moves does not churn. A baseline entry may carry `reason` and `expires` (ISO date):
// past its expiry the finding counts as new again.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export type Status = 'new' | 'known' | 'gone';

export interface BaselineEntry {
  key: string;
  producer: string;
  rule: string;
  severity: string;
  message: string;
  location?: { path: string; line: number; column?: number };
  reason?: string;
  expires?: string;
}

export interface Baseline {
  file: string;
  entries: Map<string, BaselineEntry>;
}

/** The previous `report.json`: its current findings (new and known) are the baseline. */
export function readBaseline(file: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read the baseline: ${code}` : 'the baseline is not a clawprint report.json (not JSON)', file);
  }
  const findings = (json as { command?: unknown; findings?: unknown }).findings;
  if ((json as { command?: unknown }).command !== 'report' || !Array.isArray(findings)) throw new InputError('the baseline is not a clawprint report.json (no report findings)', file);
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings as BaselineEntry[]) {
    if (typeof f?.key !== 'string') throw new InputError('the baseline is not a clawprint report.json (a finding without key)', file);
    entries.set(f.key, f);
  }
  return { file, entries };
}

/** known, or new when the entry is absent or its `expires` date has passed. */
export function statusOf(key: string, baseline: Baseline | undefined, now: number): { status: Status; entry?: BaselineEntry; expired?: boolean } {
  const entry = baseline?.entries.get(key);
  if (entry === undefined) return { status: 'new' };
  if (entry.expires !== undefined && Date.parse(entry.expires) <= now) return { status: 'new', entry, expired: true };
  return { status: 'known', entry };
}
