// How each format shows the uses behind a grouped finding (JSON `uses`, CSV rows, the table's and
// Markdown's request lists) and its endpoint activity. Values were redacted when the finding was
// made (redactFinding); the table and Markdown escape them here like every other cell.
import type { Finding, Location } from '../detectors/finding.js';
import type { EndpointActivity } from '../detectors/endpoint-tally.js';
import type { Use } from '../detectors/uses.js';
import { formatTime } from '../time.js';
import { cell, visible } from './cell-text.js';
import { count } from './report-heading.js';

/** A use as JSON: the same fields, its time as an ISO string (`--display-tz` applied). */
export type UseJson = Omit<Use, 'time'> & { time?: string };

export interface ActivityJson {
  endpoint: string;
  count: number;
  statuses?: Record<string, number>;
  firstTime?: string;
}

/** Fixed key order, absent values left out (as findingJson does). */
export function useJson(u: Use, displayTz?: string): UseJson {
  const location = { path: u.location.path, line: u.location.line };
  // In the report's key order without object spreads: a report lists up to ~1,000 uses, and copying
  // through a spread cost ~7 us each at the end of an audit, in code V8 has not optimized yet (issue 8).
  const ordered: UseJson = u.time !== undefined ? { time: formatTime(u.time, displayTz), location, kind: u.kind } : { location, kind: u.kind };
  if (u.source !== undefined) ordered.source = u.source;
  if (u.method !== undefined) ordered.method = u.method;
  if (u.path !== undefined) ordered.path = u.path;
  if (u.status !== undefined) ordered.status = u.status;
  if (u.bytes !== undefined) ordered.bytes = u.bytes;
  if (u.userAgent !== undefined) ordered.userAgent = u.userAgent;
  if (u.agent !== undefined) ordered.agent = u.agent;
  if (u.tokenSlot !== undefined) ordered.tokenSlot = u.tokenSlot;
  return ordered;
}

export function activityJson(a: EndpointActivity, displayTz?: string): ActivityJson {
  return {
    endpoint: a.endpoint,
    count: a.count,
    ...(a.statuses !== undefined ? { statuses: { ...a.statuses } } : {}),
    ...(a.firstTime !== undefined ? { firstTime: formatTime(a.firstTime, displayTz) } : {}),
  };
}

/** `GET /api/v1/memory ×3 (200, 403×1)`: an endpoint with its count and statuses, for one cell line. */
export function activityText(a: EndpointActivity, max: number): string {
  const statuses = a.statuses === undefined ? [] : Object.entries(a.statuses).map(([s, n]) => (n === a.count ? s : `${s}×${n}`));
  return `${cell(a.endpoint, max)} ×${count(a.count)}${statuses.length ? ` (${statuses.join(', ')})` : ''}`;
}

/** The endpoints cell of a token-use row: in time order of first use, `+N more` beyond `shown`. */
export function activityCell(f: Finding, shown: number, max: number): string[] | undefined {
  const activity = f.activity;
  if (activity === undefined || activity.length === 0) return undefined;
  const out = activity.slice(0, shown).map((a) => activityText(a, max));
  const more = activity.length - shown + (f.endpointsOmitted ?? 0);
  if (more > 0) out.push(`+${count(more)} more`);
  return out;
}

/** Findings whose uses the table and Markdown list line by line: every critical one, and where the token was printed or not parsed. */
export function listsUses(f: Finding): boolean {
  return f.uses !== undefined && f.uses.length > 0 && (f.severity === 'critical' || f.rule === 'token-exposure' || f.rule === 'token-in-unparsed-line');
}

/** Uses the table and Markdown show per finding; JSON and CSV show up to USES_CAP, --evidence all. */
export const USES_SHOWN = 20;

export const USES_HEAD = ['time', 'request', 'status', 'user agent', 'where'];

