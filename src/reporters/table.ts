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
import { type ColumnOptions, DEFAULT_WIDTH, fitTable, renderRecords, wrapLine } from './table-layout.js';
import { USES_HEAD, useListSections } from './uses-rows.js';

/** Messages wrap at this width instead of stretching the table across the screen. */
const MESSAGE_WIDTH = 50;

// Loaded when a table is drawn: other formats (and every JSON run in CI) skip its start-up cost.
const require = createRequire(import.meta.url);
let TableClass: typeof TableType | undefined;
const loadTable = (): typeof TableType => (TableClass ??= require('cli-table3') as typeof TableType);

/** The helpers cli-table3 draws with (the package has no exports map; these are its own modules). */
interface TableUtils {
  strlen(text: string): number;
  wordWrap(max: number, text: string): string[];
  truncate(text: string, max: number, ellipsis: string): string;
}
let utilsModule: TableUtils | undefined;
const tableUtils = (): TableUtils => (utilsModule ??= require('cli-table3/src/utils.js') as TableUtils);

/** Display width as cli-table3 measures it (string-width), without its cost for printable ASCII. */
function displayWidth(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : tableUtils().strlen(text);
}

/**
 * cli-table3 lays a table out in time quadratic in its rows (each cell is checked against every
 * row above it: 10,000 token-use rows took 48 s). From this many rows on, a table is drawn here,
 * line by line with cli-table3's own word wrap, truncation and width measure, in linear time; a
 * test draws tables both ways and requires the same text.
 */
export const LINEAR_FROM_ROWS = 100;

export function renderRows(head: readonly string[], rows: readonly Row[], colWidths: Array<number | null> = [], linearFrom = LINEAR_FROM_ROWS): string {
  // Lists become one item per line; the items were escaped already, so the only newlines are ours.
  const cells = rows.map((row) => row.map((c: Cell) => (typeof c === 'string' ? c : c.join('\n'))));
  return cells.length < linearFrom ? drawWithCliTable(head, cells, colWidths) : drawLinear(head, cells, colWidths);
}

