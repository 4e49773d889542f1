// report.md and the GitHub step summary: the verdict and counts first, then what is new, what is
// known, what is gone, each run's window and coverage. Every string from an input is escaped for
// Markdown (src/escape.ts: no pings, no links, no markup) — it was redacted when it entered its
// finding.
import { escapeMarkdown } from '../escape.js';
import { SEVERITY_ORDER, count } from '../reporters/report-heading.js';
import type { GoneFinding, ReportFinding, ScheduledReport } from './model.js';

const VERDICT: Record<ScheduledReport['verdict'], string> = {
  pass: '✅ pass — no new finding at or above',
  fail: '❌ fail — new findings at or above',
  incomplete: '⚠️ incomplete — a run could not finish; nothing below clears what it did not read. Fail-on',
};

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const where = (l: { path: string; line: number } | undefined): string => (l === undefined ? '-' : `\`${escapeMarkdown(l.path).replace(/`/g, "'")}:${l.line}\``);

function findingRow(f: ReportFinding | GoneFinding): string {
  const baseline = f.baseline === 'known' && (f as ReportFinding).baselineReason ? `known (${escapeMarkdown((f as ReportFinding).baselineReason!)})` : f.baseline;
  return row([baseline, f.severity, f.producer, `\`${f.rule}\``, where(f.location), escapeMarkdown(f.message)]);
}

export interface MarkdownOptions {
  /** Rows per table at most (the step summary has a 1 MiB limit); the rest is counted. */
  maxRows?: number;
  /** Leave out severities below this one (the step summary drops lower ones first to fit). */
  minSeverityRank?: number;
}

export function renderReportMarkdown(report: ScheduledReport, options: MarkdownOptions = {}): string {
  const s = report.summary;
  const out: string[] = [
    '# clawprint report',
    '',
    `**${VERDICT[report.verdict]} \`${report.failOn}\`** · ${count(s.new)} new · ${count(s.known)} known · ${count(s.gone)} gone · generated ${report.generated}`,
    '',
    row(['severity', 'new', 'all current']),
    row(['---', '---:', '---:']),
    ...SEVERITY_ORDER.map((sev) => row([sev, count(s.newBySeverity[sev]), count(s.bySeverity[sev])])),
    '',
    '## Runs',
    '',
    row(['run', 'exit', 'window', 'tokens', 'inputs', 'findings']),
    row(['---', '---:', '---', '---', '---:', '---:']),
    ...report.runs.map((r) =>
      row([r.name, String(r.exitCode), r.window ? `${r.window.since} to ${r.window.until}` : '-', r.tokens.map((t) => `\`${t.fingerprint}\` (${escapeMarkdown(t.label)})`).join(', ') || '-', count(r.inputs.length), count(r.findings)]),
    ),
    '',
  ];
  const rank = options.minSeverityRank ?? 0;
  const max = options.maxRows ?? Number.POSITIVE_INFINITY;
  const severityRankOf = (sev: string): number => SEVERITY_ORDER.length - 1 - SEVERITY_ORDER.indexOf(sev as (typeof SEVERITY_ORDER)[number]);
  const section = (title: string, list: ReadonlyArray<ReportFinding | GoneFinding>, note?: string): void => {
    const shown = list.filter((f) => severityRankOf(f.severity) >= rank);
    out.push(`## ${title} (${count(list.length)})`, '');
    if (note) out.push(note, '');
    if (list.length === 0) {
      out.push('None.', '');
      return;
    }
    out.push(row(['baseline', 'severity', 'producer', 'rule', 'where', 'message']), row(['---', '---', '---', '---', '---', '---']));
    out.push(...shown.slice(0, max).map(findingRow));
    const left = list.length - Math.min(shown.length, max);
    out.push('');
    if (left > 0) out.push(`${count(left)} more not shown here (every one is in report.json).`, '');
  };
  section('New findings', report.findings.filter((f) => f.baseline === 'new'));
  section('Gone since the baseline', report.gone, report.gone.some((g) => g.producer === 'scan') ? 'A secret gone from the tree is not fixed: it stays in git history. Rotate it.' : undefined);
  section('Known findings', report.findings.filter((f) => f.baseline === 'known'));
  const coverage = report.runs.flatMap((r) => r.inputs.map((c) => ({ run: r.name, c })));
  out.push('## Coverage', '');
  if (coverage.length === 0) out.push('No input was read.', '');
  else {
    out.push(row(['run', 'path', 'format', 'lines', 'events', 'unparsed', 'first', 'last']), row(['---', '---', '---', '---:', '---:', '---:', '---', '---']));
    for (const { run, c } of coverage.slice(0, max)) out.push(row([run, where({ path: c.path, line: c.lines }).replace(/:\d+`$/, '`'), `${c.envelope}/${c.format}`, count(c.lines), count(c.events), count(c.unparsed), c.first ?? '-', c.last ?? '-']));
    if (coverage.length > max) out.push('', `${count(coverage.length - max)} more inputs (report.json lists them).`);
    out.push('');
  }
  const issues = report.runs.flatMap((r) => r.issues.map((i) => `- ${r.name}: ${where({ path: i.path, line: i.line ?? 0 }).replace(/:0`$/, '`')} ${escapeMarkdown(i.kind)}: ${escapeMarkdown(i.message)}`));
  if (issues.length > 0) out.push('## Issues', '', ...issues.slice(0, max), ...(issues.length > max ? [`- ${count(issues.length - max)} more (report.json lists them)`] : []), '');
  return out.join('\n');
}
