// `clawprint scan` end to end on fixtures/commands/scan: envelopes (a token split over Docker
// partial records, JSON escapes, GitHub masks, GitLab bare CRs), gzip, binary files, ignore
// files, hidden files, .git/, baselines and exit codes. The fixture tree keeps its ignore files
// as `_gitignore`/`_clawprintignore` (a committed .gitignore would keep its own test files out of
// the repository) and gets its `.git/` in the temp copy, where git could never commit one.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf } from '../../src/token.js';
import { assertMatchesFile, fixture, runCli } from '../helpers.js';

interface JsonFinding {
  rule: string;
  location: { path: string; line: number; column?: number };
  secret?: { fingerprint: string };
  baseline?: string;
}
interface JsonReport {
  command: string;
  inputs: Array<{ path: string; envelope: string; gzip: boolean; issues: Array<{ kind: string; line?: number }> }>;
  findings: JsonFinding[];
}

const SCAN = fixture('commands', 'scan');
const IGNORED_TOKEN = /=([0-9a-f]+)/.exec(readFileSync(path.join(SCAN, 'tree', 'notes.tmp'), 'utf8'))![1]!;

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
}

/** A copy of a fixture tree with `_gitignore` → `.gitignore`, `_clawprintignore` → `.clawprintignore`. */
function copyTree(from: string): string {
  const root = tempDir('clawprint-scan-');
  cpSync(from, root, { recursive: true });
  const rename = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) rename(full);
      else if (entry.name === '_gitignore' || entry.name === '_clawprintignore') renameSync(full, path.join(dir, `.${entry.name.slice(1)}`));
    }
  };
  rename(root);
  return root;
}

const rows = (report: JsonReport) =>
  report.findings.map((f) => ({ rule: f.rule, path: f.location.path, line: f.location.line, column: f.location.column, fingerprint: f.secret?.fingerprint }));

async function scanJson(cwd: string, args: string[]) {
  const r = await runCli(['scan', ...args, '--format', 'json', '--no-progress'], { cwd });
  assert.ok(!/\n\s+at /.test(r.stderr), `stack trace: ${r.stderr}`);
  return { ...r, report: (r.stdout === '' ? { command: 'scan', inputs: [], findings: [] } : JSON.parse(r.stdout)) as JsonReport };
}

describe('clawprint scan: a tree of files, CI logs and container logs', () => {
  const root = copyTree(path.join(SCAN, 'tree'));
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'config'), `[gateway]\n\ttoken = ${IGNORED_TOKEN}\nOPENCLAW_GATEWAY_TOKEN=${IGNORED_TOKEN}\n`);
  const run = scanJson(root, ['.', '--token-file', path.join(SCAN, 'exposed-token.txt'), '--fail-on', 'none']);

  it('reports exactly the expected findings (rule, path, line, column, fingerprint)', async () => {
    const { code, report, stderr } = await run;
    assert.equal(code, 0, stderr);
    assert.equal(report.command, 'scan');
    assertMatchesFile(rows(report), path.join(SCAN, 'tree.expected.json'));
  });

  it('finds a bearer token split over two Docker partial records once, at the first record line', async () => {
    const { report } = await run;
    const split = report.findings.filter((f) => f.location.path === 'logs/docker-split-json.log');
    const exposed = split.filter((f) => f.rule === 'exposed-token');
    assert.equal(exposed.length, 1);
    assert.equal(exposed[0]!.location.line, 2);
    assert.deepEqual([...new Set(split.map((f) => f.location.line))], [2]);
    assert.equal(report.inputs.find((i) => i.path === 'logs/docker-split-json.log')?.envelope, 'docker-json');
  });

  it('finds a token written as \\u0026token= in a Docker record', async () => {
    const { report } = await run;
    const lines = report.findings.filter((f) => f.location.path === 'logs/docker-escape-json.log').map((f) => f.location.line);
    assert.deepEqual([...new Set(lines)], [2]);
  });

  it('ignores GitHub Actions *** masks but finds a value built at run time', async () => {
    const { report } = await run;
    const lines = report.findings.filter((f) => f.location.path === 'logs/github-actions.log').map((f) => f.location.line);
    assert.deepEqual([...new Set(lines)], [8]);
    assert.equal(report.inputs.find((i) => i.path === 'logs/github-actions.log')?.envelope, 'github-actions');
  });

  it('keeps GitLab line numbers across bare CRs and finds a secret a progress bar overwrote', async () => {
    const { report } = await run;
    const lines = report.findings.filter((f) => f.location.path === 'logs/gitlab-trace.log').map((f) => f.location.line);
    assert.deepEqual([...new Set(lines)], [6]);
    assert.equal(report.inputs.find((i) => i.path === 'logs/gitlab-trace.log')?.envelope, 'gitlab');
  });

  it('reads a gzip log through, and scans hidden files (.env, .openclaw/)', async () => {
    const { report } = await run;
    assert.equal(report.inputs.find((i) => i.path === 'logs/gateway.log.gz')?.gzip, true);
    const paths = new Set(report.findings.map((f) => f.location.path));
    for (const p of ['logs/gateway.log.gz', '.env', '.openclaw/openclaw.json']) assert.ok(paths.has(p), `no finding in ${p}`);
  });

  it('never reads .git/, .gitignore\'d (nested too) or .clawprintignore\'d files', async () => {
    const { report } = await run;
    const read = report.inputs.map((i) => i.path);
    for (const p of ['.git/config', 'notes.tmp', 'build/gateway.env', 'vendor/settings.env', 'sub/local.env']) assert.ok(!read.includes(p), `${p} was read`);
    assert.ok(read.includes('sub/service.env'));
    assert.ok(!report.findings.some((f) => f.secret?.fingerprint === fingerprintOf(IGNORED_TOKEN)), 'an ignored file\'s token was reported');
  });

  it('counts a binary file as skipped (one summary line; --verbose names it)', async () => {
    const { report, stderr } = await run;
    assert.deepEqual(report.inputs.find((i) => i.path === 'assets/blob.bin')?.issues.map((i) => i.kind), ['binary']);
    assert.match(stderr, /^clawprint: 1 binary file skipped/m);
    const verbose = await scanJson(root, ['.', '--verbose', '--fail-on', 'none']);
    assert.match(verbose.stderr, /binary file[^\n]*\(assets\/blob\.bin\)/);
  });

  it('exits 1 when a finding reaches --fail-on (default high), 0 with --fail-on none', async () => {
    const r = await scanJson(root, ['.']);
    assert.equal(r.code, 1, r.stderr);
  });
});

