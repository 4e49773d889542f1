import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSarif, sarifUri } from '../../src/reporters/sarif.js';
import type { Report } from '../../src/reporters/reporter.js';
import { assertGolden, emptyAudit, loadReport } from './report-fixtures.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } };
    results: SarifResult[];
  }>;
}

const render = (report: Report, displayTz?: string): SarifLog =>
  JSON.parse(renderSarif(report, displayTz ? { displayTz } : {})) as SarifLog;

test('sarif: audit and scan match their golden files', () => {
  assertGolden(renderSarif, 'sarif', 'sarif', 'audit', loadReport('audit'));
  assertGolden(renderSarif, 'sarif', 'sarif', 'scan', loadReport('scan'));
});

test('sarif: 2.1.0, one run, every report rule in driver.rules, every result ruleId among them', () => {
  for (const name of ['audit', 'scan'] as const) {
    const report = loadReport(name);
    const log = render(report);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0]!.tool;
    assert.equal(driver.name, 'clawprint');
    assert.equal(driver.version, report.tool.version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((r) => r.id), report.rules.map((r) => r.id));
    const results = log.runs[0]!.results;
    assert.equal(results.length, report.findings.length);
    for (const r of results) {
      assert.equal(driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.ok(r.message.text.length > 0);
    }
  }
});

test('sarif: a finding whose rule the report did not list still gets a rule', () => {
  const report = loadReport('scan');
  report.findings[0]!.rule = 'brand-new-rule';
  const log = render(report);
  const ids = log.runs[0]!.tool.driver.rules.map((r) => r.id);
  assert.ok(ids.includes('brand-new-rule'));
  assert.equal(log.runs[0]!.results[0]!.ruleIndex, ids.indexOf('brand-new-rule'));
});

test('sarif: levels follow severity; fingerprints are the finding ids', () => {
  const report = loadReport('scan');
  const results = render(report).runs[0]!.results;
  const expected: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
  results.forEach((r, i) => {
    const f = report.findings[i]!;
    assert.equal(r.level, expected[f.severity]);
    assert.deepEqual(r.partialFingerprints, { 'clawprint/v1': f.id });
    assert.equal(r.properties['severity'], f.severity);
  });
});

test('sarif: regions are 1-based, uris relative POSIX, stdin is `stdin`', () => {
  for (const name of ['audit', 'scan'] as const) {
    for (const r of render(loadReport(name)).runs[0]!.results) {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      assert.ok(region.startLine >= 1);
      if (region.startColumn !== undefined) assert.ok(region.startColumn >= 1);
      assert.ok(!artifactLocation.uri.startsWith('/'), artifactLocation.uri);
      assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(artifactLocation.uri), `no scheme or drive: ${artifactLocation.uri}`);
      assert.ok(!artifactLocation.uri.split('/').includes('..'), artifactLocation.uri);
      assert.ok(!artifactLocation.uri.includes('\\'));
      assert.ok(!/[^\x21-\x7e]/.test(artifactLocation.uri), `percent-encoded: ${artifactLocation.uri}`);
    }
  }
  const scan = render(loadReport('scan')).runs[0]!.results;
  assert.deepEqual(scan[0]!.locations[0]!.physicalLocation, { artifactLocation: { uri: 'stdin' }, region: { startLine: 2, startColumn: 1 } });
  const audit = render(loadReport('audit')).runs[0]!.results;
  assert.equal(audit[0]!.locations[0]!.physicalLocation.region.startColumn, undefined);
});

test('sarif: sarifUri makes any display path relative-looking', () => {
  assert.equal(sarifUri('-'), 'stdin');
  assert.equal(sarifUri('logs/gateway.jsonl'), 'logs/gateway.jsonl');
  assert.equal(sarifUri('/var/log/openclaw/gateway-äöü.log'), 'var/log/openclaw/gateway-%C3%A4%C3%B6%C3%BC.log');
  assert.equal(sarifUri('../other/openclaw.log'), 'other/openclaw.log');
  assert.equal(sarifUri('../../a/./b/../c.log'), 'a/c.log');
  assert.equal(sarifUri('C:\\Users\\dev\\.env'), 'Users/dev/.env');
  assert.equal(sarifUri('ci/logs/build 42.log'), 'ci/logs/build%2042.log');
  assert.equal(sarifUri('./.env'), '.env');
});

test('sarif: a line 0 from a detector is clamped to the schema minimum', () => {
  const report = loadReport('scan');
  report.findings[0]!.location = { path: 'a.txt', line: 0, column: 0 };
  assert.deepEqual(render(report).runs[0]!.results[0]!.locations[0]!.physicalLocation.region, { startLine: 1, startColumn: 1 });
});

test('sarif: properties carry time, source, token and secret where present, in --display-tz', () => {
  const audit = render(loadReport('audit'), 'Asia/Kolkata').runs[0]!.results[0]!;
  assert.deepEqual(audit.properties, { severity: 'critical', time: '2025-02-21T19:33:11.201+05:30', source: '203.0.113.7', token: 'sha256:9c1185a5c5e9' });
  const scan = render(loadReport('scan')).runs[0]!.results[1]!;
  assert.deepEqual(scan.properties['secret'], { fingerprint: 'sha256:9c1185a5c5e9', length: 64, preview: '9f3a…' });
});

test('sarif: no findings is an empty results array with every rule listed', () => {
  const log = render(emptyAudit());
  assert.deepEqual(log.runs[0]!.results, []);
  assert.equal(log.runs[0]!.tool.driver.rules.length, 7);
});