function drawWithCliTable(head: readonly string[], rows: readonly string[][], colWidths: Array<number | null>): string {
  const Table = loadTable();
  const table = new Table({
    head: [...head],
    // Empty style lists: cli-table3 colours headers red and borders grey by default.
    style: { head: [], border: [] },
    colWidths,
    wordWrap: true,
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

/** What cli-table3 draws for these rows: padding 1, top-aligned, the columns given a width wrapped at words. */
function drawLinear(head: readonly string[], rows: readonly string[][], colWidths: ReadonlyArray<number | null>): string {
  const utils = tableUtils();
  // A column's width: what the caller fixed, else its widest line (header included) plus padding.
  const widths = head.map((h, i) => {
    const fixed = colWidths[i];
    if (typeof fixed === 'number') return fixed;
    let widest = displayWidth(h);
    for (const row of rows) for (const line of (row[i] ?? '').split('\n')) widest = Math.max(widest, displayWidth(line));
    return Math.max(1, widest + 2);
  });
  const rule = (left: string, mid: string, right: string): string => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  const draw = (cells: readonly string[]): void => {
    const lines = widths.map((w, i) => (typeof colWidths[i] === 'number' ? utils.wordWrap(w - 2, cells[i] ?? '') : (cells[i] ?? '').split('\n')));
    const height = Math.max(1, ...lines.map((l) => l.length));
    for (let k = 0; k < height; k++) {
      const parts = widths.map((w, i) => {
        const room = w - 2;
        let text = lines[i]![k] ?? '';
        if (displayWidth(text) > room) text = utils.truncate(text, room, '…');
        return ` ${text}${' '.repeat(Math.max(0, room - displayWidth(text)))} `;
      });
      out.push(`│${parts.join('│')}│`);
    }
  };
  draw(head);
  const between = rule('├', '┼', '┤');
  for (const row of rows) {
    out.push(between);
    draw(row);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** Table width and path handling for this report (`--verbose` wraps paths instead of shortening them). */
interface Layout {
  width: number;
  verbose: boolean;
}

// Paths and ids are shortened in the middle only when the terminal forces it; messages wrap at a
// reading width even on a wide terminal; times, counts and rule ids stay whole.
const COLUMN_OPTIONS: Record<string, ColumnOptions> = {
  where: { ellipsis: true, keep: 'first' },
  path: { ellipsis: true, keep: 'first' },
  'source / agent / device': { ellipsis: true },
  message: { max: MESSAGE_WIDTH },
  severity: { keep: 'always' },
  rule: { keep: 'always' },
  time: { keep: 'always' },
  first: { keep: 'always' },
  last: { keep: 'always' },
  count: { keep: 'always' },
  status: { keep: 'always' },
  token: { keep: 'always' },
  lines: { keep: 'always' },
  events: { keep: 'always' },
  unparsed: { keep: 'always' },
};

/** A table fitted to the layout's width (table-layout.ts); one block per row when no grid fits. */
function renderFitted(head: readonly string[], rows: readonly Row[], layout: Layout): string {
  const cells = rows.map((row) => row.map((c: Cell) => (typeof c === 'string' ? c : c.join('\n'))));
  const options = head.map((h) => COLUMN_OPTIONS[h] ?? {});
  const fitted = fitTable(head, cells, layout.width, options, layout.verbose);
  if (!fitted.readable) return renderRecords(head, cells, layout.width, options, layout.verbose);
  return renderRows(fitted.head, fitted.rows, fitted.colWidths);
}

/** A line of prose wrapped to the table width (continuation lines indented by `indent`). */
function fitLine(text: string, layout: Layout, indent = ''): string {
  const [first = '', ...rest] = wrapLine(text, layout.width);
  return [first, ...rest.flatMap((l) => wrapLine(indent + l, layout.width))].join('\n');
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

function findingSections(report: Report, tz: string | undefined, layout: Layout): string[] {
  const out: string[] = [];
  if (report.findings.length === 0) return out;
  if (report.command === 'scan') {
    out.push('Findings', renderFitted(SCAN_HEAD, report.findings.map(scanRow), layout), '');
    return out;
  }
  if (report.command === 'check-config') {
    out.push('Findings', renderFitted(CONFIG_HEAD, report.findings.map(configRow), layout), '');
    return out;
  }
  const several = severalTokens(report);
  const uses = report.findings.filter(isTokenUse);
  const others = report.findings.filter((f: Finding) => !isTokenUse(f));
  if (uses.length > 0) out.push('Token use by source', renderFitted(tokenUseHead(several), uses.map((f) => tokenUseRow(f, tz, several)), layout), '');
  for (const list of useListSections(report.findings, tz, several)) {
    out.push(fitLine(`Requests: ${list.heading}`, layout), renderFitted(USES_HEAD, list.rows, layout), ...(list.more !== undefined ? [list.more] : []), '');
  }
  if (others.length > 0) {
    out.push(uses.length > 0 ? 'Other findings' : 'Findings', renderFitted(findingHead(several), others.map((f) => findingRow(f, tz, several)), layout), '');
  }
  return out;
}

function coverageLines(report: Report, options: ReportOptions, layout: Layout): string[] {
  const verbose = options.verbose === true;
  // A scan reads whole trees: per-file rows only on request, but the totals always.
  if (report.command === 'scan' && !verbose) {
    const lines = report.inputs.reduce((n, c) => n + c.lines, 0);
    return [`Scanned ${count(report.inputs.length)} input${report.inputs.length === 1 ? '' : 's'}, ${count(lines)} lines.`, ''];
  }
  const section = coverageSection(report, verbose, options.displayTz);
  if (section.rows.length === 0) return ['Coverage: no input was read.', ''];
  return ['Coverage', renderFitted(COVERAGE_HEAD, section.rows, layout), ''];
}

export const renderTable: Reporter = (report, options) => {
  const layout: Layout = { width: options.width ?? DEFAULT_WIDTH, verbose: options.verbose === true };
  const out = [fitLine(headline(report, options.displayTz), layout), ''];
  out.push(...findingSections(report, options.displayTz, layout));
  out.push(...coverageLines(report, options, layout));
  const issues = issueLines(report, options.verbose === true);
  if (issues.length > 0) out.push('Issues', ...issues.map((line) => fitLine(`  - ${line}`, layout, '    ')), '');
  out.push(summaryLine(summarize(report.findings)));
  return out.join('\n') + '\n';
};
