// `--format csv`: RFC 4180, one row per finding, for spreadsheets. Log data is attacker-controlled,
// so every cell is also defused against formula injection before it is quoted.
import type { Finding } from '../detectors/finding.js';
import { formatTime } from '../time.js';
import type { Reporter } from './reporter.js';

const COLUMNS = [
  'id', 'rule', 'severity', 'time', 'path', 'line', 'column', 'source', 'userAgent', 'agent', 'device',
  'request', 'status', 'token', 'count', 'lastTime', 'reason', 'message',
] as const;

// Spreadsheets evaluate a cell that starts with one of these as a formula (OWASP "CSV Injection");
// a leading apostrophe makes them text. Tab and CR are on OWASP's list too. A lone `-` (how the
// user named stdin) cannot compute anything and stays as it is.
const FORMULA_START = /^(?:[=+@\t\r]|-.)/s;

/** RFC 4180 §2.6–2.7: quote a field holding a comma, quote or line break; double inner quotes. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cells(f: Finding, displayTz: string | undefined): Record<(typeof COLUMNS)[number], string> {
  const time = (ms: number | undefined): string => (ms === undefined ? '' : formatTime(ms, displayTz));
  const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    time: time(f.time),
    path: f.location?.path ?? '',
    line: text(f.location?.line),
    column: text(f.location?.column),
    source: text(f.source),
    userAgent: text(f.userAgent),
    agent: text(f.agent),
    device: text(f.device),
    request: text(f.request),
    status: text(f.status),
    token: text(f.token),
    count: text(f.count),
    lastTime: time(f.lastTime),
    reason: text(f.reason),
    message: f.message,
  };
}

export const renderCsv: Reporter = (report, options) => {
  const rows = [COLUMNS.join(',')];
  for (const f of report.findings) {
    const row = cells(f, options.displayTz);
    rows.push(COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  // RFC 4180 §2.1: records end in CRLF (line breaks inside quoted fields are kept as they are).
  return rows.map((r) => r + '\r\n').join('');
};
