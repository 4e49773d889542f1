// Under GitHub Actions: the Markdown summary appended to $GITHUB_STEP_SUMMARY (which takes at most
// 1 MiB per step: lower severities are left out first, and the summary says so), and at most 10
// error annotations for the most severe new findings. Workflow commands read stdout line by line,
// so everything else the report echoes runs inside `::stop-commands::<random>` — a log line that
// reads `::add-mask::` or `::set-env` can never act.
import { randomBytes } from 'node:crypto';
import { severityRank } from '../severity.js';
import { renderReportMarkdown } from './markdown.js';
import type { ScheduledReport } from './model.js';

export const STEP_SUMMARY_LIMIT = 1024 * 1024;
export const MAX_ANNOTATIONS = 10;

/** The summary that fits: all severities, then without info, low, medium… until it does. */
export function stepSummary(report: ScheduledReport): string {
  for (let rank = 0; rank <= 4; rank++) {
    for (const maxRows of [Number.POSITIVE_INFINITY, 1000, 200, 50]) {
      const text = renderReportMarkdown(report, { minSeverityRank: rank, maxRows });
      const note = rank > 0 || maxRows !== Number.POSITIVE_INFINITY ? `\n> Shortened to fit GitHub's 1 MiB step summary${rank > 0 ? `: severities below ${['info', 'low', 'medium', 'high', 'critical'][rank]} left out` : ''}${maxRows !== Number.POSITIVE_INFINITY ? `, at most ${maxRows} rows per table` : ''}. report.json and report.html have everything.\n` : '';
      if (Buffer.byteLength(text + note) <= STEP_SUMMARY_LIMIT) return text + note;
    }
  }
  return '# clawprint report\n\nThe summary does not fit in 1 MiB; see report.md and report.html.\n';
}

/** GitHub's escaping of a workflow command's data (`%`, CR, LF) and properties (also `:` and `,`). */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function annotations(report: ScheduledReport): string[] {
  return report.findings
    .filter((f) => f.baseline === 'new')
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, MAX_ANNOTATIONS)
    .map((f) => {
      const props = [`title=${property(`clawprint ${f.rule} (${f.severity})`)}`];
      if (f.location) props.unshift(`file=${property(f.location.path)}`, `line=${Math.max(1, f.location.line)}`);
      return `::error ${props.join(',')}::${data(f.message)}`;
    });
}

/** Echoed text wrapped so no line of it is taken for a workflow command. */
export function stopCommands(lines: readonly string[]): string[] {
  const token = randomBytes(16).toString('hex');
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}
