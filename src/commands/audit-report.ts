// What `audit` and `merge` share once the evidence is read or merged: the findings from the state
// (pipeline/audit-state.ts), the warnings on stderr, the report and the exit code
// (docs/product.md §4, §9). One code path, so both print the same report.
import { AUDIT_DETECTORS } from '../detectors/index.js';
import type { Finding } from '../detectors/finding.js';
import { Redactor } from '../detectors/redact-finding.js';
import { type AuditState, finishAuditState } from '../pipeline/audit-state.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import { cell } from '../reporters/cell-text.js';
import { timeNotes } from '../reporters/coverage-rows.js';
import { shownValue } from '../shown-value.js';
import type { InputIssue } from '../sources/input.js';
import { formatTime } from '../time.js';
import type { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { type OutputSettings, warn, writeReport } from './output.js';

export const AUDIT_RULES = Object.values(AUDIT_DETECTORS);

/**
 * Finishes `state` and writes its report; returns the exit code. `warned`: issues already said
 * on stderr (audit says the arguments' issues before it reads), not said again. `redactor`: the
 * one that redacted the state (audit), whose memo of strings already redacted the findings meet again.
 */
export function reportAudit(state: AuditState, tokens: TokenMatcher, settings: OutputSettings, warned: readonly InputIssue[] = [], redactor = new Redactor(tokens)): number {
  const result = finishAuditState(state, AUDIT_RULES, redactor);
  for (const c of result.coverage) {
    if (c.format !== 'plain' || c.lines === 0) continue;
    // A CI or container log's envelope was recognised: what is unknown is its lines' format (a
    // build's output records no request), not the file's.
    const what = c.envelope === 'none' ? 'format not recognised' : `${c.envelope} output, its lines in no request-log format`;
    warn(`${what}, read as plain text: it covers no time of the window (--input-format forces a format) (${c.path})`);
  }
  suggestSince(result.findings, state.settings.since, settings.displayTz);
  const nothingRead = result.coverage.every((c) => c.lines === 0);
  const said = new Set(warned.map((i) => JSON.stringify(i)));
  const issues = result.issues.filter((i) => !said.has(JSON.stringify(i)));
  warnIssues(issues, result.coverage, nothingRead, settings.verbose);
  for (const limit of result.limits) warn(`${limit.scope}: ${limit.message}`);
  const code = writeReport(
    {
      tool: { name: 'clawprint', version: VERSION },
      command: 'audit',
      window: { since: result.since, until: result.until },
      tokens: state.settings.tokens,
      inputs: result.coverage,
      issues: result.stateIssues,
      findings: result.findings,
      rules: AUDIT_RULES.map((d) => d.meta),
      limits: result.limits,
    },
    settings,
    tokens,
  );
  // An input that could not be opened at all, or nothing readable in any input, means the audit
  // cannot speak for the window: that is exit 2, never a clean result.
  const unreadable = result.issues.some((i) => i.kind === 'not-found' || i.kind === 'unreadable' || i.kind === 'no-files');
  return unreadable || nothingRead ? 2 : code;
}

/**
 * A token printed in a CI or container log was exposed from then on: when that is before --since
 * (or no --since was given), say when, so the audit can be run again over the whole exposure.
 */
function suggestSince(findings: readonly Finding[], since: number | undefined, tz: string | undefined): void {
  let first: Finding | undefined;
  for (const f of findings) {
    if (f.rule === 'token-exposure' && f.time !== undefined && (first?.time === undefined || f.time < first.time)) first = f;
  }
  if (first?.time === undefined || (since !== undefined && first.time >= since)) return;
  const where = first.location !== undefined ? ` (${shownValue(first.location.path, false)}:${first.location.line})` : '';
  warn(`the token was printed in a log at ${formatTime(first.time, tz)}${where}: it was exposed from then on; suggested --since ${formatTime(first.time, tz)}`);
}

export const issueText = (i: InputIssue): string => `${i.line !== undefined ? `line ${i.line}: ` : ''}${i.message} (${i.path})`;

/**
 * One line per issue on stderr. Lines whose time field is unreadable are one count per input (each
 * of the first few with --verbose). When nothing was read, the line that says so carries the reason
 * if there is exactly one (an empty directory, a binary file): one line tells the whole story.
 */
function warnIssues(issues: readonly InputIssue[], coverage: readonly InputCoverage[], nothingRead: boolean, verbose: boolean): void {
  const consequence = 'no input could be read, so the audit cannot clear any part of the window';
  if (nothingRead && issues.length === 1) {
    warn(`${consequence}: ${issueText(issues[0]!)}`);
    return;
  }
  for (const issue of issues) if (verbose || issue.kind !== 'timestamp') warn(issueText(issue));
  for (const c of coverage) {
    const listed = verbose ? c.issues.filter((i) => i.kind === 'timestamp').length : 0;
    const rest = (c.unreadableTimes ?? 0) - listed;
    if (rest <= 0) continue;
    const what = `${rest} ${listed > 0 ? 'more ' : ''}line${rest === 1 ? '' : 's'} with a time field clawprint cannot read, not placed in time`;
    warn(`${what}${verbose ? '' : ' (--verbose lists the first ones)'} (${c.path})`);
  }
  for (const c of coverage) {
    for (const note of timeNotes(c)) warn(`${note} (${c.path})`);
    if (!verbose) continue;
    for (const u of c.unparsedLines ?? []) warn(`line ${u.line}: not parsed as ${c.format}: ${cell(u.text, 300)} (${c.path})`);
    const more = c.unparsed - (c.unparsedLines?.length ?? 0);
    if (more > 0) warn(`${more} more unparsed line${more === 1 ? '' : 's'} (counted, not listed) (${c.path})`);
  }
  if (nothingRead) warn(consequence);
}

