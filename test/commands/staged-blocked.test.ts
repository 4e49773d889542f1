// When `scan --staged` blocks a commit, stderr says how to go on (README "Pre-commit").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function repoWith(name: string, content: string): string {
  const repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-blocked-')));
  for (const args of [['init', '-q'], ['add', name]]) {
    if (args[0] === 'add') writeFileSync(path.join(repo, name), content);
    const r = spawnSync('git', args, { cwd: repo, env: { PATH: process.env['PATH'] ?? '', ...ENV }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  return repo;
}

describe('scan --staged, commit blocked', () => {
  it('says how to go on: an env reference, clawprint:allow, a baseline, and rotation', async () => {
    const repo = repoWith('.env', readFileSync(fixture('commands', 'staged', 'secret.env'), 'utf8'));
    const r = await runCli(['scan', '--staged', '--no-progress'], { cwd: repo, env: ENV });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stderr.split('\n'), [
      'clawprint: commit blocked: the lines this commit adds hold a secret (see the report). To go on:',
      '  - remove the value and read it from the environment: OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}, or a secret manager reference;',
      '  - a false positive: add the comment clawprint:allow on that line;',
      '  - findings you accept: record them in a baseline (clawprint scan --write-baseline FILE) and scan with --baseline FILE;',
      '  - a token that was ever committed or pushed anywhere is exposed: rotate it, then audit its use (clawprint audit).',
      '',
    ]);
  });

  it('says nothing of the kind when the commit passes, or outside --staged', async () => {
    const repo = repoWith('.env', 'OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}\n');
    const passed = await runCli(['scan', '--staged', '--no-progress'], { cwd: repo, env: ENV });
    assert.equal(passed.code, 0, passed.stderr);
    assert.equal(passed.stderr, '');
    const plain = await runCli(['scan', fixture('commands', 'staged', 'secret.env'), '--no-progress']);
    assert.equal(plain.code, 1);
    assert.doesNotMatch(plain.stderr, /commit blocked/);
  });
});
