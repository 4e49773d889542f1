// The no-raw-token guarantee (no-leak.test.ts) for archive entry names: a name is text from an
// input, so a token in it is redacted, and control characters escaped, wherever the name is shown
// (a finding's path, a coverage row, an issue, a stderr line, SARIF, a baseline).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, runCli } from './helpers.js';
import { tgzOf, zipOf } from './sources/archive-fixtures.js';

const TOKEN = readFileSync(fixture('demo', 'leaked-token.txt'), 'utf8').trim();
const NON_HEX = readFileSync(fixture('token', 'non-hex-token.txt'), 'utf8').trim();
const formsOf = (t: string): string[] => [
  t,
  Buffer.from(t).toString('base64').replace(/=+$/, ''),
  Buffer.from(t).toString('base64url'),
  encodeURIComponent(t),
  JSON.stringify(t).slice(1, -1),
];

describe('no raw token from an archive entry name', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-noleak-archives-'));
  const line = `OPENCLAW_GATEWAY_TOKEN=${TOKEN}\n`;
  // A step log named after the token, a folder named after it, an entry skipped by a limit (its
  // name reaches stderr) and a name with an escape sequence; once in a zip, once in a .tar.gz.
  const entries: Array<[string, Buffer | string]> = [
    [`deploy-${TOKEN}.txt`, line],
    [`${TOKEN}/2_Run deploy.txt`, `2025-02-21T14:03:11.2012345Z curl -H "Authorization: Bearer ${TOKEN}"\n`],
    [`token=${NON_HEX}.log`, line],
    [`bomb-${TOKEN}.bin`, Buffer.alloc(20 << 20)],
    ['\u001b[31mred\u001b[0m.txt', line],
  ];
  writeFileSync(path.join(dir, 'run.zip'), await zipOf(entries));
  writeFileSync(path.join(dir, 'run.tar.gz'), await tgzOf(entries.filter(([name]) => !name.startsWith('bomb'))));

  // The demo token is token-shaped (48 hex), so it is redacted from a name whatever is given; the
  // non-hex one is not, so only a run given it can recognise it (as in log text).
  const tokenFlags: Array<[string, string[], Record<string, string>, string[]]> = [
    ['token-env', ['--token-env', 'LEAKED'], { LEAKED: TOKEN }, formsOf(TOKEN)],
    ['fingerprint only', ['--fingerprint', 'sha256:492af9017f91'], {}, formsOf(TOKEN)],
    ['no token', [], {}, formsOf(TOKEN)],
    ['non-hex token', ['--token-env', 'LEAKED'], { LEAKED: NON_HEX }, [...formsOf(NON_HEX), ...formsOf(TOKEN)]],
  ];
  for (const format of ['table', 'json', 'sarif', 'csv', 'markdown', 'jsonl']) {
    for (const [label, flags, env, forms] of tokenFlags) {
      for (const archive of ['run.zip', 'run.tar.gz']) {
        it(`scan ${archive} ${format}, ${label}`, async () => {
          const r = await runCli(['scan', archive, ...flags, '--format', format, '--verbose', '--no-progress', '--write-baseline', 'baseline.json'], { cwd: dir, env });
          assert.ok(r.code === 0 || r.code === 1, r.stderr);
          const baseline = readFileSync(path.join(dir, 'baseline.json'), 'utf8');
          for (const text of [r.stdout, r.stderr, baseline]) {
            for (const form of forms) assert.ok(!text.includes(form), `a reversible form of a token was printed:\n${text}`);
            assert.ok(!text.includes('\u001b'), 'an escape character from an entry name reached the output');
          }
          // The entries were read: their findings are there, under redacted names.
          if (format === 'json') {
            const report = JSON.parse(r.stdout) as { findings: Array<{ location: { path: string } }> };
            assert.ok(report.findings.length >= 4, r.stdout);
            assert.ok(report.findings.some((f) => f.location.path.includes('[clawprint sha256:492af9017f91]')), r.stdout);
          }
        });
      }
    }
  }

  it('audit keeps entry names redacted too', async () => {
    for (const [, flags, env, forms] of tokenFlags.filter(([label]) => label !== 'no token')) {
      const r = await runCli(['audit', 'run.zip', ...flags, '--format', 'json', '--verbose', '--no-progress', '--fail-on', 'none'], { cwd: dir, env });
      for (const text of [r.stdout, r.stderr]) {
        for (const form of forms) assert.ok(!text.includes(form), `a reversible form of a token was printed:\n${text}`);
      }
    }
  });
});
