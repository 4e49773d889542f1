// The coverage section and the issues list, shared by the table and Markdown reporters. A clean
// result must never hide that input was skipped or cut short, so incomplete-read issues are always
// listed; only the repetitive per-line ones are capped unless --verbose.
import type { InputCoverage } from '../pipeline/coverage.js';
import { type InputIssue, isIncomplete } from '../sources/input.js';
import { formatTime } from '../time.js';
import { cell, truncateStart } from './cell-text.js';
import { pathText, type Row } from './finding-rows.js';
import { count } from './report-heading.js';
import type { Report } from './reporter.js';

/** Without --verbose, a directory of thousands of files shows this many inputs and a total. */
const MAX_INPUTS = 20;
/** Without --verbose, per-line issues (long lines, bad timestamps) shown per input. */
const MAX_LINE_ISSUES = 3;

export const COVERAGE_HEAD = ['path', 'format', 'lines', 'events', 'unparsed', 'first', 'last'];

export function formatText(c: InputCoverage): string {
  // `plain`: no parser recognised the input, so it covers no time (log-coverage-gap.ts).
  const unrecognised = c.format === 'plain' && c.lines > 0 ? ' — format not recognised' : '';
  return `${c.envelope}/${c.format}${c.gzip ? ' (gzip)' : ''}${unrecognised}${timeNotes(c).map((n) => `; ${n}`).join('')}`;
}

/** What the coverage times rest on when the input could not say it all itself. */
export function timeNotes(c: InputCoverage): string[] {
  const notes: string[] = [];
  if (c.yearGuess !== undefined) notes.push(`year ${c.yearGuess.year} guessed from ${c.yearGuess.from === 'mtime' ? 'the file mtime' : '--year'}`);
  // Counted among the examined (decoded) lines: the audit does not decode the rest (README, coverage).
  if (c.undated !== undefined) notes.push(`${count(c.undated)} examined line${c.undated === 1 ? '' : 's'} undated: not placed in time (--date)`);
  return notes;
}

function coverageRow(c: InputCoverage, tz: string | undefined): Row {
  const time = (ms: number | undefined): string => (ms === undefined ? '-' : formatTime(ms, tz));
  return [pathText(c.path), formatText(c), count(c.lines), count(c.events), count(c.unparsed), time(c.first), time(c.last)];
}

export interface CoverageSection {
  inputs: InputCoverage[];
  rows: Row[];
  /** Inputs left out without --verbose, folded into one total row. */
  hidden: number;
}

/** Inputs with issues are always shown; the rest up to MAX_INPUTS, then one row of totals. */
export function coverageSection(report: Report, verbose: boolean, tz?: string): CoverageSection {
  const all = report.inputs;
  let shown = all;
  if (!verbose && all.length > MAX_INPUTS) {
    let room = Math.max(0, MAX_INPUTS - all.filter((c) => c.issues.length > 0).length);
    shown = all.filter((c) => c.issues.length > 0 || room-- > 0);
  }
  const rows = shown.map((c) => coverageRow(c, tz));
  const hidden = all.filter((c) => !shown.includes(c));
  if (hidden.length > 0) {
    const sum = (pick: (c: InputCoverage) => number): string => count(hidden.reduce((n, c) => n + pick(c), 0));
    rows.push([`+${count(hidden.length)} more inputs (--verbose lists them)`, '', sum((c) => c.lines), sum((c) => c.events), sum((c) => c.unparsed), '', '']);
  }
  return { inputs: shown, rows, hidden: hidden.length };
}

function issueText(i: InputIssue): string {
  const where = truncateStart(pathText(i.path) + (i.line !== undefined ? `:${i.line}` : ''), 60);
  return `${where}: ${i.kind}: ${cell(i.message, 160)}`;
}

/** Every input issue, top-level ones first (inputs never read at all matter most). */
export function issueLines(report: Report, verbose: boolean): string[] {
  // Bounds that dropped or approximated something come first: they qualify every finding below.
  const lines = (report.limits ?? []).map((l) => `${l.scope}: ${l.kind}: ${l.message}`);
  lines.push(...report.issues.map(issueText));
  for (const c of report.inputs) {
    let perLine = 0;
    let capped = 0;
    for (const i of c.issues) {
      if (!verbose && !isIncomplete(i.kind) && ++perLine > MAX_LINE_ISSUES) {
        capped++;
        continue;
      }
      lines.push(issueText(i));
    }
    if (capped > 0) lines.push(`${truncateStart(pathText(c.path), 60)}: +${count(capped)} more long-line/timestamp issues (--verbose lists them)`);
    // Only the first few unreadable times are kept as issues; the count has them all.
    const unkept = (c.unreadableTimes ?? 0) - c.issues.filter((i) => i.kind === 'timestamp').length;
    if (unkept > 0) lines.push(`${truncateStart(pathText(c.path), 60)}: +${count(unkept)} more lines with an unreadable time field (counted, not listed)`);
  }
  return lines;
}

/** Short per-input issue list for a coverage cell: `truncated-gzip`, `long-line (line 4711)`. */
export function issueKinds(c: InputCoverage): string[] {
  return c.issues.map((i) => (i.line !== undefined ? `${i.kind} (line ${i.line})` : i.kind));
}
