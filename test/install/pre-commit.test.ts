// The pre-commit framework route (README "Pre-commit"), with the real `pre-commit` (Debian package
// `pre-commit`; .ci/run installs it): the README's .pre-commit-config.yaml, pointed at a snapshot of
// this working tree and its commit, installs the `language: node` hook from git (npm install, the
// prepare build, npm pack, npm install -g), then blocks a staged token and passes a clean commit.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { have, newProject, ok, readmeSnippet, repoSnapshot, run, SCRATCH, SECRET_LINE, stage } from './routes.js';

const skip = have('pre-commit') ? false : 'pre-commit is not installed here (apt-get install pre-commit; .ci/run installs it)';

describe('pre-commit framework', { skip }, () => {
  it('installs the hook from a repository path and commit, blocks a staged token, passes a clean commit', () => {
    const { dir, commit } = repoSnapshot();
    const snippet = readmeSnippet('pre-commit-config');
    const config = snippet.replace(/^(\s*- repo: ).*$/m, `$1${dir}`).replace(/^(\s*rev: ).*$/m, `$1${commit}`);
    assert.notEqual(config, snippet, 'the README snippet has no repo:/rev: lines to point at the snapshot');
    assert.match(snippet, /^repos:\n/, 'a .pre-commit-config.yaml starts with the top-level repos: key');

    const project = newProject('pre-commit');
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), config);
    ok('git', ['add', '.pre-commit-config.yaml'], project);
    // Its own cache, so the hook is really installed; npm uses the cache `npm ci` filled.
    const env = { PRE_COMMIT_HOME: path.join(SCRATCH, 'pre-commit-home'), npm_config_prefer_offline: 'true' };
    ok('pre-commit', ['install'], project, env);

    stage(project, '.env', `${SECRET_LINE}\n`);
    const blocked = run('git', ['commit', '-m', 'add env'], project, env);
    assert.equal(blocked.code, 1, `${blocked.stdout}\n${blocked.stderr}`);
    const said = blocked.stdout + blocked.stderr;
    assert.match(said, /clawprint \(OpenClaw gateway tokens\)\.+Failed/);
    assert.match(said, /gateway-token-literal/);
    assert.match(said, /\.env:1:24/);
    assert.match(said, /commit blocked/);
    assert.equal(run('git', ['rev-parse', '--verify', '-q', 'HEAD'], project).code, 1, 'the commit was made');

    stage(project, '.env', 'OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}\n');
    const clean = run('git', ['commit', '-m', 'env reference'], project, env);
    assert.equal(clean.code, 0, `${clean.stdout}\n${clean.stderr}`);
    assert.match(clean.stdout + clean.stderr, /clawprint \(OpenClaw gateway tokens\)\.+Passed/);
  });
});
