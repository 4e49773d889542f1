// Findings as rows of display cells, shared by the table and Markdown reporters. Every value that
// came from a log or a file is escaped and cut here (cell-text.ts); the renderers only join lists
// and add their own escaping. A cell that is a list is shown one item per line.
import type { Finding } from '../detectors/finding.js';
import { formatTime } from '../time.js';
import { escapeTerminal } from '../escape.js';
import { cell, listWithMore } from './cell-text.js';
import { count } from './report-heading.js';
import { activityCell } from './uses-rows.js';

export type Cell = string | readonly string[];
export type Row = Cell[];

const NONE = '-';

/** Findings the table groups by source (docs/product.md §4: first, last, count, endpoints, user agents). */
export function isTokenUse(f: Finding): boolean {
  return f.rule === 'token-use' || f.rule === 'token-use-after-window';
}

/** A baseline comparison (`clawprint report`) marks what was already known. */
function severityCell(f: Finding): string {
  return f.baseline === undefined ? f.severity : `${f.severity} (${f.baseline})`;
}

const time = (ms: number | undefined, tz: string | undefined): string => (ms === undefined ? NONE : formatTime(ms, tz));

/** A display path made safe; `-` is how the user named stdin, which reads oddly before `:line`. */
export function pathText(path: string): string {
  return path === '-' ? '(stdin)' : escapeTerminal(path);
}

/** Never shortened here: Markdown shows paths whole, the table shortens them only when it must (table-layout.ts). */
export function whereText(f: Finding, withColumn: boolean): string {
  if (f.location === undefined) return NONE;
  const { path, line, column } = f.location;
  const at = withColumn && column !== undefined ? `:${line}:${column}` : `:${line}`;
  return pathText(path) + at;
}

/**
 * With several tokens given, audit rows get a `token` column after the who-cell, so a row of
 * token B is never read as token A's. With one, the report header names it and the column would
 * only repeat it (and single-token reports keep their shape).
 */
function withToken<T>(cells: T[], after: number, token: T, several: boolean): T[] {
  return several ? [...cells.slice(0, after + 1), token, ...cells.slice(after + 1)] : cells;
}

const tokenCell = (f: Finding): string => f.token ?? NONE;

export function tokenUseHead(severalTokens: boolean): string[] {
  return withToken(['severity', 'source', 'first', 'last', 'count', 'endpoints', 'user agents', 'agent'], 1, 'token', severalTokens);
}

export function tokenUseRow(f: Finding, tz: string | undefined, severalTokens: boolean): Row {
  const endpoints = f.endpoints ?? (f.request !== undefined ? [f.request] : []);
  const userAgents = f.userAgents ?? (f.userAgent !== undefined ? [f.userAgent] : []);
  const agents = f.agents?.length ? f.agents : f.agent !== undefined ? [f.agent] : [];
  const row: Row = [
    // Both rules share a source's row shape; this line tells acceptance after the window (an
    // unfinished rotation) from use inside it.
    f.rule === 'token-use-after-window' ? [severityCell(f), 'after window'] : severityCell(f),
    cell(f.source ?? (f.agent !== undefined ? `agent:${f.agent}` : '(unknown source)'), 40),
    time(f.time, tz),
    time(f.lastTime ?? f.time, tz),
    count(f.count ?? 1),
    // With counts and statuses, first used first: the attacker's first request is never hidden.
    activityCell(f, 3, 36) ?? (endpoints.length ? listWithMore(endpoints, 3, 36) : NONE),
    userAgents.length ? listWithMore(userAgents, 2, 32) : NONE,
    agents.length ? listWithMore(agents, 2, 24) : NONE,
  ];
  return withToken(row, 1, tokenCell(f), severalTokens);
}

export function findingHead(severalTokens: boolean): string[] {
  return withToken(['severity', 'rule', 'time', 'source / agent / device', 'where', 'message'], 3, 'token', severalTokens);
}

export function findingRow(f: Finding, tz: string | undefined, severalTokens: boolean): Row {
  const when = [time(f.time, tz)];
  // Gaps and bursts are spans (a gap's message prints UTC): the cell shows both ends in the display zone.
  const end = f.to ?? f.lastTime;
  if (end !== undefined && end !== f.time) when.push(`to ${formatTime(end, tz)}`);
  const who: string[] = [];
  if (f.source !== undefined) who.push(cell(f.source, 40));
  if (f.agent !== undefined) who.push(`agent ${cell(f.agent, 24)}`);
  if (f.device !== undefined) who.push(`device ${escapeTerminal(f.device)}`);
  const row: Row = [severityCell(f), f.rule, when, who.length ? who : NONE, whereText(f, false), cell(f.message, 300)];
  return withToken(row, 3, tokenCell(f), severalTokens);
}

export const SCAN_HEAD = ['severity', 'rule', 'where', 'secret', 'context'];

export function scanRow(f: Finding): Row {
  const secret: string[] = [];
  if (f.secret !== undefined) {
    secret.push(f.secret.fingerprint, `${cell(f.secret.preview, 8)} (${f.secret.length} chars)`);
  } else if (f.token !== undefined) {
    secret.push(f.token);
  }
  if (f.matchesExposedToken === true) secret.push('matches exposed token');
  return [severityCell(f), f.rule, whereText(f, true), secret.length ? secret : NONE, cell(f.context ?? NONE, 24)];
}

export const CONFIG_HEAD = ['severity', 'rule', 'where', 'secret', 'environment', 'message'];

/** check-config: where the setting is, which secret (fingerprint), its environment, and the fix. */
export function configRow(f: Finding): Row {
  const where = [whereText(f, false), ...(f.related ?? []).map((l) => `also ${pathText(l.path)}:${l.line}`)];
  return [severityCell(f), f.rule, where, f.token ?? NONE, cell(f.environment ?? NONE, 16), cell(f.message, 300)];
}
