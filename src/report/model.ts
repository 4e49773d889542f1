// report.json: the whole scheduled run in one object — every producer's run (window, tokens,
// coverage, issues) and every finding marked new/known/gone. It is the next run's baseline.
import type { Finding } from '../detectors/finding.js';
import { coverageJson, type CoverageJson, findingJson, type FindingJson, issueJson, type IssueJson, tokensJson } from '../reporters/finding-json.js';
import { summarize } from '../reporters/reporter.js';
import { type FailOn, reachesFailOn, SEVERITIES, severityRank, type Severity } from '../severity.js';
import type { TokenRef } from '../token.js';
import { type Baseline, type BaselineEntry, statusOf } from './baseline.js';
import type { ProducerId, ProducerResult } from './producers.js';

export interface ReportFinding extends FindingJson {
  /** `<producer>:<finding id>`: what a baseline matches on. */
  key: string;
  producer: ProducerId;
  /** The run that found it (`audit #2` when the config lists several tokens). */
  run: string;
  /** new or known against the baseline (`gone` ones are listed apart). */
  baseline: 'new' | 'known';
  /** Carried from the baseline entry: why it is accepted, and until when. */
  baselineReason?: string;
  baselineExpires?: string;
}

export interface GoneFinding extends BaselineEntry {
  baseline: 'gone';
}

export interface RunSummary {
  name: string;
  producer: ProducerId;
  exitCode: number;
  /** The .clawprint.yml line that asked for it. */
  line: number;
  window?: { since: string; until: string };
  tokens: TokenRef[];
  inputs: CoverageJson[];
  issues: IssueJson[];
  findings: number;
}

export interface ScheduledReport {
  tool: { name: 'clawprint'; version: string };
  command: 'report';
  generated: string;
  config: string;
  baseline?: string;
  failOn: FailOn;
  /** pass: no new finding at or above fail-on; fail: some; incomplete: a producer could not finish. */
  verdict: 'pass' | 'fail' | 'incomplete';
  summary: { findings: number; new: number; known: number; gone: number; bySeverity: Record<Severity, number>; newBySeverity: Record<Severity, number> };
  runs: RunSummary[];
  /** Current findings: new first, then by severity, time and place. */
  findings: ReportFinding[];
  /** In the baseline, no longer reported. A gone secret is still in git history: rotate it. */
  gone: GoneFinding[];
}

export function buildScheduledReport(results: readonly ProducerResult[], options: { version: string; config: string; baseline?: Baseline; failOn: FailOn; now: number }): ScheduledReport {
  const findings: ReportFinding[] = [];
  const seen = new Set<string>();
  const runs: RunSummary[] = [];
  for (const r of results) {
    const report = r.report;
    runs.push({
      name: r.name,
      producer: r.producer,
      exitCode: r.exitCode,
      line: r.line,
      ...(report?.window ? { window: { since: new Date(report.window.since).toISOString(), until: new Date(report.window.until).toISOString() } } : {}),
      tokens: report ? tokensJson(report.tokens) : [],
      inputs: report ? report.inputs.map((c) => coverageJson(c)) : [],
      issues: report ? report.issues.map(issueJson) : [],
      findings: report?.findings.length ?? 0,
    });
    for (const f of report?.findings ?? []) {
      const key = `${r.producer}:${f.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { status, entry } = statusOf(key, options.baseline, options.now);
      findings.push({
        ...findingJson(f as Finding),
        key,
        producer: r.producer,
        run: r.name,
        baseline: status === 'known' ? 'known' : 'new',
        ...(entry?.reason !== undefined ? { baselineReason: entry.reason } : {}),
        ...(entry?.expires !== undefined ? { baselineExpires: entry.expires } : {}),
      });
    }
  }
  const gone: GoneFinding[] = [];
  for (const [key, entry] of options.baseline?.entries ?? []) {
    if (seen.has(key)) continue;
    // A gone secret is not fixed: it stays in the history of every clone.
    const message = entry.producer === 'scan' ? `gone from the tree — rotate it (it stays in git history): ${entry.message}` : `no longer reported: ${entry.message}`;
    gone.push({ key, producer: entry.producer, rule: entry.rule, severity: entry.severity, message, ...(entry.location ? { location: entry.location } : {}), baseline: 'gone' });
  }
  findings.sort((a, b) => (a.baseline === b.baseline ? 0 : a.baseline === 'new' ? -1 : 1) || severityRank(b.severity) - severityRank(a.severity) || (a.time ?? '').localeCompare(b.time ?? '') || (a.location?.path ?? '').localeCompare(b.location?.path ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0));
  const current = summarize(findings as unknown as Finding[]);
  const newBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.baseline === 'new') newBySeverity[f.severity]++;
  const failing = findings.some((f) => f.baseline === 'new' && reachesFailOn(f.severity, options.failOn));
  const incomplete = results.some((r) => r.exitCode === 2 || r.report === undefined);
  return {
    tool: { name: 'clawprint', version: options.version },
    command: 'report',
    generated: new Date(options.now).toISOString(),
    config: options.config,
    ...(options.baseline ? { baseline: options.baseline.file } : {}),
    failOn: options.failOn,
    verdict: incomplete ? 'incomplete' : failing ? 'fail' : 'pass',
    summary: {
      findings: findings.length,
      new: findings.filter((f) => f.baseline === 'new').length,
      known: findings.filter((f) => f.baseline === 'known').length,
      gone: gone.length,
      bySeverity: current.bySeverity,
      newBySeverity,
    },
    runs,
    findings,
    gone,
  };
}
