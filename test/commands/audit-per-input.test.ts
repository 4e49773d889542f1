// `--tz PATH=ZONE` and `--input-format PATH=ID`: one audit over sources logged in different zones
// or formats (a proxy in local time, the gateway in UTC) keeps one aggregation over all of them.
// The same journal excerpt (fixtures/commands/audit-formats/syslog-new-year) is copied under two
// directories; only the rules tell them apart.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture, runCli } from '../helpers.js';

const SAMPLE = fixture('commands', 'audit-formats', 'syslog-new-year', 'journal-short.txt');
const TOKEN = ['--token-file', fixture('commands', 'audit-formats', 'token.txt')];
const WINDOW = ['--since', '2025-12-31T12:00:00Z', '--until', '2026-01-01T08:00:00Z', '--year', '2025'];

const dir = mkdtempSync(path.join(tmpdir(), 'clawprint-per-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
for (const sub of ['proxy-eu', 'gateway']) {
  mkdirSync(path.join(dir, 'logs', sub), { recursive: true });
  copyFileSync(SAMPLE, path.join(dir, 'logs', sub, 'journal.txt'));
}

async function audit(...extra: string[]): Promise<{ code: number; stderr: string; inputs: any[]; uses: string[] }> {
  const r = await runCli(['audit', 'logs', ...TOKEN, ...WINDOW, '--format', 'json', '--no-progress', '--fail-on', 'none', ...extra], { cwd: dir });
  const json = r.stdout === '' ? { inputs: [], findings: [] } : JSON.parse(r.stdout);
  const uses = json.findings.filter((f: any) => f.rule === 'token-use').map((f: any) => `${f.location.path} ${f.time}`);
  return { code: r.code, stderr: r.stderr, inputs: json.inputs, uses };
}

describe('per-input --tz and --input-format', () => {
  it('without rules, both copies read in UTC', async () => {
    const r = await audit();
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.uses, ['logs/gateway/journal.txt 2026-01-01T00:00:03.000Z', 'logs/proxy-eu/journal.txt 2026-01-01T00:00:03.000Z']);
  });

  it('--tz DIR=ZONE reads the inputs under DIR in that zone, the others in the default', async () => {
    const r = await audit('--tz', 'logs/proxy-eu/=Europe/Berlin');
    assert.equal(r.code, 0, r.stderr);
    // Berlin is UTC+1 on New Year's Eve: 00:00:03 local is 23:00:03 UTC the day before.
    assert.deepEqual(r.uses, ['logs/proxy-eu/journal.txt 2025-12-31T23:00:03.000Z', 'logs/gateway/journal.txt 2026-01-01T00:00:03.000Z']);
    assert.deepEqual(r.inputs.map((i) => `${i.path} ${i.first}`), ['logs/gateway/journal.txt 2025-12-31T23:59:58.000Z', 'logs/proxy-eu/journal.txt 2025-12-31T22:59:58.000Z']);
  });

  it('a glob rule, a file rule, and the last matching rule wins; a plain --tz is the default for the rest', async () => {
    const r = await audit('--tz', 'America/New_York', '--tz', 'logs/*/journal.txt=Asia/Tokyo', '--tz', 'logs/gateway/journal.txt=UTC');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.uses, ['logs/proxy-eu/journal.txt 2025-12-31T15:00:03.000Z', 'logs/gateway/journal.txt 2026-01-01T00:00:03.000Z']);
  });

  it('--input-format DIR=ID forces a format on those inputs only', async () => {
    const r = await audit('--input-format', 'logs/proxy-eu=plain');
    assert.deepEqual(r.inputs.map((i) => `${i.path} ${i.envelope}/${i.format}`), ['logs/gateway/journal.txt none/openclaw-console', 'logs/proxy-eu/journal.txt none/plain']);
    assert.deepEqual(r.uses, ['logs/gateway/journal.txt 2026-01-01T00:00:03.000Z']);
  });

  it('a rule that matches no input is said, not silently ignored', async () => {
    const r = await audit('--tz', 'logs/proxy-us/=America/Chicago');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /clawprint: --tz "?logs\/proxy-us\/"?=… matches no input/);
  });

  it('a bad zone or format in a rule is one line and exit 2', async () => {
    const zone = await runCli(['audit', 'logs', ...TOKEN, '--tz', 'logs/gateway/=Mars/Olympus_Mons'], { cwd: dir });
    assert.equal(zone.code, 2);
    assert.equal(zone.stderr.trim().split('\n').length, 1);
    assert.match(zone.stderr, /--tz is not an IANA time zone/);
    const format = await runCli(['audit', 'logs', ...TOKEN, '--input-format', 'logs/gateway/=nginx-ish'], { cwd: dir });
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--input-format does not know/);
  });
});
