// `--format table` (the default): what a responder reads at a terminal during an incident. Plain
// text only — no ANSI colour, since output is often piped or pasted into a ticket. cli-table3
// lives behind this module alone (STYLE.md §5).
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { Finding } from '../detectors/finding.js';
import { COVERAGE_HEAD, coverageSection, issueLines } from './coverage-rows.js';
import { type Cell, CONFIG_HEAD, configRow, findingHead, findingRow, isTokenUse, type Row, SCAN_HEAD, scanRow, tokenUseHead, tokenUseRow } from './finding-rows.js';
import { count, severalTokens, summaryLine, tokenTexts, windowText } from './report-heading.js';
import { type Report, type ReportOptions, type Reporter, summarize } from './reporter.js';

/** Messages wrap at this width instead of stretching the table across the screen. */
const MESSAGE_WIDTH = 50;

// Loaded when a table is drawn: other formats (and every JSON run in CI) skip its start-up cost.
const require = createRequire(import.meta.url);
let TableClass: typeof TableType | undefined;
const loadTable = (): typeof TableType => (TableClass ??= require('cli-table3') as typeof TableType);

function renderRows(head: readonly string[], rows: readonly Row[], colWidths: Array<number | null> = []): string {
  const Table = loadTable();
  const table = new Table({
    head: [...head],
    // Empty style lists: cli-table3 colours headers red and borders grey by default.
    style: { head: [], border: [] },
    colWidths,
    wordWrap: true,
  });
  // Lists become one item per line; the items were escaped already, so the only newlines are ours.
  for (const row of rows) table.push(row.map((c: Cell) => (typeof c === 'string' ? c : c.join('\n'))));
  return table.toString();
}

function headline(report: Report, tz: string | undefined): string {
  const parts = [`clawprint ${report.command}`];
  const window = windowText(report, tz);
  if (window !== undefined) parts.push(`window ${window}`);
  const tokens = tokenTexts(report);
  if (report.command === 'check-config') parts.push(`${count(report.inputs.length)} config file${report.inputs.length === 1 ? '' : 's'} read`);
  else parts.push(tokens.length ? `token${tokens.length === 1 ? '' : 's'} ${tokens.join(', ')}` : 'no token given');
  return parts.join(' · ');
}

function findingSections(report: Report, tz: string | undefined): string[] {
  const out: string[] = [];
  if (report.findings.length === 0) return out;
  if (report.command === 'scan') {
    out.push('Findings', renderRows(SCAN_HEAD, report.findings.map(scanRow)), '');
    return out;
  }
  if (report.command === 'check-config') {
    const widths = CONFIG_HEAD.map((h) => (h === 'message' ? MESSAGE_WIDTH + 2 : null));
    out.push('Findings', renderRows(CONFIG_HEAD, report.findings.map(configRow), widths), '');
    return out;
  }
  const several = severalTokens(report);
  const uses = report.findings.filter(isTokenUse);
  const others = report.findings.filter((f: Finding) => !isTokenUse(f));
  if (uses.length > 0) out.push('Token use by source', renderRows(tokenUseHead(several), uses.map((f) => tokenUseRow(f, tz, several))), '');
  if (others.length > 0) {
    const head = findingHead(several);
    const widths = head.map((h) => (h === 'message' ? MESSAGE_WIDTH + 2 : null));
    out.push(uses.length > 0 ? 'Other findings' : 'Findings', renderRows(head, others.map((f) => findingRow(f, tz, several)), widths), '');
  }
  return out;
}

function coverageLines(report: Report, options: ReportOptions): string[] {
  const verbose = options.verbose === true;
  // A scan reads whole trees: per-file rows only on request, but the totals always.
  if (report.command === 'scan' && !verbose) {
    const lines = report.inputs.reduce((n, c) => n + c.lines, 0);
    return [`Scanned ${count(report.inputs.length)} input${report.inputs.length === 1 ? '' : 's'}, ${count(lines)} lines.`, ''];
  }
  const section = coverageSection(report, verbose, options.displayTz);
  if (section.rows.length === 0) return ['Coverage: no input was read.', ''];
  return ['Coverage', renderRows(COVERAGE_HEAD, section.rows), ''];
}

export const renderTable: Reporter = (report, options) => {
  const out = [headline(report, options.displayTz), ''];
  out.push(...findingSections(report, options.displayTz));
  out.push(...coverageLines(report, options));
  const issues = issueLines(report, options.verbose === true);
  if (issues.length > 0) out.push('Issues', ...issues.map((line) => `  - ${line}`), '');
  out.push(summaryLine(summarize(report.findings)));
  return out.join('\n') + '\n';
};
