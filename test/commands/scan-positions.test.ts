// `clawprint scan` end to end on fixtures/commands/scan-positions: one folder per envelope (and
// per CI mask that must stay silent), each `<scenario>/input/` scanned for real and compared with
// `<scenario>/expected.json` — id, rule, severity, line, column in the ORIGINAL file,
// fingerprint, and the input's issues. Every position is also checked against the file itself:
// the secret's preview must start there. Then SARIF from the same run, and the ids of a secret
// repeated in one file (unique, stable when lines move, silenced by one baseline entry).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCAN_DETECTORS } from '../../src/detectors/index.js';
import { assertMatchesFile, fixture, runCli } from '../helpers.js';

interface JsonFinding {
  id: string;
  rule: string;
  severity: string;
  location: { path: string; line: number; column: number };
  secret: { fingerprint: string; preview: string };
  context: string;
  baseline?: string;
}
interface JsonReport {
  inputs: Array<{ path: string; envelope: string; issues: Array<{ kind: string; line?: number; message: string }> }>;
  findings: JsonFinding[];
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
  partialFingerprints: Record<string, string>;
  properties: { secret: { fingerprint: string; preview: string } };
}
interface SarifLog {
  version: string;
  runs: Array<{ columnKind: string; tool: { driver: { rules: Array<{ id: string }> } }; results: SarifResult[] }>;
}

const ROOT = fixture('commands', 'scan-positions');
const SCENARIOS = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const INPUTS = SCENARIOS.map((s) => `${s}/input`);

async function scan(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(['scan', ...args, '--no-progress'], { cwd });
  assert.ok(!/\n\s+at /.test(r.stderr), `stack trace: ${r.stderr}`);
  return r;
}

