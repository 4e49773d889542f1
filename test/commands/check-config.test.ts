// check-config over fixture trees (fixtures/commands/check-config/<scenario>/in): each is copied to a
// temporary folder with mode 0600 on every file (git does not keep modes, and a clone's 0644 would
// make every literal a permissions finding), run as `check-config .`, and its findings compared
// with expected.json (rule, severity, path, line, fingerprint, environment, related places).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf } from '../../src/token.js';
import { assertMatchesFile, fixture, runCli } from '../helpers.js';

const SCENARIOS = fixture('commands', 'check-config');

function copyPrivate(scenario: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `clawprint-cc-${scenario}-`));
  cpSync(path.join(SCENARIOS, scenario, 'in'), dir, { recursive: true });
  const chmodAll = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) chmodAll(p);
      else chmodSync(p, 0o600);
    }
  };
  chmodAll(dir);
  return dir;
}

interface Projected {
  rule: string;
  severity: string;
  path?: string;
  line?: number;
  token?: string;
  environment?: string;
  related?: string[];
}

function project(json: string): Projected[] {
  const report = JSON.parse(json) as { findings: Array<Record<string, unknown> & { location?: { path: string; line: number }; related?: Array<{ path: string; line: number }> }> };
  return report.findings.map((f) => ({
    rule: f['rule'] as string,
    severity: f['severity'] as string,
    ...(f.location ? { path: f.location.path, line: f.location.line } : {}),
    ...(f['token'] !== undefined ? { token: f['token'] as string } : {}),
    ...(f['environment'] !== undefined ? { environment: f['environment'] as string } : {}),
    ...(f.related ? { related: f.related.map((l) => `${l.path}:${l.line}`) } : {}),
  }));
}

describe('check-config fixture scenarios', () => {
  for (const scenario of readdirSync(SCENARIOS).sort()) {
    it(scenario, async () => {
      const dir = copyPrivate(scenario);
      const result = await runCli(['check-config', '.', '--format', 'json'], { cwd: dir });
      const expected = JSON.parse(readFileSync(path.join(SCENARIOS, scenario, 'exit-code.json'), 'utf8')) as { code: number };
      assert.equal(result.code, expected.code, result.stderr);
      assertMatchesFile(project(result.stdout), path.join(SCENARIOS, scenario, 'expected.json'));
    });
  }

  it('names both files of a reused token by its fingerprint (prod gateway.yaml, base64 in a staging Secret)', async () => {
    const token = readFileSync(path.join(SCENARIOS, 'reuse', 'token.txt'), 'utf8').trim();
    const result = await runCli(['check-config', '.', '--format', 'json'], { cwd: copyPrivate('reuse') });
    const reuse = project(result.stdout).filter((f) => f.rule === 'token-reused-across-environments');
    assert.deepEqual(reuse, [
      { rule: 'token-reused-across-environments', severity: 'high', path: 'deploy/prod/gateway.yaml', line: 3, token: fingerprintOf(token), environment: 'prod', related: ['deploy/staging/secret.yaml:8'] },
    ]);
  });
});

describe('check-config never prints a secret', () => {
  const secrets = (dir: string): string[] => {
    const out: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else for (const m of readFileSync(p, 'utf8').matchAll(/[0-9a-f]{48,64}|[A-Za-z0-9_-]{40,}/g)) out.push(m[0]);
      }
    };
    walk(dir);
    return out;
  };
  // Every scenario in one tree (one run per format); the folders keep their environments apart.
  const all = mkdtempSync(path.join(tmpdir(), 'clawprint-cc-all-'));
  for (const scenario of ['names', 'reuse', 'unit-override', 'weak', 'hooks']) cpSync(copyPrivate(scenario), path.join(all, scenario), { recursive: true });
  const windows = [...new Set(secrets(all).flatMap((secret) => Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16))))];
  for (const format of ['table', 'json', 'jsonl', 'markdown', 'csv', 'sarif']) {
    it(`no 16-character window of any configured secret in ${format} output or stderr`, async () => {
      const result = await runCli(['check-config', '.', '--format', format, '--verbose'], { cwd: all });
      assert.equal(result.code, 1, result.stderr);
      for (const window of windows) assert.ok(!result.stdout.includes(window) && !result.stderr.includes(window), `${format} prints part of a secret`);
    });
  }
});

