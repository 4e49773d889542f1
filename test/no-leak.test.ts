// The raw token must never reach stdout, stderr or a written file, in any form a reader could
// reverse (raw, base64, base64url, percent-encoded, JSON-escaped) — whatever the command or format.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli } from './helpers.js';

const TOKEN = readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim();
const FORMS = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64').replace(/=+$/, ''),
  Buffer.from(TOKEN).toString('base64url'),
  encodeURIComponent(TOKEN),
  JSON.stringify(TOKEN).slice(1, -1),
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function assertClean(label: string, ...texts: string[]): void {
  for (const text of texts) {
    for (const form of FORMS) assert.ok(!text.includes(form), `${label}: a reversible form of the token was printed`);
  }
}

const env = { LEAKED: TOKEN };
const demoLogs = fixture('demo', 'logs');
// A file that carries the token in every form, to scan and to mask.
const leakyFile = fixture('no-leak', 'every-form.log');

const runs: Array<{ label: string; args: string[]; stdin?: string }> = [];
for (const format of ['table', 'json', 'jsonl', 'markdown', 'csv', 'sarif']) {
  runs.push({ label: `audit ${format} (token-env)`, args: ['audit', demoLogs, '--token-env', 'LEAKED', '--since', '2025-02-21T14:00Z', '--until', '2025-02-21T18:30Z', '--format', format, '--verbose'] });
  runs.push({ label: `scan ${format}`, args: ['scan', leakyFile, demoLogs, '--token-env', 'LEAKED', '--format', format, '--verbose'] });
}
runs.push({ label: 'audit token-stdin', args: ['audit', demoLogs, '--token-stdin', '--format', 'json'], stdin: `${TOKEN}\n` });
runs.push({ label: 'audit token-file', args: ['audit', demoLogs, '--token-file', fixture('demo', 'leaked-token.txt')] });
runs.push({ label: 'mask', args: ['mask', '--token-env', 'LEAKED'], stdin: readFileSync(leakyFile, 'utf8') });
runs.push({ label: 'fingerprint text', args: ['fingerprint', '--token-env', 'LEAKED'] });
runs.push({ label: 'fingerprint json stdin', args: ['fingerprint', '--format', 'json'], stdin: `${TOKEN}\n` });
runs.push({ label: 'audit bad flag', args: ['audit', demoLogs, '--token-env', 'LEAKED', '--since', 'soon'] });

// A token with /, +, &, < and >: its percent-encoded, base64, base64url and JSON-escaped forms
// (PHP's \/, Go's and Docker's \u0026) all differ from the raw token and from each other, where a
// hex token's collapse into one.
const NON_HEX = readFileSync(fixture('token', 'non-hex-token.txt'), 'utf8').trim();
const NON_HEX_FORMS = [
  ...Object.values(JSON.parse(readFileSync(fixture('token', 'non-hex-forms.json'), 'utf8')) as Record<string, string>),
  Buffer.from(NON_HEX).toString('base64').replace(/=+$/, ''),
  JSON.stringify(NON_HEX).slice(1, -1),
];
const nonHexFile = fixture('no-leak', 'every-form-non-hex.log');
const nonHexRuns: Array<{ label: string; args: string[]; stdin?: string }> = [
  ...['table', 'json', 'sarif', 'csv'].map((format) => ({ label: `scan ${format}, non-hex token`, args: ['scan', nonHexFile, '--token-env', 'LEAKED', '--format', format, '--verbose', '--no-progress'] })),
  { label: 'mask, non-hex token', args: ['mask', '--token-env', 'LEAKED'], stdin: readFileSync(nonHexFile, 'utf8') },
  { label: 'fingerprint, non-hex token', args: ['fingerprint', '--token-env', 'LEAKED', '--format', 'json'] },
];

describe('no raw non-hex token in any output', () => {
  for (const run of nonHexRuns) {
    it(run.label, async () => {
      const r = await runCli(run.args, { env: { LEAKED: NON_HEX }, ...(run.stdin !== undefined ? { stdin: run.stdin } : {}) });
      assert.ok(r.code >= 0 && r.code <= 2, `${run.label}: exit ${r.code}: ${r.stderr}`);
      for (const text of [r.stdout, r.stderr]) {
        for (const form of NON_HEX_FORMS) assert.ok(!text.includes(form), `${run.label}: a reversible form of the token was printed`);
      }
      if (run.args[0] === 'mask') assert.equal(r.stdout.split('[clawprint sha256:').length - 1, 8, 'mask missed a form');
      if (run.args[0] === 'scan' && run.args.includes('json')) {
        const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; location: { line: number } }> };
        assert.deepEqual(report.findings.filter((f) => f.rule === 'exposed-token').map((f) => f.location.line), [2, 3, 4, 5, 6, 7, 8, 9]);
      }
    });
  }
});

describe('no raw token in any output', () => {
  for (const run of runs) {
    it(run.label, async () => {
      const out = mkdtempSync(path.join(tmpdir(), 'clawprint-noleak-'));
      const args = run.args[0] === 'audit' || run.args[0] === 'scan' ? [...run.args, '--output', path.join(out, 'report.out'), '--no-progress'] : run.args;
      const r = await runCli(args, { env, ...(run.stdin !== undefined ? { stdin: run.stdin } : {}) });
      assert.ok(r.code >= 0 && r.code <= 2, `${run.label}: exit ${r.code}: ${r.stderr}`);
      assert.ok(!/\n\s+at /.test(r.stderr), `${run.label}: stack trace on stderr: ${r.stderr}`);
      const written = filesUnder(out).map((f) => readFileSync(f, 'utf8'));
      if (run.args[0] === 'audit' && !run.label.includes('bad flag')) assert.equal(written.length, 1, `${run.label}: no report written`);
      assertClean(run.label, r.stdout, r.stderr, ...written);
      if (run.label === 'mask') assert.ok(r.stdout.includes('[clawprint sha256:'), 'mask replaced nothing');
    });
  }

  it('refuses a token pasted as a positional argument, without echoing it', async () => {
    for (const command of ['audit', 'scan']) {
      const r = await runCli([command, TOKEN, '--fingerprint', 'sha256:492af9017f91']);
      assert.equal(r.code, 2, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /^clawprint: an argument looks like a raw token/);
      assertClean(command, r.stdout, r.stderr);
    }
  });

  it('refuses a raw 48-hex token given as --fingerprint, without echoing it', async () => {
    const r = await runCli(['audit', demoLogs, '--fingerprint', TOKEN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /shape of a raw gateway token/);
    assertClean('fingerprint flag', r.stdout, r.stderr);
  });

  it('has no --token option that would take the raw value', async () => {
    const r = await runCli(['audit', demoLogs, '--token', TOKEN]);
    assert.equal(r.code, 2);
    assertClean('--token', r.stdout, r.stderr);
  });
});