/** Line `line` (1-based) of a file as the scan reads it: split on \n, trailing \r and a leading BOM removed. */
function fileLine(root: string, file: string, line: number): string {
  const text = readFileSync(path.join(root, file), 'utf8').replace(/^\ufeff/, '');
  return (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
}

/** The file itself says the secret starts there: its first 4 characters are the preview's. */
function assertStartsThere(root: string, file: string, line: number, column: number, preview: string): void {
  const got = fileLine(root, file, line).slice(column - 1, column + 3);
  assert.equal(got, preview.slice(0, 4), `${file}:${line}:${column} does not start the secret`);
}

const jsonRun = scan(ROOT, [...INPUTS, '--format', 'json', '--fail-on', 'none']).then((r) => ({ ...r, report: JSON.parse(r.stdout) as JsonReport }));

describe('clawprint scan: positions in framed logs', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: exactly the expected findings, at their position in the original file`, async () => {
      const { code, report, stderr } = await jsonRun;
      assert.equal(code, 0, stderr);
      const inScenario = (p: string): boolean => p.startsWith(`${scenario}/`);
      const findings = report.findings.filter((f) => inScenario(f.location.path));
      const actual = {
        inputs: report.inputs.filter((i) => inScenario(i.path)).map((i) => ({ path: i.path, envelope: i.envelope, issues: i.issues.map((x) => ({ kind: x.kind, line: x.line, message: x.message })) })),
        findings: findings.map((f) => ({
          id: f.id,
          rule: f.rule,
          severity: f.severity,
          path: f.location.path,
          line: f.location.line,
          column: f.location.column,
          fingerprint: f.secret.fingerprint,
          context: f.context,
        })),
      };
      assertMatchesFile(actual, path.join(ROOT, scenario, 'expected.json'));
      for (const f of findings) assertStartsThere(ROOT, f.location.path, f.location.line, f.location.column, f.secret.preview);
    });
  }

  it('gives no finding for GitHub ***, GitLab [MASKED] or Jenkins **** masks', async () => {
    const { report } = await jsonRun;
    for (const [scenario, envelope] of [['github-actions-masked', 'github-actions'], ['gitlab-masked', 'gitlab'], ['jenkins-masked', 'jenkins']] as const) {
      assert.deepEqual(report.inputs.filter((i) => i.path.startsWith(`${scenario}/`)).map((i) => i.envelope), [envelope]);
      assert.deepEqual(report.findings.filter((f) => f.location.path.startsWith(`${scenario}/`)), [], scenario);
    }
  });

  it('gives every finding of the run its own id', async () => {
    const { report } = await jsonRun;
    const ids = report.findings.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('clawprint scan --format sarif on the same tree', () => {
  const sarifRun = scan(ROOT, [...INPUTS, '--format', 'sarif', '--fail-on', 'none']).then((r) => JSON.parse(r.stdout) as SarifLog);

  it('puts every result where the JSON report does, which is where the file has the secret', async () => {
    const [log, { report }] = await Promise.all([sarifRun, jsonRun]);
    const run = log.runs[0]!;
    assert.equal(log.version, '2.1.0');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const regions = run.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      assertStartsThere(ROOT, artifactLocation.uri, region.startLine, region.startColumn, r.properties.secret.preview);
      return [r.ruleId, artifactLocation.uri, region.startLine, region.startColumn, r.properties.secret.fingerprint];
    });
    assert.deepEqual(regions, report.findings.map((f) => [f.rule, f.location.path, f.location.line, f.location.column, f.secret.fingerprint]));
    assert.ok(regions.length > 20);
  });

  it('has unique partialFingerprints and every scan rule in tool.driver.rules', async () => {
    const run = (await sarifRun).runs[0]!;
    const fingerprints = run.results.map((r) => r.partialFingerprints['clawprint/v1']);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    const rules = run.tool.driver.rules.map((r) => r.id);
    assert.deepEqual([...rules].sort(), Object.keys(SCAN_DETECTORS).sort());
    for (const r of run.results) assert.equal(rules[r.ruleIndex], r.ruleId);
  });
});

describe('clawprint scan: a secret repeated in one file', () => {
  const copy = (): string => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-repeated-')));
    cpSync(path.join(ROOT, 'repeated-secret', 'input'), dir, { recursive: true });
    return dir;
  };
  const findingsOf = async (cwd: string, ...extra: string[]) => {
    const r = await scan(cwd, ['.', '--format', 'json', ...extra]);
    return { code: r.code, stderr: r.stderr, findings: (JSON.parse(r.stdout) as JsonReport).findings };
  };

  it('keeps every id when lines are added above the secrets', async () => {
    const dir = copy();
    const before = await findingsOf(dir, '--fail-on', 'none');
    const env = path.join(dir, 'gateway.env');
    writeFileSync(env, `# moved down by two lines\nLOG_LEVEL=info\n${readFileSync(env, 'utf8')}`);
    const after = await findingsOf(dir, '--fail-on', 'none');
    assert.deepEqual(after.findings.map((f) => [f.id, f.location.line - 2, f.location.column]), before.findings.map((f) => [f.id, f.location.line, f.location.column]));
    assert.equal(new Set(before.findings.map((f) => f.id)).size, 4);
  });

  it('is silenced by one baseline entry per secret, every occurrence included', async () => {
    const dir = copy();
    const written = await scan(dir, ['.', '--write-baseline', 'baseline.json', '--format', 'json']);
    assert.equal(written.code, 1, written.stderr);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { findings: Array<{ rule: string; path: string }> };
    assert.deepEqual(baseline.findings.map((e) => [e.rule, e.path]), [['gateway-token-literal', 'gateway.env'], ['token-shaped-string', 'gateway.env']]);
    const known = await findingsOf(dir, '--baseline', 'baseline.json');
    assert.equal(known.code, 0, known.stderr);
    assert.deepEqual(known.findings.map((f) => [f.rule, f.location.line, f.baseline]), [
      ['gateway-token-literal', 2, 'known'],
      ['gateway-token-literal', 4, 'known'],
      ['token-shaped-string', 5, 'known'],
      ['token-shaped-string', 5, 'known'],
    ]);
  });
});