describe('check-config never prints a secret through a file name', () => {
  it('a config file named after the secret it holds: no 16-character window of it in any format or on stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-cc-named-'));
    const token = readFileSync(path.join(SCENARIOS, 'reuse', 'token.txt'), 'utf8').trim();
    writeFileSync(path.join(dir, `.env.${token}`), `${['OPENCLAW_GATEWAY_TOKEN', token].join('=')}\n`, { mode: 0o644 });
    writeFileSync(path.join(dir, `gateway-${token}.yaml`), 'gateway: [unclosed\n', { mode: 0o600 });
    for (const format of ['table', 'json', 'markdown', 'csv', 'sarif']) {
      const r = await runCli(['check-config', '.', '--format', format, '--verbose'], { cwd: dir });
      assert.match(r.stdout + r.stderr, /secret-file-permissions|SecretFilePermissions/);
      for (let i = 0; i + 16 <= token.length; i++) assert.ok(!r.stdout.includes(token.slice(i, i + 16)) && !r.stderr.includes(token.slice(i, i + 16)), `${format} prints part of the secret`);
    }
  });
});

describe('check-config file facts', () => {
  const git = (dir: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });

  it('reports a group-readable secret file (secret-file-permissions) and a tracked .env (env-file-tracked)', async () => {
    const dir = copyPrivate('names');
    chmodSync(path.join(dir, 'dev', 'agents', 'scout', 'agent.yaml'), 0o640);
    const token = readFileSync(path.join(SCENARIOS, 'reuse', 'token.txt'), 'utf8').trim();
    writeFileSync(path.join(dir, '.env'), `${['OPENCLAW_GATEWAY_TOKEN', token].join('=')}\n`, { mode: 0o600 });
    git(dir, 'init', '-q');
    git(dir, 'add', '.env');
    const result = await runCli(['check-config', '.', '--format', 'json'], { cwd: dir });
    const found = project(result.stdout).filter((f) => f.rule === 'secret-file-permissions' || f.rule === 'env-file-tracked');
    assert.deepEqual(
      found.map((f) => `${f.rule} ${f.path}:${f.line}`),
      ['env-file-tracked .env:1', 'secret-file-permissions dev/agents/scout/agent.yaml:4'],
    );
  });

  it('an ignored, untracked .env is not env-file-tracked', async () => {
    const dir = copyPrivate('weak');
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, '.gitignore'), '.env\n');
    const result = await runCli(['check-config', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual(project(result.stdout).filter((f) => f.rule === 'env-file-tracked'), []);
  });

  it('rotation-in-progress is high once the line was committed longer ago than --max-rotation-age', async () => {
    const dir = copyPrivate('references');
    git(dir, 'init', '-q');
    git(dir, 'add', 'gateway.yaml');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'rotation'], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' },
    });
    const old = project((await runCli(['check-config', '.', '--format', 'json'], { cwd: dir })).stdout).filter((f) => f.rule === 'rotation-in-progress');
    assert.deepEqual(old.map((f) => `${f.severity} ${f.path}:${f.line}`), ['high gateway.yaml:5']);
    const lenient = await runCli(['check-config', '.', '--format', 'json', '--max-rotation-age', '100000d'], { cwd: dir });
    assert.deepEqual(project(lenient.stdout).filter((f) => f.rule === 'rotation-in-progress').map((f) => f.severity), ['medium']);
    assert.match(JSON.parse(lenient.stdout).findings.find((f: { rule: string }) => f.rule === 'rotation-in-progress').message, /old \(from git blame\)/);
  });
});

describe('check-config bad input', () => {
  it('a named file that is not valid JSON5 is one line and exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-cc-bad-'));
    writeFileSync(path.join(dir, 'openclaw.json'), '{ gateway: { auth: { token: "abc" }\n');
    const result = await runCli(['check-config', 'openclaw.json'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^clawprint: not valid JSON5: .*; its settings were not checked \(openclaw\.json:2\)$/m);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
  });

  it('a missing path is exit 2', async () => {
    const result = await runCli(['check-config', 'no/such/dir']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no such file or directory/);
  });

  it('refuses a malformed --environment and --max-rotation-age', async () => {
    assert.equal((await runCli(['check-config', '.', '--environment', 'prod'])).code, 2);
    assert.equal((await runCli(['check-config', '.', '--max-rotation-age', 'soon'])).code, 2);
  });

  it('--environment GLOB=NAME wins over names inferred from paths', async () => {
    const dir = copyPrivate('reuse');
    const result = await runCli(['check-config', '.', '--format', 'json', '--environment', 'deploy/**=prod'], { cwd: dir });
    assert.deepEqual(project(result.stdout).filter((f) => f.rule === 'token-reused-across-environments'), []);
  });
});
