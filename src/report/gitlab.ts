// GitLab's merge-request widgets: gl-secret-detection-report.json (security report schema 15.1.0,
// type secret_detection) for the scan's findings, gl-code-quality-report.json (Code Climate
// format) for check-config's. Neither carries an excerpt of the secret: a fingerprint and a place.
import { createHash } from 'node:crypto';
import type { Severity } from '../severity.js';
import type { ReportFinding, ScheduledReport } from './model.js';

export const GITLAB_SCHEMA_VERSION = '15.1.0';

const GL_SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const CQ_SEVERITY: Record<Severity, string> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' };

/** The schema's date-time pattern: `YYYY-MM-DDTHH:MM:SS`, no fraction, no zone. */
const gitlabTime = (iso: string): string => iso.slice(0, 19);

/** A UUID-shaped id derived from the stable key, so a finding keeps its id across pipelines. */
function uuidOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function renderGitlabSecretDetection(report: ScheduledReport, options: { commit: string; started: string; version: string }): string {
  const vulnerabilities = report.findings
    .filter((f): f is ReportFinding & { location: NonNullable<ReportFinding['location']> } => f.producer === 'scan' && f.location !== undefined)
    .map((f) => ({
      id: uuidOf(f.key),
      category: 'secret_detection',
      name: f.rule,
      description: `${f.message}${f.secret ? ` (secret ${f.secret.fingerprint}, ${f.secret.length} characters)` : ''}`,
      severity: GL_SEVERITY[f.severity],
      solution: 'Remove the value, reference it from an environment variable or secret store, and rotate the token: it may already be in git history.',
      scanner: { id: 'clawprint', name: 'clawprint' },
      location: { file: f.location.path, start_line: f.location.line, end_line: f.location.line, commit: { sha: options.commit } },
      identifiers: [{ type: 'clawprint_rule_id', name: `clawprint ${f.rule}`, value: f.rule }],
    }));
  const tool = { id: 'clawprint', name: 'clawprint', version: options.version, vendor: { name: 'clawprint' } };
  return (
    JSON.stringify(
      {
        version: GITLAB_SCHEMA_VERSION,
        scan: {
          analyzer: tool,
          scanner: tool,
          type: 'secret_detection',
          start_time: gitlabTime(options.started),
          end_time: gitlabTime(report.generated),
          status: report.runs.some((r) => r.producer === 'scan' && r.exitCode === 2) ? 'failure' : 'success',
        },
        vulnerabilities,
      },
      null,
      2,
    ) + '\n'
  );
}

export function renderGitlabCodeQuality(report: ScheduledReport): string {
  const issues = report.findings
    .filter((f) => f.producer === 'config' && f.location !== undefined)
    .map((f) => ({
      type: 'issue',
      check_name: f.rule,
      description: f.message.split('\n')[0]!,
      categories: ['Security'],
      fingerprint: createHash('md5').update(f.key).digest('hex'),
      severity: CQ_SEVERITY[f.severity],
      location: { path: f.location!.path, lines: { begin: Math.max(1, f.location!.line) } },
    }));
  return JSON.stringify(issues, null, 2) + '\n';
}
