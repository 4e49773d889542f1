// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it (docs/product.md §9): one run, every rule
// in tool.driver.rules, 1-based regions, relative POSIX URIs, and the stable finding id as the
// partial fingerprint so alerts survive edits elsewhere in a file.
import path from 'node:path';
import type { DetectorMeta } from '../detectors/detector.js';
import type { Finding, Location } from '../detectors/finding.js';
import { escapeJsonText } from '../escape.js';
import type { Severity } from '../severity.js';
import { ENTRY_SEPARATOR } from '../sources/open-input.js';
import { formatTime } from '../time.js';
import { locationJson } from './finding-json.js';
import type { Reporter } from './reporter.js';

// package.json carries no homepage yet; the registry page is where a published clawprint lives.
const INFORMATION_URI = 'https://www.npmjs.com/package/clawprint';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

// GitHub ranks security alerts by this score: ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium,
// 0.1–3.9 low. Info has no security rank, so it keeps the plain `note` level only.
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

/**
 * `location.path` as a SARIF artifact URI: relative, POSIX, percent-encoded (RFC 3986 — spaces and
 * non-ASCII must be escaped). Code scanning ties alerts to repository files, so an absolute path
 * or one above the working directory is made relative-looking rather than dropped.
 */
export function sarifUri(displayPath: string): string {
  if (displayPath === '-') return 'stdin';
  // An archive entry (`logs.zip!/build/2_Run deploy.txt`): the name inside is kept as written, with
  // `.` and `..` segments encoded so that no URI resolution lifts it out of its archive.
  const cut = displayPath.indexOf(ENTRY_SEPARATOR);
  if (cut !== -1) {
    const inside = displayPath.slice(cut + ENTRY_SEPARATOR.length).split('/');
    const dots = (s: string): string => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s));
    return `${sarifUri(displayPath.slice(0, cut))}${ENTRY_SEPARATOR}${inside.map(dots).join('/')}`;
  }
  const posix = path.posix.normalize(displayPath.replace(/\\/g, '/').replace(/^[A-Za-z]:\//, '/'));
  const segments = posix.split('/').filter((s) => s !== '' && s !== '.');
  while (segments[0] === '..') segments.shift();
  return segments.length === 0 ? 'stdin' : segments.map(encodeURIComponent).join('/');
}

function ruleDescriptor(meta: DetectorMeta): object {
  const securitySeverity = SECURITY_SEVERITY[meta.severity];
  return {
    id: meta.id,
    // SARIF 3.49.7: a name for people, different from the opaque id (`gateway-token-literal` →
    // `GatewayTokenLiteral`, as the SARIF validator asks).
    name: meta.id.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security'],
      ...(securitySeverity !== undefined ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

/** Report rules first, then any rule a finding uses that the report did not list (never orphaned). */
function collectRules(rules: readonly DetectorMeta[], findings: readonly Finding[]): DetectorMeta[] {
  const out = [...rules];
  const seen = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    out.push({ id: f.rule, severity: f.severity, description: f.rule });
  }
  return out;
}

/**
 * SARIF regions are 1-based and the schema rejects 0; a finding at "line 0" means the start. A
 * finding tied to no input has no location (SARIF 3.27.12: zero or more); code scanning cannot
 * place such a result, which only an audit that read nothing produces.
 */
function locations(l: Location | undefined): object {
  if (l === undefined) return {};
  const loc = locationJson(l);
  const region = {
    startLine: Math.max(1, loc.line),
    ...(loc.column !== undefined ? { startColumn: Math.max(1, loc.column) } : {}),
  };
  return { locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(loc.path) }, region } }] };
}

function result(f: Finding, ruleIndex: number, displayTz: string | undefined): object {
  const properties = {
    severity: f.severity,
    ...(f.time !== undefined ? { time: formatTime(f.time, displayTz) } : {}),
    ...(f.source !== undefined ? { source: f.source } : {}),
    ...(f.token !== undefined ? { token: f.token } : {}),
    ...(f.secret !== undefined ? { secret: { fingerprint: f.secret.fingerprint, length: f.secret.length, preview: f.secret.preview } } : {}),
  };
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message || f.rule },
    ...locations(f.location),
    partialFingerprints: { 'clawprint/v1': f.id },
    ...(f.baseline !== undefined ? { baselineState: f.baseline === 'known' ? 'unchanged' : 'new' } : {}),
    properties,
  };
}

export const renderSarif: Reporter = (report, options) => {
  const rules = collectRules(report.rules, report.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'clawprint',
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        // Columns are UTF-16 code units of the decoded line (README, Scan rules): SARIF's default,
        // stated so no consumer has to know that.
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(f, index.get(f.rule) ?? 0, options.displayTz)),
      },
    ],
  };
  return escapeJsonText(JSON.stringify(sarif, null, 2)) + '\n';
};
