// What `rotation` and `merge` share once the evidence is read or merged: the verdict from the
// tracker's state (pipeline/rotation-state.ts), the warnings, the report and the exit code
// (docs/product.md §7). One code path, so both print the same report.
import { Redactor } from '../detectors/redact-finding.js';
import { ROTATION_RULES, rotationFindings } from '../detectors/rotation-status.js';
import { coversTime } from '../detectors/log-coverage-gap.js';
import type { RotationState } from '../pipeline/rotation-state.js';
import type { InputIssue } from '../sources/input.js';
import type { TokenMatcher } from '../token.js';
import { VERSION } from '../version.js';
import { type OutputSettings, warn, writeReport } from './output.js';

/** Reports `state`; returns the exit code. `warned`: issues already said on stderr. */
export function reportRotation(state: RotationState, tokens: TokenMatcher, settings: OutputSettings, warned: readonly InputIssue[] = [], now = Date.now()): number {
  const { since, until, quietPeriodMs } = state.settings;
  const coverageIssues = state.inputs.flatMap((c) => c.issues);
  const said = new Set(warned.map((i) => JSON.stringify(i)));
  for (const issue of [...coverageIssues, ...state.issues]) {
    if (said.has(JSON.stringify(issue))) continue;
    if (issue.kind !== 'timestamp' || settings.verbose) warn(`${issue.message} (${issue.path}${issue.line !== undefined ? `:${issue.line}` : ''})`);
  }
  const { undated } = state.tracker;
  if (undated > 0) warn(`${undated} token use${undated === 1 ? '' : 's'} without a readable time could not be ordered and were left out of the verdict`);
  const tracked = rotationFindings(state.tracker, { quietPeriodMs, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) });
  // The tracker copied agents and user agents from events, as a detector does: redacted as they
  // become findings, before any reporter cuts or escapes them.
  const redact = new Redactor(tokens);
  const findings = tracked.findings.map((f) => redact.finding(f));
  const end = until ?? now;
  const firstSeen = state.inputs.reduce<number | undefined>((min, c) => (coversTime(c) && c.first !== undefined && (min === undefined || c.first < min) ? c.first : min), undefined);
  const failing = writeReport(
    {
      tool: { name: 'clawprint', version: VERSION },
      command: 'rotation',
      ...(since !== undefined || until !== undefined ? { window: { since: since ?? Math.min(firstSeen ?? end, end), until: end } } : {}),
      tokens: state.settings.tokens,
      inputs: state.inputs,
      issues: state.issues,
      findings,
      rules: [...ROTATION_RULES],
    },
    settings,
    tokens,
  );
  const unreadable = [...coverageIssues, ...state.issues].some((i) => i.kind === 'not-found' || i.kind === 'unreadable' || i.kind === 'no-files');
  const nothingRead = state.inputs.every((c) => c.lines === 0);
  if (unreadable || nothingRead) return 2;
  // Not ready is exit 1 whatever --fail-on says; a ready rotation can still fail on a lower
  // threshold (`--fail-on medium`: a client that went quiet on the old token).
  return tracked.verdict === 'ready' ? failing : 1;
}
