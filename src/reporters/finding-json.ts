// The JSON-ready shapes shared by the json, jsonl and sarif reporters. Every field is copied by
// name, in a fixed order, so output is stable and nothing outside the Report contract (such as a
// stray property a future detector attaches) can reach a machine-readable report.
import type { Finding, Location, SecretInfo } from '../detectors/finding.js';
import type { InputCoverage } from '../pipeline/coverage.js';
import type { InputIssue } from '../sources/input.js';
import { formatTime } from '../time.js';
import type { TokenRef } from '../token.js';
import type { Report } from './reporter.js';
import { type ActivityJson, activityJson, type UseJson, useJson } from './uses-rows.js';

type TimeKey = 'time' | 'lastTime' | 'from' | 'to';

/** A finding with its epoch-ms times as ISO strings (`--display-tz` applied). */
export type FindingJson = Omit<Finding, TimeKey | 'uses' | 'activity'> & { [K in TimeKey]?: string } & { uses?: UseJson[]; activity?: ActivityJson[] };

export interface IssueJson {
  path: string;
  kind: InputIssue['kind'];
  message: string;
  line?: number;
}

export type CoverageJson = Omit<InputCoverage, 'first' | 'last' | 'issues'> & {
  first?: string;
  last?: string;
  issues: IssueJson[];
};

/** `{ key: value }`, or `{}` when the value is absent: spread in place so key order stays fixed. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function locationJson(l: Location): Location {
  return { path: l.path, line: l.line, ...opt('column', l.column) };
}

function secretJson(s: SecretInfo): SecretInfo {
  return { fingerprint: s.fingerprint, length: s.length, preview: s.preview };
}

/** Reading order: what and when, who, then the aggregates and the scan details. */
export function findingJson(f: Finding, displayTz?: string): FindingJson {
  const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatTime(ms, displayTz));
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    ...opt('time', time(f.time)),
    message: f.message,
    ...opt('location', f.location && locationJson(f.location)),
    ...opt('source', f.source),
    ...opt('peer', f.peer),
    ...opt('userAgent', f.userAgent),
    ...opt('agent', f.agent),
    ...opt('device', f.device),
    ...opt('request', f.request),
    ...opt('status', f.status),
    ...opt('tokenSlot', f.tokenSlot),
    ...opt('reason', f.reason),
    ...opt('token', f.token),
    ...opt('count', f.count),
    ...opt('lastTime', time(f.lastTime)),
    ...opt('lastLocation', f.lastLocation && locationJson(f.lastLocation)),
    ...opt('endpoints', f.endpoints && [...f.endpoints]),
    ...opt('userAgents', f.userAgents && [...f.userAgents]),
    ...opt('agents', f.agents && [...f.agents]),
    ...opt('activity', f.activity?.map((a) => activityJson(a, displayTz))),
    ...opt('endpointsOmitted', f.endpointsOmitted),
    ...opt('uses', f.uses?.map((u) => useJson(u, displayTz))),
    ...opt('usesOmitted', f.usesOmitted),
    ...opt('from', time(f.from)),
    ...opt('to', time(f.to)),
    ...opt('secret', f.secret && secretJson(f.secret)),
    ...opt('context', f.context),
    ...opt('matchesExposedToken', f.matchesExposedToken),
    ...opt('environment', f.environment),
    ...opt('related', f.related?.map(locationJson)),
    ...opt('baseline', f.baseline),
  };
}

export function issueJson(i: InputIssue): IssueJson {
  return { path: i.path, kind: i.kind, message: i.message, ...opt('line', i.line) };
}

export function coverageJson(c: InputCoverage, displayTz?: string): CoverageJson {
  return {
    path: c.path,
    envelope: c.envelope,
    format: c.format,
    gzip: c.gzip,
    bytes: c.bytes,
    lines: c.lines,
    examined: c.examined,
    events: c.events,
    unparsed: c.unparsed,
    ...opt('unreadableTimes', c.unreadableTimes),
    ...opt('undated', c.undated),
    ...opt('yearGuess', c.yearGuess),
    ...opt('first', c.first === undefined ? undefined : formatTime(c.first, displayTz)),
    ...opt('last', c.last === undefined ? undefined : formatTime(c.last, displayTz)),
    issues: c.issues.map(issueJson),
  };
}

export function tokensJson(tokens: readonly TokenRef[]): TokenRef[] {
  return tokens.map((t) => ({ fingerprint: t.fingerprint, label: t.label }));
}

export function windowJson(report: Report, displayTz?: string): { since: string; until: string } | undefined {
  if (report.window === undefined) return undefined;
  return { since: formatTime(report.window.since, displayTz), until: formatTime(report.window.until, displayTz) };
}
