// `--format markdown`: for tickets, PR comments and $GITHUB_STEP_SUMMARY. Cells hold text from
// logs and file names, so each one goes through escapeMarkdown (escape.ts): a `|` or a newline in a
// user agent must not end the cell or the table, `[`, `<`, `` ` `` must not turn into links, HTML
// or code, and `@user`, `#123` or a URL must not ping, reference or link anything on GitHub.
import type { Finding } from '../detectors/finding.js';
import { escapeMarkdown } from '../escape.js';

// The Markdown escape lives in escape.ts with the others; this reporter still exports it.
export { escapeMarkdown };
import { cell, listWithMore } from './cell-text.js';
import { COVERAGE_HEAD, coverageSection, issueKinds, issueLines } from './coverage-rows.js';
import { type Cell, CONFIG_HEAD, configRow, findingHead, findingRow, isTokenUse, type Row, SCAN_HEAD, scanRow, tokenUseHead, tokenUseRow } from './finding-rows.js';
import { count, severalTokens, SEVERITY_ORDER, summaryLine, tokenTexts, windowText } from './report-heading.js';
import { type Report, type Reporter, summarize } from './reporter.js';
import { USES_HEAD, useListSections } from './uses-rows.js';

const mdCell = (c: Cell): string => (typeof c === 'string' ? escapeMarkdown(c) : c.map(escapeMarkdown).join('<br>'));

function mdTable(head: readonly string[], rows: readonly Row[], numeric: ReadonlySet<number> = new Set()): string[] {
  const rule = head.map((_, i) => (numeric.has(i) ? '---:' : '---'));
  return [
    `| ${head.join(' | ')} |`,
    `| ${rule.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`),
  ];
}

function summaryTable(report: Report): string[] {
  const summary = summarize(report.findings);
  const rows: Row[] = SEVERITY_ORDER.map((s) => [s, count(summary.bySeverity[s])]);
  return [...mdTable(['severity', 'findings'], rows, new Set([1])), `| **total** | **${count(summary.findings)}** |`];
}

function findingSections(report: Report, tz: string | undefined): string[] {
  if (report.findings.length === 0) return ['## Findings', '', summaryLine(summarize(report.findings)), ''];
  if (report.command === 'check-config') return ['## Findings', '', ...mdTable(CONFIG_HEAD, report.findings.map(configRow)), ''];
  if (report.command === 'scan') {
    const head = [...SCAN_HEAD, 'message'];
    const rows = report.findings.map((f) => [...scanRow(f), cell(f.message, 300)]);
    return ['## Findings', '', ...mdTable(head, rows), ''];
  }
  const out: string[] = [];
  const several = severalTokens(report);
  const uses = report.findings.filter(isTokenUse);
  const others = report.findings.filter((f: Finding) => !isTokenUse(f));
  if (uses.length > 0) {
    const head = tokenUseHead(several);
    out.push('## Token use by source', '', ...mdTable(head, uses.map((f) => tokenUseRow(f, tz, several)), new Set([head.indexOf('count')])), '');
  }
  for (const list of useListSections(report.findings, tz, several)) {
    out.push(`### Requests: ${escapeMarkdown(list.heading)}`, '', ...mdTable(USES_HEAD, list.rows), ...(list.more !== undefined ? ['', escapeMarkdown(list.more)] : []), '');
  }
  if (others.length > 0) out.push(uses.length > 0 ? '## Other findings' : '## Findings', '', ...mdTable(findingHead(several), others.map((f) => findingRow(f, tz, several))), '');
  return out;
}

function coverage(report: Report, verbose: boolean, tz: string | undefined): string[] {
  const section = coverageSection(report, verbose, tz);
  if (section.rows.length === 0) return ['## Coverage', '', 'No input was read.', ''];
  const rows = section.rows.map((row, i) => {
    const input = section.inputs[i];
    const kinds = input === undefined ? [] : issueKinds(input);
    return [...row, kinds.length ? listWithMore(kinds, 5, 40) : '-'];
  });
  return ['## Coverage', '', ...mdTable([...COVERAGE_HEAD, 'issues'], rows, new Set([2, 3, 4])), ''];
}

export const renderMarkdown: Reporter = (report, options) => {
  const tz = options.displayTz;
  const verbose = options.verbose === true;
  const facts: string[] = [];
  const window = windowText(report, tz);
  if (window !== undefined) facts.push(`**Window:** ${window}`);
  const tokens = tokenTexts(report);
  if (report.command === 'check-config') facts.push(`**Config files read:** ${count(report.inputs.length)}`);
  else facts.push(`**Tokens:** ${tokens.length ? tokens.map(escapeMarkdown).join(', ') : 'none given'}`);
  const out = [`# clawprint ${report.command}`, '', facts.join(' · '), '', '## Summary', '', ...summaryTable(report), ''];
  out.push(...findingSections(report, tz));
  out.push(...coverage(report, verbose, tz));
  const issues = issueLines(report, verbose);
  if (issues.length > 0) out.push('### Input issues', '', ...issues.map((line) => `- ${escapeMarkdown(line)}`), '');
  return out.join('\n');
};
