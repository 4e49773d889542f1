// The contract every reporter implements: a pure function from a finished report to text.
import type { DetectorMeta, Limit } from '../detectors/detector.js';
import type { Finding } from '../detectors/finding.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import type { Severity } from '../severity.js';
import type { InputIssue } from '../sources/input.js';
import type { TokenRef } from '../token.js';

export type CommandName = 'audit' | 'scan' | 'check-config' | 'rotation' | 'report';

export interface Report {
  tool: { name: 'clawprint'; version: string };
  command: CommandName;
  /** Audit only: the resolved window, epoch ms (`since` inclusive, `until` exclusive). */
  window?: { since: number; until: number };
  /** Fingerprints only. */
  tokens: TokenRef[];
  /** Per-input coverage (audit), or per-file read results (scan). */
  inputs: InputCoverage[];
  /** Inputs that could not be read at all, and other input-level problems not tied to a coverage row. */
  issues: InputIssue[];
  /** Sorted by time, then location (compareFindings). */
  findings: Finding[];
  /** Every rule the command can report (SARIF lists them all). */
  rules: DetectorMeta[];
  /** Audit: what a memory bound dropped or approximated, or a window no time could place. */
  limits?: Limit[];
}

export interface ReportOptions {
  /** `--display-tz`: zone for printed times (default UTC). */
  displayTz?: string;
  /** Show every input and the first skipped lines. */
  verbose?: boolean;
  /** Table width in columns: the terminal's when stdout is one (commands/output.ts). */
  width?: number;
}

export type Reporter = (report: Report, options: ReportOptions) => string;

/**
 * A reporter whose text can be written piece by piece (each piece whole findings, so no token form
 * straddles two): the output never has to fit in one string (a million findings made a jsonl
 * report over 512 MB and `Invalid string length`). Joining the pieces gives the Reporter's text.
 */
export type StreamingReporter = (report: Report, options: ReportOptions) => Iterable<string>;

export interface Summary {
  findings: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, number>;
}

export function summarize(findings: readonly Finding[]): Summary {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byRule: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity]++;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  return { findings: findings.length, bySeverity, byRule };
}
