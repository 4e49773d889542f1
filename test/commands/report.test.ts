// `clawprint report` over a fixture project (fixtures/commands/report/project: a token in a shell
// script, a token in a gateway.yaml) and the demo incident's logs: every output file, new/known/gone
// across two runs, exit codes, SARIF validated by Microsoft's validator, the GitLab files, the
// GitHub step summary and annotations, and no fragment of any token anywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parseReportConfig } from '../../src/report/config.js';
import { producerRuns } from '../../src/report/producers.js';
import { embedJson } from '../../src/report/html.js';
import { fixture, ROOT, runCli } from '../helpers.js';

/** GitLab's own 15.1.0 secret-detection schema (an attributed excerpt: fixtures/schemas/gitlab/SOURCES.md), compiled once. */
function gitlabSchema(): { validate: (doc: unknown) => string[]; properties: { top: string[]; scan: string[]; vulnerability: string[] } } {
  const schema = JSON.parse(readFileSync(fixture('schemas', 'gitlab', 'secret-detection-report-format.15.1.0.excerpt.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  ajv.addKeyword('self');
  const check = ajv.compile(schema);
  return {
    validate: (doc) => (check(doc) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)),
    properties: {
      top: Object.keys(schema.properties),
      scan: Object.keys(schema.properties.scan.properties),
      vulnerability: Object.keys(schema.properties.vulnerabilities.items.properties),
    },
  };
}

const FILES = ['report.json', 'report.md', 'report.html', 'report.sarif', 'gl-secret-detection-report.json', 'gl-code-quality-report.json'];
const DEMO_LOGS = fixture('demo', 'logs');

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-report-'));
  cpSync(fixture('commands', 'report', 'project'), dir, { recursive: true });
  const config = readFileSync(path.join(dir, '.clawprint.yml'), 'utf8').replaceAll('../../../demo/logs/', `${DEMO_LOGS}/`);
  writeFileSync(path.join(dir, '.clawprint.yml'), config);
  return dir;
}

async function report(dir: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, any>; out: string }> {
  const out = path.join(dir, 'reports');
  const r = await runCli(['report', '--config', '.clawprint.yml', '--out-dir', 'reports', ...extra], { cwd: dir, env: { CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567' } });
  const json = existsSync(path.join(out, 'report.json')) ? JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) : {};
  return { ...r, json, out };
}

const statuses = (json: Record<string, any>): string[] => [
  ...json['findings'].map((f: any) => `${f.baseline} ${f.producer} ${f.rule} ${f.location?.path ?? '-'}`),
  ...json['gone'].map((f: any) => `gone ${f.producer} ${f.rule} ${f.location?.path ?? '-'}`),
];

describe('clawprint report', () => {
  it('writes every file and fails on new findings at or above fail-on', async () => {
    const dir = project();
    const r = await report(dir);
    assert.equal(r.code, 1, r.stderr);
    for (const f of FILES) assert.ok(existsSync(path.join(r.out, f)), `${f} is missing`);
    assert.equal(r.json['verdict'], 'fail');
    assert.deepEqual(r.json['runs'].map((x: any) => `${x.name} ${x.exitCode}`), ['scan 0', 'check-config 0', 'audit 0', 'rotation 1']);
    const rules = new Set(r.json['findings'].map((f: any) => `${f.producer}/${f.rule}`));
    for (const rule of ['scan/gateway-token-literal', 'config/hardcoded-token', 'audit/token-use', 'audit/unexpected-registration', 'rotation/rotation-verdict']) assert.ok(rules.has(rule), `no ${rule}`);
    assert.ok(r.json['findings'].every((f: any) => f.baseline === 'new'));
    assert.match(r.stdout, /^clawprint report: fail \(fail-on high\) · \d+ new · 0 known · 0 gone · 6 files in /);
  });

  it('marks known and gone against the previous report.json, and fails only on new ones', async () => {
    const dir = project();
    const first = await report(dir);
    cpSync(path.join(first.out, 'report.json'), path.join(dir, 'previous.json'));
    // The token leaves the shell script (still in git history: "gone — rotate it").
    writeFileSync(path.join(dir, 'src', 'start.sh'), '#!/bin/sh\nexport OPENCLAW_GATEWAY_TOKEN="${OPENCLAW_GATEWAY_TOKEN:?}"\nopenclaw gateway run\n');
    const second = await report(dir, '--baseline', 'previous.json');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.json['verdict'], 'pass');
    assert.equal(second.json['summary'].new, 0);
    assert.deepEqual(second.json['gone'].map((g: any) => `${g.producer} ${g.rule} ${g.location.path}`), ['scan gateway-token-literal src/start.sh']);
    assert.match(second.json['gone'][0].message, /^gone from the tree — rotate it \(it stays in git history\)/);
    assert.equal(second.json['summary'].known, first.json['summary'].findings - 1);
    assert.match(readFileSync(path.join(second.out, 'report.md'), 'utf8'), /A secret gone from the tree is not fixed: it stays in git history\. Rotate it\./);

    // A new token is new (and fails); an expired acceptance makes a known finding new again.
    writeFileSync(path.join(dir, 'deploy', 'prod', '.env'), `OPENCLAW_GATEWAY_TOKEN=${readFileSync(fixture('commands', 'report', 'new-token.txt'), 'utf8').trim()}\n`, { mode: 0o600 });
    const previous = JSON.parse(readFileSync(path.join(dir, 'previous.json'), 'utf8'));
    const accepted = previous.findings.find((f: any) => f.rule === 'hardcoded-token');
    accepted.reason = 'test gateway, rotated weekly';
    accepted.expires = '2020-01-01';
    writeFileSync(path.join(dir, 'previous.json'), JSON.stringify(previous));
    const third = await report(dir, '--baseline', 'previous.json');
    assert.equal(third.code, 1);
    const news = third.json['findings'].filter((f: any) => f.baseline === 'new').map((f: any) => `${f.producer} ${f.rule} ${f.location?.path}`).sort();
    assert.deepEqual(news, ['config env-overrides-config deploy/prod/.env', 'config hardcoded-token deploy/prod/gateway.yaml', 'scan gateway-token-literal deploy/prod/.env']);
    assert.equal(third.json['findings'].find((f: any) => f.rule === 'hardcoded-token').baselineReason, 'test gateway, rotated weekly');
  });

  it('SARIF: one run per producer with its automationDetails.id, every result placed, and Microsoft\'s validator finds no error', async () => {
    const dir = project();
    const r = await report(dir);
    const sarif = JSON.parse(readFileSync(path.join(r.out, 'report.sarif'), 'utf8'));
    assert.deepEqual(sarif.runs.map((run: any) => run.automationDetails.id), ['clawprint/scan/', 'clawprint/config/', 'clawprint/audit/', 'clawprint/rotation/']);
    for (const run of sarif.runs) {
      for (const rule of run.tool.driver.rules) {
        assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, `${rule.id} lacks a description or help`);
        assert.ok(['9.5', '8.0', '5.5', '3.0'].includes(rule.properties['security-severity']) || rule.defaultConfiguration.level === 'note', `${rule.id} has no security-severity`);
      }
      for (const result of run.results) assert.ok(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri, `${result.ruleId} has no location`);
    }
    // The rotation verdict is about no file: it points at the rotation: line of .clawprint.yml.
    const verdict = sarif.runs[3].results.find((x: any) => x.ruleId === 'rotation-verdict');
    assert.deepEqual(verdict.locations[0].physicalLocation, { artifactLocation: { uri: '.clawprint.yml' }, region: { startLine: 12 } });
    const validated = path.join(r.out, 'validation.sarif');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool'), ['validate', path.join(r.out, 'report.sarif'), '--output', validated], { stdio: 'ignore' });
    const problems = JSON.parse(readFileSync(validated, 'utf8')).runs[0].results.filter((x: any) => x.level === 'error');
    assert.deepEqual(problems.map((x: any) => x.message?.text ?? x.ruleId), []);
  });

  it('GitLab: secret detection 15.1.0 for the scan (commit, times without fraction or zone, no excerpt) and code quality for check-config', async () => {
    const dir = project();
    const r = await report(dir);
    const gl = JSON.parse(readFileSync(path.join(r.out, 'gl-secret-detection-report.json'), 'utf8'));
    assert.equal(gl.version, '15.1.0');
    const schema = gitlabSchema();
    assert.deepEqual(schema.validate(gl), []);
    // The excerpt drops the properties clawprint never writes; none may appear, or the excerpt would
    // not check them. `category` and `scanner` per vulnerability are outside the schema's list and
    // allowed by it (no additionalProperties: false): GitLab's parser reads them.
    assert.deepEqual(Object.keys(gl).filter((k) => !schema.properties.top.includes(k)), []);
    assert.deepEqual(Object.keys(gl.scan).filter((k) => !schema.properties.scan.includes(k)), []);
    assert.deepEqual([...new Set(gl.vulnerabilities.flatMap((v: any) => Object.keys(v)))].filter((k) => !schema.properties.vulnerability.includes(k as string)).sort(), ['category', 'scanner']);
    // The validator is not a rubber stamp: a zone on the time, a lower-case severity, a missing commit fail.
    const broken = structuredClone(gl);
    broken.scan.end_time += 'Z';
    broken.vulnerabilities[0].severity = 'high';
    delete broken.vulnerabilities[1].location.commit;
    assert.deepEqual(schema.validate(broken).sort(), ['/scan/end_time must match pattern "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"', '/vulnerabilities/0/severity must be equal to one of the allowed values', "/vulnerabilities/1/location must have required property 'commit'"].sort());
    assert.equal(gl.scan.type, 'secret_detection');
    assert.match(gl.scan.start_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.match(gl.scan.end_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.deepEqual(gl.vulnerabilities.map((v: any) => `${v.location.file}:${v.location.start_line} ${v.location.commit.sha.slice(0, 8)} ${v.identifiers[0].value}`).sort(), [
      'deploy/prod/gateway.yaml:3 01234567 gateway-token-literal',
      'src/start.sh:3 01234567 gateway-token-literal',
    ]);
    const cq = JSON.parse(readFileSync(path.join(r.out, 'gl-code-quality-report.json'), 'utf8'));
    assert.deepEqual(cq.map((i: any) => `${i.check_name} ${i.severity} ${i.location.path}:${i.location.lines.begin}`).sort(), ['hardcoded-token critical deploy/prod/gateway.yaml:3', 'secret-file-permissions major deploy/prod/gateway.yaml:3'].sort());
    assert.ok(cq.every((i: any) => /^[0-9a-f]{32}$/.test(i.fingerprint) && i.description));
  });

  it('under GitHub Actions: the summary goes to $GITHUB_STEP_SUMMARY, at most 10 annotations, echoed text inside stop-commands', async () => {
    const dir = project();
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '');
    const r = await runCli(['report', '--config', '.clawprint.yml', '--out-dir', 'reports'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.code, 1);
    assert.match(readFileSync(summary, 'utf8'), /^# clawprint report\n\n\*\*❌ fail/);
    const lines = r.stdout.trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    assert.equal(errors.length, 10);
    assert.match(errors[0]!, /^::error file=[^,]+,line=\d+,title=clawprint [a-z-]+ \(critical\)::/);
    const stop = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    assert.ok(stop > errors.length - 1, 'the summary lines come after the annotations, inside stop-commands');
    const token = lines[stop]!.slice('::stop-commands::'.length);
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.equal(lines.at(-1), `::${token}::`);
  });

  it('never writes a fragment of a token in any file, on stdout, stderr, the step summary or an annotation', async () => {
    const dir = project();
    const summary = path.join(dir, 'summary.md');
    const r = await runCli(['report', '--config', '.clawprint.yml', '--out-dir', 'reports'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    const tokens = [
      /OPENCLAW_GATEWAY_TOKEN=([0-9a-f]+)/.exec(readFileSync(path.join(dir, 'src', 'start.sh'), 'utf8'))![1]!,
      /token: ([0-9a-f]+)/.exec(readFileSync(path.join(dir, 'deploy', 'prod', 'gateway.yaml'), 'utf8'))![1]!,
      readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim(),
      readFileSync(fixture('demo', 'rotated-token.txt'), 'utf8').trim(),
    ];
    const texts = [r.stdout, r.stderr, readFileSync(summary, 'utf8'), ...FILES.map((f) => readFileSync(path.join(dir, 'reports', f), 'utf8'))];
    for (const token of tokens) {
      for (let i = 0; i + 16 <= token.length; i++) {
        const window = token.slice(i, i + 16);
        texts.forEach((text, n) => assert.ok(!text.includes(window), `output ${n} holds part of a token`));
      }
    }
  });

  it('report.html: a CSP that forbids the network, the report embedded so log text cannot close its block', async () => {
    const dir = project();
    const r = await report(dir);
    const html = readFileSync(path.join(r.out, 'report.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const embedded = /<script type="application\/json" id="clawprint-report">([^<]*)<\/script>/.exec(html);
    assert.ok(embedded);
    assert.deepEqual(JSON.parse(embedded[1]!), r.json);
    const hostile = { message: '</script><script>alert(1)</script>\u2028<!--' };
    assert.doesNotMatch(embedJson(hostile), /<|>|\u2028/);
    assert.deepEqual(JSON.parse(embedJson(hostile)), hostile);
  });

  it('a producer that cannot finish makes the report incomplete: every file still written, exit 2', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.clawprint.yml'), readFileSync(path.join(dir, '.clawprint.yml'), 'utf8').replace(`${DEMO_LOGS}/]\n  tokens`, 'no/such/logs/]\n  tokens'));
    const r = await report(dir);
    assert.equal(r.code, 2);
    assert.equal(r.json['verdict'], 'incomplete');
    for (const f of FILES) assert.ok(existsSync(path.join(r.out, f)));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('.clawprint.yml validation', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown top-level key', 'scan:\n  paths: [src]\nscna: {}\n', /^\(top level\)\.scna: unknown key/],
    ['a scan without paths', 'scan: {}\n', /^scan\.paths: expected at least one path/],
    ['a raw token as a fingerprint-less value', 'audit:\n  logs: [l]\n  tokens:\n    - token-env: 3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d\n', /^audit\.tokens\[0\]\.token-env: looks like a raw token/], // clawprint:allow (a fake raw token: the validation under test must refuse it)
    ['a token with both forms', 'audit:\n  logs: [l]\n  tokens:\n    - { token-env: X, fingerprint: sha256:4f1c0a2b9e77 }\n', /^audit\.tokens\[0\]: give exactly one of token-env or fingerprint/],
    ['a bad fail-on', 'scan:\n  paths: [src]\nfail-on: severe\n', /^fail-on: expected critical, high/],
    ['a rotation without new', 'rotation:\n  logs: [l]\n  old: { fingerprint: sha256:4f1c0a2b9e77 }\n', /^rotation\.new: expected a mapping/],
    ['nothing to run', 'fail-on: high\n', /nothing to run/],
    ['bad YAML', 'scan: [\n', /^not valid YAML at line \d+/],
    ['a log source without a path', 'audit:\n  logs: [{ tz: Europe/Berlin }]\n  tokens: [{ fingerprint: sha256:4f1c0a2b9e77 }]\n', /^audit\.logs\[0\]\.path: expected the path/],
    ['a log source with an unknown zone', 'audit:\n  logs: [l, { path: p, tz: Mars/Olympus_Mons }]\n  tokens: [{ fingerprint: sha256:4f1c0a2b9e77 }]\n', /^audit\.logs\[1\]\.tz: is not an IANA time zone/],
    ['a log source with an unknown format', 'rotation:\n  logs: [{ path: p, format: nginx-ish }]\n  old: { fingerprint: sha256:4f1c0a2b9e77 }\n  new: { token-env: T }\n', /^rotation\.logs\[0\]\.format: does not know/],
    ['an unknown key in a log source', 'audit:\n  logs: [{ path: p, zone: UTC }]\n  tokens: [{ fingerprint: sha256:4f1c0a2b9e77 }]\n', /^audit\.logs\[0\]\.zone: unknown key/],
  ];
  for (const [name, text, expected] of cases) {
    it(`refuses ${name} with one line naming the key`, () => {
      assert.throws(() => parseReportConfig(text, '/tmp/x/.clawprint.yml'), (e: Error) => expected.test(e.message) && !e.message.includes('\n'));
    });
  }

  it('the CLI says it in one line and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-report-bad-'));
    writeFileSync(path.join(dir, '.clawprint.yml'), 'scan: {}\n');
    const r = await runCli(['report'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'clawprint: scan.paths: expected at least one path (.clawprint.yml)\n');
  });

  it('reads the shape the README documents, paths relative to the config file', () => {
    const c = parseReportConfig(readFileSync(fixture('commands', 'report', 'project', '.clawprint.yml'), 'utf8'), '/repo/ci/.clawprint.yml');
    assert.deepEqual(c.scan?.paths, ['/repo/ci/src', '/repo/ci/deploy']);
    assert.deepEqual(c.audit?.tokens.map((t) => [t.token, t.since, t.until]), [[{ fingerprint: 'sha256:492af9017f91' }, '2025-02-21T14:00:00Z', '2025-02-21T18:30:00Z']]);
    assert.deepEqual(c.rotation?.old, { fingerprint: 'sha256:492af9017f91' });
    assert.equal(c.failOn, 'high');
  });

  it('a log source can carry its own format and time zone: the producers pass them as PATH=VALUE rules', () => {
    const text = [
      'audit:',
      '  logs:',
      '    - logs/gateway/',
      '    - { path: logs/nginx/, format: access-log, tz: Europe/Berlin }',
      '  tz: America/New_York',
      '  tokens: [{ fingerprint: sha256:4f1c0a2b9e77 }]',
      'rotation:',
      '  logs: [{ path: "logs/*/old-*.log", tz: Asia/Tokyo }]',
      '  old: { fingerprint: sha256:4f1c0a2b9e77 }',
      '  new: { token-env: NEW_TOKEN }',
      '',
    ].join('\n');
    const runs = producerRuns(parseReportConfig(text, '/repo/.clawprint.yml'));
    assert.deepEqual(runs.map((r) => r.argv), [
      ['audit', '/repo/logs/gateway', '/repo/logs/nginx', '--fingerprint', 'sha256:4f1c0a2b9e77', '--tz', 'America/New_York', '--input-format', '/repo/logs/nginx=access-log', '--tz', '/repo/logs/nginx=Europe/Berlin'],
      ['rotation', '/repo/logs/*/old-*.log', '--old-fingerprint', 'sha256:4f1c0a2b9e77', '--new-token-env', 'NEW_TOKEN', '--tz', '/repo/logs/*/old-*.log=Asia/Tokyo'],
    ]);
  });
});

describe('action.yml', () => {
  it('is a composite action with the documented inputs, whose scripts never paste an input into shell code', async () => {
    const { parse } = await import('yaml');
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs), ['config', 'out-dir', 'baseline', 'fail-on', 'version']);
    for (const step of action.runs.steps) assert.doesNotMatch(step.run, /\$\{\{/, `step "${step.name}" expands an expression inside its script`);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const input of Object.keys(action.inputs)) assert.ok(readme.includes(`\`${input}\``), `README does not document the action input ${input}`);
  });
});
