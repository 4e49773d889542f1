// The lines every human-readable report opens and closes with: what ran, over which window, for
// which tokens, and how many findings of each severity.
import { SEVERITIES, type Severity } from '../severity.js';
import { formatTime } from '../time.js';
import { escapeTerminal } from '../escape.js';
import type { Report, Summary } from './reporter.js';
import { thousands } from '../thousands.js';

/** Most severe first, the order a responder reads in. */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

export function windowText(report: Report, displayTz?: string): string | undefined {
  if (report.window === undefined) return undefined;
  // No --since and no readable time: the start is unknown, not the end (the issues line says why).
  const unplaced = report.limits?.some((l) => l.scope === 'window' && l.kind === 'unplaced') === true;
  return `${unplaced ? 'unplaced (no time read)' : formatTime(report.window.since, displayTz)} to ${formatTime(report.window.until, displayTz)}`;
}

/** Fingerprints and labels only; the label is the user's own word (`exposed`, `old`, `new`). */
export function tokenTexts(report: Report): string[] {
  return report.tokens.map((t) => `${t.fingerprint} (${escapeTerminal(t.label)})`);
}

/** Several tokens given: each audit row must say which one it is about (README, "Several tokens"). */
export function severalTokens(report: Report): boolean {
  return report.tokens.length > 1;
}

/** Thousands separators without locale data, so output is the same on every machine. */
export const count = thousands;

/** `8 findings: 3 critical, 1 high, 4 medium`, or `No findings.` */
export function summaryLine(summary: Summary): string {
  if (summary.findings === 0) return 'No findings.';
  const parts = SEVERITY_ORDER.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  return `${count(summary.findings)} finding${summary.findings === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