describe('clawprint scan: a gateway config printed outside a config file (docs/product.md §5)', () => {
  // A container log, an application log, OpenClaw's openclaw.json.bak and a CI log that cats
  // gateway.yaml: each holds a literal in a gateway.auth/remote or gateway: context, so each is
  // gateway-token-literal (high) and fails the default --fail-on high.
  it('reports each literal as gateway-token-literal and exits 1 at the default --fail-on', async () => {
    const { code, report, stderr } = await scanJson(path.join(SCAN, 'config-leaks'), ['.']);
    assert.equal(code, 1, stderr);
    assert.deepEqual(report.findings.map((f) => f.rule), report.findings.map(() => 'gateway-token-literal'));
    assertMatchesFile(rows(report), path.join(SCAN, 'config-leaks.expected.json'));
  });
});

describe('clawprint scan: inputs and usage', () => {
  it('scans stdin given as -', async () => {
    const text = readFileSync(path.join(SCAN, 'tree', '.env'), 'utf8');
    const r = await runCli(['scan', '-', '--format', 'json', '--no-progress'], { stdin: text });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(report.findings.map((f) => [f.rule, f.location.path, f.location.line]), [['gateway-token-literal', '-', 3]]);
  });

  it('counts columns in characters on non-ASCII lines and reports a line over 1 MiB', async () => {
    const literal = readFileSync(path.join(SCAN, 'tree', '.env'), 'utf8').split('\n')[2]!;
    const stdin = `café ${literal}\n${'a'.repeat(1200 * 1024)}\n`;
    const r = await runCli(['scan', '-', '--format', 'json', '--no-progress', '--fail-on', 'none'], { stdin });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => [f.location.line, f.location.column]), [[1, 'café OPENCLAW_GATEWAY_TOKEN='.length + 1]]);
    assert.deepEqual(report.inputs[0]!.issues.map((i) => [i.kind, i.line]), [['long-line', 2]]);
    assert.match(r.stderr, /^clawprint: line 2 is longer than 1 MiB; it was scanned in overlapping 1 MiB pieces \(-:2\)$/m);
  });

  it('a token past the first MiB of a line is a finding: one across the 1 MiB cut, one across a piece boundary, one at 5 MiB', async () => {
    // Fake tokens computed here (CI scans this file). Pieces: the first MiB, then 1 MiB pieces
    // that overlap by 4 KiB, so the second starts at 1 MiB - 4 KiB and ends at 2 MiB - 4 KiB.
    const tokens = ['cut', 'boundary', 'far'].map((s) => createHash('sha256').update(s).digest('hex').slice(0, 48));
    const line = Buffer.alloc(5 * 1024 * 1024 + 1000);
    for (let i = 0; i < line.length; i += 12) line.write('lorem ipsum ', i, 'latin1');
    const starts = [(1 << 20) - 30, 2 * (1 << 20) - 4096 - 40, 5 * (1 << 20)];
    starts.forEach((at, i) => line.write(` OPENCLAW_GATEWAY_TOKEN=${tokens[i]} `, at, 'latin1'));
    const stdin = Buffer.concat([Buffer.from('first\n'), line, Buffer.from('\nlast\n')]);
    const r = await runCli(['scan', '-', '--format', 'json', '--no-progress', '--fail-on', 'none'], { stdin });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.location.line, f.location.column, f.secret?.fingerprint]),
      starts.map((at, i) => ['gateway-token-literal', 2, at + ' OPENCLAW_GATEWAY_TOKEN='.length + 1, fingerprintOf(tokens[i]!)]),
    );
    assert.deepEqual(report.inputs[0]!.issues.map((i) => [i.kind, i.line]), [['long-line', 2]]);
  });

  it('scans a UTF-16LE .env (Windows PowerShell output) with its line numbers instead of skipping it as binary', async () => {
    const r = await scanJson(fixture('sources', 'utf16'), ['.']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(rows(r.report), [
      { rule: 'gateway-token-literal', path: 'windows-powershell.env', line: 3, column: 24, fingerprint: 'sha256:0ed5256a13e1' },
    ]);
    assert.deepEqual(r.report.inputs[0]!.issues, []);
  });

  it('refuses --staged with - (stdin cannot be staged)', async () => {
    const r = await runCli(['scan', '--staged', '-']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^clawprint: --staged scans what git has staged/);
  });

  it('exits 2 with one line for a path that does not exist', async () => {
    const r = await runCli(['scan', 'no/such/dir', '--no-progress', '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^clawprint: no such file or directory \(no\/such\/dir\)\n/);
  });
});

describe('clawprint scan: baselines', () => {
  const BASE = path.join(SCAN, 'baseline');

  it('writes a baseline; after edits above the secret everything is known (exit 0); a new secret is new (exit 1)', async () => {
    const root = copyTree(path.join(BASE, 'tree'));
    const baselineFile = path.join(tempDir('clawprint-baseline-'), 'baseline.json');
    const first = await scanJson(root, ['.', '--write-baseline', baselineFile, '--fail-on', 'none']);
    assert.equal(first.code, 0, first.stderr);
    const written = JSON.parse(readFileSync(baselineFile, 'utf8')) as { tool: string; version: number; findings: Array<Record<string, string>> };
    assert.equal(written.tool, 'clawprint');
    assert.equal(written.version, 1);
    assert.deepEqual(written.findings, first.report.findings.map((f) => ({ rule: f.rule, path: f.location.path, fingerprint: f.secret!.fingerprint })));
    assert.ok(written.findings.length > 0 && written.findings.every((e) => Object.keys(e).sort().join() === 'fingerprint,path,rule'));

    const config = path.join(root, 'config.env');
    writeFileSync(config, `# three\n# new\n# lines\n${readFileSync(config, 'utf8')}`);
    const again = await scanJson(root, ['.', '--baseline', baselineFile]);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.report.findings.length > 0);
    assert.deepEqual(again.report.findings.map((f) => f.baseline), again.report.findings.map(() => 'known'));
    assert.deepEqual(again.report.findings.map((f) => f.location.line), again.report.findings.map(() => 5));

    writeFileSync(config, readFileSync(config, 'utf8') + readFileSync(path.join(BASE, 'new-secret.env'), 'utf8'));
    const third = await scanJson(root, ['.', '--baseline', baselineFile]);
    assert.equal(third.code, 1, third.stderr);
    assert.deepEqual(third.report.findings.map((f) => [f.location.line, f.baseline]), [[5, 'known'], [6, 'new']]);
  });

  it('rejects a missing or malformed baseline with one line, exit 2', async () => {
    const dir = tempDir('clawprint-baseline-bad-');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"tool":"clawprint","version":1,"findings":[{"rule":"x"}]}');
    for (const [file, pattern] of [[path.join(dir, 'missing.json'), /cannot read the baseline: ENOENT/], [bad, /malformed baseline: entry 1/]] as const) {
      const r = await runCli(['scan', path.join(BASE, 'tree'), '--baseline', file, '--no-progress']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
