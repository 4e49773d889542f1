// `--format csv`: RFC 4180, one row per finding, for spreadsheets. Log data is attacker-controlled,
// so every cell goes through escapeCsv (escape.ts): formula-defused, control characters made
// visible, then quoted.
import type { Finding } from '../detectors/finding.js';
import { escapeCsv } from '../escape.js';

/** The CSV escape (escape.ts), under the name this reporter has always exported. */
export const csvField = escapeCsv;
import { formatTime } from '../time.js';
import type { Reporter } from './reporter.js';
import { useCsvRows } from './uses-rows.js';

const COLUMNS = [
  'id', 'rule', 'severity', 'time', 'path', 'line', 'column', 'source', 'userAgent', 'agent', 'device',
  'request', 'method', 'requestPath', 'status', 'bytes', 'tokenSlot', 'token', 'count', 'lastTime', 'reason', 'message',
] as const;

type CsvRow = Record<(typeof COLUMNS)[number], string>;

function cells(f: Finding, displayTz: string | undefined): CsvRow {
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
    method: text(f.request?.split(' ')[0]),
    requestPath: text(f.request?.split(' ').slice(1).join(' ') || undefined),
    status: text(f.status),
    bytes: '',
    tokenSlot: text(f.tokenSlot),
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
    // A finding that lists uses is one row per use (uses-rows.ts); any other, one row.
    const base = cells(f, options.displayTz);
    for (const row of f.uses !== undefined ? useCsvRows(f, base, options.displayTz) : [base]) rows.push(COLUMNS.map((c) => escapeCsv(row[c])).join(','));
  }
  // RFC 4180 §2.1: records end in CRLF (line breaks inside quoted fields are kept as they are).
  return rows.map((r) => r + '\r\n').join('');
};