/** `METHOD path?query`, a connection, or what the line was. */
export function requestText(u: Use): string {
  if (u.path !== undefined) return `${u.method ?? 'GET'} ${u.path}`;
  if (u.kind === 'connection') return 'connection';
  if (u.kind === 'exposure') return 'token printed';
  if (u.kind === 'token-text') return 'line not parsed';
  return u.kind;
}

/** Rows of one finding's uses (escaped for display), and the line that says how many more. */
export function useRows(f: Finding, tz: string | undefined, shown = USES_SHOWN): { rows: string[][]; more: string | undefined } {
  const uses = f.uses ?? [];
  const rows = uses.slice(0, shown).map((u) => [
    u.time === undefined ? '-' : formatTime(u.time, tz),
    visible(requestText(u)),
    u.status === undefined ? '-' : String(u.status),
    u.userAgent === undefined ? '-' : visible(u.userAgent),
    `${u.location.path === '-' ? '(stdin)' : visible(u.location.path)}:${u.location.line}`,
  ]);
  const hidden = (f.count ?? uses.length) - rows.length;
  const more = hidden > 0 ? `${count(hidden)} more in --evidence` : undefined;
  return { rows, more };
}

/** The heading above one finding's use list: who, which rule, how many. */
export function usesHeading(f: Finding, tz: string | undefined, severalTokens = false): string {
  const who = f.source ?? (f.agent !== undefined ? `agent ${f.agent}` : f.location !== undefined ? `(no source) ${f.location.path}` : '(no source)');
  const n = f.count ?? 0;
  const what =
    f.rule === 'token-exposure'
      ? (n === 1 ? 'line that prints the token' : 'lines that print the token')
      : f.rule === 'token-in-unparsed-line'
        ? `${n === 1 ? 'line' : 'lines'} not parsed`
        : `${n === 1 ? 'request' : 'requests'}${f.rule === 'token-use-after-window' ? ' after the window' : ''}`;
  const from = f.time !== undefined ? `, from ${formatTime(f.time, tz)}` : '';
  return `${visible(who)}${severalTokens && f.token !== undefined ? ` · ${f.token}` : ''} — ${count(n)} ${what}${from}`;
}

/**
 * CSV: one row per use of a finding that lists them — the finding's columns, with the use's own
 * time, place, request, status and client — and one closing row when the cap left uses out.
 */
export function useCsvRows<R extends Record<string, string>>(f: Finding, base: R, displayTz: string | undefined): R[] {
  const rows: R[] = (f.uses ?? []).map((u) => ({
    ...base,
    time: u.time === undefined ? '' : formatTime(u.time, displayTz),
    path: u.location.path,
    line: String(u.location.line),
    column: '',
    source: u.source ?? base['source'] ?? '',
    userAgent: u.userAgent ?? '',
    agent: u.agent ?? '',
    request: u.path !== undefined ? `${u.method ?? 'GET'} ${u.path}` : requestText(u),
    method: u.method ?? '',
    requestPath: u.path ?? '',
    status: u.status === undefined ? '' : String(u.status),
    bytes: u.bytes === undefined ? '' : String(u.bytes),
    tokenSlot: u.tokenSlot ?? '',
    lastTime: '',
  }));
  const omitted = f.usesOmitted ?? 0;
  if (omitted > 0) {
    const blank = Object.fromEntries(Object.keys(base).map((k) => [k, ''])) as R;
    rows.push({ ...blank, id: base['id'], rule: base['rule'], severity: base['severity'], token: base['token'], count: String(omitted), message: `${count(omitted)} more uses not listed; --evidence FILE lists every use` });
  }
  return rows;
}

/** The table's and Markdown's per-finding use lists: findings that list uses, in report order. */
export function useListSections(
  findings: readonly Finding[],
  tz: string | undefined,
  severalTokens: boolean,
): Array<{ heading: string; rows: string[][]; more: string | undefined }> {
  return findings.filter(listsUses).map((f) => ({ heading: usesHeading(f, tz, severalTokens), ...useRows(f, tz) }));
}
