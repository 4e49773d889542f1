// The package a user installs (README "Install"): `npm pack`, then `npm i -g` into a scratch
// prefix. It ships the built CLI, runs no build and no install script, prints no npm warning,
// and works: the global command and the plain git hooks of the README, for a global install
// and for a project with clawprint as a dev dependency.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fixture, ROOT } from '../helpers.js';
import { newProject, NPM_QUIET, ok, packSnapshot, readmeSnippet, run, SCRATCH, SECRET_LINE, stage, writeHook } from './routes.js';

const PREFIX = path.join(SCRATCH, 'global');
const GLOBAL_BIN = path.join(PREFIX, 'bin');
const withGlobal = { PATH: `${GLOBAL_BIN}:${process.env['PATH'] ?? ''}` };

function assertNoNpmNoise(label: string, r: { stdout: string; stderr: string }): void {
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    assert.ok(!/^npm (warn|WARN|ERR)/.test(line), `${label} printed: ${line}`);
    // A lifecycle script's banner ("> clawprint@0.1.0 prepare").
    assert.ok(!/^> clawprint@/.test(line), `${label} ran a lifecycle script: ${line}`);
  }
}

describe('the installed package', () => {
  let tarball = '';
  before(() => {
    const p = packSnapshot();
    tarball = p.tarball;
    // pre-commit reads the tarball's name from npm pack's stdout: nothing else may be there.
    assert.equal(p.packStdout, `${path.basename(tarball)}\n`);
  });

  it('holds the built CLI and nothing it does not need', () => {
    const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listed, ['package/README.md', 'package/bin/clawprint.js', 'package/bin/load-bundle.js', 'package/bin/package.json', 'package/dist/src/cli.bundle.cjs', 'package/dist/src/staged-diff.cjs', 'package/package.json']);
  });

  it('has no script npm would run when it is installed', () => {
    const pkg = JSON.parse(execFileSync('tar', ['xzfO', tarball, 'package/package.json'], { encoding: 'utf8' })) as { scripts: Record<string, string> };
    for (const event of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(pkg.scripts[event], undefined, `the packed package.json has a ${event} script`);
  });

  it('npm i -g installs it without a build or a warning, and the command runs', () => {
    const r = ok('npm', ['install', '-g', '--prefix', PREFIX, ...NPM_QUIET, tarball], SCRATCH);
    assertNoNpmNoise('npm i -g', r);
    assert.equal(ok('clawprint', ['--version'], SCRATCH, withGlobal).stdout.trim(), '0.1.0');
    // A whole run: the audit of the demo incident, as the installed bundle sees it.
    const args = ['audit', fixture('demo', 'logs'), '--token-file', fixture('demo', 'leaked-token.txt'), '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--known-agents', fixture('demo', 'agents.txt'), '--format', 'json', '--no-progress'];
    const audit = run('clawprint', args, SCRATCH, withGlobal);
    assert.equal(audit.code, 1, audit.stderr);
    // The same findings as the checkout's own bin gives (the demo's 13 today: 5 critical, 3 high, 5 medium).
    const rules = (stdout: string): string[] => (JSON.parse(stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id);
    const local = run(process.execPath, [path.join(ROOT, 'bin', 'clawprint.js'), ...args], SCRATCH);
    assert.deepEqual(rules(audit.stdout), rules(local.stdout));
    assert.equal(rules(audit.stdout).length, 13);
  });

  it('the README git hook for a global install blocks a staged token and passes a clean commit', () => {
    const project = newProject('hook-global');
    writeHook(project, readmeSnippet('git-hook-global'));
    stage(project, '.env', `${SECRET_LINE}\n`);
    const blocked = run('git', ['commit', '-m', 'add env'], project, withGlobal);
    assert.equal(blocked.code, 1, blocked.stdout + blocked.stderr);
    // git sends a hook's stdout to its stderr.
    assert.match(blocked.stderr, /gateway-token-literal/);
    assert.match(blocked.stderr, /\.env:1:24/);
    assert.match(blocked.stderr, /commit blocked/);
    assert.equal(run('git', ['rev-parse', '--verify', '-q', 'HEAD'], project).code, 1, 'the commit was made');

    stage(project, '.env', 'OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}\n');
    const clean = run('git', ['commit', '-m', 'env reference'], project, withGlobal);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it('the README hook for a global install says how to install clawprint when it is missing', () => {
    const project = newProject('hook-global-missing');
    writeHook(project, readmeSnippet('git-hook-global'));
    stage(project, 'notes.txt', 'nothing secret\n');
    const r = run('git', ['commit', '-m', 'notes'], project, { PATH: '/usr/bin:/bin' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /clawprint is not installed/);
  });

  it('the README git hook for a dev dependency runs the project copy, offline', () => {
    const project = newProject('hook-dev-dependency');
    ok('npm', ['init', '-y'], project);
    // The registry must not be asked for clawprint: it is installed from the tarball, and the hook
    // runs with the npm registry unreachable.
    const i = ok('npm', ['install', '--save-dev', ...NPM_QUIET, tarball], project);
    assertNoNpmNoise('npm i -D', i);
    writeHook(project, readmeSnippet('git-hook-dev-dependency'));
    const offline = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', PATH: '/usr/bin:/bin:' + path.dirname(process.execPath) };
    stage(project, 'deploy.sh', `export ${SECRET_LINE}\n`);
    const blocked = run('git', ['commit', '-m', 'deploy'], project, offline);
    assert.equal(blocked.code, 1, blocked.stdout + blocked.stderr);
    assert.match(blocked.stderr, /deploy\.sh:1:/);
    stage(project, 'deploy.sh', 'export OPENCLAW_GATEWAY_TOKEN="$(cat /run/secrets/gateway-token)"\n');
    const clean = run('git', ['commit', '-m', 'deploy'], project, offline);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });
});
