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

export function locationJson(l: Location): Location {
  return l.column === undefined ? { path: l.path, line: l.line } : { path: l.path, line: l.line, column: l.column };
}

function secretJson(s: SecretInfo): SecretInfo {
  return { fingerprint: s.fingerprint, length: s.length, preview: s.preview };
}

/** Reading order: what and when, who, then the aggregates and the scan details. */
export function findingJson(f: Finding, displayTz?: string): FindingJson {
  const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatTime(ms, displayTz));
  // Each key set when its value is there, in this order (a spread of opt() per key made ~30 small
  // objects per finding: thousands of findings in a scan of a large tree).
  const o: Record<string, unknown> = { id: f.id, rule: f.rule, severity: f.severity };
  put(o, 'time', time(f.time));
  o.message = f.message;
  put(o, 'location', f.location && locationJson(f.location));
  put(o, 'source', f.source);
  put(o, 'peer', f.peer);
  put(o, 'userAgent', f.userAgent);
  put(o, 'agent', f.agent);
  put(o, 'device', f.device);
  put(o, 'request', f.request);
  put(o, 'status', f.status);
  put(o, 'tokenSlot', f.tokenSlot);
  put(o, 'reason', f.reason);
  put(o, 'token', f.token);
  put(o, 'count', f.count);
  put(o, 'lastTime', time(f.lastTime));
  put(o, 'lastLocation', f.lastLocation && locationJson(f.lastLocation));
  put(o, 'endpoints', f.endpoints && [...f.endpoints]);
  put(o, 'userAgents', f.userAgents && [...f.userAgents]);
  put(o, 'agents', f.agents && [...f.agents]);
  put(o, 'activity', f.activity?.map((a) => activityJson(a, displayTz)));
  put(o, 'endpointsOmitted', f.endpointsOmitted);
  put(o, 'uses', f.uses?.map((u) => useJson(u, displayTz)));
  put(o, 'usesOmitted', f.usesOmitted);
  put(o, 'from', time(f.from));
  put(o, 'to', time(f.to));
  put(o, 'secret', f.secret && secretJson(f.secret));
  put(o, 'context', f.context);
  put(o, 'matchesExposedToken', f.matchesExposedToken);
  put(o, 'environment', f.environment);
  put(o, 'related', f.related?.map(locationJson));
  put(o, 'baseline', f.baseline);
  return o as FindingJson;
}

/** Sets `key` when the value is there (no object made to spread, so the key order stays fixed). */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) o[key] = value;
}

export function issueJson(i: InputIssue): IssueJson {
  return i.line === undefined ? { path: i.path, kind: i.kind, message: i.message } : { path: i.path, kind: i.kind, message: i.message, line: i.line };
}

export function coverageJson(c: InputCoverage, displayTz?: string): CoverageJson {
  // As findingJson: each key set when its value is there, in this order (a row per input file).
  const o: Record<string, unknown> = {
    path: c.path,
    envelope: c.envelope,
    format: c.format,
    gzip: c.gzip,
    bytes: c.bytes,
    lines: c.lines,
    examined: c.examined,
    events: c.events,
    unparsed: c.unparsed,
  };
  put(o, 'unreadableTimes', c.unreadableTimes);
  put(o, 'undated', c.undated);
  put(o, 'yearGuess', c.yearGuess);
  put(o, 'first', c.first === undefined ? undefined : formatTime(c.first, displayTz));
  put(o, 'last', c.last === undefined ? undefined : formatTime(c.last, displayTz));
  o.issues = c.issues.map(issueJson);
  return o as CoverageJson;
}

export function tokensJson(tokens: readonly TokenRef[]): TokenRef[] {
  return tokens.map((t) => ({ fingerprint: t.fingerprint, label: t.label }));
}

export function windowJson(report: Report, displayTz?: string): { since: string; until: string } | undefined {
  if (report.window === undefined) return undefined;
  return { since: formatTime(report.window.since, displayTz), until: formatTime(report.window.until, displayTz) };
}
